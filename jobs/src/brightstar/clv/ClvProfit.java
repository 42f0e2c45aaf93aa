package brightstar.clv;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Profit after cost to serve for gold.clv: clv_profit_12m = clv_gross_margin_12m -
 * clv_cost_to_serve_12m, projected from each customer's last 12 months (the profitability
 * figures of gold.customer_360, {@link brightstar.customer360.Customer360#profitability}). The
 * maths and why: docs/clv-maths.md, "Profit after cost to serve". Per customer, with g the
 * gross billing of the last 12 months (gross_revenue_12m, before discounts, as clv_12m
 * projects it):
 *
 * <ul>
 *   <li>margin share = gross_margin_12m / g, what is left of a billed dollar after discounts,
 *       refunds, returns and the cost of sales per product line, not below
 *       {@value #MIN_MARGIN_SHARE};
 *   <li>payment-cost share = (late_payment_cost_12m + bad_debt_12m) / g: late and lost money
 *       is a share of what is billed, so it follows the expected billing;
 *   <li>both shares are the population's (sum over sum) for a customer billed nothing in the
 *       last 12 months;
 *   <li>clv_gross_margin_12m = clv_12m x margin share;
 *   <li>clv_cost_to_serve_12m = clv_12m x payment-cost share + support_cost_12m / 12 x the
 *       discounted expected months the customer stays: support is a cost per month as a
 *       customer, so it follows the expected tenure, the larger of p_alive x the discounted
 *       months of the horizon and the subscriptions' discounted expected paid months
 *       (clv_subscription_12m / subscription_monthly_value_usd).
 * </ul>
 */
public final class ClvProfit {
  public static final String GROSS_MARGIN = "clv_gross_margin_12m";
  public static final String COST_TO_SERVE = "clv_cost_to_serve_12m";
  public static final String PROFIT = "clv_profit_12m";
  /**
   * The lowest margin share used. Credit notes of the last 12 months may refund invoices from
   * before them, so a customer billed little in the window can show a share far below -1;
   * projecting that onto a year of expected billing would turn one old refund into a large
   * expected loss. At -1 a customer loses at most one dollar of margin per dollar billed.
   */
  static final double MIN_MARGIN_SHARE = -1.0;

  private static final String CUSTOMER = "_customer";
  private static final String MARGIN_SHARE = "_margin_share";
  private static final String PAYMENT_SHARE = "_payment_cost_share";
  private static final String SUPPORT = "_support_cost_12m";
  private static final String POPULATION_MARGIN_SHARE = "_population_margin_share";
  private static final String POPULATION_PAYMENT_SHARE = "_population_payment_cost_share";

  private ClvProfit() {}

  /**
   * gold.clv rows with {@link #GROSS_MARGIN}, {@link #COST_TO_SERVE} and {@link #PROFIT}.
   *
   * @param clv rows of {@link ClvTables#clv} (customer_id, clv_12m, p_alive,
   *     clv_subscription_12m, subscription_monthly_value_usd, ...)
   * @param profitability customer_id, gross_revenue_12m, gross_margin_12m, support_cost_12m,
   *     late_payment_cost_12m, bad_debt_12m as of the same date, one row per customer known
   *     then; empty when the silver facts are not there, and then the three columns are null.
   *     A customer of {@code clv} without a row gets the population's shares and no support
   *     cost.
   * @return the rows of {@code clv} with the three columns added
   */
  public static Dataset<Row> withProfit(Dataset<Row> clv, Optional<Dataset<Row>> profitability,
      ClvSettings settings) {
    if (profitability.isEmpty()) {
      return clv.withColumn(GROSS_MARGIN, lit(null).cast("double"))
          .withColumn(COST_TO_SERVE, lit(null).cast("double"))
          .withColumn(PROFIT, lit(null).cast("double"));
    }
    Dataset<Row> p = profitability.get();
    Column gross = usd("gross_revenue_12m");
    Column margin = usd("gross_margin_12m");
    Column payment = usd("late_payment_cost_12m").plus(usd("bad_debt_12m"));
    Dataset<Row> population = p.agg(
        sum(margin).divide(when(sum(gross).gt(0), sum(gross))).as(POPULATION_MARGIN_SHARE),
        sum(payment).divide(when(sum(gross).gt(0), sum(gross))).as(POPULATION_PAYMENT_SHARE));
    Column perBilled = when(gross.gt(0), gross);
    Dataset<Row> trailing = p.select(
        col(TransactionLog.CUSTOMER).as(CUSTOMER),
        // greatest() skips nulls: the floor applies only to a share there is.
        when(gross.gt(0), greatest(lit(MIN_MARGIN_SHARE), margin.divide(perBilled)))
            .as(MARGIN_SHARE),
        payment.divide(perBilled).as(PAYMENT_SHARE),
        usd("support_cost_12m").as(SUPPORT));

    Column clv12 = col(ClvTables.CLV_12M);
    Column grossMargin =
        clv12.multiply(coalesce(col(MARGIN_SHARE), col(POPULATION_MARGIN_SHARE)));
    Column cost = clv12.multiply(coalesce(col(PAYMENT_SHARE), col(POPULATION_PAYMENT_SHARE)))
        .plus(coalesce(col(SUPPORT), lit(0.0)).divide(12).multiply(expectedMonths(settings)));
    return clv
        .join(trailing, col(TransactionLog.CUSTOMER).equalTo(col(CUSTOMER)), "left")
        .crossJoin(broadcast(population))
        .withColumn(GROSS_MARGIN, grossMargin)
        .withColumn(COST_TO_SERVE, cost)
        .withColumn(PROFIT, grossMargin.minus(cost))
        .drop(CUSTOMER, MARGIN_SHARE, PAYMENT_SHARE, SUPPORT, POPULATION_MARGIN_SHARE,
            POPULATION_PAYMENT_SHARE);
  }

  /**
   * The discounted expected months the customer stays over the horizon: the larger of the
   * order relationship's, p_alive x {@link #discountedMonths}, and the subscriptions', whose
   * value is the monthly value times exactly that sum (0 without a contract). The larger,
   * because the customer is served while either relationship lasts and the two are far from
   * independent (one company decides both); if one outlasts the other, it is exact.
   */
  static Column expectedMonths(ClvSettings settings) {
    double horizon = discountedMonths(settings.horizonMonths(), settings.monthlyDiscountRate());
    Column monthly = col(SubscriptionValue.MONTHLY);
    Column subscribed = coalesce(col(ClvTables.CLV_SUBSCRIPTION_12M)
        .divide(when(monthly.gt(0), monthly)), lit(0.0));
    return greatest(col(ClvTables.P_ALIVE).multiply(horizon), subscribed);
  }

  /** The sum over months i = 1..months of 1 / (1 + d)^i: the horizon's discounted length. */
  static double discountedMonths(int months, double monthlyDiscountRate) {
    double sum = 0;
    for (int i = 1; i <= months; i++) {
      sum += Math.pow(1 + monthlyDiscountRate, -i);
    }
    return sum;
  }

  private static Column usd(String column) {
    return col(column).cast("double");
  }
}
