package brightstar.features;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brightstar.BrightstarException;
import brightstar.Progress;
import brightstar.config.BrightstarConfig;
import brightstar.customer360.SilverFacts;
import brightstar.io.TableCatalog;
import brightstar.io.TableWriter;
import brightstar.io.Tables;
import brightstar.testing.Declared;
import brightstar.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job on the fixture customers written as silver tables. */
class FeaturesJobTest {
  private static final LocalDate AS_OF = LocalDate.parse("2025-04-30");
  private final SparkSession spark = SharedSpark.get();

  private static Progress quiet() {
    return new Progress("test", new PrintStream(new ByteArrayOutputStream()));
  }

  private TableCatalog silver(Path warehouse) {
    TableCatalog catalog = new TableCatalog(spark, warehouse.toString());
    TableWriter writer = new TableWriter(catalog);
    SilverFacts f = FeatureFixtures.facts();
    Declared.writeSilver(writer, f);
    return catalog;
  }

  @Test
  void writesOnePartitionPerMonthEndAndARerunReplacesThem(@TempDir Path dir) {
    TableCatalog catalog = silver(dir);
    BrightstarConfig config = SharedSpark.config(dir)
        .with("brightstar.features.start", "2025-03-15")
        .with("brightstar.features.every-months", 1);

    LocalDate march = LocalDate.parse("2025-03-31");
    FeaturesJob.Result first = FeaturesJob.run(spark, config, LocalDate.parse("2025-04-29"),
        quiet());
    assertEquals(List.of(march), first.snapshots());
    assertEquals(13, first.rows());
    // A later build rewrites March's partition (its rows, not more of them) and adds April's.
    FeaturesJob.Result again = FeaturesJob.run(spark, config, AS_OF, quiet());
    assertEquals(List.of(march, AS_OF), again.snapshots());
    assertEquals(26, again.rows());

    Dataset<Row> stored = catalog.read(FeaturesJob.CUSTOMER_FEATURES);
    assertEquals(26, stored.count());
    assertEquals(13, stored.where(col("snapshot_date").equalTo(AS_OF.toString())).count());
    assertEquals(Tables.CUSTOMER_FEATURES.columnNames(), List.of(stored.columns()));
    assertEquals(Tables.CUSTOMER_FEATURES.column("dissatisfied").orElseThrow().comment(),
        stored.schema().apply("dissatisfied").getComment().get());
    assertEquals(AS_OF.toString(), stored.where(col("snapshot_date").equalTo(march.toString()))
        .select("labels_as_of").distinct().first().get(0).toString());
    Row detail = spark.sql("DESCRIBE DETAIL delta.`"
        + catalog.path(FeaturesJob.CUSTOMER_FEATURES) + "`").first();
    assertEquals(List.of("snapshot_date"), detail.getList(detail.fieldIndex("partitionColumns")));
    // The labels of both snapshots wait for windows that end after 2025-04-30.
    assertEquals(0, stored.where(col("high_value").isNotNull()
        .or(col("dissatisfied").isNotNull())).count());
  }

  @Test
  void everyNthMonthEndIsWrittenInOneCommitWhateverThePasses(@TempDir Path dir) {
    TableCatalog catalog = silver(dir);
    // Two snapshots in two passes of one: still one commit, and the rows of both.
    BrightstarConfig config = SharedSpark.config(dir)
        .with("brightstar.features.start", "2025-02-15")
        .with("brightstar.features.every-months", 2)
        .with("brightstar.features.snapshots-per-pass", 1);
    FeaturesJob.Result result = FeaturesJob.run(spark, config, AS_OF, quiet());
    List<LocalDate> expected = List.of(LocalDate.parse("2025-02-28"), AS_OF);
    assertEquals(expected, result.snapshots());
    assertEquals(26, result.rows());
    String path = catalog.path(FeaturesJob.CUSTOMER_FEATURES);
    assertEquals(1, spark.sql("DESCRIBE HISTORY delta.`" + path + "`").count());
    // A rerun replaces both snapshots in one more commit, with the same rows.
    FeaturesJob.run(spark, config, AS_OF, quiet());
    assertEquals(2, spark.sql("DESCRIBE HISTORY delta.`" + path + "`").count());
    Dataset<Row> stored = catalog.read(FeaturesJob.CUSTOMER_FEATURES);
    assertEquals(26, stored.count());
    assertEquals(List.of("2025-02-28", "2025-04-30"), stored.select("snapshot_date").distinct()
        .orderBy("snapshot_date").collectAsList().stream().map(r -> r.get(0).toString())
        .toList());
  }

  @Test
  void anAsOfDateBeforeTheFirstMonthEndSaysSo(@TempDir Path dir) {
    BrightstarConfig config = SharedSpark.config(dir)
        .with("brightstar.features.start", "2025-03-15")
        .with("brightstar.features.every-months", 1);
    BrightstarException e = assertThrows(BrightstarException.class,
        () -> FeaturesJob.run(spark, config, LocalDate.parse("2025-03-20"), quiet()));
    assertTrue(e.getMessage().contains("no snapshot to build for gold.customer_features as of"
        + " 2025-03-20"), e.getMessage());
    assertTrue(e.getMessage().contains("brightstar.features.start = 2025-03-15"),
        e.getMessage());
  }
}
