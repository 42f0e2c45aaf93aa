package brightstar.customer360;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * gold.customer_360: one row per customer as of a date. Only facts on or before the as-of
 * date count, so the table can be rebuilt exactly for any past date.
 */
public final class Customer360 {
  private Customer360() {}

  /**
   * @param customers silver.customers (customer_id, company_name, domain, industry, country,
   *     employees, founded_year, first_seen_date, crm_accounts)
   * @param orders silver.orders (order_id, customer_id, order_date, amount_usd, ...)
   * @param clv gold.clv (customer_id, clv_12m, p_alive, ...) when it has been built
   * @return customer_id, company_name, domain, industry, country, employees, founded_year,
   *     crm_accounts, first_order_date, last_order_date, order_count, revenue_usd,
   *     avg_order_value_usd, days_since_last_order, clv_12m, p_alive, as_of_date
   */
  public static Dataset<Row> build(
      Dataset<Row> customers, Dataset<Row> orders, Optional<Dataset<Row>> clv, LocalDate asOf) {
    Dataset<Row> upToDate =
        orders.where(col("customer_id").isNotNull().and(col("order_date").leq(lit(asOf))));
    Dataset<Row> perCustomer =
        upToDate
            .groupBy("customer_id")
            .agg(
                min("order_date").as("first_order_date"),
                max("order_date").as("last_order_date"),
                count("order_id").cast("int").as("order_count"),
                round(sum(col("amount_usd").cast("double")), 2).as("revenue_usd"));
    Dataset<Row> known = customers.where(col("first_seen_date").leq(lit(asOf)));
    Dataset<Row> joined = known.join(perCustomer, new String[] {"customer_id"}, "left");
    Dataset<Row> withClv =
        clv.map(c -> joined.join(c.select("customer_id", "clv_12m", "p_alive"), new String[] {"customer_id"}, "left"))
            .orElseGet(
                () ->
                    joined
                        .withColumn("clv_12m", lit(null).cast("double"))
                        .withColumn("p_alive", lit(null).cast("double")));
    return withClv.select(
        col("customer_id"),
        col("company_name"),
        col("domain"),
        col("industry"),
        col("country"),
        col("employees"),
        col("founded_year"),
        col("crm_accounts"),
        col("first_order_date"),
        col("last_order_date"),
        when(col("order_count").isNull(), lit(0)).otherwise(col("order_count")).as("order_count"),
        when(col("revenue_usd").isNull(), lit(0.0)).otherwise(col("revenue_usd")).as("revenue_usd"),
        round(col("revenue_usd").divide(col("order_count")), 2).as("avg_order_value_usd"),
        datediff(lit(asOf), col("last_order_date")).as("days_since_last_order"),
        col("clv_12m"),
        col("p_alive"),
        lit(asOf).as("as_of_date"));
  }
}
