package brightstar.unify;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.substring;
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
 * The first, deterministic identity step: CRM accounts of the same company (same normalised
 * web domain, or the same normalised company name where the domain is missing) become one
 * customer with a stable id derived from that key. Fuzzy matching across the other silos
 * builds on the crosswalk this produces.
 */
public final class Unify {
  public static final String CUSTOMER_ID = "customer_id";
  /** Legal forms written after a company name (dots already removed: "B.V." is "bv"). */
  static final String LEGAL_FORMS =
      "inc|incorporated|ltd|limited|llc|llp|gmbh|corp|corporation|co|company|plc|sa|sas|sarl"
          + "|ag|bv|nv|sl|srl|spa|ab|as|oy|pty|kk";

  private Unify() {}

  /** "https://www.Acme.com/" -> "acme.com". */
  public static Column normalizedDomain(Column domain) {
    Column d = lower(trim(domain));
    d = regexp_replace(d, "^[a-z]+://", "");
    d = regexp_replace(d, "^www\\.", "");
    d = regexp_replace(d, "/.*$", "");
    return when(d.equalTo(""), lit(null)).otherwise(d);
  }

  /** "ACME Holdings, Inc." -> "acmeholdings": case, punctuation and legal forms removed. */
  public static Column normalizedName(Column name) {
    Column n = lower(trim(name));
    n = regexp_replace(n, "\\.", "");
    n = regexp_replace(n, "[,&/()]", " ");
    n = regexp_replace(n, "\\b(" + LEGAL_FORMS + ")\\b", " ");
    n = regexp_replace(n, "[^a-z0-9]", "");
    return when(n.equalTo(""), lit(null)).otherwise(n);
  }

  /**
   * CRM accounts to customers.
   *
   * @param accounts bronze.sales_accounts (account_id, company_name, domain, created_date, ...)
   * @return silver.customer_crosswalk rows: customer_id, source, entity, source_key, match_rule
   */
  public static Dataset<Row> accountCrosswalk(Dataset<Row> accounts) {
    Dataset<Row> keyed =
        accounts
            .where(col("account_id").isNotNull())
            .dropDuplicates("account_id")
            .select(
                col("account_id"),
                normalizedDomain(col("domain")).as("domain_key"),
                normalizedName(col("company_name")).as("name_key"));
    // An account without a domain joins the company whose accounts carry the same normalised
    // name and a domain (the smallest such domain, so the choice is deterministic).
    Dataset<Row> domainByName =
        keyed
            .where(col("domain_key").isNotNull().and(col("name_key").isNotNull()))
            .groupBy(col("name_key").as("by_name"))
            .agg(min("domain_key").as("name_domain"));
    Dataset<Row> resolved =
        keyed.join(domainByName, keyed.col("name_key").equalTo(col("by_name")), "left");
    Column key =
        coalesce(
            concat(lit("domain:"), col("domain_key")),
            concat(lit("domain:"), col("name_domain")),
            concat(lit("name:"), col("name_key")),
            concat(lit("account:"), col("account_id")));
    Column rule =
        when(col("domain_key").isNotNull(), lit("crm_domain"))
            .when(col("name_domain").isNotNull(), lit("crm_name_to_domain"))
            .when(col("name_key").isNotNull(), lit("crm_name"))
            .otherwise(lit("crm_account"));
    return resolved.select(
        concat(lit("C-"), substring(sha2(key, 256), 1, 16)).as(CUSTOMER_ID),
        lit("sales").as("source"),
        lit("accounts").as("entity"),
        col("account_id").as("source_key"),
        rule.as("match_rule"));
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
