package brightstar.clv;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brightstar.Progress;
import brightstar.config.BrightstarConfig;
import brightstar.io.TableCatalog;
import brightstar.io.TableId;
import brightstar.io.TableWriter;
import brightstar.io.Tables;
import brightstar.testing.Declared;
import brightstar.testing.SharedSpark;
import brightstar.unify.UnifyJob;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLV job end to end on 100 customers drawn from the BG/NBD and Gamma-Gamma processes
 * (two years of orders) plus the awkward rows of a real silver.orders.
 */
class ClvJobTest {
  private static final LocalDate AS_OF = LocalDate.of(2024, 12, 31);
  private static final int CUSTOMERS = 100;

  private final SparkSession spark = SharedSpark.get();
  @TempDir Path warehouse;

  /** silver.orders: the synthetic customers' purchases and three rows the job must handle. */
  private Dataset<Row> orders() {
    double[] truth = {0.243, 4.414, 0.793, 2.426, 6.25, 3.74, 15.44};
    List<Row> rows = new ArrayList<>();
    for (int c = 0; c < CUSTOMERS; c++) {
      int n = 0;
      for (Row t : SyntheticLog.customer(c, 8, truth, 7, 700, (int) AS_OF.toEpochDay())) {
        rows.add(RowFactory.create("O-" + c + "-" + n++, "C-" + c,
            Date.valueOf(LocalDate.ofEpochDay(t.getInt(1))), t.getDouble(2)));
      }
    }
    // An order of no known customer, one after the as-of date, one without a USD value.
    rows.add(RowFactory.create("O-x", null, Date.valueOf(AS_OF), 10.0));
    rows.add(RowFactory.create("O-late", "C-0", Date.valueOf(AS_OF.plusDays(1)), 99.0));
    rows.add(RowFactory.create("O-eur", "C-1", Date.valueOf(AS_OF.minusDays(3)), null));
    StructType schema = new StructType()
        .add("order_id", DataTypes.StringType)
        .add("customer_id", DataTypes.StringType)
        .add("order_date", DataTypes.DateType)
        .add("amount_usd", DataTypes.DoubleType);
    return spark.createDataFrame(rows, schema);
  }

  private Dataset<Row> customers() {
    List<Row> rows = new ArrayList<>();
    for (int c = 0; c < CUSTOMERS; c++) {
      rows.add(RowFactory.create("C-" + c, "Company " + c, "c" + c + ".com", "retail", "DE",
          10, 2000, Date.valueOf(LocalDate.of(2020, 1, 1)), 1));
    }
    StructType schema = new StructType()
        .add("customer_id", DataTypes.StringType)
        .add("company_name", DataTypes.StringType)
        .add("domain", DataTypes.StringType)
        .add("industry", DataTypes.StringType)
        .add("country", DataTypes.StringType)
        .add("employees", DataTypes.IntegerType)
        .add("founded_year", DataTypes.IntegerType)
        .add("first_seen_date", DataTypes.DateType)
        .add("crm_accounts", DataTypes.IntegerType);
    return spark.createDataFrame(rows, schema);
  }

  private List<Row> sorted(TableCatalog catalog, TableId table) {
    List<Row> rows = new ArrayList<>(catalog.read(table).collectAsList());
    rows.sort(Comparator.comparing(Row::toString));
    return rows;
  }

  /** The jobs' progress lines, for assertion messages. */
  private final ByteArrayOutputStream progressLines = new ByteArrayOutputStream();

  private Progress progress() {
    return new Progress("clv", new PrintStream(progressLines, true, StandardCharsets.UTF_8));
  }

  private String lines() {
    return progressLines.toString(StandardCharsets.UTF_8);
  }

  @Test
  void clvTablesAreCompleteConsistentAndIdempotent() {
    BrightstarConfig config = SharedSpark.config(warehouse);
    TableCatalog catalog = new TableCatalog(spark, config.warehouse());
    TableWriter writer = new TableWriter(catalog);
    writer.overwrite(Declared.padded(Tables.ORDERS, orders()), UnifyJob.ORDERS);
    writer.overwrite(customers(), UnifyJob.CUSTOMERS);

    ClvJob.Result result = ClvJob.run(spark, config, AS_OF, progress());
    assertEquals(CUSTOMERS, result.customers());
    assertTrue(result.purchases().converged() && result.spend().converged(), lines());
    assertTrue(result.holdoutValidated(), lines());

    // gold.clv: one row per customer, probabilities and values in range.
    List<Row> clv = catalog.read(ClvJob.CLV).collectAsList();
    assertEquals(CUSTOMERS, clv.size());
    assertEquals(CUSTOMERS, clv.stream().map(r -> r.<String>getAs("customer_id"))
        .collect(Collectors.toSet()).size());
    for (Row r : clv) {
      double alive = r.getAs("p_alive");
      double value = r.getAs("clv_12m");
      assertTrue(alive >= 0 && alive <= 1, "p_alive " + alive);
      assertTrue(value >= 0 && Double.isFinite(value), "clv " + value);
      assertEquals(0.3 * value, r.<Double>getAs("allowable_retention_spend"), 1e-12);
      assertEquals(AS_OF, r.<Date>getAs("as_of_date").toLocalDate());
      assertEquals("bgnbd+gamma-gamma", r.getAs("model"));
      assertEquals("20241231", r.getAs("version"));
    }
    Row c1 = clv.stream().filter(r -> r.getAs("customer_id").equals("C-1")).findFirst()
        .orElseThrow();
    assertTrue(r(c1, "monetary_days") < (int) c1.getAs("frequency"),
        "C-1's order without a USD value counts as a purchase but not in the mean value: "
            + c1);

    // gold.clv_by_tier: the tiers partition the customers by CLV rank, 20/30/30/20.
    List<Row> tiers = catalog.read(ClvJob.CLV_BY_TIER).orderBy("tier_order").collectAsList();
    assertEquals(List.of("A", "B", "C", "D"),
        tiers.stream().map(t -> t.<String>getAs("clv_tier")).toList());
    assertEquals(List.of(20L, 30L, 30L, 20L),
        tiers.stream().map(t -> t.<Long>getAs("customers")).toList());
    double total = clv.stream().mapToDouble(r -> r.<Double>getAs("clv_12m")).sum();
    assertEquals(total, tiers.stream().mapToDouble(t -> t.<Double>getAs("total_clv_12m"))
        .sum(), 1e-9 * total);
    for (int i = 0; i + 1 < tiers.size(); i++) {
      assertTrue(tiers.get(i).<Double>getAs("min_clv_12m")
          >= tiers.get(i + 1).<Double>getAs("max_clv_12m"), "tiers are ordered by CLV");
    }
    Row a = tiers.get(0);
    assertEquals(0.3 * a.<Double>getAs("mean_clv_12m"),
        a.<Double>getAs("allowable_retention_spend_per_customer"), 1e-12);

    // gold.clv_validation: holdout buckets cover the calibration customers exactly once.
    LocalDate calibrationEnd = AS_OF.minusWeeks(26);
    long calibrationCustomers = orders().where("customer_id is not null and order_date <= '"
        + calibrationEnd + "'").select("customer_id").distinct().count();
    Dataset<Row> validation = catalog.read(ClvJob.CLV_VALIDATION);
    List<Row> holdout = validation.where("section = 'holdout'").collectAsList();
    assertEquals(calibrationCustomers,
        holdout.stream().mapToLong(r -> r.<Long>getAs("customers")).sum());
    assertTrue(holdout.stream().allMatch(r -> r.<Double>getAs("predicted_purchases") >= 0));
    assertEquals(new TreeSet<>(List.of("r", "alpha", "a", "b", "p", "q", "gamma",
            "log_likelihood", "customers", "tuples", "evaluations", "penalty", "converged")),
        new TreeSet<>(validation.where("section = 'fit' and scope = 'full'").select("name")
            .as(Encoders.STRING()).collectAsList()));
    assertEquals(4 + 6, validation.where("section = 'fit' and scope = 'calibration'").count());

    // A rerun for the same date gives the same tables, to the bit.
    Map<TableId, List<Row>> before = Map.of(
        ClvJob.CLV, sorted(catalog, ClvJob.CLV),
        ClvJob.CLV_BY_TIER, sorted(catalog, ClvJob.CLV_BY_TIER),
        ClvJob.CLV_VALIDATION, sorted(catalog, ClvJob.CLV_VALIDATION));
    ClvJob.run(spark, config, AS_OF, progress());
    for (Map.Entry<TableId, List<Row>> e : before.entrySet()) {
      assertEquals(e.getValue(), sorted(catalog, e.getKey()), e.getKey() + " after a rerun");
    }

    // Too little history for the holdout: the job writes the fit rows only and says so.
    List<Row> rows = new ArrayList<>();
    ClvSettings settings = ClvSettings.from(config.with("brightstar.clv.holdout-weeks", 104));
    assertFalse(ClvJob.holdout(ClvTables.transactions(orders(), AS_OF), settings, AS_OF, rows,
        progress()));
    assertEquals(List.of(), rows);
    assertTrue(lines().contains("holdout validation skipped: by the calibration end 2023-01-03"
        + " (104 weeks before 2024-12-31) 0 customers had bought"), lines());
  }

  @Test
  void aCalibrationFitThatRunsToABoundaryIsRefittedWithAPenalty() {
    // 300 customers who buy as Poisson processes (rates ~ Gamma(0.8, 16) per week) and never
    // churn: on the first 52 of 78 weeks BG/NBD's a and b run off to 0 unpenalised.
    Dataset<Row> log = neverChurning(300, 2);
    ClvSettings settings = ClvSettings.from(SharedSpark.config(warehouse)
        .with("brightstar.clv.penalty", 0.0));
    LocalDate calibrationEnd = AS_OF.minusWeeks(26);
    RfmTuples calibration = SparkSummariser.toRfmTuples(SparkSummariser.distinctRfm(
        SparkSummariser.summariseWithHoldout(log, PeriodUnit.WEEK, calibrationEnd, AS_OF)));
    assertFalse(BgNbdModel.fit(calibration, FitOptions.DEFAULT.withRequireConvergence(false))
        .converged(), "the fixture must make the unpenalised calibration fit fail");

    List<Row> rows = new ArrayList<>();
    assertTrue(ClvJob.holdout(log, settings, AS_OF, rows, progress()), lines());
    List<Row> validation = ClvTables.validation(spark, rows).collectAsList();
    assertTrue(lines().contains("the calibration fit up to " + calibrationEnd
        + " did not converge with penalty 0.0"), lines());
    Map<String, Double> fit = validation.stream()
        .filter(r -> r.getAs("section").equals("fit"))
        .collect(Collectors.toMap(r -> r.getAs("name"), r -> r.<Double>getAs("value")));
    assertEquals(ClvJob.CALIBRATION_PENALTY, fit.get("penalty"));
    assertEquals(1.0, fit.get("converged"));
    long calibrationCustomers = log.where(col(TransactionLog.DAY)
        .leq(calibrationEnd)).select(TransactionLog.CUSTOMER).distinct().count();
    assertEquals(calibrationCustomers, validation.stream()
        .filter(r -> r.getAs("section").equals("holdout"))
        .mapToLong(r -> r.<Long>getAs("customers")).sum());
  }

  /** Customers whose first purchase is 1-78 weeks before the as-of date, without churn. */
  private Dataset<Row> neverChurning(int customers, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    GammaDistribution rates = new GammaDistribution(new Well19937c(seed), 0.8, 1 / 16.0);
    List<Row> rows = new ArrayList<>();
    for (int c = 0; c < customers; c++) {
      double age = 1 + rng.nextInt(78);
      double rate = rates.sample();
      LocalDate first = AS_OF.minusDays(Math.round(age * 7));
      rows.add(RowFactory.create("C-" + c, Date.valueOf(first), 10.0));
      for (double t = exponential(rng, rate); t <= age; t += exponential(rng, rate)) {
        rows.add(RowFactory.create("C-" + c, Date.valueOf(first.plusDays((long) (t * 7))),
            10.0));
      }
    }
    StructType schema = new StructType()
        .add(TransactionLog.CUSTOMER, DataTypes.StringType)
        .add(TransactionLog.DAY, DataTypes.DateType)
        .add(TransactionLog.AMOUNT, DataTypes.DoubleType);
    return spark.createDataFrame(rows, schema);
  }

  private static double exponential(SplittableRandom rng, double rate) {
    return -Math.log(1 - rng.nextDouble()) / rate;
  }

  private static int r(Row row, String column) {
    return row.<Integer>getAs(column);
  }
}
