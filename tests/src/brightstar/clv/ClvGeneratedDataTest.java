package brightstar.clv;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brightstar.Progress;
import brightstar.clv.model.FitOptions;
import brightstar.clv.model.FitResult;
import brightstar.clv.model.RenewalCounts;
import brightstar.clv.model.ShiftedBetaGeometricModel;
import brightstar.config.BrightstarConfig;
import brightstar.generate.Generator;
import brightstar.generate.GeneratorSpec;
import brightstar.ingest.IngestJob;
import brightstar.io.TableCatalog;
import brightstar.testing.SharedSpark;
import brightstar.unify.UnifyJob;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLV job on the project's generated data: boundary fits and subscription renewals. */
class ClvGeneratedDataTest {
  private final SparkSession spark = SharedSpark.get();
  private final ByteArrayOutputStream progressLines = new ByteArrayOutputStream();

  private Progress progress() {
    return new Progress("clv-test", new PrintStream(progressLines, true, StandardCharsets.UTF_8));
  }

  private String lines() {
    return progressLines.toString(StandardCharsets.UTF_8);
  }

  /**
   * The case of the issue: the Airflow day for 300 generated customers with seven months of
   * history stopped at clv ("did not converge", a = 0.0017, b = 4978). Now the fit is named a
   * boundary, continues with the NBD and the job writes its tables.
   */
  @Test
  void threeHundredCustomersWithSevenMonthsRunThroughOnTheNoDropoutBoundary(@TempDir Path dir)
      throws IOException {
    LocalDate start = LocalDate.parse("2024-01-01");
    LocalDate end = LocalDate.parse("2024-07-31");
    Path landing = dir.resolve("landing");
    BrightstarConfig config = SharedSpark.config(dir.resolve("warehouse"))
        .with("brightstar.landing", landing.toString());
    Generator.run(new GeneratorSpec(300, 42, start, end, landing), line -> { });
    IngestJob.run(spark, config, "sales", start, end, progress());
    UnifyJob.run(spark, config, end, progress());

    ClvJob.Result result = ClvJob.run(spark, config, end, progress());
    TableCatalog catalog = new TableCatalog(spark, config.warehouse());
    // Identity resolution decides how many customers the 300 generated ones become.
    long customers = catalog.read(UnifyJob.ORDERS).where(col("customer_id").isNotNull())
        .select("customer_id").distinct().count();
    assertTrue(customers >= 295 && customers <= 300, customers + " customers");
    assertEquals(customers, result.customers(), lines());
    assertEquals("no dropout observed: BG/NBD reduces to NBD", result.purchases().boundary(),
        lines());
    assertEquals(0.0, result.purchases().penalty());
    // Seven months hold one renewal of 6-month terms at most: the geometric limit.
    assertEquals(ShiftedBetaGeometricModel.ONE_DECISION, result.renewals().get(6).boundary(),
        lines());
    List<Row> boundary = catalog.read(ClvJob.CLV_VALIDATION)
        .where("section = 'fit' and scope = 'full' and name = 'boundary' and model = 'NBD'")
        .collectAsList();
    assertEquals(1, boundary.size(), lines());
    assertEquals(1.0, boundary.get(0).<Double>getAs("value"));
    assertEquals("no dropout observed: BG/NBD reduces to NBD",
        boundary.get(0).getAs("detail"));

    Dataset<Row> clv = catalog.read(ClvJob.CLV);
    // The limiting model: nobody has left.
    assertEquals(customers, clv.where(col("p_alive").equalTo(1.0)).count());
    assertEquals(0, clv.where(col("clv_12m_low").isNull()
        .or(col("clv_12m_low").gt(col("clv_12m")))
        .or(col("clv_12m_high").lt(col("clv_12m")))).count());
    assertEquals(0, clv.where(col("clv_12m").notEqual(col("clv_orders_12m")
        .plus(col("clv_subscription_12m")))).count());
    // Subscribers have a contract value: the committed rest of their term at least.
    long subscribers = clv.where(col("subscription_monthly_value_usd").gt(0)).count();
    assertTrue(subscribers > 200, subscribers + " subscribers\n" + lines());
    assertEquals(0, clv.where(col("subscription_monthly_value_usd").gt(0)
        .and(col("clv_subscription_12m").leq(0))).count());
  }

  /**
   * sBG on three years of generated subscriptions: fitted per term length on the history up to
   * a year before the end, its renewal probabilities for the contracts that came up for
   * renewal in the last year agree with the renewals that happened within five points.
   */
  @Test
  void sbgPredictsTheHoldoutRenewalRatePerTermLength(@TempDir Path dir) throws IOException {
    LocalDate start = LocalDate.parse("2022-01-01");
    LocalDate end = LocalDate.parse("2024-12-31");
    LocalDate calibrationEnd = end.minusWeeks(52);
    Path landing = dir.resolve("landing");
    Generator.run(new GeneratorSpec(1500, 7, start, end, landing), line -> { });
    Dataset<Row> subscriptions = spark.read().option("header", "true")
        .schema("subscription_id STRING, account_id STRING, plan STRING, "
            + "seats_purchased STRING, start_date DATE, end_date DATE, "
            + "monthly_price DECIMAL(18,2), currency STRING")
        .csv(landing.resolve("sales/subscriptions").toString() + "/*/*.csv")
        .where(col("subscription_id").isNotNull())
        .dropDuplicates("subscription_id");
    Map<String, Double> fx = new java.util.TreeMap<>();
    brightstar.conform.ConformSettings.from(SharedSpark.config(dir.resolve("warehouse")))
        .fxToUsd().forEach((c, rate) -> fx.put(c, rate.doubleValue()));

    Dataset<Row> chains = SubscriptionRenewals.chains(
        SubscriptionRenewals.terms(subscriptions, fx, calibrationEnd)).persist();
    Map<Integer, RenewalCounts> counts = SubscriptionRenewals.counts(chains);
    assertEquals(List.of(6, 12), List.copyOf(counts.keySet()));
    Map<Integer, FitResult> fits = new java.util.TreeMap<>();
    for (Map.Entry<Integer, RenewalCounts> e : counts.entrySet()) {
      FitResult fit = ShiftedBetaGeometricModel.fit(e.getValue(), FitOptions.DEFAULT);
      assertTrue(fit.converged(), fit.toString());
      fits.put(e.getKey(), fit);
    }
    Map<Integer, double[]> holdout = SubscriptionRenewals.holdout(chains,
        SubscriptionRenewals.terms(subscriptions, fx, end), fits,
        ClvJob.mostCommonLength(counts));
    StringBuilder report = new StringBuilder();
    for (Map.Entry<Integer, double[]> e : holdout.entrySet()) {
      double[] h = e.getValue();
      report.append(String.format(java.util.Locale.ROOT,
          "%d-month terms: %s; %d contracts up for renewal, observed %.3f, predicted %.3f%n",
          e.getKey(), fits.get(e.getKey()), Math.round(h[0]), h[1] / h[0], h[2] / h[0]));
    }
    System.out.print(report);
    assertEquals(List.of(6, 12), List.copyOf(holdout.keySet()), report.toString());
    for (double[] h : holdout.values()) {
      assertTrue(h[0] >= 100, report.toString());
      assertEquals(h[1] / h[0], h[2] / h[0], 0.05, report.toString());
    }
    chains.unpersist();
  }
}
