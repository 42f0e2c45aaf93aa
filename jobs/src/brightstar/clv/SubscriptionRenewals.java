package brightstar.clv;

import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.months_between;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import brightstar.clv.model.FitResult;
import brightstar.clv.model.RenewalCounts;
import brightstar.clv.model.ShiftedBetaGeometricModel;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Subscription terms as renewal histories, the input of the sBG fit and of the subscription
 * value (docs/clv-maths.md). Pure: the as-of date is a parameter and nothing after it is read.
 *
 * <p>A renewal is a new term row (docs/landing.md). Per CRM account, terms ordered by start: a
 * term whose successor starts the day after its end was renewed; a chain of renewals is one
 * subscription history, its terms numbered 1, 2, ... A term is decided when it ended before
 * the as-of date (its renewal would have started by then): renewed, or churned when it has no
 * successor. A term ending on or after the as-of date, or without an end date, is open, and its
 * chain is right-censored: n - 1 renewals seen in term n. The term length in months comes from
 * the chain's terms with an end date (6 or 12 in the generated data); a chain whose only term
 * is open without an end date has no known length (null).
 */
public final class SubscriptionRenewals {
  public static final String TERM_MONTHS = "term_months";
  public static final String TERM = "term";
  public static final String MONTHLY_VALUE = "monthly_value_usd";
  public static final String CURRENT_END = "current_term_end";
  public static final String TERM_START = "current_term_start";

  private SubscriptionRenewals() {}

  /**
   * Every term that started by the as-of date with its chain and outcome.
   *
   * @param subscriptions bronze.sales_subscriptions (subscription_id, account_id, start_date,
   *     end_date, monthly_price, currency)
   * @param fxToUsd currency to USD rate, as for silver.orders
   * @return account_id, subscription_id, start_date, end_date, monthly_value_usd (null for a
   *     currency without a rate), chain (long, per account), term (int, 1 = first),
   *     term_months (int or null), decided (end_date before the as-of date), renewed (its
   *     successor starts the day after its end)
   */
  public static Dataset<Row> terms(Dataset<Row> subscriptions, Map<String, Double> fxToUsd,
      LocalDate asOf) {
    Column rate = lit(null).cast("double");
    for (Map.Entry<String, Double> e : new TreeMap<>(fxToUsd).entrySet()) {
      rate = when(col("currency").equalTo(e.getKey()), lit(e.getValue())).otherwise(rate);
    }
    WindowSpec byAccount = Window.partitionBy("account_id").orderBy("start_date",
        "subscription_id");
    Dataset<Row> started = subscriptions
        .where(col("account_id").isNotNull().and(col("start_date").isNotNull())
            .and(col("start_date").leq(lit(asOf))))
        .select(col("account_id"), col("subscription_id"), col("start_date"), col("end_date"),
            col("monthly_price").cast("double").multiply(rate).as(MONTHLY_VALUE))
        .withColumn("previous_end", lag("end_date", 1).over(byAccount))
        .withColumn("next_start", lead("start_date", 1).over(byAccount));
    Column continues = coalesce(
        col("start_date").equalTo(date_add(col("previous_end"), 1)), lit(false));
    Dataset<Row> chained = started
        .withColumn("chain", sum(when(continues, 0L).otherwise(1L)).over(byAccount
            .rowsBetween(Window.unboundedPreceding(), Window.currentRow())))
        .withColumn("renewed", coalesce(
            col("next_start").equalTo(date_add(col("end_date"), 1)), lit(false)))
        .withColumn("decided", coalesce(col("end_date").lt(lit(asOf)), lit(false)))
        .withColumn("known_months", round(months_between(date_add(col("end_date"), 1),
            col("start_date"))).cast("int"));
    WindowSpec byChain = Window.partitionBy("account_id", "chain").orderBy("start_date");
    return chained
        .withColumn(TERM, row_number().over(byChain))
        .withColumn(TERM_MONTHS, max("known_months").over(Window.partitionBy("account_id",
            "chain")))
        .select("account_id", "subscription_id", "start_date", "end_date", MONTHLY_VALUE,
            "chain", TERM, TERM_MONTHS, "decided", "renewed");
  }

  /**
   * The last term of each chain: churned (decided and not renewed) with {@code terms} = its
   * term number, or censored (open) with {@code terms} = renewals so far.
   *
   * @param terms {@link #terms}
   * @return the columns of {@code terms} plus churned (boolean) and terms (int)
   */
  public static Dataset<Row> chains(Dataset<Row> terms) {
    WindowSpec latestFirst = Window.partitionBy("account_id", "chain")
        .orderBy(col(TERM).desc());
    Column churned = col("decided").and(not(col("renewed")));
    return terms
        .withColumn("latest", row_number().over(latestFirst))
        .where(col("latest").equalTo(1))
        .drop("latest")
        // A decided last term was not renewed: its successor would have started by the as-of
        // date and be in the data. So a last term is churned or open.
        .withColumn("churned", churned)
        .withColumn("terms", when(churned, col(TERM)).otherwise(col(TERM).minus(1)));
  }

  /**
   * Renewal counts per term length, for the sBG fits: term_months, churned, terms, count,
   * collected (at most a few hundred rows). Chains of unknown length are left out; they are
   * all in their first term, which says nothing about renewals.
   */
  public static Map<Integer, RenewalCounts> counts(Dataset<Row> chains) {
    Map<Integer, List<Row>> byLength = new TreeMap<>();
    for (Row r : chains.where(col(TERM_MONTHS).isNotNull())
        .groupBy(TERM_MONTHS, "churned", "terms").agg(count(lit(1)).as("n"))
        .collectAsList()) {
      byLength.computeIfAbsent(r.getInt(0), k -> new ArrayList<>()).add(r);
    }
    Map<Integer, RenewalCounts> out = new TreeMap<>();
    for (Map.Entry<Integer, List<Row>> e : byLength.entrySet()) {
      List<Row> rows = e.getValue();
      int[] t = new int[rows.size()];
      boolean[] c = new boolean[rows.size()];
      double[] w = new double[rows.size()];
      for (int i = 0; i < rows.size(); i++) {
        c[i] = rows.get(i).getBoolean(1);
        t[i] = rows.get(i).getInt(2);
        w[i] = rows.get(i).getLong(3);
      }
      out.put(e.getKey(), RenewalCounts.of(t, c, w));
    }
    return out;
  }

  /**
   * The open chains on the as-of date, one row each, for valuation.
   *
   * @param chains {@link #chains}
   * @param defaultTermMonths the length given to a chain of unknown length (documented: the
   *     most common known length)
   * @return account_id, subscription_id (of the current term), term (its number), term_months,
   *     current_term_start, current_term_end (end_date, or start + term_months - 1 day when
   *     open-ended), monthly_value_usd
   */
  public static Dataset<Row> open(Dataset<Row> chains, int defaultTermMonths) {
    Column months = coalesce(col(TERM_MONTHS), lit(defaultTermMonths));
    return chains
        .where(not(col("churned")))
        .select(col("account_id"), col("subscription_id"), col(TERM), months.as(TERM_MONTHS),
            col("start_date").as(TERM_START),
            coalesce(col("end_date"), date_add(add_months(col("start_date"), months), -1))
                .as(CURRENT_END),
            col(MONTHLY_VALUE));
  }

  /**
   * Predicted against actual renewals in a holdout, per term length: the contracts open at the
   * calibration end whose current term was decided by the as-of date.
   *
   * @param chainsAtCalibration {@link #chains} of the terms up to the calibration end
   * @param termsAsOf {@link #terms} up to the as-of date
   * @param fits the sBG fits on the calibration history, per term length; contracts of a
   *     length without a fit are left out
   * @param defaultTermMonths as in {@link #open}
   * @return term length to {contracts, renewed, predicted renewals}, in term-length order
   */
  public static Map<Integer, double[]> holdout(Dataset<Row> chainsAtCalibration,
      Dataset<Row> termsAsOf, Map<Integer, FitResult> fits, int defaultTermMonths) {
    Dataset<Row> deciding = open(chainsAtCalibration, defaultTermMonths)
        .select("subscription_id", TERM, TERM_MONTHS)
        .join(termsAsOf.where(col("decided")).select("subscription_id", "renewed"),
            "subscription_id");
    Map<Integer, double[]> byLength = new TreeMap<>();
    for (Row r : deciding.collectAsList()) {
      int months = r.<Integer>getAs(TERM_MONTHS);
      FitResult fit = fits.get(months);
      if (fit == null) {
        continue;
      }
      double[] acc = byLength.computeIfAbsent(months, k -> new double[3]);
      acc[0]++;
      acc[1] += r.<Boolean>getAs("renewed") ? 1 : 0;
      acc[2] += ShiftedBetaGeometricModel.of(fit).renewalProbability(r.<Integer>getAs(TERM));
    }
    return byLength;
  }
}
