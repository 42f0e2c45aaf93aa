package brightstar.bench;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sum;

import brightstar.Progress;
import brightstar.clv.ClvJob;
import brightstar.clv.ClvScorer;
import brightstar.clv.SparkSummariser;
import brightstar.clv.TransactionLog;
import brightstar.clv.model.BgNbdModel;
import brightstar.clv.model.FitResult;
import brightstar.clv.model.GammaGammaModel;
import brightstar.clv.model.PeriodUnit;
import brightstar.clv.model.PurchaseModelType;
import brightstar.clv.model.RfmTuples;
import brightstar.clv.model.SpendTuples;
import brightstar.config.BrightstarConfig;
import brightstar.io.TableCatalog;
import brightstar.io.TableWriter;
import brightstar.unify.UnifyJob;
import java.lang.management.ManagementFactory;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

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
 * Each stage's wall-clock time ({@link System#nanoTime()}) and the CPU time this process spent
 * in it (all threads: driver, Spark's local executors, the fits' worker threads): on a machine
 * shared with other work the wall time grows while the CPU time stays, and CPU / cores is
 * about the wall time of a quiet machine. The system load average at the start and the end
 * is reported too. Generating the log and writing it as silver.orders are timed but not part
 * of the total.
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

  /** Wall-clock and process CPU seconds of one stage. */
  public record Timing(double wall, double cpu) {
    static final Timing NONE = new Timing(Double.NaN, Double.NaN);

    Timing plus(Timing other) {
      return new Timing(wall + other.wall, cpu + other.cpu);
    }

    String format() {
      return String.format(Locale.ROOT, "%7.2f s (cpu %6.2f s)", wall, cpu);
    }
  }

  /** A point in time: wall clock and this process's CPU time, in nanoseconds. */
  private record Mark(long wall, long cpu) {
    static Mark now() {
      return new Mark(System.nanoTime(), processCpuNanos());
    }

    Timing to(Mark end) {
      return new Timing((end.wall - wall) / 1e9, (end.cpu - cpu) / 1e9);
    }
  }

  /**
   * The measurements.
   *
   * @param customers customers generated
   * @param transactions rows of the generated log
   * @param cores the driver's available processors
   * @param loadAtStart the system load average when the benchmark started
   * @param loadAtEnd the system load average when it ended
   * @param generate generating and caching the log (not in the total)
   * @param summary summariser + tuple grouping + collect
   * @param purchaseFit the BG/NBD fit
   * @param spendFit the Gamma-Gamma fit
   * @param prediction predictions for every customer in Spark
   * @param rfmTuples distinct (x, t_x, T) tuples
   * @param spendPairs distinct (x, m) pairs
   * @param purchases the BG/NBD fit
   * @param spend the Gamma-Gamma fit
   * @param totalClv the sum of every customer's 12-month CLV
   * @param meanAlive the mean P(alive)
   * @param ordersWrite writing the log as silver.orders; NaN without the job
   * @param job the whole CLV job; NaN when it was not run
   */
  public record Report(long customers, long transactions, int cores, double loadAtStart,
      double loadAtEnd, Timing generate, Timing summary, Timing purchaseFit, Timing spendFit,
      Timing prediction, int rfmTuples, int spendPairs, FitResult purchases, FitResult spend,
      double totalClv, double meanAlive, Timing ordersWrite, Timing job) {

    public Timing fit() {
      return purchaseFit.plus(spendFit);
    }

    public Timing total() {
      return summary.plus(fit()).plus(prediction);
    }

    /** Whether every fitted parameter is within {@link #RECOVERY_TOLERANCE} of the truth. */
    public boolean recoversTruth() {
      return within(purchases, truth(TRUE_PURCHASES)) && within(spend, truth(TRUE_SPEND));
    }

    /** The report as printed by the command, one finding a line. */
    public List<String> lines() {
      List<String> out = new ArrayList<>();
      out.add(String.format(Locale.ROOT, "customers %,d, transactions %,d, driver cores %d, "
          + "load average %.2f at start, %.2f at end", customers, transactions, cores,
          loadAtStart, loadAtEnd));
      out.add("generate         " + generate.format() + "  not in the total");
      out.add(String.format(Locale.ROOT, "summary stage    %s  Spark summariser + tuple "
          + "grouping + collect: %,d (x, t_x, T) tuples, %,d (x, m) pairs", summary.format(),
          rfmTuples, spendPairs));
      out.add(String.format(Locale.ROOT, "fit stage        %s  BG/NBD %.2f s, Gamma-Gamma "
          + "%.2f s", fit().format(), purchaseFit.wall(), spendFit.wall()));
      out.add(String.format(Locale.ROOT, "prediction stage %s  P(alive), 12-month expected"
          + " purchases and CLV for every customer: total CLV %,.0f, mean P(alive) %.3f",
          prediction.format(), totalClv, meanAlive));
      out.add("total            " + total().format());
      if (!Double.isNaN(job.wall())) {
        out.add(String.format(Locale.ROOT, "clv job          %s  silver.orders -> gold.clv, "
            + "gold.clv_by_tier, gold.clv_validation (writing silver.orders first: %.2f s)",
            job.format(), ordersWrite.wall()));
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
    double loadAtStart = loadAverage();
    Mark m0 = Mark.now();
    Dataset<Row> log = SyntheticLog.generate(spark, customers, partitions, TRUE_PURCHASES,
        TRUE_SPEND, PeriodUnit.WEEK, MAX_AGE_DAYS, END, seed).persist();
    Dataset<Row> summary = null;
    try {
      long transactions = log.count();
      Mark m1 = Mark.now();
      progress.log(String.format(Locale.ROOT, "generated %,d transactions of %,d customers",
          transactions, customers));

      summary = SparkSummariser.summarise(log, PeriodUnit.WEEK, END).persist();
      RfmTuples rfm = SparkSummariser.rfmTuples(summary);
      SpendTuples spendTuples = SparkSummariser.spendTuples(summary);
      Mark m2 = Mark.now();
      progress.log("summary stage done");

      FitResult purchases = BgNbdModel.fit(rfm);
      Mark m3 = Mark.now();
      FitResult spend = GammaGammaModel.fit(spendTuples);
      Mark m4 = Mark.now();
      progress.log("fit stage done");

      ClvScorer scorer = new ClvScorer(PurchaseModelType.BGNBD, purchases, spend,
          PeriodUnit.WEEK, 12, 0.01);
      Row totals = scorer.score(summary)
          .agg(sum(ClvScorer.CLV), avg(ClvScorer.P_ALIVE))
          .first();
      Mark m5 = Mark.now();
      progress.log("prediction stage done");
      Timing ordersWrite = Timing.NONE;
      Timing job = Timing.NONE;
      if (jobConfig != null) {
        new TableWriter(new TableCatalog(spark, jobConfig.warehouse()))
            .overwrite(asOrders(log), UnifyJob.ORDERS);
        Mark m6 = Mark.now();
        ClvJob.run(spark, jobConfig, END, progress);
        Mark m7 = Mark.now();
        ordersWrite = m5.to(m6);
        job = m6.to(m7);
      }
      return new Report(customers, transactions, Runtime.getRuntime().availableProcessors(),
          loadAtStart, loadAverage(), m0.to(m1), m1.to(m2), m2.to(m3), m3.to(m4), m4.to(m5),
          rfm.size(), spendTuples.size(), purchases, spend, totals.getDouble(0),
          totals.getDouble(1), ordersWrite, job);
    } finally {
      if (summary != null) {
        summary.unpersist();
      }
      log.unpersist();
    }
  }

  /** CPU time of this process (all threads), or 0 where the JVM cannot tell. */
  static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : 0;
  }

  /** The system load average of the last minute (negative where the OS cannot tell). */
  static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /**
   * The synthetic log as silver.orders rows of its declared schema: one USD order per purchase
   * day; the columns the CLV job does not read (account, product, lineage) are null.
   */
  private static Dataset<Row> asOrders(Dataset<Row> log) {
    Map<String, Column> known = Map.of(
        "order_id", concat_ws("-", col(TransactionLog.CUSTOMER), col(TransactionLog.DAY)),
        "customer_id", col(TransactionLog.CUSTOMER),
        "order_date", col(TransactionLog.DAY),
        "quantity", lit(1),
        "unit_price", round(col(TransactionLog.AMOUNT), 2),
        "amount", round(col(TransactionLog.AMOUNT), 2),
        "currency", lit("USD"),
        "unit_price_usd", round(col(TransactionLog.AMOUNT), 2),
        "amount_usd", round(col(TransactionLog.AMOUNT), 2));
    StructType schema = brightstar.io.Tables.ORDERS.schema();
    List<Column> columns = new ArrayList<>();
    for (StructField f : schema.fields()) {
      columns.add(known.getOrDefault(f.name(), lit(null)).cast(f.dataType())
          .as(f.name(), f.metadata()));
    }
    return log.select(columns.toArray(Column[]::new));
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
