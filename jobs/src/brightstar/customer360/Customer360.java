package brightstar.customer360;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.ceil;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.percent_rank;
import static org.apache.spark.sql.functions.rank;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import brightstar.customer360.Customer360Settings.Tier;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * gold.customer_360: one row per customer known on the as-of date (silver.customers with
 * {@code first_seen_date <= D}), every figure computed from facts dated on or before D only,
 * so any past date can be rebuilt exactly. Columns, units and meanings:
 * {@link Customer360Columns#CUSTOMER_360} and docs/tables.md.
 *
 * <p>Behaviour windows count days after the first purchase (order or subscription start,
 * day 0). A window that has not closed on D gives null, never false: a customer acquired last
 * week has not "not bought twice in 90 days" yet.
 */
public final class Customer360 {
  static final String ID = "customer_id";
  private static final String D0 = "first_purchase_date";
  private static final String[] BY_ID = {ID};

  private Customer360() {}

  /**
   * @param facts the silver inputs (and gold.clv's slice of D when built)
   * @return the gold.customer_360 rows of D, in {@link Customer360Columns#CUSTOMER_360} order
   */
  public static Dataset<Row> build(SilverFacts facts, Customer360Settings s, LocalDate asOf) {
    Dataset<Row> wide = profile(facts, s, asOf);
    Dataset<Row> withClv = facts.clv()
        .map(c -> wide.join(c.select(col(ID), col("clv_12m").cast("double").as("clv_12m"),
            col("p_alive").cast("double").as("p_alive")), BY_ID, "left"))
        .orElseGet(() -> wide.withColumn("clv_12m", lit(null).cast("double"))
            .withColumn("p_alive", lit(null).cast("double")));
    Dataset<Row> ranked = tiers(pareto(rfm(withClv), s), s);
    return Customer360Columns.select(ranked.withColumn("as_of_date", lit(asOf)),
        Customer360Columns.CUSTOMER_360);
  }

  /** Every per-customer figure (before the population-wide ranks), one row per customer. */
  static Dataset<Row> profile(SilverFacts f, Customer360Settings s, LocalDate asOf) {
    Column d = lit(asOf);
    Dataset<Row> base = f.customers()
        .where(col(ID).isNotNull().and(col("first_seen_date").leq(d)))
        .dropDuplicates(BY_ID)
        .select(ID, "company_name", "domain", "industry", "country", "employees",
            "founded_year", "crm_accounts", "first_seen_date");

    Dataset<Row> orders = known(f.orders(), col("order_date"), asOf)
        .select(col(ID), col("order_id"), col("order_date").as("day"), col("product"),
            col("amount_usd").cast("double").as("amount_usd"));
    Dataset<Row> subs = known(f.subscriptions(), col("start_date"), asOf)
        .select(col(ID), col("subscription_id"), col("seats_purchased").cast("int")
            .as("seats_purchased"), col("start_date"), col("end_date"));
    Dataset<Row> purchases = orders.select(col(ID), col("day"))
        .union(subs.select(col(ID), col("start_date").as("day")))
        .groupBy(ID)
        .agg(min("day").as(D0), max("day").as("last_purchase_date"));
    Dataset<Row> firsts = purchases.select(ID, D0);

    Dataset<Row> wide = base
        .join(purchases, BY_ID, "left")
        .join(orderFigures(orders, s, asOf), BY_ID, "left")
        .join(money(f, s, asOf), BY_ID, "left")
        .join(seats(f, subs, asOf), BY_ID, "left")
        .join(support(f, s, asOf), BY_ID, "left")
        .join(marketing(f, firsts, asOf), BY_ID, "left")
        .join(care(f, firsts, s, asOf), BY_ID, "left")
        .join(behaviours(f, orders, subs, firsts, s, asOf), BY_ID, "left");

    wide = zeroFill(wide, "int", "order_count", "orders_12m", "support_tickets_12m",
        "invoices_due_12m", "invoices_paid_late_12m", "tickets_90d", "complaints_90d",
        "open_tickets", "returns_12m", "webinars_12m", "user_conferences_12m",
        "community_posts_12m", "campaign_touches_12m", "touches_before_first_purchase",
        "seats_purchased", "seats_active");
    wide = zeroFill(wide, "double", "order_revenue_usd", "order_revenue_12m",
        "order_cost_12m", "net_invoiced_usd", "gross_revenue_12m", "discounts_12m",
        "net_invoiced_12m", "credited_usd", "credits_refunds_12m", "returns_credited_12m",
        "support_cost_12m", "late_payment_cost_12m", "bad_debt_12m", "overdue_usd",
        "care_communicative", "care_active", "care_responsive", "care_engaged");

    double subscriptionCost = 1 - s.margin("subscription");
    Column subscriptionGross =
        greatest(lit(0.0), col("gross_revenue_12m").minus(col("order_revenue_12m")));
    Column revenue12 = col("net_invoiced_12m").minus(col("credits_refunds_12m"))
        .minus(col("returns_credited_12m"));
    Column costOfSales = col("order_cost_12m").plus(subscriptionGross.multiply(subscriptionCost));
    return wide
        .withColumn("tenure_days", datediff(d, col(D0)))
        .withColumn("avg_order_value_usd",
            round(col("order_revenue_usd").divide(when(col("order_count").gt(0),
                col("order_count"))), 2))
        .withColumn("days_since_last_order", datediff(d, col("last_order_date")))
        .withColumn("revenue_usd", round(col("net_invoiced_usd").minus(col("credited_usd")), 2))
        .withColumn("revenue_12m", round(revenue12, 2))
        .withColumn("cost_of_sales_12m", round(costOfSales, 2))
        .withColumn("gross_margin_12m", round(revenue12.minus(costOfSales), 2))
        .withColumn("profit_12m", round(revenue12.minus(costOfSales)
            .minus(col("support_cost_12m")).minus(col("late_payment_cost_12m"))
            .minus(col("bad_debt_12m")), 2))
        .withColumn("late_invoice_share_12m", col("invoices_paid_late_12m").cast("double")
            .divide(when(col("invoices_due_12m").gt(0), col("invoices_due_12m"))))
        .withColumn("seat_utilisation", round(col("seats_active").cast("double")
            .divide(when(col("seats_purchased").gt(0), col("seats_purchased"))), 4))
        .withColumn("care_score", round(col("care_communicative").plus(col("care_active"))
            .plus(col("care_responsive")).plus(col("care_engaged")), 2))
        .withColumn("days_first_contact_to_purchase",
            datediff(col(D0), least(col("first_lead_date"), col("first_touch_date"))));
  }

  private static Dataset<Row> orderFigures(Dataset<Row> orders, Customer360Settings s,
      LocalDate asOf) {
    Column in12 = col("day").gt(lit(asOf.minusMonths(12)));
    Column orderCost = col("amount_usd").multiply(lit(1.0).minus(margin(col("product"), s)));
    return orders.groupBy(ID).agg(
        min("day").as("first_order_date"),
        max("day").as("last_order_date"),
        count("order_id").cast("int").as("order_count"),
        count(when(in12, col("order_id"))).cast("int").as("orders_12m"),
        round(sum("amount_usd"), 2).as("order_revenue_usd"),
        sum(when(in12, col("amount_usd"))).as("order_revenue_12m"),
        sum(when(in12, orderCost)).as("order_cost_12m"));
  }

  /** Invoices, credit notes and payments: revenue, its deductions and the cost of late money. */
  private static Dataset<Row> money(SilverFacts f, Customer360Settings s, LocalDate asOf) {
    Column d = lit(asOf);
    LocalDate from12 = asOf.minusMonths(12);
    Dataset<Row> invoices = known(f.invoices(), col("issue_date"), asOf);
    Column in12 = col("issue_date").gt(lit(from12));
    Dataset<Row> invoiced = invoices.groupBy(ID).agg(
        sum(col("net_amount_usd").cast("double")).as("net_invoiced_usd"),
        sum(when(in12, col("gross_amount_usd").cast("double"))).as("gross_revenue_12m"),
        sum(when(in12, coalesce(col("discount_amount_usd").cast("double"), lit(0.0))))
            .as("discounts_12m"),
        sum(when(in12, col("net_amount_usd").cast("double"))).as("net_invoiced_12m"));

    Dataset<Row> credits = known(f.creditNotes(), col("issue_date"), asOf)
        .withColumn("usd", col("amount_usd").cast("double"))
        .groupBy(ID).agg(
            sum("usd").as("credited_usd"),
            sum(when(in12.and(col("reason").notEqual("return")), col("usd")))
                .as("credits_refunds_12m"),
            sum(when(in12.and(col("reason").equalTo("return")), col("usd")))
                .as("returns_credited_12m"));

    Dataset<Row> paid = f.payments()
        .where(col("invoice_id").isNotNull().and(col("paid_date").leq(d)))
        .groupBy("invoice_id")
        .agg(sum(col("amount").cast("double")).as("paid"), max("paid_date").as("last_paid"));
    Dataset<Row> due = invoices
        .where(col("due_date").leq(d))
        .select(col(ID), col("invoice_id"), col("issue_date"), col("due_date"),
            col("net_amount").cast("double").as("net"),
            col("net_amount_usd").cast("double").as("net_usd"))
        .join(paid, new String[] {"invoice_id"}, "left");
    Column fullyPaid = coalesce(col("paid"), lit(0.0)).geq(col("net").minus(0.005));
    Column daysLate = when(fullyPaid, datediff(col("last_paid"), col("due_date")))
        .otherwise(datediff(d, col("due_date")));
    Column outstandingUsd = when(fullyPaid, lit(0.0)).otherwise(col("net_usd").multiply(
        lit(1.0).minus(coalesce(col("paid"), lit(0.0)).divide(when(col("net").gt(0),
            col("net"))))));
    Column writtenOff = fullyPaid.unary_$bang().and(daysLate.gt(s.badDebtAfterDays()));
    Column late = daysLate.gt(0);
    double perDay = s.lateAnnualRate() / 365.0;
    // A paid-late invoice cost its whole amount's financing; an unpaid one its outstanding
    // amount's, until it is written off as bad debt (then the loss is the amount itself).
    Column financing = when(late.and(writtenOff.unary_$bang()),
        daysLate.multiply(when(fullyPaid, col("net_usd")).otherwise(outstandingUsd))
            .multiply(perDay)).otherwise(lit(0.0));
    Dataset<Row> payment = due.groupBy(ID).agg(
        count(when(in12, lit(1))).cast("int").as("invoices_due_12m"),
        count(when(in12.and(late), lit(1))).cast("int").as("invoices_paid_late_12m"),
        round(avg(when(in12.and(late), daysLate)), 2).as("avg_days_late_12m"),
        round(sum(when(in12, financing)), 2).as("late_payment_cost_12m"),
        round(sum(when(in12.and(writtenOff), outstandingUsd)), 2).as("bad_debt_12m"),
        round(sum(when(late, outstandingUsd)), 2).as("overdue_usd"));
    return invoiced.join(credits, BY_ID, "full").join(payment, BY_ID, "full");
  }

  /** Seats of the open terms, their latest use, and the change at the latest renewal. */
  private static Dataset<Row> seats(SilverFacts f, Dataset<Row> subs, LocalDate asOf) {
    Column d = lit(asOf);
    Dataset<Row> open = subs.where(col("end_date").isNull().or(col("end_date").geq(d)));
    Dataset<Row> latestUse = f.seatUsage()
        .where(col("subscription_id").isNotNull().and(col("usage_date").leq(d)))
        .groupBy("subscription_id")
        .agg(max_by(col("seats_active"), col("usage_date")).cast("int").as("latest_active"));
    Dataset<Row> current = open.join(latestUse, new String[] {"subscription_id"}, "left")
        .groupBy(ID).agg(
            sum("seats_purchased").cast("int").as("seats_purchased"),
            sum(coalesce(col("latest_active"), lit(0))).cast("int").as("seats_active"));
    WindowSpec terms = Window.partitionBy(ID).orderBy(col("start_date"), col("subscription_id"));
    Dataset<Row> changes = subs
        .withColumn("change", col("seats_purchased").minus(lag("seats_purchased", 1).over(terms)))
        .groupBy(ID).agg(
            max_by(col("change"), struct(col("start_date"), col("subscription_id")))
                .cast("int").as("seats_change_last_renewal"),
            when(count("change").gt(0), count(when(col("change").lt(0), lit(1))).gt(0))
                .as("shrinking_seats"));
    return current.join(changes, BY_ID, "full");
  }

  private static Dataset<Row> support(SilverFacts f, Customer360Settings s, LocalDate asOf) {
    Column d = lit(asOf);
    Column recent = col("day").gt(lit(asOf.minusDays(s.recentDays())));
    Column in12 = col("day").gt(lit(asOf.minusMonths(12)));
    Dataset<Row> tickets = known(f.tickets(), to_date(col("opened_at")), asOf)
        .withColumn("day", to_date(col("opened_at")))
        .groupBy(ID).agg(
            count(when(recent, lit(1))).cast("int").as("tickets_90d"),
            count(when(recent.and(col("category").equalTo("complaint")), lit(1))).cast("int")
                .as("complaints_90d"),
            count(when(col("closed_at").isNull().or(to_date(col("closed_at")).gt(d)), lit(1)))
                .cast("int").as("open_tickets"),
            count(when(in12, lit(1))).cast("int").as("support_tickets_12m"),
            sum(when(in12, ticketCost(col("priority"), s))).as("support_cost_12m"));
    Dataset<Row> surveys = known(f.surveys(), col("responded_date"), asOf)
        .withColumn("at", struct(col("responded_date"), col("response_id")))
        .groupBy(ID).agg(
            max_by(when(col("survey_type").equalTo("nps"), col("score")),
                when(col("survey_type").equalTo("nps"), col("at"))).cast("int").as("last_nps"),
            max(when(col("survey_type").equalTo("nps"), col("responded_date")))
                .as("last_nps_date"),
            max_by(when(col("survey_type").equalTo("csat"), col("score")),
                when(col("survey_type").equalTo("csat"), col("at"))).cast("int")
                .as("last_csat"))
        .withColumn("nps_class", when(col("last_nps").geq(9), lit("promoter"))
            .when(col("last_nps").geq(7), lit("passive"))
            .when(col("last_nps").isNotNull(), lit("detractor")));
    Dataset<Row> returns = known(f.returns(), col("return_date"), asOf)
        .groupBy(ID).agg(count(when(col("return_date").gt(lit(asOf.minusMonths(12))), lit(1)))
            .cast("int").as("returns_12m"));
    return tickets.join(surveys, BY_ID, "full").join(returns, BY_ID, "full");
  }

  private static Dataset<Row> marketing(SilverFacts f, Dataset<Row> firsts, LocalDate asOf) {
    Column in12 = col("day").gt(lit(asOf.minusMonths(12)));
    Dataset<Row> touches = known(f.touches(), to_date(col("touch_time")), asOf)
        .withColumn("day", to_date(col("touch_time")))
        .join(firsts, BY_ID, "left")
        .groupBy(ID).agg(
            count(when(in12.and(type("webinar")), lit(1))).cast("int").as("webinars_12m"),
            count(when(in12.and(type("user_conference")), lit(1))).cast("int")
                .as("user_conferences_12m"),
            count(when(in12.and(type("community_post")), lit(1))).cast("int")
                .as("community_posts_12m"),
            count(when(type("app_download"), lit(1))).gt(0).as("app_downloaded"),
            count(when(in12, lit(1))).cast("int").as("campaign_touches_12m"),
            count(when(col("day").lt(col(D0)), lit(1))).cast("int")
                .as("touches_before_first_purchase"),
            min("day").as("first_touch_date"));
    Dataset<Row> leads = known(f.leads(), col("created_date"), asOf)
        .groupBy(ID).agg(
            min_by(col("lead_source"), struct(col("created_date"), col("lead_id")))
                .as("first_touch_channel"),
            min("created_date").as("first_lead_date"));
    return touches.join(leads, BY_ID, "full");
  }

  /** CARE: communicative, active, responsive, engaged; each min(count / cap, 1) x 25. */
  private static Dataset<Row> care(SilverFacts f, Dataset<Row> firsts, Customer360Settings s,
      LocalDate asOf) {
    Column in12 = col("activity_date").gt(lit(asOf.minusMonths(12)));
    Customer360Settings.CareCaps caps = s.careCaps();
    return known(f.activities(), col("activity_date"), asOf)
        .join(firsts, BY_ID, "left")
        .groupBy(ID).agg(
            points(count(when(in12.and(activity("email_reply")), lit(1))), caps.replies())
                .as("care_communicative"),
            points(count(when(in12.and(activity("meeting")), lit(1))), caps.meetings())
                .as("care_active"),
            points(count(when(in12.and(activity("call")), lit(1))), caps.calls())
                .as("care_responsive"),
            points(count(when(activity("referral_given")
                .and(col("activity_date").geq(col(D0))), lit(1))), caps.referrals())
                .as("care_engaged"),
            count(when(activity("referral_given").and(col("activity_date").geq(col(D0))),
                lit(1))).as("referrals"));
  }

  /**
   * The behaviour flags. Day k of an event is its date minus the first purchase date; a
   * window of N days holds days 0..N and is observed once D >= first purchase + N.
   */
  private static Dataset<Row> behaviours(SilverFacts f, Dataset<Row> orders, Dataset<Row> subs,
      Dataset<Row> firsts, Customer360Settings s, LocalDate asOf) {
    Customer360Settings.Windows w = s.windows();
    Dataset<Row> orderB = orders.join(firsts, BY_ID)
        .withColumn("k", datediff(col("day"), col(D0)))
        .groupBy(ID).agg(count(when(col("k").between(1, w.secondPurchase()), lit(1)))
            .as("early_orders"));

    Dataset<Row> usage = f.seatUsage()
        .where(col("subscription_id").isNotNull().and(col("usage_date").leq(lit(asOf))))
        .select("subscription_id", "usage_date", "seats_active")
        .join(subs.select(ID, "subscription_id", "seats_purchased"), "subscription_id")
        .join(firsts, BY_ID)
        .withColumn("k", datediff(col("usage_date"), col(D0)))
        .where(col("k").between(0, w.seatsUsed()).and(col("seats_purchased").gt(0)))
        .groupBy(ID).agg(max(col("seats_active").cast("double")
            .divide(col("seats_purchased").cast("double"))).as("peak_ratio"));

    Dataset<Row> touchB = known(f.touches(), to_date(col("touch_time")), asOf)
        .join(firsts, BY_ID)
        .withColumn("k", datediff(to_date(col("touch_time")), col(D0)))
        .groupBy(ID).agg(
            count(when(type("webinar").and(within(w.firstYear())), lit(1))).as("webinars_fy"),
            count(when(type("webinar").and(within(w.early())), lit(1))).as("webinars_early"),
            count(when(type("user_conference").and(within(w.firstYear())), lit(1)))
                .as("conferences_fy"),
            count(when(type("user_conference").and(within(w.early())), lit(1)))
                .as("conferences_early"),
            count(when(type("community_post").and(within(w.community())), lit(1)))
                .as("posts_6m"),
            count(when(type("app_download").and(within(w.appDownload())), lit(1)))
                .as("downloads_60d"),
            count(when(type("app_download").and(within(w.early())), lit(1)))
                .as("downloads_early"));

    Dataset<Row> ticketB = known(f.tickets(), to_date(col("opened_at")), asOf)
        .join(firsts, BY_ID)
        .withColumn("k", datediff(to_date(col("opened_at")), col(D0)))
        .groupBy(ID).agg(
            count(when(within(w.early()), lit(1))).as("tickets_early"),
            count(when(col("category").equalTo("onboarding").and(within(w.onboarding()))
                .and(col("closed_at").isNull().or(to_date(col("closed_at")).gt(lit(asOf)))),
                lit(1))).as("onboarding_open"));

    Dataset<Row> returnB = known(f.returns(), col("return_date"), asOf)
        .join(firsts, BY_ID)
        .withColumn("k", datediff(col("return_date"), col(D0)))
        .groupBy(ID).agg(count(when(within(w.early()), lit(1))).as("returns_early"));

    Dataset<Row> npsB = known(f.surveys(), col("responded_date"), asOf)
        .where(col("survey_type").equalTo("nps"))
        .join(firsts, BY_ID)
        .where(col("responded_date").geq(col(D0)))
        .groupBy(ID).agg(min_by(col("score"), struct(col("responded_date"), col("response_id")))
            .as("first_nps"));

    Dataset<Row> referrals = known(f.activities(), col("activity_date"), asOf)
        .join(firsts, BY_ID)
        .where(activity("referral_given").and(col("activity_date").geq(col(D0))))
        .groupBy(ID).agg(count(lit(1)).as("referrals_since_first"));

    Dataset<Row> all = firsts
        .join(orderB, BY_ID, "left").join(usage, BY_ID, "left").join(touchB, BY_ID, "left")
        .join(ticketB, BY_ID, "left").join(returnB, BY_ID, "left").join(npsB, BY_ID, "left")
        .join(referrals, BY_ID, "left");
    Column d = lit(asOf);
    return all.select(
        col(ID),
        observed(w.secondPurchase(), d, n("early_orders").gt(0))
            .as("second_purchase_within_90d"),
        observed(w.seatsUsed(), d, round(col("peak_ratio"), 4)).as("seats_used_ratio_60d"),
        observed(w.seatsUsed(), d, col("peak_ratio").geq(s.seatsUsedRatio() - 1e-9))
            .as("all_seats_used_60d"),
        observed(w.firstYear(), d, n("webinars_fy")).cast("int").as("webinars_first_year"),
        observed(w.firstYear(), d, n("webinars_fy").geq(s.webinarsEngaged()))
            .as("three_webinars_first_year"),
        observed(w.early(), d, n("webinars_early").gt(0)).as("webinar_within_90d"),
        observed(w.firstYear(), d, n("conferences_fy").gt(0))
            .as("attended_user_conference_first_year"),
        observed(w.early(), d, n("conferences_early").gt(0)).as("user_conference_within_90d"),
        observed(w.community(), d, n("posts_6m").geq(s.communityPostsActive()))
            .as("community_active_first_6m"),
        observed(w.appDownload(), d, n("downloads_60d").gt(0)).as("app_downloaded_60d"),
        observed(w.early(), d, n("downloads_early").gt(0)).as("app_downloaded_within_90d"),
        n("referrals_since_first").gt(0).as("referral_given"),
        observed(w.early(), d, n("tickets_early")).cast("int").as("support_tickets_first_90d"),
        observed(w.early(), d, n("tickets_early").geq(s.manyTickets()))
            .as("many_support_tickets_first_90d"),
        observed(w.onboarding(), d, n("onboarding_open").gt(0)).as("onboarding_unfinished"),
        observed(w.early(), d, n("returns_early")).cast("int").as("returns_first_90d"),
        col("first_nps").leq(6).as("low_nps"));
  }

  /** RFM: recency, frequency and monetary with quintile scores 1-5 (ties share a score). */
  private static Dataset<Row> rfm(Dataset<Row> rows) {
    Dataset<Row> r = rows
        .withColumn("recency_days", col("days_since_last_order"))
        .withColumn("frequency_12m", col("orders_12m"))
        .withColumn("monetary_12m", col("revenue_12m"));
    Column recencyRank = percent_rank().over(Window.orderBy(
        coalesce(col("recency_days"), lit(Integer.MAX_VALUE)).desc()));
    r = r.withColumn("r_score", when(col("recency_days").isNotNull(), quintile(recencyRank)))
        .withColumn("f_score", quintile(percent_rank().over(Window.orderBy("frequency_12m"))))
        .withColumn("m_score", quintile(percent_rank().over(Window.orderBy("monetary_12m"))));
    return r.withColumn("rfm_segment", concat(coalesce(col("r_score"), lit(0)).cast("string"),
        col("f_score").cast("string"), col("m_score").cast("string")));
  }

  /**
   * The Pareto order: rank by the configured value (ties share a rank and a cumulative
   * share), each customer's share of revenue and profit, and the top share of customers.
   */
  private static Dataset<Row> pareto(Dataset<Row> rows, Customer360Settings s) {
    WindowSpec all = Window.partitionBy();
    WindowSpec byValue = Window.orderBy(col("pareto_value").desc())
        .rangeBetween(Window.unboundedPreceding(), Window.currentRow());
    Column totalRevenue = sum("revenue_12m").over(all);
    Column totalProfit = sum("profit_12m").over(all);
    Column nonZero = lit(1e-12);
    return rows
        .withColumn("pareto_value", coalesce(col(s.paretoValue().column()), lit(0.0)))
        .withColumn("value_rank", rank().over(Window.orderBy(col("pareto_value").desc())))
        .withColumn("population", count(lit(1)).over(all))
        .withColumn("revenue_share_12m", share(col("revenue_12m"), totalRevenue, nonZero))
        .withColumn("profit_share_12m", share(col("profit_12m"), totalProfit, nonZero))
        .withColumn("cumulative_revenue_share",
            share(sum("revenue_12m").over(byValue), totalRevenue, nonZero))
        .withColumn("cumulative_profit_share",
            share(sum("profit_12m").over(byValue), totalProfit, nonZero))
        .withColumn("top20_by_value", col("pareto_value").gt(0).and(col("value_rank")
            .leq(ceil(col("population").multiply(s.topShare()).minus(1e-9)))));
  }

  /** Tier points per criterion, the score, and the tier by share or by score. */
  private static Dataset<Row> tiers(Dataset<Row> rows, Customer360Settings s) {
    Customer360Settings.Weights w = s.weights();
    Column valuePct = percent_rank().over(Window.orderBy("pareto_value"));
    Column profitPct = percent_rank().over(Window.orderBy(coalesce(col("profit_12m"), lit(0.0))));
    Column npsScore = when(col("nps_class").equalTo("promoter"), lit(1.0))
        .when(col("nps_class").equalTo("passive"), lit(0.5))
        .when(col("nps_class").equalTo("detractor"), lit(0.0))
        .otherwise(lit(0.25));
    Column advocacy = npsScore.plus(when(col("referral_given"), lit(1.0)).otherwise(lit(0.0)))
        .divide(2);
    Column loyalty = least(lit(1.0), coalesce(col("tenure_days"), lit(0)).cast("double")
        .divide(s.loyaltyFullDays()));
    Dataset<Row> scored = rows
        .withColumn("tier_value_points", round(valuePct.multiply(100 * w.value()), 2))
        .withColumn("tier_profitability_points", round(when(col("profit_12m").gt(0), profitPct)
            .otherwise(lit(0.0)).multiply(100 * w.profitability()), 2))
        .withColumn("tier_loyalty_points", round(loyalty.multiply(100 * w.loyalty()), 2))
        .withColumn("tier_advocacy_points", round(advocacy.multiply(100 * w.advocacy()), 2));
    scored = scored.withColumn("tier_score", round(col("tier_value_points")
        .plus(col("tier_profitability_points")).plus(col("tier_loyalty_points"))
        .plus(col("tier_advocacy_points")), 2));
    List<Tier> tiers = s.tiers();
    Column tier = lit(tiers.get(tiers.size() - 1).name());
    if (s.cutOffBy() == Customer360Settings.CutOffBy.SCORE) {
      for (int i = tiers.size() - 2; i >= 0; i--) {
        tier = when(col("tier_score").geq(tiers.get(i).minScore()), lit(tiers.get(i).name()))
            .otherwise(tier);
      }
      return scored.withColumn("tier", tier);
    }
    Column scoreRank = rank().over(Window.orderBy(col("tier_score").desc()));
    double cumulative = 0;
    Column[] bounds = new Column[tiers.size()];
    for (int i = 0; i < tiers.size(); i++) {
      cumulative += tiers.get(i).share();
      bounds[i] = floor(col("population").multiply(cumulative).plus(0.5));
    }
    for (int i = tiers.size() - 2; i >= 0; i--) {
      tier = when(col("score_rank").leq(bounds[i]), lit(tiers.get(i).name())).otherwise(tier);
    }
    return scored.withColumn("score_rank", scoreRank).withColumn("tier", tier);
  }

  // --- small column helpers ---

  private static Dataset<Row> known(Dataset<Row> fact, Column day, LocalDate asOf) {
    return fact.where(col(ID).isNotNull().and(day.leq(lit(asOf))));
  }

  private static Dataset<Row> zeroFill(Dataset<Row> rows, String type, String... columns) {
    for (String c : columns) {
      rows = rows.withColumn(c, coalesce(col(c).cast(type), lit(0).cast(type)));
    }
    return rows;
  }

  private static Column n(String count) {
    return coalesce(col(count), lit(0));
  }

  private static Column within(int days) {
    return col("k").between(0, days);
  }

  private static Column type(String touchType) {
    return col("touch_type").equalTo(touchType);
  }

  private static Column activity(String activityType) {
    return col("activity_type").equalTo(activityType);
  }

  /** The value once the window of {@code days} after the first purchase has closed; else null. */
  private static Column observed(int days, Column asOf, Column value) {
    return when(col(D0).isNotNull().and(date_add(col(D0), days).leq(asOf)), value);
  }

  private static Column points(Column count, double cap) {
    return round(least(lit(1.0), count.cast("double").divide(cap)).multiply(25.0), 2);
  }

  private static Column quintile(Column percentRank) {
    return least(lit(5), floor(percentRank.multiply(5)).plus(1)).cast("int");
  }

  private static Column share(Column part, Column total, Column nonZero) {
    return round(part.divide(when(abs(total).gt(nonZero), total)), 6);
  }

  private static Column margin(Column product, Customer360Settings s) {
    Column m = lit(s.margin("default"));
    for (Map.Entry<String, Double> e : new TreeMap<>(s.marginByProduct()).entrySet()) {
      m = when(product.equalTo(e.getKey()), lit(e.getValue())).otherwise(m);
    }
    return m;
  }

  private static Column ticketCost(Column priority, Customer360Settings s) {
    Column c = lit(0.0);
    for (Map.Entry<String, Double> e : new TreeMap<>(s.costPerTicket()).entrySet()) {
      c = when(priority.equalTo(e.getKey()), lit(e.getValue())).otherwise(c);
    }
    return c;
  }
}
