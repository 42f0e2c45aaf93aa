package brightstar.ml;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Early-life behaviours of each customer and whether it later became high-value.
 *
 * <p>The observation window is the first {@code earlyDays} days after the first order; the
 * outcome is the revenue from then until {@code outcomeDays} after the first order. A customer
 * whose outcome window is not yet over on the as-of date gets a null label (scored, not
 * trained on). Nothing after the as-of date is read.
 */
public final class HighValueFeatures {
  public static final List<String> FEATURES =
      List.of(
          "orders_early",
          "second_purchase_early",
          "revenue_early",
          "seat_utilisation_early",
          "referrals_early",
          "meetings_early",
          "log_employees");
  public static final String LABEL = "high_value";

  private final int earlyDays;
  private final int outcomeDays;
  private final double topShare;

  /**
   * @param earlyDays observation window after the first order (e.g. 90)
   * @param outcomeDays end of the outcome window after the first order (e.g. 365)
   * @param topShare share of customers labelled high-value by later revenue (e.g. 0.2)
   */
  public HighValueFeatures(int earlyDays, int outcomeDays, double topShare) {
    this.earlyDays = earlyDays;
    this.outcomeDays = outcomeDays;
    this.topShare = topShare;
  }

  /**
   * @param customers silver.customers (customer_id, employees)
   * @param orders silver.orders (customer_id, order_id, order_date, amount_usd)
   * @param accountMap customer_id, account_id for every CRM account of a customer
   * @param subscriptions bronze.sales_subscriptions (subscription_id, account_id,
   *     seats_purchased, start_date)
   * @param seatUsage bronze.sales_seat_usage (subscription_id, usage_date, seats_active)
   * @param activities bronze.sales_activities (account_id, activity_date, activity_type)
   * @return customer_id, first_order_date, the {@link #FEATURES} (doubles), later_revenue,
   *     high_value (1.0/0.0, or null where the outcome is not yet observable)
   */
  public Dataset<Row> build(
      Dataset<Row> customers,
      Dataset<Row> orders,
      Dataset<Row> accountMap,
      Dataset<Row> subscriptions,
      Dataset<Row> seatUsage,
      Dataset<Row> activities,
      LocalDate asOf) {
    Dataset<Row> known =
        orders.where(col("customer_id").isNotNull().and(col("order_date").leq(lit(asOf))));
    Dataset<Row> firsts =
        known.groupBy("customer_id").agg(min("order_date").as("first_order_date"));
    // Only customers whose early window is complete have comparable features.
    Dataset<Row> cohort =
        firsts.where(date_add(col("first_order_date"), earlyDays).leq(lit(asOf)));

    Column early = col("order_date").lt(date_add(col("first_order_date"), earlyDays));
    Column later =
        col("order_date")
            .geq(date_add(col("first_order_date"), earlyDays))
            .and(col("order_date").lt(date_add(col("first_order_date"), outcomeDays)));
    Dataset<Row> orderFeatures =
        known
            .join(cohort, "customer_id")
            .groupBy("customer_id")
            .agg(
                count(when(early, col("order_id"))).cast("double").as("orders_early"),
                coalesce(sum(when(early, col("amount_usd"))), lit(0.0)).as("revenue_early"),
                coalesce(sum(when(later, col("amount_usd"))), lit(0.0)).as("later_revenue"));

    Dataset<Row> subs =
        subscriptions
            .join(accountMap, "account_id")
            .join(cohort, "customer_id")
            .where(
                col("start_date").lt(date_add(col("first_order_date"), earlyDays))
                    .and(col("start_date").leq(lit(asOf))));
    Dataset<Row> usage =
        seatUsage
            .select("subscription_id", "usage_date", "seats_active")
            .join(subs.select("subscription_id", "customer_id", "seats_purchased", "start_date"),
                "subscription_id")
            .where(
                col("usage_date").lt(date_add(col("start_date"), 60))
                    .and(col("usage_date").leq(lit(asOf))))
            .groupBy("customer_id", "subscription_id")
            .agg(
                max("seats_active").as("peak_active"),
                max("seats_purchased").as("seats_purchased"))
            .groupBy("customer_id")
            .agg(
                least(
                        lit(1.0),
                        sum("peak_active")
                            .cast("double")
                            .divide(greatest(sum("seats_purchased").cast("double"), lit(1.0))))
                    .as("seat_utilisation_early"));

    Dataset<Row> acts =
        activities
            .join(accountMap, "account_id")
            .join(cohort, "customer_id")
            .where(
                col("activity_date").lt(date_add(col("first_order_date"), earlyDays))
                    .and(col("activity_date").leq(lit(asOf))))
            .groupBy("customer_id")
            .agg(
                count(when(col("activity_type").equalTo("referral_given"), lit(1)))
                    .cast("double")
                    .as("referrals_early"),
                count(when(col("activity_type").equalTo("meeting"), lit(1)))
                    .cast("double")
                    .as("meetings_early"));

    Dataset<Row> features =
        cohort
            .join(orderFeatures, new String[] {"customer_id"}, "left")
            .join(usage, new String[] {"customer_id"}, "left")
            .join(acts, new String[] {"customer_id"}, "left")
            .join(customers.select("customer_id", "employees"), new String[] {"customer_id"}, "left")
            .na()
            .fill(0.0, new String[] {"seat_utilisation_early", "referrals_early", "meetings_early"})
            .withColumn(
                "second_purchase_early",
                when(col("orders_early").geq(2), lit(1.0)).otherwise(lit(0.0)))
            .withColumn("log_employees", expr("ln(1 + coalesce(employees, 0))"));

    Column observable = date_add(col("first_order_date"), outcomeDays).leq(lit(asOf));
    Dataset<Row> trainable = features.where(observable);
    double threshold =
        trainable.isEmpty()
            ? Double.MAX_VALUE
            : trainable.stat().approxQuantile("later_revenue", new double[] {1 - topShare}, 0.001)[0];
    // Strictly above the quantile: ties (e.g. many customers with no later revenue) must not
    // push the positive share above topShare.
    Column label =
        when(
            observable,
            when(col("later_revenue").gt(lit(threshold)), lit(1.0)).otherwise(lit(0.0)));
    return features.withColumn(LABEL, label).select(columns());
  }

  private static Column[] columns() {
    Column[] cols = new Column[FEATURES.size() + 4];
    cols[0] = col("customer_id");
    cols[1] = col("first_order_date");
    for (int i = 0; i < FEATURES.size(); i++) {
      cols[i + 2] = col(FEATURES.get(i)).cast("double");
    }
    cols[FEATURES.size() + 2] = col("later_revenue");
    cols[FEATURES.size() + 3] = col(LABEL);
    return cols;
  }
}
