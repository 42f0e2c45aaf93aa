package brightstar.customer360;

import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brightstar.BrightstarException;
import brightstar.Progress;
import brightstar.config.BrightstarConfig;
import brightstar.io.TableCatalog;
import brightstar.io.TableId;
import brightstar.io.TableWriter;
import brightstar.io.Tables;
import brightstar.testing.Declared;
import brightstar.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job on the fixture customers written as silver tables: history, latest view, report. */
class Customer360JobTest {
  private static final LocalDate D = LocalDate.parse("2024-12-31");
  private static final LocalDate EARLIER = LocalDate.parse("2024-09-30");
  private final SparkSession spark = SharedSpark.get();

  private static Progress quiet() {
    return new Progress("test", new PrintStream(new ByteArrayOutputStream()));
  }

  private TableCatalog silver(Path warehouse) {
    TableCatalog catalog = new TableCatalog(spark, warehouse.toString());
    TableWriter writer = new TableWriter(catalog);
    SilverFacts f = Fixtures.facts();
    Declared.writeSilver(writer, f);
    writer.overwrite(declared(SilverFacts.CLV, f.clv().get().withColumn("as_of_date", lit(D))),
        SilverFacts.CLV);
    return catalog;
  }

  /** A fixture of a declared table with the declared columns it does not care about as null. */
  private static Dataset<Row> declared(TableId id, Dataset<Row> rows) {
    return Tables.find(id).map(spec -> Declared.padded(spec, rows)).orElse(rows);
  }

  private static List<Row> sorted(Dataset<Row> rows) {
    return rows.orderBy(rows.columns()[0], rows.columns()).collectAsList();
  }

  private static List<Row> sortedBy(Dataset<Row> rows, String... keys) {
    return rows.orderBy(keys[0], java.util.Arrays.copyOfRange(keys, 1, keys.length))
        .collectAsList();
  }

  @Test
  void historyKeepsEveryDateAndTheLatestViewNeverGoesBackInTime(@TempDir Path dir) {
    TableCatalog catalog = silver(dir);
    BrightstarConfig config = SharedSpark.config(dir);

    Customer360Job.Result first = Customer360Job.run(spark, config, D, quiet());
    assertEquals(8, first.customers());
    assertTrue(first.latestUpdated());
    List<Row> latest = sortedBy(catalog.read(Customer360Job.CUSTOMER_360), "customer_id");
    List<Row> concentration = sortedBy(catalog.read(Customer360Job.VALUE_CONCENTRATION),
        "as_of_date", "segment_order");

    // An older date goes to the history only.
    Customer360Job.Result older = Customer360Job.run(spark, config, EARLIER, quiet());
    assertFalse(older.latestUpdated());
    assertEquals(D, older.latest());
    assertEquals(List.of(Date.valueOf(D)), catalog.read(Customer360Job.CUSTOMER_360)
        .select("as_of_date").distinct().as(Encoders.DATE()).collectAsList());
    Map<Date, Long> perDate = catalog.read(Customer360Job.HISTORY).groupBy("as_of_date").count()
        .collectAsList().stream().collect(Collectors.toMap(r -> r.getDate(0), r -> r.getLong(1)));
    // NEW (first seen 2024-11-25) was not a customer on 2024-09-30.
    assertEquals(Map.of(Date.valueOf(D), 8L, Date.valueOf(EARLIER), 7L), perDate);
    assertEquals(10, catalog.read(Customer360Job.VALUE_CONCENTRATION).count());
    Row detail = spark.sql("describe detail delta.`" + catalog.path(Customer360Job.HISTORY)
        + "`").first();
    assertEquals(List.of("as_of_date"), detail.getList(detail.fieldIndex("partitionColumns")));

    // Rebuilding the latest date gives identical tables.
    Customer360Job.run(spark, config, D, quiet());
    assertEquals(latest, sortedBy(catalog.read(Customer360Job.CUSTOMER_360), "customer_id"));
    assertEquals(latest, sortedBy(catalog.read(Customer360Job.HISTORY)
        .where("as_of_date = DATE'2024-12-31'"), "customer_id"));
    assertEquals(concentration, sortedBy(catalog.read(Customer360Job.VALUE_CONCENTRATION)
        .where("as_of_date = DATE'2024-12-31'"), "as_of_date", "segment_order"));
    assertEquals(15, catalog.read(Customer360Job.HISTORY).count());

    // Column comments reach the Delta table.
    Row comment = spark.sql("describe table gold.customer_360").where("col_name = 'profit_12m'")
        .first();
    assertTrue(comment.getString(2).contains("negative when the customer loses money"));
  }

  @Test
  void valueConcentrationAnswersWhetherEightyTwentyHolds(@TempDir Path dir) {
    TableCatalog catalog = silver(dir);
    Customer360Job.run(spark, SharedSpark.config(dir), D, quiet());
    List<Row> rows = ConcentrationReport.read(catalog, null);
    assertEquals(List.of("all", "A", "B", "C", "D"),
        rows.stream().map(r -> r.<String>getAs("segment")).toList());
    Row all = rows.get(0);
    double total = 11550;
    assertEquals(8L, all.<Long>getAs("customers"));
    assertEquals(total, all.<Double>getAs("revenue_12m"), 1e-9);
    assertEquals(2L, all.<Long>getAs("top_customers"));
    assertEquals(Math.round(8350 / total * 1e6) / 1e6, all.<Double>getAs("top_revenue_share"),
        1e-9);
    assertEquals(1L, all.<Long>getAs("loss_making_customers"));
    assertEquals(-1220.0, all.<Double>getAs("loss_12m"), 1e-9);
    // Ascending 0, 300, 500, 500, 900, 1000, 3350, 5000: 2 * 78050 / (8 * 11550) - 9 / 8.
    assertEquals(Math.round((2 * 78050 / (8 * total) - 9.0 / 8) * 1e6) / 1e6,
        all.<Double>getAs("gini_revenue"), 1e-9);
    assertEquals("revenue_12m", all.getAs("pareto_value"));
    double tierRevenue = 0;
    for (Row tier : rows.subList(1, 5)) {
      assertEquals(2L, tier.<Long>getAs("customers"));
      assertNull(tier.getAs("gini_revenue"));
      tierRevenue += tier.<Double>getAs("revenue_12m");
    }
    assertEquals(total, tierRevenue, 1e-6);
    Row a = rows.get(1);
    assertEquals(8350.0, a.<Double>getAs("revenue_12m"), 1e-9, "LATE and STAR");
    assertEquals(3000.0, a.<Double>getAs("avg_clv_12m"), 1e-9, "mean of 5000 and 1000");

    List<String> lines = ConcentrationReport.lines(rows);
    assertEquals("Value concentration as of 2024-12-31: 8 customers, revenue (12m) USD 11,550,"
        + " profit (12m) USD " + String.format(java.util.Locale.ROOT, "%,.0f",
            all.<Double>getAs("profit_12m")) + "; customers ranked by revenue_12m.",
        lines.get(0));
    assertEquals("Top 20.0% of customers (2) hold 72.3% of revenue and "
        + String.format(java.util.Locale.ROOT, "%.1f%%",
            100 * all.<Double>getAs("top_profit_share"))
        + " of profit; Gini of revenue 0.56.", lines.get(1));
    assertEquals("1 customers (12.5%) lose money after cost to serve: USD 1,220 in the last 12"
        + " months.", lines.get(2));
    assertEquals(8, lines.size());
    assertTrue(lines.get(4).startsWith("A              2    25.0%"), lines.get(4));
  }

  @Test
  void aMissingSilverFactFailsNamingTheTableAndTheFix(@TempDir Path dir) {
    TableCatalog catalog = new TableCatalog(spark, dir.toString());
    new TableWriter(catalog).overwrite(declared(SilverFacts.CUSTOMERS, Fixtures.customers()),
        SilverFacts.CUSTOMERS);
    new TableWriter(catalog).overwrite(declared(SilverFacts.ORDERS, Fixtures.orders()),
        SilverFacts.ORDERS);
    BrightstarException e = assertThrows(BrightstarException.class,
        () -> Customer360Job.run(spark, SharedSpark.config(dir), D, quiet()));
    assertTrue(e.getMessage().contains("silver.invoices does not exist"), e.getMessage());
    assertTrue(e.getMessage().contains("bin/brightstar unify"), e.getMessage());

    BrightstarException r = assertThrows(BrightstarException.class,
        () -> ConcentrationReport.read(catalog, D));
    assertTrue(r.getMessage().contains("gold.value_concentration does not exist"),
        r.getMessage());
  }

  @Test
  void aSilverTableWithoutAColumnThisStageReadsFailsNamingIt() {
    BrightstarException e = assertThrows(BrightstarException.class,
        () -> SilverFacts.requireColumns(SilverFacts.RETURNS, Fixtures.returns().drop(
            "return_date"), SilverFacts.REQUIRED.get(SilverFacts.RETURNS)));
    assertTrue(e.getMessage().contains("silver.returns lacks the columns [return_date]"),
        e.getMessage());
    assertEquals(new TreeSet<>(List.of("customer_id", "return_date")),
        new TreeSet<>(SilverFacts.REQUIRED.get(SilverFacts.RETURNS)));
  }
}
