package brightstar.clv;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brightstar.Progress;
import brightstar.bench.SyntheticLog;
import brightstar.clv.model.BgNbdModel;
import brightstar.clv.model.CustomerValue;
import brightstar.clv.model.FitResult;
import brightstar.clv.model.GammaGammaModel;
import brightstar.clv.model.PeriodUnit;
import brightstar.clv.model.RfmTuples;
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
      // No subscriptions: the orders are the whole value; the interval brackets it.
      assertEquals(0.0, r.<Double>getAs("clv_subscription_12m"));
      assertEquals(value, r.<Double>getAs("clv_orders_12m"));
      double low = r.getAs("clv_12m_low");
      double high = r.getAs("clv_12m_high");
      assertTrue(low > 0 && low < value && value < high, low + " " + value + " " + high);
      assertTrue(alive >= 0 && alive <= 1, "p_alive " + alive);
      assertTrue(value >= 0 && Double.isFinite(value), "clv " + value);
      assertEquals(0.3 * value, r.<Double>getAs("allowable_retention_spend"), 1e-12);
      assertEquals(AS_OF, r.<Date>getAs("as_of_date").toLocalDate());
      assertEquals("bgnbd+gamma-gamma", r.getAs("model"));
      assertEquals("20241231", r.getAs("version"));
      // Only silver.orders and silver.customers: no cost to serve, so no profit (not 0).
      assertNull(r.getAs("clv_profit_12m"), r.toString());
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
    for (Row t : tiers) {
      double low = t.getAs("total_clv_12m_low");
      double high = t.getAs("total_clv_12m_high");
      double tierTotal = t.getAs("total_clv_12m");
      assertTrue(low < tierTotal && tierTotal < high, t.toString());
      assertEquals(tierTotal, t.<Double>getAs("total_clv_orders_12m"), 1e-9 * tierTotal);
      assertEquals(0.0, t.<Double>getAs("total_clv_subscription_12m"));
      assertNull(t.getAs("total_clv_profit_12m"), t.toString());
      assertNull(t.getAs("negative_clv_profit_customers"), t.toString());
    }
    assertIntervalMatchesParameterResampling(result, clv.stream()
        .filter(r -> r(r, "monetary_days") >= 2)
        .min(Comparator.comparing(r -> r.<String>getAs("customer_id"))).orElseThrow());
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
            "log_likelihood", "customers", "tuples", "evaluations", "penalty", "converged",
            "boundary")),
        new TreeSet<>(validation.where("section = 'fit' and scope = 'full'").select("name")
            .as(Encoders.STRING()).collectAsList()));
    assertEquals(4 + 7, validation.where("section = 'fit' and scope = 'calibration'").count());
    // Interior optima: both boundary rows 0, without detail.
    assertEquals(List.of(0.0, 0.0), validation.where("name = 'boundary' and scope = 'full'")
        .select("value").as(Encoders.DOUBLE()).collectAsList());
    assertEquals(0, validation.where("detail is not null").count());
    // Without subscription data no line mentions subscriptions but the one that says so.
    assertTrue(lines().contains("no subscription value: bronze.sales_subscriptions or "
        + "silver.customer_crosswalk does not exist, so clv_subscription_12m is 0"), lines());
    assertTrue(lines().contains("no profit: silver.invoices, silver.payments, "
        + "silver.credit_notes, silver.tickets do not exist, so clv_gross_margin_12m, "
        + "clv_cost_to_serve_12m and clv_profit_12m are null"), lines());

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

  /**
   * The interval of gold.clv against brute force: 4,000 parameter vectors drawn from the two
   * fits' covariances (log-parameters, normal), each customer's CLV recomputed under each, and
   * the 5% and 95% quantiles taken. A
   * customer with valued repeat purchases: with 100 customers the spend fit's q is uncertain
   * enough that some draws make the population mean infinite.
   */
  static void assertIntervalMatchesParameterResampling(ClvJob.Result result, Row customer) {
    int x = customer.getAs("frequency");
    double tx = customer.getAs("recency");
    double age = customer.getAs("T");
    int valued = customer.getAs("monetary_days");
    double m = customer.getAs("monetary");
    org.apache.commons.math3.random.RandomGenerator rng = new Well19937c(3);
    double[] draws = new double[4000];
    double[][] purchaseDraws = logNormalDraws(result.purchases(), rng, draws.length);
    double[][] spendDraws = logNormalDraws(result.spend(), rng, draws.length);
    for (int k = 0; k < draws.length; k++) {
      double[] p = purchaseDraws[k];
      double[] s = spendDraws[k];
      GammaGammaModel spend = new GammaGammaModel(s[0], s[1], s[2]);
      // A draw with p x + q <= 1 has an infinite expected value: the top of the sorted draws.
      double value = s[0] * valued + s[1] <= 1 ? Double.POSITIVE_INFINITY
          : spend.conditionalExpectedAverageValue(valued, m);
      draws[k] = CustomerValue.discountedClv(new BgNbdModel(p[0], p[1], p[2], p[3]), x, tx,
          age, value, 12, 0.01, PeriodUnit.WEEK.periodsPerMonth());
    }
    java.util.Arrays.sort(draws);
    double low = draws[(int) (0.05 * draws.length)];
    double high = draws[(int) (0.95 * draws.length)];
    // On 100 customers the parameters are uncertain enough that the linearisation is rough:
    // the bounds agree with resampling within 35% (ClvIntervalTest: 2% on 5,000 customers).
    String both = "resampled [" + low + ", " + high + "], delta method " + customer;
    assertEquals(low, customer.<Double>getAs("clv_12m_low"), 0.35 * low, both);
    assertEquals(high, customer.<Double>getAs("clv_12m_high"), 0.35 * high, both);
  }

  static double[][] logNormalDraws(FitResult fit,
      org.apache.commons.math3.random.RandomGenerator rng, int n) {
    double[] p = fit.params();
    double[][] c = fit.covariance();
    double[] mean = new double[p.length];
    double[][] logCov = new double[p.length][p.length];
    for (int i = 0; i < p.length; i++) {
      mean[i] = Math.log(p[i]);
      for (int j = 0; j < p.length; j++) {
        logCov[i][j] = c[i][j] / (p[i] * p[j]);
      }
    }
    org.apache.commons.math3.distribution.MultivariateNormalDistribution normal =
        new org.apache.commons.math3.distribution.MultivariateNormalDistribution(rng, mean,
            logCov);
    double[][] out = new double[n][];
    for (int k = 0; k < n; k++) {
      double[] z = normal.sample();
      for (int i = 0; i < z.length; i++) {
        z[i] = Math.exp(z[i]);
      }
      out[k] = z;
    }
    return out;
  }

  @Test
  void aCalibrationFitOnTheNoDropoutBoundaryContinuesWithTheNbd() {
    // 300 customers who buy as Poisson processes (rates ~ Gamma(0.8, 16) per week) and never
    // churn: on the first 52 of 78 weeks BG/NBD's a and b run off to 0 unpenalised.
    Dataset<Row> log = neverChurning(300, 2);
    ClvSettings settings = ClvSettings.from(SharedSpark.config(warehouse)
        .with("brightstar.clv.penalty", 0.0));
    LocalDate calibrationEnd = AS_OF.minusWeeks(26);
    RfmTuples calibration = SparkSummariser.toRfmTuples(SparkSummariser.distinctRfm(
        SparkSummariser.summariseWithHoldout(log, PeriodUnit.WEEK, calibrationEnd, AS_OF)));
    FitResult plain = BgNbdModel.fit(calibration);
    assertEquals(BgNbdModel.NO_DROPOUT, plain.boundary(), plain.toString());

    List<Row> rows = new ArrayList<>();
    assertTrue(ClvJob.holdout(log, settings, AS_OF, rows, progress()), lines());
    assertFalse(lines().contains("refitting"), lines());
    List<Row> validation = ClvTables.validation(spark, rows).collectAsList();
    Map<String, Row> fit = validation.stream()
        .filter(r -> r.getAs("section").equals("fit"))
        .collect(Collectors.toMap(r -> r.getAs("name"), r -> r));
    assertEquals(new TreeSet<>(List.of("r", "alpha", "log_likelihood", "customers", "tuples",
        "evaluations", "penalty", "converged", "boundary")), new TreeSet<>(fit.keySet()));
    assertEquals("NBD", fit.get("r").getAs("model"));
    assertEquals(0.0, fit.get("penalty").<Double>getAs("value"));
    assertEquals(1.0, fit.get("converged").<Double>getAs("value"));
    assertEquals(1.0, fit.get("boundary").<Double>getAs("value"));
    assertEquals("no dropout observed: BG/NBD reduces to NBD",
        fit.get("boundary").getAs("detail"));
    long calibrationCustomers = log.where(col(TransactionLog.DAY)
        .leq(calibrationEnd)).select(TransactionLog.CUSTOMER).distinct().count();
    List<Row> holdout = validation.stream()
        .filter(r -> r.getAs("section").equals("holdout")).toList();
    assertEquals(calibrationCustomers,
        holdout.stream().mapToLong(r -> r.<Long>getAs("customers")).sum());
    // Nobody churns, so the NBD's forecast of the holdout is close to what happened.
    double actual = holdout.stream().mapToDouble(r -> r.<Double>getAs("actual_purchases"))
        .sum();
    double predicted = holdout.stream()
        .mapToDouble(r -> r.<Double>getAs("predicted_purchases")).sum();
    assertEquals(actual, predicted, 0.15 * actual, lines());
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
