package brightstar.clv;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import brightstar.Progress;
import brightstar.clv.model.ClvException;
import brightstar.clv.model.FitOptions;
import brightstar.clv.model.FitResult;
import brightstar.clv.model.GammaGammaModel;
import brightstar.clv.model.RenewalCounts;
import brightstar.clv.model.RfmTuples;
import brightstar.clv.model.ShiftedBetaGeometricModel;
import brightstar.clv.model.SpendTuples;
import brightstar.config.BrightstarConfig;
import brightstar.conform.ConformSettings;
import brightstar.customer360.Customer360;
import brightstar.customer360.Customer360Settings;
import brightstar.customer360.ProfitFacts;
import brightstar.io.TableCatalog;
import brightstar.io.TableId;
import brightstar.io.TableWriter;
import brightstar.unify.UnifyJob;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * silver.orders -&gt; gold.clv, gold.clv_by_tier and gold.clv_validation as of a date.
 * Subscriptions come from bronze.sales_subscriptions; profit after cost to serve from the last
 * 12 months of the silver facts behind gold.customer_360's profitability ({@link ClvProfit}).
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
  /** Subscription terms: bronze.sales_subscriptions (one row per term, docs/landing.md). */
  public static final TableId SUBSCRIPTIONS = TableId.bronze("sales_subscriptions");

  /**
   * What a run did.
   *
   * @param customers rows written to gold.clv
   * @param purchases the purchase-model fit behind gold.clv
   * @param spend the Gamma-Gamma fit behind gold.clv
   * @param holdoutValidated whether gold.clv_validation has holdout rows for this date
   */
  public record Result(long customers, FitResult purchases, FitResult spend,
      boolean holdoutValidated, Map<Integer, FitResult> renewals) {}

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

      List<Row> validation = new ArrayList<>();
      Subscriptions subscriptions = subscriptions(spark, catalog, config, settings, asOf,
          validation, progress);

      ClvScorer scorer = new ClvScorer(settings.model(), purchases, spend, settings.period(),
          settings.horizonMonths(), settings.monthlyDiscountRate());
      // Scored once: ranking samples and sorts the scores, and the write and the tier
      // aggregates both read the ranked cache.
      Dataset<Row> scored = scorer.score(summary).persist();
      Dataset<Row> clv = ClvProfit.withProfit(ClvTables.clv(scored, subscriptions.values(),
              Math.round(rfm.totalWeight()), settings, asOf),
          profitability(catalog, config, asOf, progress), settings).persist();
      long customers;
      try {
        customers = writer.replaceWhere(clv, CLV, slice);
        progress.rows(CLV + " as of " + asOf, customers);
        logProfit(clv, asOf, progress);
        progress.rows(CLV_BY_TIER + " as of " + asOf, writer.replaceWhere(
            ClvTables.byTier(clv, settings, asOf), CLV_BY_TIER, slice));
      } finally {
        clv.unpersist();
        scored.unpersist();
      }

      validation.addAll(ClvTables.fitRows(asOf, "full", purchases, rfm.size(), asOf, null));
      validation.addAll(ClvTables.fitRows(asOf, "full", spend, spendTuples.size(), asOf, null));
      boolean holdout = holdout(log, settings, asOf, validation, progress);
      progress.rows(CLV_VALIDATION + " as of " + asOf, writer.replaceWhere(
          ClvTables.validation(spark, validation), CLV_VALIDATION, slice));
      return new Result(customers, purchases, spend, holdout, subscriptions.fits());
    } finally {
      summary.unpersist();
      log.unpersist();
    }
  }

  /**
   * The sBG fits per term length and the subscription value per customer.
   *
   * @param values customer_id and the columns of {@link SubscriptionValue#score}; empty
   *     without subscription data
   */
  record Subscriptions(Map<Integer, FitResult> fits, Dataset<Row> values) {}

  /**
   * Fits sBG per term length to the renewal histories up to the as-of date, values the open
   * contracts, and adds the fit rows and the holdout renewal rows to {@code validation}.
   * Without bronze.sales_subscriptions or silver.customer_crosswalk every customer's
   * subscription value is 0 and the job says so.
   */
  static Subscriptions subscriptions(SparkSession spark, TableCatalog catalog,
      BrightstarConfig config, ClvSettings settings, LocalDate asOf, List<Row> validation,
      Progress progress) {
    StructType schema = new StructType()
        .add("customer_id", DataTypes.StringType, false)
        .add(SubscriptionValue.MONTHLY, DataTypes.DoubleType, false)
        .add(SubscriptionValue.P_RENEW, DataTypes.DoubleType, true)
        .add(SubscriptionValue.VALUE, DataTypes.DoubleType, false)
        .add(SubscriptionValue.VARIANCE, DataTypes.DoubleType, true)
        .add(SubscriptionValue.RESIDUAL, DataTypes.DoubleType, false);
    if (!catalog.exists(SUBSCRIPTIONS) || !catalog.exists(UnifyJob.CROSSWALK)) {
      progress.log("no subscription value: " + SUBSCRIPTIONS + " or " + UnifyJob.CROSSWALK
          + " does not exist, so clv_subscription_12m is 0");
      return new Subscriptions(Map.of(),
          spark.createDataFrame(List.of(), schema));
    }
    Map<String, Double> fx = new java.util.TreeMap<>();
    ConformSettings.from(config).fxToUsd().forEach((c, rate) -> fx.put(c, rate.doubleValue()));
    Dataset<Row> raw = catalog.read(SUBSCRIPTIONS);
    Dataset<Row> terms = SubscriptionRenewals.terms(raw, fx, asOf).persist();
    Dataset<Row> chains = SubscriptionRenewals.chains(terms).persist();
    Map<Integer, RenewalCounts> counts = SubscriptionRenewals.counts(chains);
    Map<Integer, FitResult> fits = renewalFits(counts, settings, asOf, "full", asOf, null,
        validation, progress);
    int defaultMonths = mostCommonLength(counts);
    Dataset<Row> open = SubscriptionRenewals.open(chains, defaultMonths)
        .join(accountMap(catalog), "account_id");
    Dataset<Row> values = new SubscriptionValue(fits, settings.horizonMonths(),
        settings.monthlyDiscountRate()).score(open, asOf);
    renewalHoldout(raw, fx, terms, settings, asOf, validation, progress);
    chains.unpersist();
    terms.unpersist();
    return new Subscriptions(fits, values);
  }

  /**
   * The profitability figures of the last 12 months per customer
   * ({@link Customer360#profitability}, the settings of {@code brightstar.customer360}); empty,
   * with a progress line saying why, when the silver facts they read are not there (unify
   * writes them all, so only a warehouse built by hand lacks them).
   */
  static Optional<Dataset<Row>> profitability(TableCatalog catalog, BrightstarConfig config,
      LocalDate asOf, Progress progress) {
    List<TableId> missing = ProfitFacts.missing(catalog);
    if (!missing.isEmpty()) {
      progress.log("no profit: " + missing.stream().map(TableId::toString)
          .collect(Collectors.joining(", ")) + (missing.size() == 1 ? " does" : " do")
          + " not exist, so " + ClvProfit.GROSS_MARGIN + ", " + ClvProfit.COST_TO_SERVE + " and "
          + ClvProfit.PROFIT + " are null; 'bin/brightstar unify' builds the silver facts");
      return Optional.empty();
    }
    return Optional.of(Customer360.profitability(ProfitFacts.read(catalog, CLV.toString()),
        Customer360Settings.from(config), asOf));
  }

  /**
   * The total expected profit against the total CLV and the loss-making count; and how many
   * customers have no profit when the silver facts are there but nobody was billed in the 12
   * months before the as-of date (no margin share to project).
   */
  private static void logProfit(Dataset<Row> clv, LocalDate asOf, Progress progress) {
    Row r = clv.agg(sum(ClvTables.CLV_12M), sum(ClvProfit.PROFIT),
        count(when(col(ClvProfit.PROFIT).lt(0), lit(1))), count(ClvProfit.PROFIT),
        count(lit(1))).first();
    long withProfit = r.getLong(3);
    if (withProfit > 0) {
      progress.log(String.format(Locale.ROOT, "%s as of %s: USD %,.0f expected profit after "
              + "cost to serve against USD %,.0f clv_12m; %,d customers below 0",
          ClvProfit.PROFIT, asOf, r.getDouble(1), r.getDouble(0), r.getLong(2)));
    }
    if (withProfit < r.getLong(4)) {
      progress.log(String.format(Locale.ROOT, "%,d of %,d customers have no %s as of %s (null:"
              + " no cost-to-serve figures, or nobody was invoiced in the 12 months before)",
          r.getLong(4) - withProfit, r.getLong(4), ClvProfit.PROFIT, asOf));
    }
  }

  /** silver.customer_crosswalk's CRM accounts: customer_id, account_id. */
  private static Dataset<Row> accountMap(TableCatalog catalog) {
    return catalog.read(UnifyJob.CROSSWALK)
        .where(col("entity").equalTo("accounts"))
        .select(col("customer_id"),
            col("source_key").as("account_id"));
  }

  /** The term length with the most renewal histories; 12 months without any. */
  static int mostCommonLength(Map<Integer, RenewalCounts> counts) {
    return counts.entrySet().stream()
        .max(Comparator.comparingDouble(e -> e.getValue().totalWeight()))
        .map(Map.Entry::getKey).orElse(12);
  }

  private static Map<Integer, FitResult> renewalFits(Map<Integer, RenewalCounts> counts,
      ClvSettings settings, LocalDate asOf, String scope, LocalDate calibrationEnd,
      LocalDate holdoutEnd, List<Row> validation, Progress progress) {
    Map<Integer, FitResult> fits = new TreeMap<>();
    for (Map.Entry<Integer, RenewalCounts> e : counts.entrySet()) {
      FitResult fit = ShiftedBetaGeometricModel.fit(e.getValue(),
          FitOptions.DEFAULT.withRequireConvergence(false)).withModel(sbgLabel(e.getKey()));
      if (!fit.converged()) {
        progress.log(fit + ": no renewal forecast for " + e.getKey() + "-month terms; their "
            + "subscription value is the committed rest of the current term");
      } else {
        fits.put(e.getKey(), fit);
        progress.log(scope + " " + fit);
      }
      validation.addAll(ClvTables.fitRows(asOf, scope, fit, e.getValue().size(),
          calibrationEnd, holdoutEnd));
    }
    return fits;
  }

  static String sbgLabel(int termMonths) {
    return ShiftedBetaGeometricModel.NAME + " (" + termMonths + "-month terms)";
  }

  /**
   * Holdout rows per term length: sBG fitted on the terms up to the calibration end predicts,
   * for each contract open then whose current term ends in the holdout, its renewal
   * probability; the rows compare the sum with the renewals that happened by the as-of date.
   */
  private static void renewalHoldout(Dataset<Row> raw, Map<String, Double> fx,
      Dataset<Row> termsAsOf, ClvSettings settings, LocalDate asOf, List<Row> validation,
      Progress progress) {
    if (settings.holdoutWeeks() == 0) {
      return;
    }
    LocalDate calibrationEnd = asOf.minusWeeks(settings.holdoutWeeks());
    Dataset<Row> chains = SubscriptionRenewals.chains(
        SubscriptionRenewals.terms(raw, fx, calibrationEnd)).persist();
    try {
      Map<Integer, RenewalCounts> counts = SubscriptionRenewals.counts(chains);
      Map<Integer, FitResult> fits = renewalFits(counts, settings, asOf, "calibration",
          calibrationEnd, asOf, validation, progress);
      Map<Integer, double[]> byLength = SubscriptionRenewals.holdout(chains, termsAsOf, fits,
          mostCommonLength(counts));
      for (Map.Entry<Integer, double[]> e : byLength.entrySet()) {
        double[] acc = e.getValue();
        validation.add(ClvTables.renewalHoldoutRow(asOf, sbgLabel(e.getKey()),
            Math.round(acc[0]), acc[1], acc[2], calibrationEnd, asOf));
        progress.log(String.format(Locale.ROOT, "renewal holdout %s to %s, %d-month terms: "
                + "%d contracts came up for renewal, %.0f renewed (%.1f%%), sBG predicted "
                + "%.1f%%", calibrationEnd.plusDays(1), asOf, e.getKey(), Math.round(acc[0]),
            acc[1], 100 * acc[1] / acc[0], 100 * acc[2] / acc[0]));
      }
    } finally {
      chains.unpersist();
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
          settings.model().model(fit.model(), fit.params()), tuples, periods);
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
