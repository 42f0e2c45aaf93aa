package brightstar.clv;

import brightstar.Progress;
import brightstar.config.BrightstarConfig;
import brightstar.io.TableCatalog;
import brightstar.io.TableId;
import brightstar.io.TableWriter;
import brightstar.unify.UnifyJob;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * silver.orders -&gt; gold.clv, gold.clv_by_tier and gold.clv_validation as of a date.
 *
 * <p>Orders of known customers up to the as-of date are summarised in Spark, the distinct
 * (frequency, recency, T) tuples and (repeat days, mean value) pairs are fitted on the driver
 * (BG/NBD or Pareto/NBD, and Gamma-Gamma, settings in {@code brightstar.clv}), and the
 * predictions are applied in Spark. Validation refits the purchase model on the history up to
 * {@code holdout-weeks} before the as-of date and compares its predictions for the weeks after
 * with what happened. Each table keeps one slice per as-of date and a rerun replaces that
 * slice, so reruns are idempotent.
 */
public final class ClvJob {
  public static final TableId CLV = TableId.gold("clv");
  public static final TableId CLV_BY_TIER = TableId.gold("clv_by_tier");
  public static final TableId CLV_VALIDATION = TableId.gold("clv_validation");
  private static final String AS_OF = ClvTables.AS_OF_DATE;
  /**
   * The L2 penalty of a second try at a calibration fit that did not converge. A shorter
   * history can let a purchase model's parameters run off to a boundary where the full one
   * does not, e.g. BG/NBD's a and b to 0 when churn does not follow purchases. The penalty
   * biases the estimates (on the demo's history r drops by a third), which is why the fit
   * behind gold.clv is never refitted this way; the holdout rows only judge the forecast, and
   * the calibration fit rows record the penalty used.
   */
  static final double CALIBRATION_PENALTY = 0.001;

  /**
   * What a run did.
   *
   * @param customers rows written to gold.clv
   * @param purchases the purchase-model fit behind gold.clv
   * @param spend the Gamma-Gamma fit behind gold.clv
   * @param holdoutValidated whether gold.clv_validation has holdout rows for this date
   */
  public record Result(long customers, FitResult purchases, FitResult spend,
      boolean holdoutValidated) {}

  private ClvJob() {}

  public static Result run(SparkSession spark, BrightstarConfig config, LocalDate asOf,
      Progress progress) {
    ClvSettings settings = ClvSettings.from(config);
    TableCatalog catalog = new TableCatalog(spark, config.warehouse());
    TableWriter writer = new TableWriter(catalog);
    String slice = AS_OF + " = DATE'" + asOf + "'";
    Dataset<Row> log =
        ClvTables.transactions(catalog.read(UnifyJob.ORDERS), asOf).persist();
    Dataset<Row> summary = SparkSummariser.summarise(log, settings.period(), asOf).persist();
    try {
      RfmTuples rfm = SparkSummariser.rfmTuples(summary);
      SpendTuples spendTuples = SparkSummariser.spendTuples(summary);
      progress.log(String.format(Locale.ROOT,
          "%s up to %s: %,.0f customers, %,d distinct (x, t_x, T) tuples, %,d spend pairs",
          UnifyJob.ORDERS, asOf, rfm.totalWeight(), rfm.size(), spendTuples.size()));
      FitResult purchases = fit(() -> settings.model().fit(rfm, settings.fitOptions()), asOf);
      // Unpenalised: gamma is a scale in currency units, so an L2 penalty would pull the
      // spend model toward one currency unit rather than merely keep it finite.
      FitResult spend =
          fit(() -> GammaGammaModel.fit(spendTuples, settings.fitOptions().withPenalty(0)), asOf);
      progress.log(purchases.toString());
      progress.log(spend.toString());

      ClvScorer scorer = new ClvScorer(settings.model(), purchases, spend, settings.period(),
          settings.horizonMonths(), settings.monthlyDiscountRate());
      // Scored once: ranking samples and sorts the scores, and the write and the tier
      // aggregates both read the ranked cache.
      Dataset<Row> scored = scorer.score(summary).persist();
      Dataset<Row> clv = ClvTables.clv(scored, Math.round(rfm.totalWeight()), settings, asOf)
          .persist();
      long customers;
      try {
        customers = writer.replaceWhere(clv, CLV, slice);
        progress.rows(CLV + " as of " + asOf, customers);
        progress.rows(CLV_BY_TIER + " as of " + asOf, writer.replaceWhere(
            ClvTables.byTier(clv, settings, asOf), CLV_BY_TIER, slice));
      } finally {
        clv.unpersist();
        scored.unpersist();
      }

      List<Row> validation = new ArrayList<>();
      validation.addAll(ClvTables.fitRows(asOf, "full", purchases, rfm.size(), asOf, null));
      validation.addAll(ClvTables.fitRows(asOf, "full", spend, spendTuples.size(), asOf, null));
      boolean holdout = holdout(log, settings, asOf, validation, progress);
      progress.rows(CLV_VALIDATION + " as of " + asOf, writer.replaceWhere(
          ClvTables.validation(spark, validation), CLV_VALIDATION, slice));
      return new Result(customers, purchases, spend, holdout);
    } finally {
      summary.unpersist();
      log.unpersist();
    }
  }

  /** A fit whose failure names the settings a job user can change. */
  private static FitResult fit(Supplier<FitResult> fit, LocalDate asOf) {
    try {
      return fit.get();
    } catch (ClvException e) {
      throw ClvException.wrapping("The CLV model fit as of " + asOf + " failed", e.getMessage(),
          "on small or degenerate histories set an L2 penalty, e.g. --conf "
              + ClvSettings.SECTION + ".penalty=0.01", e);
    }
  }

  /**
   * Adds the calibration fit and the holdout rows to {@code rows}; returns false, with a
   * progress line saying why, when the history before the holdout is too short to fit on.
   *
   * @param log the transaction log up to the as-of date
   */
  static boolean holdout(Dataset<Row> log, ClvSettings settings, LocalDate asOf,
      List<Row> rows, Progress progress) {
    if (settings.holdoutWeeks() == 0) {
      progress.log("holdout validation skipped: brightstar.clv.holdout-weeks = 0");
      return false;
    }
    LocalDate calibrationEnd = asOf.minusWeeks(settings.holdoutWeeks());
    Dataset<Row> calibration = SparkSummariser.summariseWithHoldout(
        log, settings.period(), calibrationEnd, asOf).persist();
    try {
      List<Row> distinct = SparkSummariser.distinctRfm(calibration);
      long customers = distinct.stream().mapToLong(r -> r.getLong(3)).sum();
      if (distinct.stream().noneMatch(r -> r.getInt(0) > 0)) {
        progress.log(String.format(Locale.ROOT, "holdout validation skipped: by the "
            + "calibration end %s (%d weeks before %s) %,d customers had bought and none twice,"
            + " too little history to fit on; %s has the fit rows only", calibrationEnd,
            settings.holdoutWeeks(), asOf, customers, CLV_VALIDATION));
        return false;
      }
      RfmTuples tuples = SparkSummariser.toRfmTuples(distinct);
      FitResult fit = settings.model().fit(tuples,
          settings.fitOptions().withRequireConvergence(false));
      if (!fit.converged() && settings.penalty() < CALIBRATION_PENALTY) {
        progress.log("the calibration fit up to " + calibrationEnd + " did not converge with "
            + "penalty " + settings.penalty() + " (" + fit + "); refitting it with L2 penalty "
            + CALIBRATION_PENALTY);
        fit = settings.model().fit(tuples, settings.fitOptions()
            .withPenalty(CALIBRATION_PENALTY).withRequireConvergence(false));
      }
      rows.addAll(ClvTables.fitRows(asOf, "calibration", fit, tuples.size(), calibrationEnd,
          asOf));
      if (!fit.converged()) {
        progress.log("holdout validation skipped: the calibration fit up to " + calibrationEnd
            + " did not converge (" + fit + "); raise brightstar.clv.penalty or shorten "
            + "brightstar.clv.holdout-weeks");
        return false;
      }
      double periods = ChronoUnit.DAYS.between(calibrationEnd, asOf)
          / (double) settings.period().days();
      double[] predicted = ClvTables.predictedByBucket(
          settings.model().model(fit.params()), tuples, periods);
      double actualTotal = 0;
      for (Row r : ClvTables.actualByBucket(calibration)) {
        int bucket = r.getInt(0);
        rows.add(ClvTables.holdoutRow(asOf, fit.model(), bucket, r.getLong(1), r.getLong(2),
            predicted[bucket], calibrationEnd, asOf));
        actualTotal += r.getLong(2);
      }
      progress.log(String.format(Locale.ROOT,
          "holdout %s to %s: %,d customers made %,.0f repeat purchases, the model calibrated "
              + "up to %s predicted %,.1f", calibrationEnd.plusDays(1), asOf, customers,
          actualTotal, calibrationEnd, Arrays.stream(predicted).sum()));
      return true;
    } finally {
      calibration.unpersist();
    }
  }
}
