package brightstar.io;

import brightstar.customer360.Customer360Columns;
import brightstar.customer360.ValueConcentration;
import brightstar.features.FeatureColumns;
import brightstar.interventions.Interventions;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * The catalogue: every silver and gold table declared once, with a meaning and a unit per
 * column. {@link TableWriter} refuses to write a declared table with other columns or types,
 * writes the comments into the Delta schema, and docs/tables.md is generated from here
 * ({@link TablesDoc}). Bronze tables are declared by the source contracts (conf/sources/).
 *
 * <p>Changing a declaration is a deliberate schema change of a table BI users read: change the
 * job, the declaration and (by regenerating) docs/tables.md in one commit.
 */
public final class Tables {
  private Tables() {}

  static final DataType STRING = DataTypes.StringType;
  static final DataType INT = DataTypes.IntegerType;
  static final DataType LONG = DataTypes.LongType;
  static final DataType DOUBLE = DataTypes.DoubleType;
  static final DataType DATE = DataTypes.DateType;
  static final DataType TIMESTAMP = DataTypes.TimestampType;
  static final DataType MONEY = DataTypes.createDecimalType(18, 2);

  private static final String PII = " Personal data.";

  /** customer_id, the first column of every silver fact. */
  public static final String CUSTOMER_ID = "customer_id";

  /** The bronze lineage every silver fact keeps, after its business and USD columns. */
  public static final List<TableSpec.Column> LINEAGE = List.of(
      new TableSpec.Column("_source_file", STRING, "",
          "the extract file the row was loaded from, relative to the landing root"),
      new TableSpec.Column("_line", INT, "", "the row's 1-based physical line in that file"),
      new TableSpec.Column("_batch_id", STRING, "", "the bronze batch the row was loaded in"));

  private static TableSpec.Builder fact(String name, String what, String source) {
    return TableSpec.of(TableId.silver(name),
            what + " One row per business key (the latest delivery wins), from `bronze."
                + source + "_" + name + "`; written by `unify`.")
        .col(CUSTOMER_ID, STRING, "",
            "the customer (silver.customers); null when the row's identity is not resolved to a"
                + " customer (kept, never dropped)");
  }

  private static String usd(String column) {
    return column + " converted to USD at the configured rate (brightstar.unify.fx-to-usd),"
        + " rounded to cents; null when the currency has no rate";
  }

  // ---------------------------------------------------------------- silver: identity

  public static final TableSpec CUSTOMER_CROSSWALK = TableSpec.of(TableId.silver(
          "customer_crosswalk"),
          "Which customer each source identity belongs to: one row per identity of every silo,"
              + " resolved or not. Written by `unify` ([identity.md](identity.md)); its ids are"
              + " stable from run to run. Facts find their customer through it: orders,"
              + " subscriptions, seat usage and activities by `account_id` (sales/accounts);"
              + " invoices, payments and credit notes by `billing_account`; leads and touches by"
              + " `lead_id`; tickets and returns by `lower(trim(requester_email))`"
              + " (support/requesters); surveys by `lower(trim(respondent_email))`"
              + " (support/respondents).")
      .key("source", STRING, "", "silo the identity comes from: sales, finance, marketing or"
          + " support")
      .key("entity", STRING, "", "kind of identity: accounts (CRM account), billing_accounts,"
          + " leads, requesters (support ticket and return e-mail), respondents (survey"
          + " e-mail), contacts (CRM activity e-mail)")
      .key("source_key", STRING, "", "the identity's key in its silo: account_id,"
          + " billing_account, lead_id, or the e-mail address in lower case")
      .col(CUSTOMER_ID, STRING, "", "the customer it belongs to: C- and 16 hex digits of"
          + " SHA-256 of the customer's earliest anchor (acct:<account_id> or"
          + " bill:<billing_account>); null when it belongs to no known customer (a lead-only"
          + " contact, a prospect, or too little evidence)")
      .col("match_rule", STRING, "", "how it was linked: the deterministic rules joined by +"
          + " (crm_domain, email_domain, lead_email, bill_to_email, activity_contact), a name"
          + " rule (name_exact, name_word, name_fuzzy), typed_domain, new_without_domain (an"
          + " account linked to no other customer), or unresolved")
      .col("match_score", DOUBLE, "score 0-1", "1.0 for deterministic rules, the name"
          + " similarity for name rules; for an unresolved identity its best score below the"
          + " threshold, if any")
      .col("first_seen", DATE, "", "date of the identity's first record")
      .col("last_seen", DATE, "", "date of the identity's last record")
      .build();

  public static final TableSpec CUSTOMER_MATCH_CANDIDATES = TableSpec.of(TableId.silver(
          "customer_match_candidates"),
          "Doubtful pairs for a person to review: an identity without a company domain whose"
              + " best match scored between `review-floor` and `auto-match`, or was ambiguous"
              + " (another customer within `ambiguity-margin`); its best two customers are"
              + " listed. Replaced by each `unify` run.")
      .key("source_a", STRING, "", "kind of the identity not attached: sales, finance,"
          + " marketing, or email (a person known by an e-mail address)")
      .key("entity_a", STRING, "", "accounts, billing_accounts, leads or address")
      .key("key_a", STRING, "", "its key: account_id, billing_account, lead_id or the e-mail"
          + " address")
      .col("name_a", STRING, "", "the company name (or link) as typed on it")
      .key("source_b", STRING, "", "kind of the customer record it resembles: sales, finance"
          + " or web (a domain)")
      .key("entity_b", STRING, "", "accounts, billing_accounts or domain")
      .key("key_b", STRING, "", "its key")
      .col("name_b", STRING, "", "that customer record's name")
      .col("customer_id_b", STRING, "", "the customer it would join")
      .col("score", DOUBLE, "score 0-1", "name similarity after the country penalty (1.0 for"
          + " a stated link)")
      .col("rule", STRING, "", "name_exact, name_word, name_fuzzy, typed_domain,"
          + " activity_contact or bill_to_email")
      .col("run_date", DATE, "", "the unify run that found the pair")
      .build();

  public static final TableSpec CUSTOMER_MERGES = TableSpec.of(TableId.silver(
          "customer_merges"),
          "Customer ids retired because new evidence joined two customers; the older id"
              + " survives. Rows are only ever added (a retired id never comes back). Re-key a"
              + " table that kept an old id with `coalesce(surviving_id, customer_id)`. Written"
              + " by `unify`.")
      .key("merged_id", STRING, "", "the retired customer_id")
      .col("surviving_id", STRING, "", "the customer_id it now belongs to (the one whose"
          + " records go back furthest)")
      .col("run_date", DATE, "", "the unify run that merged them")
      .col("evidence", STRING, "", "the link that joined them")
      .build();

  public static final TableSpec CUSTOMERS = TableSpec.of(TableId.silver("customers"),
          "The golden record: one row per customer of silver.customer_crosswalk, each attribute"
              + " taken from the source that knows it best (survivorship rules:"
              + " [silver.md](silver.md#silvercustomers)). Written by `unify`.")
      .key(CUSTOMER_ID, STRING, "", "the customer (silver.customer_crosswalk)")
      .col("company_name", STRING, "",
          "company name: the spelling most of the customer's CRM accounts and billing accounts"
              + " use")
      .col("domain", STRING, "", "normalised web domain from the CRM, e.g. acme.com")
      .col("industry", STRING, "",
          "canonical industry code from the CRM, e.g. financial_services"
              + " (brightstar.conform.industries)")
      .col("country", STRING, "",
          "ISO 3166 alpha-2 country code from the CRM, else marketing's leads")
      .col("employees", INT, "people", "head count from the CRM")
      .col("founded_year", INT, "year", "year the company was founded, from the CRM")
      .col("first_seen_date", DATE, "",
          "creation date of the earliest CRM account; without one, the first event of any of"
              + " the customer's identities")
      .col("crm_accounts", INT, "accounts", "CRM accounts resolved to this customer")
      .build();

  // ---------------------------------------------------------------- silver: facts

  public static final TableSpec ORDERS = fact("orders", "Sales orders.", "sales")
      .key("order_id", STRING, "", "CRM order number")
      .col("account_id", STRING, "", "CRM account that placed the order")
      .col("order_date", DATE, "", "day of the order")
      .col("product", STRING, "", "product ordered")
      .col("quantity", INT, "units", "units ordered")
      .col("unit_price", MONEY, "currency", "price per unit in the order's currency")
      .col("amount", MONEY, "currency", "order amount in the order's currency")
      .col("currency", STRING, "", "ISO 4217 currency code")
      .col("unit_price_usd", DOUBLE, "USD", usd("unit_price"))
      .col("amount_usd", DOUBLE, "USD", usd("amount"))
      .cols(LINEAGE).build();

  public static final TableSpec INVOICES = fact("invoices", "Invoices of the billing system.",
          "finance")
      .key("invoice_id", STRING, "", "invoice number")
      .col("billing_account", STRING, "", "billing account invoiced")
      .col("bill_to_name", STRING, "", "name the invoice is addressed to." + PII)
      .col("bill_to_email", STRING, "", "e-mail the invoice is sent to." + PII)
      .col("issue_date", DATE, "", "day the invoice was issued")
      .col("due_date", DATE, "", "day payment is due")
      .col("currency", STRING, "", "ISO 4217 currency code")
      .col("gross_amount", MONEY, "currency", "amount before discount")
      .col("discount_amount", MONEY, "currency", "discount granted")
      .col("net_amount", MONEY, "currency", "amount due: gross minus discount")
      .col("gross_amount_usd", DOUBLE, "USD", usd("gross_amount"))
      .col("discount_amount_usd", DOUBLE, "USD", usd("discount_amount"))
      .col("net_amount_usd", DOUBLE, "USD", usd("net_amount"))
      .cols(LINEAGE).build();

  public static final TableSpec PAYMENTS = fact("payments", "Payments received.", "finance")
      .key("payment_id", STRING, "", "payment number")
      .col("invoice_id", STRING, "", "invoice paid")
      .col("billing_account", STRING, "", "billing account that paid")
      .col("paid_date", DATE, "", "day the payment arrived")
      .col("amount", MONEY, "currency", "amount paid")
      .col("currency", STRING, "", "ISO 4217 currency code")
      .col("method", STRING, "", "card, bank_transfer or direct_debit")
      .col("amount_usd", DOUBLE, "USD", usd("amount"))
      .cols(LINEAGE).build();

  public static final TableSpec CREDIT_NOTES = fact("credit_notes", "Credit notes issued.",
          "finance")
      .key("credit_note_id", STRING, "", "credit note number")
      .col("invoice_id", STRING, "", "invoice credited")
      .col("billing_account", STRING, "", "billing account credited")
      .col("issue_date", DATE, "", "day the credit note was issued")
      .col("amount", MONEY, "currency", "amount credited")
      .col("currency", STRING, "", "ISO 4217 currency code")
      .col("reason", STRING, "", "refund, return, goodwill or billing_error")
      .col("amount_usd", DOUBLE, "USD", usd("amount"))
      .cols(LINEAGE).build();

  public static final TableSpec SUBSCRIPTIONS = fact("subscriptions",
          "Subscription terms.", "sales")
      .key("subscription_id", STRING, "", "subscription term number")
      .col("account_id", STRING, "", "CRM account subscribed")
      .col("plan", STRING, "", "starter, team, business or enterprise")
      .col("seats_purchased", INT, "seats", "seats bought for the term")
      .col("start_date", DATE, "", "first day of the term")
      .col("end_date", DATE, "", "last day of the term; null while the term is open")
      .col("monthly_price", MONEY, "currency per month", "price of the term per month")
      .col("currency", STRING, "", "ISO 4217 currency code")
      .col("monthly_price_usd", DOUBLE, "USD per month", usd("monthly_price"))
      .cols(LINEAGE).build();

  public static final TableSpec SEAT_USAGE = TableSpec.of(TableId.silver("seat_usage"),
          "Weekly seat-usage snapshots of subscriptions. One row per subscription_id and"
              + " usage_date (the latest delivery wins), from `bronze.sales_seat_usage`; written"
              + " by `unify`.")
      .col(CUSTOMER_ID, STRING, "",
          "the customer (silver.customers); null when the row's identity is not resolved to a"
              + " customer (kept, never dropped)")
      .key("subscription_id", STRING, "", "subscription term")
      .col("account_id", STRING, "", "CRM account of the subscription")
      .key("usage_date", DATE, "", "day of the snapshot (a Monday)")
      .col("seats_active", INT, "seats", "seats in use on that day")
      .cols(LINEAGE).build();

  public static final TableSpec ACTIVITIES = fact("activities",
          "Sales activities logged in the CRM.", "sales")
      .key("activity_id", STRING, "", "activity number")
      .col("account_id", STRING, "", "CRM account the activity was with")
      .col("activity_date", DATE, "", "day of the activity")
      .col("activity_type", STRING, "", "call, meeting, email_reply or referral_given")
      .col("contact_email", STRING, "", "e-mail of the customer's contact." + PII)
      .col("rep", STRING, "", "sales rep who logged it." + PII)
      .cols(LINEAGE).build();

  public static final TableSpec LEADS = fact("leads", "Marketing leads.", "marketing")
      .key("lead_id", STRING, "", "lead number")
      .col("email", STRING, "", "the lead's e-mail as typed." + PII)
      .col("first_name", STRING, "", "first name." + PII)
      .col("last_name", STRING, "", "last name." + PII)
      .col("company", STRING, "", "company name as typed into the form")
      .col("job_title", STRING, "", "job title as typed")
      .col("country", STRING, "", "country as typed (code or name; see silver.customers)")
      .col("created_date", DATE, "", "day the lead was created")
      .col("lead_source", STRING, "", "web, event, referral, paid_search or partner")
      .cols(LINEAGE).build();

  public static final TableSpec TOUCHES = fact("touches", "Marketing touches of leads.",
          "marketing")
      .key("touch_id", STRING, "", "touch number")
      .col("lead_id", STRING, "", "lead touched")
      .col("email", STRING, "", "e-mail of the person touched." + PII)
      .col("touch_time", TIMESTAMP, "UTC", "when the touch happened")
      .col("touch_type", STRING, "",
          "email_open, email_click, webinar, user_conference, community_post or app_download")
      .col("campaign", STRING, "", "campaign of the touch")
      .cols(LINEAGE).build();

  public static final TableSpec TICKETS = fact("tickets", "Help-desk tickets.", "support")
      .key("ticket_id", STRING, "", "ticket number")
      .col("requester_email", STRING, "", "e-mail of the requester." + PII)
      .col("company", STRING, "", "company as the requester typed it")
      .col("opened_at", TIMESTAMP, "UTC", "when the ticket was opened")
      .col("closed_at", TIMESTAMP, "UTC", "when it was closed; null while open")
      .col("priority", STRING, "", "low, normal, high or urgent")
      .col("category", STRING, "",
          "onboarding, bug, billing, how_to, complaint or feature_request")
      .col("channel", STRING, "", "email, phone or chat")
      .cols(LINEAGE).build();

  public static final TableSpec SURVEYS = fact("surveys", "Satisfaction survey responses.",
          "support")
      .key("response_id", STRING, "", "response number")
      .col("respondent_email", STRING, "", "e-mail of the respondent." + PII)
      .col("survey_type", STRING, "", "nps or csat")
      .col("score", INT, "points", "NPS 0-10 or CSAT 1-5")
      .col("responded_date", DATE, "", "day of the response")
      .col("comment", STRING, "", "free-text comment; may name people." + PII)
      .cols(LINEAGE).build();

  public static final TableSpec RETURNS = fact("returns", "Product returns.", "support")
      .key("return_id", STRING, "", "return number")
      .col("requester_email", STRING, "", "e-mail of the requester." + PII)
      .col("company", STRING, "", "company as the requester typed it")
      .col("return_date", DATE, "", "day of the return")
      .col("product", STRING, "", "product returned")
      .col("quantity", INT, "units", "units returned")
      .col("amount", MONEY, "currency", "amount refunded in the return's currency")
      .col("currency", STRING, "", "ISO 4217 currency code")
      .col("amount_usd", DOUBLE, "USD", usd("amount"))
      .cols(LINEAGE).build();

  // ---------------------------------------------------------------- gold

  public static final TableSpec CUSTOMER_360 = declared(TableId.gold("customer_360"),
      "One row per customer known on the latest as-of date built: who the best customers are"
          + " (value, profitability after cost to serve, RFM, seats, support and satisfaction,"
          + " engagement, behaviour flags, Pareto, tiers). Written by `customer360 --as-of D`"
          + " when D is the latest date built (an older D goes to the history only); only facts"
          + " dated on or before D count. Settings: `brightstar.customer360`.",
      Customer360Columns.CUSTOMER_360, List.of(CUSTOMER_ID));

  public static final TableSpec CUSTOMER_360_HISTORY = declared(
      TableId.gold("customer_360_history"),
      "gold.customer_360 for every as-of date built, partitioned by `as_of_date`: trends and"
          + " point-in-time training read it. Rebuilding a date replaces only its partition.",
      Customer360Columns.CUSTOMER_360, List.of(CUSTOMER_ID, "as_of_date"));

  public static final TableSpec VALUE_CONCENTRATION = declared(
      TableId.gold("value_concentration"),
      "Does 80/20 hold for us: per as-of date, the whole population (`segment = 'all'`) and"
          + " each tier. `bin/brightstar report --as-of D` prints it.",
      ValueConcentration.COLUMNS, List.of("as_of_date", "segment"));

  public static final TableSpec CUSTOMER_FEATURES = declared(
      TableId.gold("customer_features"),
      "Point-in-time training rows, partitioned by `snapshot_date`: one row per snapshot (every"
          + " `brightstar.features.every-months`-th month end, default every month end, from"
          + " `brightstar.features.start` to the as-of date) and customer with a"
          + " first purchase on or before it. The features are the gold.customer_360 columns as"
          + " of the snapshot (\"the as-of date\" in their meanings is `snapshot_date`), so"
          + " they see facts dated on or before it only; the firmographics (industry, country,"
          + " employees, founded_year) are the current golden record. The labels come from the"
          + " months after the snapshot and are null until `labels_as_of` has seen the whole"
          + " window. Written by `features --as-of D` in one Delta commit, replacing the"
          + " partitions of the snapshots it built (in passes of"
          + " `brightstar.features.snapshots-per-pass`)."
          + " Settings: `brightstar.features`.",
      FeatureColumns.COLUMNS, List.of("snapshot_date", CUSTOMER_ID));

  /** A table whose columns its stage lists as name, SQL type, unit and meaning. */
  private static TableSpec declared(TableId id, String summary,
      List<Customer360Columns.Spec> specs, List<String> keys) {
    TableSpec.Builder b = TableSpec.of(id, summary);
    for (Customer360Columns.Spec s : specs) {
      DataType type = DataType.fromDDL(s.type());
      if (keys.contains(s.name())) {
        b.key(s.name(), type, s.unit(), s.meaning());
      } else {
        b.col(s.name(), type, s.unit(), s.meaning());
      }
    }
    return b.build();
  }

  public static final TableSpec CLV = TableSpec.of(TableId.gold("clv"),
          "Customer lifetime value as of a date: one row per customer with a purchase on or"
              + " before the date. Built by `clv --as-of D` from silver.orders; one slice per"
              + " as-of date (a rerun replaces that date's slice). How it is computed:"
              + " [clv-maths.md](clv-maths.md).\n\n"
              + "Allowable retention spend: clv_12m is discounted expected *revenue*; multiplied"
              + " by `brightstar.clv.margin` (the share of revenue that is profit, 0.3 by"
              + " default) it is the discounted expected *profit* of the customer over the"
              + " horizon. Spending up to that amount on keeping the customer for the horizon"
              + " breaks even if it keeps them; spending more loses money even when it works."
              + " It is a ceiling, not a budget.\n\n"
              + "Profit after cost to serve: clv_profit_12m replaces that flat share with the"
              + " customer's own figures of the last 12 months (gold.customer_360's"
              + " profitability, computed from silver by the same code): the shares of what"
              + " they were billed that was left as margin and that was lost to late payment"
              + " and bad debt, applied to clv_12m, and their support cost per month, over the"
              + " months they are expected to stay"
              + " ([clv-maths.md](clv-maths.md#profit-after-cost-to-serve)). It is negative for"
              + " a customer expected to cost more than the margin they bring.")
      .key(CUSTOMER_ID, STRING, "", "see silver.customers")
      .col("first_purchase_date", DATE, "", "day of the first order")
      .col("frequency", INT, "purchases", "repeat purchase days: days with an order, minus the"
          + " first")
      .col("recency", DOUBLE, "periods",
          "first to last purchase day (`period` says days or weeks)")
      .col("T", DOUBLE, "periods", "first purchase day to the as-of date")
      .col("period", STRING, "", "`week` or `day` (`brightstar.clv.period`)")
      .col("monetary", DOUBLE, "USD",
          "mean value of the repeat purchase days whose value is known (0 without)")
      .col("monetary_days", INT, "purchases",
          "repeat purchase days with a known value (orders without a USD amount have none)")
      .col("p_alive", DOUBLE, "probability",
          "probability that the customer is still active on the as-of date")
      .col("expected_purchases_12m", DOUBLE, "purchases",
          "expected purchase days in the next `horizon_months`")
      .col("expected_avg_value", DOUBLE, "USD",
          "expected value per future purchase (Gamma-Gamma; the population mean for customers"
              + " without a valued repeat purchase)")
      .col("clv_orders_12m", DOUBLE, "USD", "expected order revenue over the next"
          + " `horizon_months` (BG/NBD or Pareto/NBD with Gamma-Gamma), each month discounted at"
          + " `brightstar.clv.monthly-discount-rate`")
      .col("subscription_monthly_value_usd", DOUBLE, "USD/month", "current monthly value of"
          + " the customer's open subscription contracts (0 without)")
      .col("p_renew", DOUBLE, "probability", "probability that the open contracts renew at"
          + " their next renewal (sBG per term length; mean weighted by monthly value; null"
          + " without a contract or a fit for its term length)")
      .col("subscription_residual_value", DOUBLE, "USD", "the rest of the current terms plus"
          + " every expected renewal at the current contract value, discounted (DERL, see"
          + " clv-maths.md)")
      .col("clv_subscription_12m", DOUBLE, "USD", "expected subscription revenue over the"
          + " next `horizon_months`, discounted like clv_orders_12m")
      .col("clv_12m", DOUBLE, "USD", "clv_orders_12m + clv_subscription_12m: expected revenue"
          + " over the next `horizon_months`, discounted")
      .col("clv_12m_low", DOUBLE, "USD", "lower end of the 90% interval of clv_12m for the"
          + " uncertainty of the fitted parameters (delta method, log-normal; null when a fit"
          + " has no covariance)")
      .col("clv_12m_high", DOUBLE, "USD", "upper end of that 90% interval")
      .col("clv_gross_margin_12m", DOUBLE, "USD", "clv_12m x the customer's margin share of"
          + " the last 12 months, gross_margin_12m / gross_revenue_12m (what is left of each"
          + " billed dollar after discounts, refunds, returns and cost of sales per product"
          + " line; floored at -1; the population's share for a customer billed nothing in"
          + " that time); null without the silver facts")
      .col("clv_cost_to_serve_12m", DOUBLE, "USD", "expected cost to serve over the next"
          + " `horizon_months`, discounted like clv_12m: late-payment and bad-debt cost as the"
          + " share of billing they took in the last 12 months ((late_payment_cost_12m +"
          + " bad_debt_12m) / gross_revenue_12m, the population's for a customer billed nothing)"
          + " x clv_12m, plus support_cost_12m / 12 per month the customer is expected to stay"
          + " (the larger of p_alive x the discounted months of the horizon and the"
          + " subscriptions' discounted expected paid months, clv_subscription_12m /"
          + " subscription_monthly_value_usd); null without the silver facts")
      .col("clv_profit_12m", DOUBLE, "USD", "clv_gross_margin_12m - clv_cost_to_serve_12m:"
          + " expected profit after cost to serve over the next `horizon_months`, discounted;"
          + " negative when the customer is expected to cost more than they bring")
      .col("allowable_retention_spend", DOUBLE, "USD",
          "margin x clv_12m: the most worth spending to keep this customer")
      .col("clv_rank", INT, "", "1 = highest clv_12m (ties by customer_id)")
      .col("clv_tier", STRING, "",
          "tier by clv_rank: A = top 20%, B next 30%, C next 30%, D the rest"
              + " (`brightstar.clv.tiers`)")
      .col("horizon_months", INT, "months",
          "the horizon of clv_12m and expected_purchases_12m (12 by default; the names follow"
              + " the default)")
      .col("model", STRING, "", "`bgnbd+gamma-gamma` or `pareto+gamma-gamma`")
      .col("version", STRING, "", "the as-of date as yyyyMMdd")
      .key("as_of_date", DATE, "", "the date the row describes")
      .build();

  public static final TableSpec CLV_BY_TIER = TableSpec.of(TableId.gold("clv_by_tier"),
          "One row per configured CLV tier and as-of date (a tier without customers has a row"
              + " with 0).")
      .key("as_of_date", DATE, "", "as in gold.clv")
      .key("clv_tier", STRING, "", "A, B, C, D")
      .col("tier_order", INT, "", "1 = most valuable tier")
      .col("customers", LONG, "customers", "customers in the tier")
      .col("share_of_customers", DOUBLE, "share", "customers / all customers")
      .col("min_clv_12m", DOUBLE, "USD", "smallest clv_12m in the tier (null when empty)")
      .col("max_clv_12m", DOUBLE, "USD", "largest clv_12m in the tier (null when empty)")
      .col("mean_clv_12m", DOUBLE, "USD", "mean clv_12m (null when empty)")
      .col("total_clv_12m", DOUBLE, "USD", "sum of clv_12m")
      .col("total_clv_12m_low", DOUBLE, "USD", "lower end of the 90% interval of"
          + " total_clv_12m: the sum of the customers' clv_12m_low (parameter uncertainty moves"
          + " all customers together; null when a customer of the tier has no interval)")
      .col("total_clv_12m_high", DOUBLE, "USD", "upper end: the sum of clv_12m_high")
      .col("total_clv_orders_12m", DOUBLE, "USD", "the order part of total_clv_12m")
      .col("total_clv_subscription_12m", DOUBLE, "USD",
          "the subscription part of total_clv_12m")
      .col("total_clv_profit_12m", DOUBLE, "USD", "sum of clv_profit_12m: the tier's expected"
          + " profit after cost to serve (null when its customers have no clv_profit_12m)")
      .col("negative_clv_profit_customers", LONG, "customers", "customers of the tier whose"
          + " clv_profit_12m is below 0 (null as total_clv_profit_12m)")
      .col("share_of_clv", DOUBLE, "share", "total_clv_12m / total over all tiers")
      .col("mean_p_alive", DOUBLE, "probability", "mean p_alive")
      .col("margin", DOUBLE, "share", "`brightstar.clv.margin` used")
      .col("allowable_retention_spend_per_customer", DOUBLE, "USD",
          "margin x mean_clv_12m: the most worth spending per customer of the tier")
      .col("allowable_retention_spend_total", DOUBLE, "USD", "margin x total_clv_12m")
      .build();

  public static final TableSpec CLV_VALIDATION = TableSpec.of(TableId.gold("clv_validation"),
          "How good the fits are, per as-of date, in two sections. `fit` rows describe a fit:"
              + " `scope = full` is the fit behind gold.clv (history up to the as-of date),"
              + " `scope = calibration` the same purchase model fitted on the history up to"
              + " `calibration_end` = as-of date minus `brightstar.clv.holdout-weeks`."
              + " `holdout` rows compare, per calibration frequency bucket, the repeat purchases"
              + " that the calibration model predicted for the weeks after `calibration_end`"
              + " with those that happened. Without enough history before the holdout (no"
              + " repeat customer by `calibration_end`) there are only the `full` fit rows, and"
              + " the job says so. A fit whose likelihood peaks on a boundary of the parameter"
              + " space (BG/NBD's a -> 0 or b -> infinity: no dropout observed) continues with"
              + " the limiting model: its rows carry that model's name and parameters (`NBD`:"
              + " r, alpha) and a `boundary` row with the meaning in `detail`"
              + " ([clv-maths.md](clv-maths.md#boundary-optima)). A calibration fit that still"
              + " does not converge is tried once more with L2 penalty 0.001 (its `penalty`"
              + " row); if that fails too, the holdout rows are skipped. Subscriptions add rows"
              + " of model `sBG (6-month terms)` and `sBG (12-month terms)`: fit rows (alpha,"
              + " beta) and one `renewals` holdout row per term length comparing observed and"
              + " predicted renewals of the contracts whose term ended in the holdout.")
      .key("as_of_date", DATE, "", "the as-of date of the fits")
      .key("section", STRING, "", "`fit` or `holdout`")
      .key("scope", STRING, "", "`full` or `calibration`")
      .key("model", STRING, "", "`BG/NBD`, `Pareto/NBD`, `NBD` (their no-dropout limit),"
          + " `Gamma-Gamma`, `sBG (L-month terms)`")
      .key("name", STRING, "",
          "fit rows: a parameter (`r`, `alpha`, `a`, `b`, `s`, `beta`, `p`, `q`, `gamma`),"
              + " `log_likelihood`, `customers`, `tuples` (distinct tuples fitted),"
              + " `evaluations`, `penalty` (the L2 penalty used), `converged` (1 or 0: a maximum"
              + " was found, inside the parameter space or on a named boundary), `boundary` (1"
              + " when on a boundary); holdout rows: the bucket `0` .. `6`, `7+` (repeat"
              + " purchases in the calibration period), or `renewals` for sBG")
      .col("value", DOUBLE, "", "fit rows: the estimate or figure named")
      .col("standard_error", DOUBLE, "",
          "fit rows of parameters: asymptotic standard error (null when the information"
              + " matrix is singular)")
      .col("customers", LONG, "customers",
          "fit rows: customers fitted; holdout rows: customers in the bucket (the buckets add"
              + " up to the calibration customers)")
      .col("actual_purchases", DOUBLE, "purchases",
          "holdout rows: repeat purchase days in the holdout, summed over the bucket")
      .col("predicted_purchases", DOUBLE, "purchases",
          "holdout rows: what the calibration model expected, summed over the bucket")
      .col("actual_per_customer", DOUBLE, "purchases",
          "holdout rows: actual_purchases per customer of the bucket")
      .col("predicted_per_customer", DOUBLE, "purchases",
          "holdout rows: predicted_purchases per customer of the bucket")
      .col("calibration_end", DATE, "", "last day the fit saw")
      .col("holdout_end", DATE, "",
          "holdout rows and calibration fits: the as-of date; null for full fits")
      .col("detail", STRING, "", "boundary rows of a fit on a boundary: what it means and"
          + " which model continued, e.g. `no dropout observed: BG/NBD reduces to NBD`; else"
          + " null")
      .build();

  public static final TableSpec MODEL_RUNS = TableSpec.of(TableId.gold("model_runs"),
          "One row per model and version (`train --as-of D`, version = D as `yyyyMMdd`;"
              + " re-training a date replaces its row). Both algorithms are validated on the"
              + " training customers (brightstar.ml.validation: a split or cross-validation,"
              + " by customer); the kept one is evaluated on the held-out snapshot"
              + " against the rule baseline (docs/models.md).")
      .key("model", STRING, "", "`high_value` or `dissatisfaction`")
      .key("version", STRING, "", "model version, e.g. `20241231`")
      .col("trained_at", DATE, "", "the as-of date: the model saw labels observed by then")
      .col("algorithm", STRING, "", "the kept algorithm: `logistic_regression` or"
          + " `gradient_boosted_trees`")
      .col("choice", STRING, "", "why it was kept: both algorithms' validated ROC AUC")
      .col("cv_roc_auc", DOUBLE, "", "the kept algorithm's ROC AUC on the validation fold"
          + " (split) or its mean over the folds (cross-validation)")
      .col("other_algorithm", STRING, "", "the algorithm not kept")
      .col("other_cv_roc_auc", DOUBLE, "", "the other algorithm's, measured the same way")
      .col("train_period", STRING, "", "training snapshots, e.g. `2023-03-31 .. 2023-09-30"
          + " (3 snapshots)`")
      .col("test_snapshot", DATE, "", "the held-out snapshot (the latest labelled one)")
      .col("train_rows", LONG, "rows", "customer-snapshots trained on")
      .col("train_positives", LONG, "rows", "of which positive")
      .col("test_rows", LONG, "customers", "held-out customers (never trained on)")
      .col("test_positives", LONG, "customers", "of which positive")
      .col("roc_auc", DOUBLE, "", "area under the ROC curve on the held-out customers")
      .col("pr_auc", DOUBLE, "", "area under the precision-recall curve (trapezoid, as"
          + " Spark's BinaryClassificationEvaluator)")
      .col("top_decile_lift", DOUBLE, "ratio", "positive rate in the top 10% of scores over"
          + " the overall rate")
      .col("top_decile_capture", DOUBLE, "share", "share of all positives in the top 10%")
      .col("calibration_error", DOUBLE, "probability", "expected calibration error: the mean absolute"
          + " gap between predicted and observed rates over the 10 deciles, weighted by rows")
      .col("baseline", STRING, "", "the rule baseline, e.g. RFM score")
      .col("baseline_roc_auc", DOUBLE, "", "the baseline's ROC AUC on the same customers")
      .col("baseline_pr_auc", DOUBLE, "", "the baseline's PR AUC")
      .col("baseline_top_decile_lift", DOUBLE, "ratio", "the baseline's top-decile lift")
      .col("baseline_calibration_error", DOUBLE, "probability", "the baseline's calibration"
          + " error (the rule score Platt-scaled on the training rows)")
      .col("features", STRING, "", "comma-separated feature columns of"
          + " gold.customer_features")
      .col("feature_importance", STRING, "", "`feature=share;...` of the kept model,"
          + " descending (trees: split gain; logistic regression: absolute standardised"
          + " coefficient), summed over a feature's slots")
      .col("parameters", STRING, "", "the kept model's hyper-parameters and every"
          + " candidate's validated ROC AUC")
      .col("model_path", STRING, "",
          "the saved Spark ML PipelineModel (`<models>/<model>/<version>`; a local folder"
              + " is absolute)")
      .col("report_path", STRING, "", "the report: report.md and PNG charts")
      .build();

  public static final TableSpec CUSTOMER_SCORES = TableSpec.of(TableId.gold("customer_scores"),
          "Model scores per customer, model and scoring date (`score --as-of D`): each"
              + " model's latest version trained on or before D, applied to"
              + " gold.customer_360 as of D.")
      .key(CUSTOMER_ID, STRING, "", "see silver.customers")
      .key("as_of_date", DATE, "", "scoring date; re-scoring a date replaces its rows")
      .key("model", STRING, "", "`high_value` or `dissatisfaction`")
      .col("version", STRING, "", "the model version used (see gold.model_runs)")
      .col("probability", DOUBLE, "probability", "calibrated probability of the outcome in"
          + " its window (high value: top 20% of next-12-month net revenue; dissatisfaction:"
          + " churn, seat cut, complaint or NPS <= 6 in the next 6 months)")
      .col("decile", INT, "1-10", "10 = the 10% most likely customers of the date;"
          + " customers with the same probability share a decile, ties at a cut the higher one")
      .col("reason_1", STRING, "", "the feature that raises this customer's score most"
          + " (logistic-regression contribution)")
      .col("reason_2", STRING, "", "the second")
      .col("reason_3", STRING, "", "the third")
      .col("contribution_1", DOUBLE, "log-odds", "reason_1's contribution against the"
          + " average training customer")
      .col("contribution_2", DOUBLE, "log-odds", "reason_2's contribution")
      .col("contribution_3", DOUBLE, "log-odds", "reason_3's contribution")
      .build();

  public static final TableSpec BEHAVIOUR_INSIGHTS = TableSpec.of(
          TableId.gold("behaviour_insights"),
          "What customers with an outcome did early that others did not: one row per as-of"
              + " date, outcome (`high_value`, `dissatisfaction`) and behaviour flag"
              + " (`brightstar.insights.flags`). Each customer is compared once, at its first"
              + " snapshot of gold.customer_features with at least"
              + " `brightstar.insights.min-tenure-days` of tenure (every early window closed) and"
              + " the outcome label observed by the as-of date. Raw columns compare the outcome"
              + " rate with and without the flag; `adjusted_*` come from one ridge-penalised"
              + " logistic regression (MLlib GeneralizedLinearRegression, binomial, logit, irls)"
              + " on all flags together plus tenure and log head count: a behaviour that only"
              + " travels with others (a marker) has a large lift but an adjusted interval"
              + " around 0. Method: [models.md](models.md#behaviour-insights). Written by"
              + " `insights --as-of D`, which replaces the date's rows of each outcome it"
              + " computes.")
      .key("as_of_date", DATE, "", "labels observed by this date count; partition column")
      .key("outcome", STRING, "", "`high_value` or `dissatisfaction` (label `dissatisfied`)")
      .key("behaviour", STRING, "", "the flag: a boolean column of gold.customer_features, or"
          + " a count column read as at least one (e.g. `returns_first_90d`)")
      .col("adjusted_rank", INT, "", "1 = largest adjusted_effect: pushes the outcome up most;"
          + " null when not estimated")
      .col("reading", STRING, "", "`raises` / `lowers` (adjusted interval above / below 0),"
          + " `association_only` (only the raw difference's interval excludes 0: a marker or a"
          + " driver too weak to separate), `no_evidence`, `not_estimated` (fewer than"
          + " `brightstar.insights.min-customers` customers show the flag, or lack it: raw"
          + " columns only); a reading of intervals, not proof of cause")
      .col("customers", LONG, "customers", "customers compared")
      .col("outcome_rate", DOUBLE, "share", "share of them with the outcome")
      .col("n_with", LONG, "customers", "customers showing the behaviour")
      .col("n_without", LONG, "customers", "customers not showing it (including n_unknown)")
      .col("n_unknown", LONG, "customers", "flag still null at the snapshot used (e.g. no seat"
          + " usage, no NPS answer yet): counted as not shown")
      .col("rate_with", DOUBLE, "share", "outcome rate of n_with (null when 0 customers)")
      .col("rate_without", DOUBLE, "share", "outcome rate of n_without (null when 0)")
      .col("lift", DOUBLE, "ratio", "rate_with / rate_without (null when rate_without is 0)")
      .col("diff", DOUBLE, "share", "rate_with - rate_without")
      .col("diff_low", DOUBLE, "share", "lower end of the confidence interval of diff"
          + " (Newcombe's hybrid score interval from two Wilson intervals)")
      .col("diff_high", DOUBLE, "share", "upper end of that interval")
      .col("adjusted_effect", DOUBLE, "log-odds", "the flag's coefficient in the logistic"
          + " regression on all flags, tenure_years and log(employees): change in log-odds of"
          + " the outcome with the behaviour, the others held equal")
      .col("adjusted_low", DOUBLE, "log-odds", "lower end of its Wald interval (standard error"
          + " from the penalised information matrix)")
      .col("adjusted_high", DOUBLE, "log-odds", "upper end of that interval")
      .col("adjusted_odds_ratio", DOUBLE, "ratio", "exp(adjusted_effect)")
      .col("model_importance", DOUBLE, "", "the feature's importance in the latest"
          + " gold.model_runs version of the outcome's model on or before the as-of date"
          + " (its `feature_importance`); null when there is none")
      .col("model_version", STRING, "", "that model version; null without one")
      .col("first_snapshot", DATE, "", "earliest snapshot_date of the customers compared")
      .col("last_snapshot", DATE, "", "latest snapshot_date of the customers compared")
      .col("confidence", DOUBLE, "share", "level of both intervals"
          + " (`brightstar.insights.confidence`)")
      .build();

  public static final TableSpec PROSPECT_SCORES = TableSpec.of(TableId.gold("prospect_scores"),
          "Look-alike prospects: one row per prospect of bronze.prospects_companies (the latest"
              + " delivery on or before the as-of date) and as-of date, scored by how much its"
              + " firmographics look like the tier-A customers of gold.customer_360 as of that"
              + " date: the tiers of its k nearest customers (`brightstar.lookalike.neighbours`)"
              + " on log head count, log company age, industry and country, with the nearest"
              + " tier-A customers as the explanation and a flag for prospects whose neighbours"
              + " are mostly tier D. Written by `lookalike --as-of D`; re-running a date"
              + " replaces that date's rows. Method and distance:"
              + " [models.md](models.md#look-alike-prospects).")
      .key("prospect_id", STRING, "", "the prospect's id in bronze.prospects_companies")
      .key("as_of_date", DATE, "", "the gold.customer_360 date the prospect is compared with")
      .col("company_name", STRING, "", "company name as delivered")
      .col("industry", STRING, "", "industry code (mapped like silver.customers; null when"
          + " unknown)")
      .col("country", STRING, "", "ISO 3166 alpha-2 country (null when unknown)")
      .col("employees", INT, "people", "head count as delivered (null when unknown)")
      .col("founded_year", INT, "year", "year founded as delivered (null when unknown)")
      .col("p_tier_a", DOUBLE, "share", "share of tier-A customers among the prospect's k"
          + " nearest customers: the look-alike score (tier A is 20% of customers)")
      .col("rank", INT, "", "1 = most like tier A on the date (by p_tier_a, then lower"
          + " p_tier_d, then nearer tier-A customer, then prospect_id)")
      .col("decile", INT, "", "10 = the 10% best-ranked prospects, 1 = the worst")
      .col("nearest_a_customers", STRING, "", "the explanation: the nearest tier-A customers"
          + " as `customer_id:distance`, comma-separated, nearest first"
          + " (`brightstar.lookalike.explain` of them)")
      .col("nearest_a_distance", DOUBLE, "", "distance to the nearest tier-A customer (0 ="
          + " same firmographics; 1 = one standard deviation of log head count apart)")
      .col("p_tier_d", DOUBLE, "share", "share of tier-D customers among the k nearest"
          + " customers")
      .col("resembles_tier_d", DataTypes.BooleanType, "", "p_tier_d reaches"
          + " `brightstar.lookalike.bad-tier-share`: looks like the customers to turn away")
      .col("method", STRING, "", "how the score was made, e.g. `knn(k=25)`")
      .build();

  public static final TableSpec INTERVENTIONS = declared(TableId.gold("interventions"),
      "The day's triggered actions, partitioned by `as_of_date`: one row per customer and rule"
          + " that fired (`interventions --as-of D`). Rules are configuration"
          + " (`brightstar.interventions.rules`): a Spark SQL condition over the customer's"
          + " gold.customer_360 row of the day, the day's scores (gold.customer_scores pivoted"
          + " to p_high_value, high_value_decile, p_dissatisfied, dissatisfaction_decile) and"
          + " open_complaints (complaint tickets open on the day), with action, owner team,"
          + " channel, cool-down and a reason template. A rule does not fire again for a"
          + " customer within its cool-down days; customers in the holdout (a stable hash of"
          + " the customer id, `holdout-share`) get `status = 'holdout'` instead of an action."
          + " Re-running a day replaces its rows. See [models.md](models.md#interventions).",
      Interventions.COLUMNS, List.of("as_of_date", CUSTOMER_ID, "rule"));

  /** Every declared table, in the order docs/tables.md lists them. */
  public static final List<TableSpec> ALL = List.of(
      CUSTOMER_CROSSWALK, CUSTOMER_MATCH_CANDIDATES, CUSTOMER_MERGES, CUSTOMERS,
      ORDERS, INVOICES, PAYMENTS, CREDIT_NOTES, SUBSCRIPTIONS, SEAT_USAGE, ACTIVITIES,
      LEADS, TOUCHES, TICKETS, SURVEYS, RETURNS,
      CUSTOMER_360, CUSTOMER_360_HISTORY, VALUE_CONCENTRATION, CUSTOMER_FEATURES,
      CLV, CLV_BY_TIER, CLV_VALIDATION, MODEL_RUNS, CUSTOMER_SCORES, INTERVENTIONS,
      BEHAVIOUR_INSIGHTS, PROSPECT_SCORES);

  private static final Map<TableId, TableSpec> BY_ID =
      ALL.stream().collect(Collectors.toUnmodifiableMap(TableSpec::id, Function.identity()));

  /** The declaration of a table, or empty for an undeclared one (bronze). */
  public static Optional<TableSpec> find(TableId id) {
    return Optional.ofNullable(BY_ID.get(id));
  }
}
