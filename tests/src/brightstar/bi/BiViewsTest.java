package brightstar.bi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brightstar.BrightstarException;
import brightstar.io.TableCatalog;
import brightstar.io.TableId;
import brightstar.testing.Declared;
import brightstar.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BiViewsTest {
  @TempDir Path warehouse;

  @AfterEach
  void dropTheViews() {
    for (BiViews.View view : BiViews.all()) {
      SharedSpark.get().sql("DROP VIEW IF EXISTS gold." + view.name());
    }
  }

  @Test
  void everyListedViewIsReadFromItsFileWithTheGoldTablesItNeeds() {
    List<BiViews.View> views = BiViews.all();

    assertEquals(
        List.of(
            "v_customer_overview", "v_tier_summary", "v_pareto", "v_model_runs",
            "v_customer_scores", "v_behaviour_insights", "v_interventions",
            "v_prospect_scores"),
        views.stream().map(BiViews.View::name).toList());
    assertEquals(List.of(TableId.gold("behaviour_insights")), views.get(5).reads());
    assertEquals(List.of(TableId.gold("interventions")), views.get(6).reads());
    assertEquals(List.of(TableId.gold("prospect_scores")), views.get(7).reads());
    assertEquals(
        List.of(TableId.gold("customer_360"), TableId.gold("clv")), views.get(0).reads());
    assertEquals(List.of(TableId.gold("clv_by_tier")), views.get(1).reads());
    for (BiViews.View view : views) {
      String sql = view.sql().toLowerCase(Locale.ROOT);
      // Columns by name only: a personal-data column added upstream must not flow through.
      assertFalse(sql.matches("(?s).*select\\s+(\\w+\\.)?\\*.*"), view.name() + " selects *");
    }
  }

  @Test
  void aViewWhoseTablesAreNotBuiltIsSkippedAndTheOthersAreCreated() {
    SparkSession spark = SharedSpark.get();
    TableCatalog catalog = new TableCatalog(spark, warehouse.toString());
    TableId runs = TableId.gold("model_runs");
    Declared.padded(brightstar.io.Tables.MODEL_RUNS, spark.sql(
            "select 'high_value' as model, '20241231' as version, date'2024-12-31' as trained_at,"
                + " 'logistic_regression' as algorithm, date'2023-12-31' as test_snapshot,"
                + " 65L as test_rows, 0.93d as roc_auc, 0.81d as baseline_roc_auc,"
                + " '/m/1' as model_path"))
        .write()
        .format("delta")
        .save(catalog.path(runs));
    catalog.register(runs);
    List<String> messages = new ArrayList<>();

    BiViews.Outcome outcome = BiViews.create(spark, catalog, messages::add);

    assertEquals(List.of("v_model_runs"), outcome.created());
    assertEquals(
        List.of("v_customer_overview", "v_tier_summary", "v_pareto", "v_customer_scores",
            "v_behaviour_insights", "v_interventions", "v_prospect_scores"),
        outcome.skipped());
    assertTrue(
        messages.contains(
            "gold.v_customer_overview skipped: gold.customer_360, gold.clv not built yet"),
        messages.toString());
    Row row = spark.sql("select * from gold.v_model_runs").first();
    assertEquals(
        List.of("model", "version", "trained_at", "algorithm", "test_snapshot", "test_rows",
            "roc_auc", "baseline_roc_auc", "pr_auc", "top_decile_lift", "calibration_error"),
        Arrays.asList(row.schema().fieldNames()));
    assertEquals(0.93, row.getDouble(6));
    assertEquals(0.81, row.getDouble(7));
    assertEquals(
        "Area under the ROC curve on the held-out customers (0.5 = chance, 1 = perfect)",
        row.schema().apply("roc_auc").getComment().get());
  }

  @Test
  void everyViewCompilesOverItsTablesAsDeclared() {
    // Empty tables of the declared schemas: a view Spark rejects (an unaliased expression, a
    // renamed column) fails here, not on a BI user's first connection.
    SparkSession spark = SharedSpark.get();
    TableCatalog catalog = new TableCatalog(spark, warehouse.toString());
    Set<TableId> tables = new TreeSet<>(java.util.Comparator.comparing(TableId::qualified));
    BiViews.all().forEach(v -> tables.addAll(v.reads()));
    for (TableId t : tables) {
      brightstar.io.TableSpec spec = brightstar.io.Tables.find(t).orElseThrow(
          () -> new AssertionError(t + " is read by a view but not declared in Tables"));
      spark.createDataFrame(List.of(), spec.schema()).write().format("delta")
          .save(catalog.path(t));
      catalog.register(t);
    }
    List<String> messages = new ArrayList<>();

    BiViews.Outcome outcome = BiViews.create(spark, catalog, messages::add);

    assertEquals(BiViews.all().stream().map(BiViews.View::name).toList(), outcome.created(),
        messages.toString());
    for (BiViews.View view : BiViews.all()) {
      for (var field : spark.table("gold." + view.name()).schema().fields()) {
        assertTrue(field.getComment().isDefined(), view.name() + "." + field.name());
      }
    }
  }

  @Test
  void docsListEveryViewWithItsColumns() throws IOException {
    String tables = Files.readString(Path.of("docs/tables.md"));
    String bi = Files.readString(Path.of("docs/bi.md"));
    Pattern column = Pattern.compile("(?m)^\\s+(\\w+) COMMENT");
    for (BiViews.View view : BiViews.all()) {
      List<String> columns = new ArrayList<>();
      Matcher m = column.matcher(view.sql().substring(0, view.sql().indexOf(") COMMENT")));
      while (m.find()) {
        columns.add(m.group(1));
      }
      String row = "| gold." + view.name() + " | " + String.join(", ", columns) + " |";
      assertTrue(tables.contains(row), "docs/tables.md lacks or has another row: " + row);
      assertTrue(bi.contains("| `gold." + view.name() + "` |"), "docs/bi.md lacks " + view.name());
    }
  }

  @Test
  void aFileThatCreatesAnotherViewThanItsNameIsRejected() {
    BrightstarException e =
        assertThrows(
            BrightstarException.class,
            () -> BiViews.parse("v_pareto", "CREATE OR REPLACE VIEW gold.v_other AS SELECT 1"));
    assertTrue(e.getMessage().startsWith("conf/views/v_pareto.sql does not create gold.v_pareto"));
  }
}
