package brightstar.lookalike;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brightstar.BrightstarException;
import brightstar.Progress;
import brightstar.config.BrightstarConfig;
import brightstar.customer360.Customer360Job;
import brightstar.io.TableCatalog;
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
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LookalikeJob's reading and writing: which customers, which date's rows, what errors say. */
class LookalikeJobTest {
  private static final LocalDate JUNE = LocalDate.parse("2024-06-30");
  private static final LocalDate DEC = LocalDate.parse("2024-12-31");
  private static final Progress QUIET =
      new Progress("test", new PrintStream(new ByteArrayOutputStream()));

  private static Dataset<Row> table(String ddl, List<Object[]> rows) {
    return SharedSpark.get().createDataFrame(rows.stream().map(RowFactory::create).toList(),
        StructType.fromDDL(ddl));
  }

  /** Two A and two D customers as of a date (padded to gold.customer_360's columns). */
  private static Dataset<Row> customers(LocalDate asOf, String bigTier) {
    return Declared.padded(Tables.CUSTOMER_360, table("customer_id STRING, industry STRING,"
        + " country STRING, employees INT, founded_year INT, tier STRING, as_of_date DATE",
        List.of(
            new Object[] {"A1", "software", "US", 1000, 1990, bigTier, Date.valueOf(asOf)},
            new Object[] {"A2", "software", "GB", 900, 1985, "A", Date.valueOf(asOf)},
            new Object[] {"D1", "retail", "US", 10, 2020, "D", Date.valueOf(asOf)},
            new Object[] {"D2", "retail", "DE", 12, 2021, "D", Date.valueOf(asOf)})));
  }

  private static Dataset<Row> prospects() {
    Date delivered = Date.valueOf(JUNE);
    return table("prospect_id STRING, company_name STRING, domain STRING, industry STRING,"
        + " country STRING, employees INT, founded_year INT, _run_date DATE,"
        + " _source_file STRING, _line INT", List.of(
            new Object[] {"P_BIG", "Big Inc", "big.com", "Software", "USA", 950, 1992, delivered,
                "prospects/companies/2024-06-30/p.csv", 2},
            new Object[] {"P_SMALL", "Small Ltd", "small.co.uk", "Retail", "UK", 11, 2020,
                delivered, "prospects/companies/2024-06-30/p.csv", 3}));
  }

  private static BrightstarConfig config(Path dir) {
    return SharedSpark.config(dir).with("brightstar.lookalike.neighbours", 2)
        .with("brightstar.lookalike.explain", 1);
  }

  private static Map<String, Row> scores(TableCatalog catalog, LocalDate asOf) {
    Map<String, Row> out = new TreeMap<>();
    for (Row r : catalog.read(LookalikeJob.PROSPECT_SCORES)
        .where(col("as_of_date").equalTo(Date.valueOf(asOf))).collectAsList()) {
      out.put(r.getAs("prospect_id"), r);
    }
    return out;
  }

  @Test
  void eachDateComparesWithItsCustomersAndARerunReplacesOnlyThatDate(@TempDir Path dir) {
    SparkSession spark = SharedSpark.get();
    BrightstarConfig config = config(dir);
    TableCatalog catalog = new TableCatalog(spark, config.warehouse());
    TableWriter writer = new TableWriter(catalog);
    // In June A1 was still tier B; the current table holds December only.
    writer.overwrite(customers(JUNE, "B").union(customers(DEC, "A")), Customer360Job.HISTORY);
    writer.overwrite(customers(DEC, "A"), Customer360Job.CUSTOMER_360);
    writer.overwrite(prospects(), LookalikeJob.PROSPECTS);

    LookalikeJob.Result june = LookalikeJob.run(spark, config, JUNE, QUIET);
    LookalikeJob.Result dec = LookalikeJob.run(spark, config, DEC, QUIET);
    assertEquals(2, june.prospects());
    assertEquals(1, dec.flagged());
    assertEquals("P_BIG", dec.top().get(0).getAs("prospect_id"));
    assertEquals(2, dec.top().size());

    assertEquals("A2", scores(catalog, JUNE).get("P_BIG").<String>getAs("nearest_a_customers")
        .split(":")[0]);
    assertEquals(0.5, scores(catalog, JUNE).get("P_BIG").<Double>getAs("p_tier_a"));
    assertEquals("A1", scores(catalog, DEC).get("P_BIG").<String>getAs("nearest_a_customers")
        .split(":")[0]);
    assertEquals(1.0, scores(catalog, DEC).get("P_BIG").<Double>getAs("p_tier_a"));
    assertTrue(scores(catalog, DEC).get("P_SMALL").<Boolean>getAs("resembles_tier_d"));

    LookalikeJob.run(spark, config, JUNE, QUIET);
    assertEquals(4, catalog.read(LookalikeJob.PROSPECT_SCORES).count());
    assertEquals(1.0, scores(catalog, DEC).get("P_BIG").<Double>getAs("p_tier_a"));
  }

  @Test
  void aDateOnlyInTheCurrentTableIsReadFromIt(@TempDir Path dir) {
    SparkSession spark = SharedSpark.get();
    BrightstarConfig config = config(dir);
    TableCatalog catalog = new TableCatalog(spark, config.warehouse());
    TableWriter writer = new TableWriter(catalog);
    writer.overwrite(customers(DEC, "A"), Customer360Job.CUSTOMER_360);
    writer.overwrite(prospects(), LookalikeJob.PROSPECTS);
    assertEquals(2, LookalikeJob.run(spark, config, DEC, QUIET).prospects());
  }

  @Test
  void missingInputsSayWhichCommandToRun(@TempDir Path dir) {
    SparkSession spark = SharedSpark.get();
    BrightstarConfig config = config(dir);
    TableWriter writer = new TableWriter(new TableCatalog(spark, config.warehouse()));
    BrightstarException e = assertThrows(BrightstarException.class,
        () -> LookalikeJob.run(spark, config, DEC, QUIET));
    assertTrue(e.getMessage().contains("gold.customer_360 was not built as of 2024-12-31"),
        e.getMessage());
    assertTrue(e.getMessage().contains("run bin/brightstar customer360 --as-of 2024-12-31"),
        e.getMessage());

    writer.overwrite(customers(DEC, "A"), Customer360Job.HISTORY);
    e = assertThrows(BrightstarException.class, () -> LookalikeJob.run(spark, config, DEC, QUIET));
    assertTrue(e.getMessage().contains("table bronze.prospects_companies does not exist"),
        e.getMessage());

    writer.overwrite(prospects(), LookalikeJob.PROSPECTS);
    e = assertThrows(BrightstarException.class,
        () -> LookalikeJob.run(spark, config, LocalDate.parse("2024-03-31"), QUIET));
    assertTrue(e.getMessage().contains("not built as of 2024-03-31"), e.getMessage());

    writer.overwrite(customers(JUNE, "B").where("tier <> 'A'"), Customer360Job.HISTORY);
    e = assertThrows(BrightstarException.class,
        () -> LookalikeJob.run(spark, config, JUNE, QUIET));
    assertTrue(e.getMessage().contains("has no tier-A customer to look like"), e.getMessage());
  }

  @Test
  void prospectsDeliveredAfterTheDateAreNotKnownYet(@TempDir Path dir) {
    SparkSession spark = SharedSpark.get();
    BrightstarConfig config = config(dir);
    TableWriter writer = new TableWriter(new TableCatalog(spark, config.warehouse()));
    LocalDate march = LocalDate.parse("2024-03-31");
    writer.overwrite(customers(march, "A"), Customer360Job.HISTORY);
    writer.overwrite(prospects(), LookalikeJob.PROSPECTS);
    BrightstarException e = assertThrows(BrightstarException.class,
        () -> LookalikeJob.run(spark, config, march, QUIET));
    assertTrue(e.getMessage().contains("no prospect to score as of 2024-03-31"),
        e.getMessage());
  }
}
