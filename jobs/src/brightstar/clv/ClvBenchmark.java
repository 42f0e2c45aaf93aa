package brightstar.clv;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sum;

import brightstar.Progress;
import brightstar.config.BrightstarConfig;
import brightstar.io.TableCatalog;
import brightstar.io.TableWriter;
import brightstar.unify.UnifyJob;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The CLV benchmark ({@code bin/brightstar bench clv}): generates a seeded synthetic log for n
 * customers in Spark ({@link SyntheticLog}, with the CDNOW estimates as the true parameters,
 * weekly periods, ages up to two years), caches it, then times separately
 *
 * <ol>
 *   <li>the summary stage: the Spark summariser, grouping into distinct tuples and collecting
 *       them to the driver;
 *   <li>the fit stage: BG/NBD and Gamma-Gamma on the tuples (driver only);
 *   <li>the prediction stage: P(alive), expected purchases and 12-month CLV for every customer
 *       in Spark, aggregated so that every row is computed;
 *   <li>optionally the whole CLV job ({@link ClvJob#run}) on the log written as silver.orders
 *       to a scratch warehouse: summary, fits, predictions, tiers, holdout validation and the
 *       three Delta writes.
 * </ol>
 *
 * Wall-clock times from {@link System#nanoTime()}; generating the log and writing it as
 * silver.orders are timed but not part of the stage total.
 */
public final class ClvBenchmark {
  /** The true purchase process: Fader, Hardie and Lee's CDNOW estimates. */
  public static final BgNbdModel TRUE_PURCHASES = new BgNbdModel(0.243, 4.414, 0.793, 2.426);
  /** The true spend process: Fader and Hardie's CDNOW Gamma-Gamma estimates. */
  public static final GammaGammaModel TRUE_SPEND = new GammaGammaModel(6.25, 3.74, 15.44);
  /** The log's last day; fixed, so that a seed always gives the same log. */
  public static final LocalDate END = LocalDate.of(2024, 12, 31);
  public static final int MAX_AGE_DAYS = 730;
  /** A fit "recovers" a true parameter when it lands within this relative distance. */
  public static final double RECOVERY_TOLERANCE = 0.10;

  /**
   * The measurements.
   *
   * @param customers customers generated
   * @param transactions rows of the generated log
   * @param cores the driver's available processors
   * @param generateSeconds generating and caching the log (not in the total)
   * @param summarySeconds summariser + tuple grouping + collect
   * @param purchaseFitSeconds the BG/NBD fit
   * @param spendFitSeconds the Gamma-Gamma fit
   * @param predictionSeconds predictions for every customer in Spark
   * @param rfmTuples distinct (x, t_x, T) tuples
   * @param spendPairs distinct (x, m) pairs
   * @param purchases the BG/NBD fit
   * @param spend the Gamma-Gamma fit
   * @param totalClv the sum of every customer's 12-month CLV
   * @param meanAlive the mean P(alive)
   * @param ordersWriteSeconds writing the log as silver.orders; NaN without the job
   * @param jobSeconds the whole CLV job; NaN when it was not run
   */
  public record Report(long customers, long transactions, int cores, double generateSeconds,
      double summarySeconds, double purchaseFitSeconds, double spendFitSeconds,
      double predictionSeconds, int rfmTuples, int spendPairs, FitResult purchases,
      FitResult spend, double totalClv, double meanAlive, double ordersWriteSeconds,
      double jobSeconds) {

    public double fitSeconds() {
      return purchaseFitSeconds + spendFitSeconds;
    }

    public double totalSeconds() {
      return summarySeconds + fitSeconds() + predictionSeconds;
    }

    /** Whether every fitted parameter is within {@link #RECOVERY_TOLERANCE} of the truth. */
    public boolean recoversTruth() {
      return within(purchases, truth(TRUE_PURCHASES)) && within(spend, truth(TRUE_SPEND));
    }

    /** The report as printed by the command, one finding a line. */
    public List<String> lines() {
      List<String> out = new ArrayList<>();
      out.add(String.format(Locale.ROOT, "customers %,d, transactions %,d, driver cores %d",
          customers, transactions, cores));
      out.add(String.format(Locale.ROOT, "generate         %7.2f s (not in the total)",
          generateSeconds));
      out.add(String.format(Locale.ROOT, "summary stage    %7.2f s  Spark summariser + tuple "
          + "grouping + collect: %,d (x, t_x, T) tuples, %,d (x, m) pairs", summarySeconds,
          rfmTuples, spendPairs));
      out.add(String.format(Locale.ROOT, "fit stage        %7.2f s  BG/NBD %.2f s, Gamma-Gamma "
          + "%.2f s", fitSeconds(), purchaseFitSeconds, spendFitSeconds));
      out.add(String.format(Locale.ROOT, "prediction stage %7.2f s  P(alive), 12-month expected"
          + " purchases and CLV for every customer: total CLV %,.0f, mean P(alive) %.3f",
          predictionSeconds, totalClv, meanAlive));
      out.add(String.format(Locale.ROOT, "total            %7.2f s", totalSeconds()));
      if (!Double.isNaN(jobSeconds)) {
        out.add(String.format(Locale.ROOT, "clv job          %7.2f s  silver.orders -> gold.clv, "
            + "gold.clv_by_tier, gold.clv_validation (writing silver.orders first: %.2f s)",
            jobSeconds, ordersWriteSeconds));
      }
      out.add(compare(purchases, truth(TRUE_PURCHASES)));
      out.add(compare(spend, truth(TRUE_SPEND)));
      out.add(String.format(Locale.ROOT, "true parameters recovered within %.0f%%: %s",
          RECOVERY_TOLERANCE * 100, recoversTruth() ? "yes" : "NO"));
      return out;
    }
  }

  private ClvBenchmark() {}

  /**
   * Runs the benchmark.
   *
   * @param spark the session
   * @param customers how many customers to generate
   * @param seed the random seed of the log
   * @param jobConfig a configuration whose warehouse is a scratch folder to run the whole CLV
   *     job in (its silver.orders is overwritten), or null to skip the job
   * @param progress where to say what is happening
   */
  public static Report run(SparkSession spark, long customers, long seed,
      BrightstarConfig jobConfig, Progress progress) {
    int partitions = Math.max(2, spark.sparkContext().defaultParallelism() * 2);
    long t0 = System.nanoTime();
    Dataset<Row> log = SyntheticLog.generate(spark, customers, partitions, TRUE_PURCHASES,
        TRUE_SPEND, PeriodUnit.WEEK, MAX_AGE_DAYS, END, seed).persist();
    Dataset<Row> summary = null;
    try {
      long transactions = log.count();
      long t1 = System.nanoTime();
      progress.log(String.format(Locale.ROOT, "generated %,d transactions of %,d customers",
          transactions, customers));

      summary = SparkSummariser.summarise(log, PeriodUnit.WEEK, END).persist();
      RfmTuples rfm = SparkSummariser.rfmTuples(summary);
      SpendTuples spendTuples = SparkSummariser.spendTuples(summary);
      long t2 = System.nanoTime();
      progress.log("summary stage done");

      FitResult purchases = BgNbdModel.fit(rfm);
      long t3 = System.nanoTime();
      FitResult spend = GammaGammaModel.fit(spendTuples);
      long t4 = System.nanoTime();
      progress.log("fit stage done");

      ClvScorer scorer = new ClvScorer(PurchaseModelType.BGNBD, purchases, spend,
          PeriodUnit.WEEK, 12, 0.01);
      Row totals = scorer.score(summary)
          .agg(sum(ClvScorer.CLV), avg(ClvScorer.P_ALIVE))
          .first();
      long t5 = System.nanoTime();
      progress.log("prediction stage done");
      double ordersWrite = Double.NaN;
      double job = Double.NaN;
      if (jobConfig != null) {
        new TableWriter(new TableCatalog(spark, jobConfig.warehouse()))
            .overwrite(asOrders(log), UnifyJob.ORDERS);
        long t6 = System.nanoTime();
        ClvJob.run(spark, jobConfig, END, progress);
        long t7 = System.nanoTime();
        ordersWrite = seconds(t5, t6);
        job = seconds(t6, t7);
      }
      return new Report(customers, transactions, Runtime.getRuntime().availableProcessors(),
          seconds(t0, t1), seconds(t1, t2), seconds(t2, t3), seconds(t3, t4), seconds(t4, t5),
          rfm.size(), spendTuples.size(), purchases, spend, totals.getDouble(0),
          totals.getDouble(1), ordersWrite, job);
    } finally {
      if (summary != null) {
        summary.unpersist();
      }
      log.unpersist();
    }
  }

  /** The synthetic log in silver.orders' shape: one order per purchase day, USD amounts. */
  private static Dataset<Row> asOrders(Dataset<Row> log) {
    return log.select(
        concat_ws("-", col(TransactionLog.CUSTOMER), col(TransactionLog.DAY)).as("order_id"),
        col(TransactionLog.CUSTOMER).cast("string").as("customer_id"),
        col(TransactionLog.DAY).as("order_date"),
        round(col(TransactionLog.AMOUNT), 2).as("amount_usd"));
  }

  private static double seconds(long from, long to) {
    return (to - from) / 1e9;
  }

  private static double[] truth(BgNbdModel m) {
    return new double[] {m.r(), m.alpha(), m.a(), m.b()};
  }

  private static double[] truth(GammaGammaModel m) {
    return new double[] {m.p(), m.q(), m.gamma()};
  }

  private static boolean within(FitResult fit, double[] truth) {
    for (int i = 0; i < truth.length; i++) {
      if (Math.abs(fit.params()[i] / truth[i] - 1) > RECOVERY_TOLERANCE) {
        return false;
      }
    }
    return true;
  }

  private static String compare(FitResult fit, double[] truth) {
    StringBuilder b = new StringBuilder(fit.model()).append(" fitted (true):");
    for (int i = 0; i < truth.length; i++) {
      b.append(String.format(Locale.ROOT, " %s %.4f (%.4f)", fit.names().get(i),
          fit.params()[i], truth[i]));
    }
    return b.append(String.format(Locale.ROOT, ", LL %.1f, %d evaluations", fit.logLikelihood(),
        fit.evaluations())).toString();
  }
}
