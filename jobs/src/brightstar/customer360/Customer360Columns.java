package brightstar.customer360;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The columns of gold.customer_360 (and gold.customer_360_history), in table order: name, SQL
 * type, unit and meaning. The meaning and unit become the Delta column comment, and
 * docs/tables.md lists the same columns (a test keeps them in step).
 */
public final class Customer360Columns {
  /** One documented column. */
  public record Spec(String name, String type, String unit, String meaning) {
    /** The column comment: meaning, then the unit in brackets when there is one. */
    public String comment() {
      return unit.isEmpty() ? meaning : meaning + " [" + unit + "]";
    }
  }

  private static Spec c(String name, String type, String unit, String meaning) {
    return new Spec(name, type, unit, meaning);
  }

  public static final List<Spec> CUSTOMER_360 = List.of(
      c("customer_id", "string", "", "customer id from silver.customers"),
      c("company_name", "string", "", "company name of the golden record"),
      c("domain", "string", "", "normalised web domain"),
      c("industry", "string", "", "industry of the golden record"),
      c("country", "string", "", "ISO 3166 alpha-2 country"),
      c("employees", "int", "people", "head count"),
      c("founded_year", "int", "year", "year the company was founded"),
      c("crm_accounts", "int", "accounts", "CRM accounts merged into this customer"),
      c("first_seen_date", "date", "", "first time any silo saw the customer"),
      c("first_purchase_date", "date", "",
          "first order or subscription start; every behaviour window starts here"),
      c("last_purchase_date", "date", "", "latest order or subscription term start"),
      c("tenure_days", "int", "days", "as-of date minus first_purchase_date"),
      c("first_order_date", "date", "", "first order (null without orders)"),
      c("last_order_date", "date", "", "latest order (null without orders)"),
      c("order_count", "int", "orders", "orders up to the as-of date"),
      c("orders_12m", "int", "orders", "orders in the 12 months up to the as-of date"),
      c("order_revenue_usd", "double", "USD", "sum of order amounts up to the as-of date"),
      c("avg_order_value_usd", "double", "USD", "order_revenue_usd / order_count"),
      c("days_since_last_order", "int", "days", "as-of date minus last_order_date"),
      c("revenue_usd", "double", "USD",
          "net invoiced minus all credit notes, up to the as-of date"),
      c("revenue_12m", "double", "USD",
          "net invoiced (net_amount_usd) - credits_refunds_12m - returns_credited_12m, last 12"
              + " months"),
      c("gross_revenue_12m", "double", "USD",
          "invoiced before discounts (subscriptions and orders), last 12 months"),
      c("discounts_12m", "double", "USD", "invoice discounts, last 12 months"),
      c("credits_refunds_12m", "double", "USD",
          "credit notes for refunds, goodwill and billing errors, last 12 months"),
      c("returns_credited_12m", "double", "USD",
          "credit notes for returned goods, last 12 months"),
      c("cost_of_sales_12m", "double", "USD",
          "gross sales per product line x (1 - its margin in conf), last 12 months"),
      c("gross_margin_12m", "double", "USD", "revenue_12m - cost_of_sales_12m"),
      c("support_tickets_12m", "int", "tickets", "tickets opened in the last 12 months"),
      c("support_cost_12m", "double", "USD",
          "tickets of the last 12 months x cost per ticket of their priority (conf)"),
      c("invoices_due_12m", "int", "invoices",
          "invoices issued in the last 12 months and due by the as-of date"),
      c("invoices_paid_late_12m", "int", "invoices",
          "of those, paid in full after the due date or still unpaid past it"),
      c("late_invoice_share_12m", "double", "share",
          "invoices_paid_late_12m / invoices_due_12m (null without invoices due)"),
      c("avg_days_late_12m", "double", "days",
          "mean days past due of the late invoices (unpaid: up to the as-of date)"),
      c("late_payment_cost_12m", "double", "USD",
          "financing cost of late money: days late x amount x yearly rate (conf) / 365"),
      c("bad_debt_12m", "double", "USD",
          "unpaid amounts more than bad-debt-after-days (conf) past due, last 12 months"),
      c("overdue_usd", "double", "USD", "unpaid amounts past their due date on the as-of date"),
      c("profit_12m", "double", "USD",
          "gross_margin_12m - support_cost_12m - late_payment_cost_12m - bad_debt_12m;"
              + " negative when the customer loses money"),
      c("recency_days", "int", "days", "RFM recency: days since the last order"),
      c("frequency_12m", "int", "orders", "RFM frequency: orders in the last 12 months"),
      c("monetary_12m", "double", "USD", "RFM monetary: revenue_12m"),
      c("r_score", "int", "1-5", "recency quintile (5 = most recent; null without orders)"),
      c("f_score", "int", "1-5", "frequency quintile (5 = most orders)"),
      c("m_score", "int", "1-5", "monetary quintile (5 = most revenue)"),
      c("rfm_segment", "string", "", "r, f and m scores as digits, e.g. 545 (0 for no r)"),
      c("seats_purchased", "int", "seats",
          "seats of the subscription terms open on the as-of date"),
      c("seats_active", "int", "seats", "seats in use in the latest snapshot of those terms"),
      c("seat_utilisation", "double", "share", "seats_active / seats_purchased"),
      c("peak_seats_active_12m", "int", "seats",
          "most seats in use in one subscription's snapshot of the last 12 months"),
      c("seats_active_vs_peak_12m", "double", "share",
          "seats_active / peak_seats_active_12m: falls when a customer stops using the product"),
      c("seats_active_90d_ago", "int", "seats",
          "seats in use in the customer's latest usage snapshot 90 days to 12 months before"),
      c("seats_active_trend_90d", "double", "share",
          "seats_active / seats_active_90d_ago: under 1 when use is fading"),
      c("days_to_term_end", "int", "days",
          "days from the as-of date to the end of the earliest open subscription term; null"
              + " without an open term or when its end is not given"),
      c("seats_change_last_renewal", "int", "seats",
          "seats of the latest term minus the term before (null before a renewal)"),
      c("tickets_90d", "int", "tickets", "tickets opened in the last recent-days (conf, 90)"),
      c("complaints_90d", "int", "tickets", "complaint tickets in the last recent-days (conf, 90)"),
      c("complaints_12m", "int", "tickets", "complaint tickets in the last 12 months"),
      c("open_tickets", "int", "tickets", "tickets open on the as-of date"),
      c("last_nps", "int", "0-10", "latest NPS answer"),
      c("last_nps_date", "date", "", "date of the latest NPS answer"),
      c("nps_class", "string", "", "promoter (9-10), passive (7-8), detractor (0-6) of last_nps"),
      c("nps_answers_12m", "int", "answers", "NPS answers in the last 12 months"),
      c("detractor_answers_12m", "int", "answers",
          "NPS answers of 0-6 in the last 12 months"),
      c("min_nps_12m", "int", "0-10", "lowest NPS answer in the last 12 months"),
      c("last_csat", "int", "1-5", "latest CSAT answer"),
      c("csat_answers_12m", "int", "answers", "CSAT answers in the last 12 months"),
      c("low_csat_12m", "int", "answers",
          "CSAT answers of 1-2 (unsatisfied; 3 is neutral, 4-5 satisfied) in the last 12 months"),
      c("returns_12m", "int", "returns", "product returns in the last 12 months"),
      c("webinars_12m", "int", "touches", "webinars attended, last 12 months"),
      c("user_conferences_12m", "int", "touches", "user conferences attended, last 12 months"),
      c("community_posts_12m", "int", "touches", "community posts, last 12 months"),
      c("app_downloaded", "boolean", "", "downloaded the app by the as-of date"),
      c("campaign_touches_12m", "int", "touches", "all marketing touches, last 12 months"),
      c("first_touch_channel", "string", "",
          "lead_source of the customer's first lead (web, event, referral, paid_search, partner)"),
      c("touches_before_first_purchase", "int", "touches",
          "marketing touches before first_purchase_date"),
      c("days_first_contact_to_purchase", "int", "days",
          "first lead or touch to first_purchase_date"),
      c("care_communicative", "double", "points",
          "CARE: e-mail replies in the last 12 months, 0-25 (cap in conf)"),
      c("care_active", "double", "points", "CARE: meetings in the last 12 months, 0-25"),
      c("care_responsive", "double", "points", "CARE: calls in the last 12 months, 0-25"),
      c("care_engaged", "double", "points", "CARE: referrals given since the first purchase, 0-25"),
      c("care_score", "double", "points", "sum of the four CARE parts, 0-100"),
      c("second_purchase_within_90d", "boolean", "",
          "an order on days 1-90 after the first purchase; null while the window is open"),
      c("seats_used_ratio_60d", "double", "share",
          "peak seats_active / seats_purchased on days 0-60; null while open or without usage"),
      c("all_seats_used_60d", "boolean", "",
          "seats_used_ratio_60d >= seats-used-ratio (conf, 0.8)"),
      c("webinars_first_year", "int", "touches", "webinars on days 0-365; null while open"),
      c("three_webinars_first_year", "boolean", "", "webinars_first_year >= 3 (conf)"),
      c("webinar_within_90d", "boolean", "", "a webinar on days 0-90; null while open"),
      c("attended_user_conference_first_year", "boolean", "",
          "a user conference on days 0-365; null while open"),
      c("user_conference_within_90d", "boolean", "",
          "a user conference on days 0-90; null while open"),
      c("community_active_first_6m", "boolean", "",
          "community posts on days 0-182 reach community-posts-active (conf); null while open"),
      c("app_downloaded_60d", "boolean", "", "app download on days 0-60; null while open"),
      c("app_downloaded_within_90d", "boolean", "", "app download on days 0-90; null while open"),
      c("referral_given", "boolean", "",
          "gave a referral since the first purchase (null without a purchase)"),
      c("support_tickets_first_90d", "int", "tickets",
          "tickets opened on days 0-90; null while open"),
      c("many_support_tickets_first_90d", "boolean", "",
          "support_tickets_first_90d >= many-tickets (conf, 4)"),
      c("onboarding_unfinished", "boolean", "",
          "an onboarding ticket opened on days 0-30 is still open; null while open"),
      c("returns_first_90d", "int", "returns", "product returns on days 0-90; null while open"),
      c("shrinking_seats", "boolean", "",
          "a renewal term with fewer seats than the term before; null before any renewal"),
      c("low_nps", "boolean", "",
          "the first NPS answer after the first purchase is 0-6; null before one"),
      c("clv_12m", "double", "USD", "12-month CLV from gold.clv of the same as-of date"),
      c("p_alive", "double", "probability", "probability still active, from gold.clv"),
      c("p_high_value", "double", "probability", "probability of being in the top 20% of"
          + " next-12-month net revenue, from gold.customer_scores (null until score ran for"
          + " the date)"),
      c("p_dissatisfied", "double", "probability", "probability of churn, a seat cut, a"
          + " complaint or an NPS <= 6 in the next 6 months, from gold.customer_scores (null"
          + " until score ran for the date)"),
      c("pareto_value", "double", "USD",
          "the value customers are ranked by: pareto.value (conf, revenue_12m)"),
      c("value_rank", "int", "", "1 = highest pareto_value; ties share a rank"),
      c("revenue_share_12m", "double", "share", "revenue_12m / all customers' revenue_12m"),
      c("profit_share_12m", "double", "share", "profit_12m / all customers' profit_12m"),
      c("cumulative_revenue_share", "double", "share",
          "revenue share of this customer and all ranked above (ties together)"),
      c("cumulative_profit_share", "double", "share",
          "profit share of this customer and all ranked above (ties together)"),
      c("top20_by_value", "boolean", "",
          "value_rank within the top pareto.top-share (conf, 20%) of customers and value > 0"),
      c("tier_value_points", "double", "points",
          "tier criterion value: weight x percentile of pareto_value x 100"),
      c("tier_profitability_points", "double", "points",
          "weight x percentile of profit_12m (0 if not positive) x 100"),
      c("tier_loyalty_points", "double", "points",
          "weight x min(tenure_days / loyalty-full-days, 1) x 100"),
      c("tier_advocacy_points", "double", "points",
          "weight x mean(NPS class score, referral given) x 100"),
      c("tier_score", "double", "points", "sum of the four tier points, 0-100"),
      c("tier", "string", "", "A, B, C or D from tier_score and the cut-offs in conf"),
      c("as_of_date", "date", "", "the date the row describes; only facts up to it count"));

  /** Columns the score job fills in after the build (null until then). */
  public static final java.util.Set<String> SCORED_LATER = java.util.Set.of("p_high_value",
      "p_dissatisfied");

  private Customer360Columns() {}

  /** The rows in table order, cast to the declared types, each column with its comment. */
  public static Dataset<Row> select(Dataset<Row> rows, List<Spec> specs) {
    Column[] cols = new Column[specs.size()];
    java.util.Set<String> present = java.util.Set.of(rows.columns());
    for (int i = 0; i < cols.length; i++) {
      Spec s = specs.get(i);
      Column value = SCORED_LATER.contains(s.name()) && !present.contains(s.name())
          ? org.apache.spark.sql.functions.lit(null) : col(s.name());
      cols[i] = value.cast(s.type()).as(s.name(), comment(s));
    }
    return rows.select(cols);
  }

  /** The declared schema (for an empty table or a check). */
  public static StructType schema(List<Spec> specs) {
    StructType t = new StructType();
    for (Spec s : specs) {
      t = t.add(new StructField(s.name(),
          org.apache.spark.sql.types.DataType.fromDDL(s.type()), true, comment(s)));
    }
    return t;
  }

  private static Metadata comment(Spec s) {
    return new MetadataBuilder().putString("comment", s.comment()).build();
  }
}
