package brightstar.identity;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.udf;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * The identity graph read from bronze: nodes are CRM accounts, billing accounts, leads, e-mail
 * addresses and web domains; edges are the links the records themselves state (an account's
 * domain, an address's company domain, a lead's address, a billing account's bill-to address,
 * a CRM activity's contact). Which records each node stands for is in {@link #members}.
 *
 * <p>Node ids carry their kind: {@code acct:ACC-1}, {@code bill:BA-1}, {@code lead:LD-1},
 * {@code email:anna@bluepeak.de}, {@code dom:bluepeak.de}. Accounts and billing accounts are
 * <em>anchors</em>: only companies that buy have them, so a cluster with an anchor is a
 * customer and a cluster without one is not (yet).
 */
public final class IdentityGraph {
  public static final String ACCOUNT = "acct:";
  public static final String BILLING = "bill:";
  public static final String LEAD = "lead:";
  public static final String EMAIL = "email:";
  public static final String DOMAIN = "dom:";

  /** Bronze tables the graph reads, by their bronze name (without the layer). */
  public static final List<String> TABLES =
      List.of("sales_accounts", "sales_orders", "sales_subscriptions", "sales_seat_usage",
          "sales_activities", "finance_invoices", "finance_payments", "finance_credit_notes",
          "marketing_leads", "marketing_touches", "support_tickets", "support_returns",
          "support_surveys");

  private final NameNormalizer nz;
  private final UserDefinedFunction emailKey;
  private final UserDefinedFunction companyDomain;
  private final UserDefinedFunction personal;
  private final UserDefinedFunction domain;
  private final UserDefinedFunction typedDomain;
  private final UserDefinedFunction country;

  public IdentityGraph(NameNormalizer nz) {
    this.nz = nz;
    this.emailKey = udf((UDF1<String, String>) NameNormalizer::email, DataTypes.StringType);
    NameNormalizer n = nz;
    this.companyDomain =
        udf((UDF1<String, String>) n::companyDomainOfEmail, DataTypes.StringType);
    this.personal = udf((UDF1<String, Boolean>) n::isPersonalEmail, DataTypes.BooleanType);
    this.domain = udf((UDF1<String, String>) NameNormalizer::domain, DataTypes.StringType);
    this.typedDomain =
        udf((UDF1<String, String>) NameNormalizer::typedDomain, DataTypes.StringType);
    this.country = udf((UDF1<String, String>) Countries::code, DataTypes.StringType);
  }

  public NameNormalizer normalizer() {
    return nz;
  }

  /** The normalised e-mail key of an address column: {@code lower(trim(email))}, or null. */
  public Column emailKey(Column email) {
    return emailKey.apply(email);
  }

  /**
   * Which source identity each node stands for, with the dates of its records.
   *
   * @param bronze bronze tables by name ({@link #TABLES}); a missing one contributes nothing
   * @return node, source, entity, source_key, first_seen, last_seen (one row per identity)
   */
  public Dataset<Row> members(Map<String, Dataset<Row>> bronze) {
    List<Dataset<Row>> parts = new ArrayList<>();
    Column account = col("account_id");
    add(parts, bronze, "sales_accounts", ACCOUNT, account, "sales", "accounts", col("created_date"));
    add(parts, bronze, "sales_orders", ACCOUNT, account, "sales", "accounts", col("order_date"));
    add(parts, bronze, "sales_subscriptions", ACCOUNT, account, "sales", "accounts",
        col("start_date"));
    add(parts, bronze, "sales_seat_usage", ACCOUNT, account, "sales", "accounts",
        col("usage_date"));
    add(parts, bronze, "sales_activities", ACCOUNT, account, "sales", "accounts",
        col("activity_date"));
    Column billing = col("billing_account");
    add(parts, bronze, "finance_invoices", BILLING, billing, "finance", "billing_accounts",
        col("issue_date"));
    add(parts, bronze, "finance_payments", BILLING, billing, "finance", "billing_accounts",
        col("paid_date"));
    add(parts, bronze, "finance_credit_notes", BILLING, billing, "finance", "billing_accounts",
        col("issue_date"));
    Column lead = col("lead_id");
    add(parts, bronze, "marketing_leads", LEAD, lead, "marketing", "leads", col("created_date"));
    add(parts, bronze, "marketing_touches", LEAD, lead, "marketing", "leads",
        to_date(col("touch_time")));
    add(parts, bronze, "support_tickets", EMAIL, emailKey(col("requester_email")), "support",
        "requesters", to_date(col("opened_at")));
    add(parts, bronze, "support_returns", EMAIL, emailKey(col("requester_email")), "support",
        "requesters", col("return_date"));
    add(parts, bronze, "support_surveys", EMAIL, emailKey(col("respondent_email")), "support",
        "respondents", col("responded_date"));
    add(parts, bronze, "sales_activities", EMAIL, emailKey(col("contact_email")), "sales",
        "contacts", col("activity_date"));
    return union(parts)
        .groupBy("node", "source", "entity", "source_key")
        .agg(min("event_date").as("first_seen"), max("event_date").as("last_seen"));
  }

  /**
   * The links the records state. {@code strong} edges join clusters outright; the others
   * (a webmail address of a contact or bill-to, a domain typed in a company field) are
   * evidence that may attach one cluster without a domain to one customer, never bridge two.
   *
   * @return a, b, rule, strong (distinct)
   */
  public Dataset<Row> edges(Map<String, Dataset<Row>> bronze) {
    List<Dataset<Row>> parts = new ArrayList<>();
    if (bronze.containsKey("sales_accounts")) {
      parts.add(edge(bronze.get("sales_accounts"), node(ACCOUNT, col("account_id")),
          node(DOMAIN, domain.apply(col("domain"))), "crm_domain", lit(true)));
    }
    if (bronze.containsKey("marketing_leads")) {
      Dataset<Row> leads = bronze.get("marketing_leads");
      parts.add(edge(leads, node(LEAD, col("lead_id")), node(EMAIL, emailKey(col("email"))),
          "lead_email", lit(true)));
      parts.add(edge(leads, node(LEAD, col("lead_id")),
          node(DOMAIN, typedDomain.apply(col("company"))), "typed_domain", lit(false)));
    }
    if (bronze.containsKey("finance_invoices")) {
      parts.add(edge(bronze.get("finance_invoices"), node(BILLING, col("billing_account")),
          node(EMAIL, emailKey(col("bill_to_email"))), "bill_to_email",
          personal.apply(col("bill_to_email")).equalTo(false)));
    }
    if (bronze.containsKey("sales_activities")) {
      parts.add(edge(bronze.get("sales_activities"), node(ACCOUNT, col("account_id")),
          node(EMAIL, emailKey(col("contact_email"))), "activity_contact",
          personal.apply(col("contact_email")).equalTo(false)));
    }
    for (String t : List.of("support_tickets", "support_returns")) {
      if (bronze.containsKey(t)) {
        parts.add(edge(bronze.get(t), node(EMAIL, emailKey(col("requester_email"))),
            node(DOMAIN, typedDomain.apply(col("company"))), "typed_domain", lit(false)));
      }
    }
    // Every address with a company domain belongs to that domain.
    List<Dataset<Row>> addresses = new ArrayList<>();
    addresses(addresses, bronze, "marketing_leads", "email");
    addresses(addresses, bronze, "marketing_touches", "email");
    addresses(addresses, bronze, "support_tickets", "requester_email");
    addresses(addresses, bronze, "support_returns", "requester_email");
    addresses(addresses, bronze, "support_surveys", "respondent_email");
    addresses(addresses, bronze, "sales_activities", "contact_email");
    addresses(addresses, bronze, "finance_invoices", "bill_to_email");
    if (!addresses.isEmpty()) {
      Dataset<Row> all = union(addresses).distinct();
      parts.add(edge(all, node(EMAIL, emailKey(col("address"))),
          node(DOMAIN, companyDomain.apply(col("address"))), "email_domain", lit(true)));
    }
    return union(parts).distinct();
  }

  /**
   * Company names as each node's records type them, normalised, with the country they give.
   *
   * @return node, name (normalised), raw_name, country (alpha-2 or null); distinct
   */
  public Dataset<Row> names(Map<String, Dataset<Row>> bronze) {
    UserDefinedFunction norm = udf((UDF1<String, String>) nz::name, DataTypes.StringType);
    List<Dataset<Row>> parts = new ArrayList<>();
    name(parts, bronze, "sales_accounts", node(ACCOUNT, col("account_id")), col("company_name"),
        country.apply(col("country")));
    name(parts, bronze, "finance_invoices", node(BILLING, col("billing_account")),
        col("bill_to_name"), lit(null).cast("string"));
    name(parts, bronze, "marketing_leads", node(LEAD, col("lead_id")), col("company"),
        country.apply(col("country")));
    for (String t : List.of("support_tickets", "support_returns")) {
      name(parts, bronze, t, node(EMAIL, emailKey(col("requester_email"))), col("company"),
          lit(null).cast("string"));
    }
    // Distinct first: an invoice repeats its bill-to name every month, and normalising is
    // the costly part.
    return union(parts)
        .where(col("node").isNotNull().and(col("raw_name").isNotNull()))
        .distinct()
        .where(typedDomain.apply(col("raw_name")).isNull())
        .withColumn("name", norm.apply(col("raw_name")))
        .where(col("name").isNotNull())
        .select("node", "name", "raw_name", "country");
  }

  private static Column node(String prefix, Column key) {
    return concat(lit(prefix), key);
  }

  private static void add(List<Dataset<Row>> parts, Map<String, Dataset<Row>> bronze,
      String table, String prefix, Column key, String source, String entity, Column date) {
    if (!bronze.containsKey(table)) {
      return;
    }
    parts.add(bronze.get(table)
        .select(key.as("source_key"), date.as("event_date"))
        .where(col("source_key").isNotNull())
        .select(node(prefix, col("source_key")).as("node"), lit(source).as("source"),
            lit(entity).as("entity"), col("source_key"), col("event_date")));
  }

  private static Dataset<Row> edge(Dataset<Row> rows, Column a, Column b, String rule,
      Column strong) {
    return rows.select(a.as("a"), b.as("b"), lit(rule).as("rule"), strong.as("strong"))
        .where(col("a").isNotNull().and(col("b").isNotNull()).and(col("strong").isNotNull()));
  }

  private static void addresses(List<Dataset<Row>> parts, Map<String, Dataset<Row>> bronze,
      String table, String column) {
    if (bronze.containsKey(table)) {
      parts.add(bronze.get(table).select(col(column).as("address"))
          .where(col("address").isNotNull()));
    }
  }

  private static void name(List<Dataset<Row>> parts, Map<String, Dataset<Row>> bronze,
      String table, Column node, Column raw, Column country) {
    if (bronze.containsKey(table)) {
      parts.add(bronze.get(table).select(node.as("node"), raw.as("raw_name"),
          country.as("country")));
    }
  }

  private static Dataset<Row> union(List<Dataset<Row>> parts) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("no bronze table to read identities from");
    }
    Dataset<Row> all = parts.get(0);
    for (int i = 1; i < parts.size(); i++) {
      all = all.unionByName(parts.get(i));
    }
    return all;
  }
}
