package brightstar.unify;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import brightstar.config.BrightstarConfig;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;

/**
 * Silver tables keyed by the customer ids of identity resolution ({@code brightstar.identity}):
 * the golden customer record and the orders.
 */
public final class Unify {
  public static final String CUSTOMER_ID = "customer_id";
  private Unify() {}

  /** "https://www.Acme.com/" -> "acme.com". */
  public static Column normalizedDomain(Column domain) {
    Column d = lower(trim(domain));
    d = regexp_replace(d, "^[a-z]+://", "");
    d = regexp_replace(d, "^www\\.", "");
    d = regexp_replace(d, "/.*$", "");
    return when(d.equalTo(""), lit(null)).otherwise(d);
  }

  /**
   * One row per customer with the firmographics of its earliest CRM account.
   *
   * @return silver.customers: customer_id, company_name, domain, industry, country, employees,
   *     founded_year, first_seen_date, crm_accounts (how many CRM accounts were merged)
   */
  public static Dataset<Row> customers(Dataset<Row> accounts, Dataset<Row> crosswalk) {
    Dataset<Row> joined =
        crosswalk
            .where(col("entity").equalTo("accounts"))
            .join(accounts.dropDuplicates("account_id"), col("source_key").equalTo(col("account_id")));
    Dataset<Row> ranked =
        joined.withColumn(
            "rank",
            functions
                .row_number()
                .over(Window.partitionBy(CUSTOMER_ID).orderBy(col("created_date"), col("account_id"))));
    Dataset<Row> counts =
        joined.groupBy(CUSTOMER_ID).agg(functions.count("*").cast("int").as("crm_accounts"),
            min("created_date").as("first_seen_date"));
    return ranked
        .where(col("rank").equalTo(1))
        .select(
            col(CUSTOMER_ID),
            col("company_name"),
            normalizedDomain(col("domain")).as("domain"),
            col("industry"),
            col("country"),
            col("employees"),
            col("founded_year"))
        .join(counts, CUSTOMER_ID);
  }

  /**
   * Sales orders conformed to one currency and keyed by customer.
   *
   * @param orders bronze.sales_orders (order_id, account_id, order_date, amount, currency, ...)
   * @param fxToUsd rate per currency code; an order in a currency without a rate has a null
   *     amount_usd (kept, never dropped) so the gap shows in BI
   * @return silver.orders: order_id, customer_id, account_id, order_date, product, quantity,
   *     amount, currency, amount_usd
   */
  public static Dataset<Row> orders(
      Dataset<Row> orders, Dataset<Row> crosswalk, Map<String, Double> fxToUsd) {
    Column rate = lit(null).cast("double");
    for (Map.Entry<String, Double> e : new TreeMap<>(fxToUsd).entrySet()) {
      rate = when(col("currency").equalTo(e.getKey()), lit(e.getValue())).otherwise(rate);
    }
    Dataset<Row> accounts =
        crosswalk.where(col("entity").equalTo("accounts")).select(col(CUSTOMER_ID), col("source_key"));
    return orders
        .dropDuplicates("order_id")
        .join(accounts, orders.col("account_id").equalTo(accounts.col("source_key")), "left")
        .select(
            col("order_id"),
            col(CUSTOMER_ID),
            col("account_id"),
            col("order_date"),
            col("product"),
            col("quantity"),
            col("amount"),
            col("currency"),
            functions.round(col("amount").cast("double").multiply(rate), 2).as("amount_usd"));
  }

  /** The FX table from configuration: brightstar.unify.fx-to-usd { USD = 1.0, ... }. */
  public static Map<String, Double> fxToUsd(BrightstarConfig config) {
    Map<String, Double> rates = new TreeMap<>();
    config
        .raw()
        .getConfig("brightstar.unify.fx-to-usd")
        .entrySet()
        .forEach(e -> rates.put(e.getKey(), ((Number) e.getValue().unwrapped()).doubleValue()));
    return rates;
  }
}
