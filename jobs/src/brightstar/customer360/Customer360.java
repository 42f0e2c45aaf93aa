package brightstar.customer360;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.aggregate;
import static org.apache.spark.sql.functions.array_max;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.ceil;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.filter;
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
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.try_element_at;
import static org.apache.spark.sql.functions.when;

import brightstar.customer360.Customer360Settings.Tier;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * gold.customer_360: one row per customer known on the as-of date (silver.customers with
 * {@code first_seen_date <= D}), every figure computed from facts dated on or before D only,
 * so any past date can be rebuilt exactly. Columns, units and meanings:
 * {@link Customer360Columns#CUSTOMER_360} and docs/tables.md.
 *
 * <p>Behaviour windows count days after the first purchase (order or subscription start,
 * day 0). A window that has not closed on D gives null, never false: a customer acquired last
 * week has not "not bought twice in 90 days" yet.
 *
 * <p>Several as-of dates are built in one plan: each fact is joined to every date it is known
 * at (fact day on or before the date), every aggregate groups by (customer_id, as_of_date),
 * every date bound is an expression on {@code as_of_date}, and every population-wide window
 * (ranks, percentiles, shares, tiers) is partitioned by {@code as_of_date}. A date's rows
 * therefore equal the rows of a build of that date alone.
 *
 * <p>A fact is gathered by customer before it is joined to the dates, and everything it needs
 * from another table (the first purchase, a term's weekly seat use, an invoice's payments) is
 * attached before that too: the copies of a row for each date are then aggregated in the task
 * that made them and never shuffled, so N dates cost N times the aggregation but one shuffle.
 */
public final class Customer360 {
  static final String ID = "customer_id";
  static final String AS_OF = "as_of_date";
  private static final String D0 = "first_purchase_date";
  /** The first purchase over all facts (a fact row's, before it meets the dates). */
  private static final String FIRST = "_first_purchase";
  /** A term's weekly seat use, sorted by day: array of (usage_date, seats_active). */
  private static final String USAGE = "_usage";
  /** An invoice's payments: array of (paid_date, amount). */
  private static final String PAYMENTS = "_payments";
  private static final String[] BY_ID = {ID};
  private static final String[] KEY = {ID, AS_OF};
  /** The highest CSAT answer (1-5) that counts as unsatisfied: CSAT reads 4-5 as satisfied. */
  private static final int LOW_CSAT_MAX = 2;

  /** The columns of {@link #profitability}, named and computed as in gold.customer_360. */
  public static final List<String> PROFITABILITY = List.of("gross_revenue_12m", "revenue_12m",
      "cost_of_sales_12m", "gross_margin_12m", "support_cost_12m", "late_payment_cost_12m",
      "bad_debt_12m", "profit_12m");

  /** The 12-month sums {@link #withProfit} reads, zero-filled. */
  private static final String[] PROFIT_INPUTS = {"order_revenue_12m", "order_cost_12m",
      "gross_revenue_12m", "discounts_12m", "net_invoiced_12m", "credits_refunds_12m",
      "returns_credited_12m", "support_cost_12m", "late_payment_cost_12m", "bad_debt_12m"};

  private Customer360() {}

  /**
   * @param facts the silver inputs (and gold.clv's slice of D when built)
   * @return the gold.customer_360 rows of D, in {@link Customer360Columns#CUSTOMER_360} order
   */
  public static Dataset<Row> build(SilverFacts facts, Customer360Settings s, LocalDate asOf) {
    return build(facts, s, List.of(asOf));
  }

  /**
   * The rows of every date of {@code asOfDates} in one plan: for each date, exactly the rows
   * {@link #build(SilverFacts, Customer360Settings, LocalDate)} gives for it alone.
   *
   * @param facts the silver inputs; gold.clv's rows join their own {@code as_of_date} when
   *     they carry one, else every date
   * @param asOfDates the as-of dates (duplicates are built once)
   * @return one row per customer and date, in {@link Customer360Columns#CUSTOMER_360} order
   */
  public static Dataset<Row> build(SilverFacts facts, Customer360Settings s,
      List<LocalDate> asOfDates) {
    return build(facts, s, dates(facts.customers(), asOfDates));
  }

  /**
   * As {@link #build(SilverFacts, Customer360Settings, List)} for the dates of a dataset.
   *
   * @param asOfDates one column {@code as_of_date} (DATE), one row per date
   */
  public static Dataset<Row> build(SilverFacts facts, Customer360Settings s,
      Dataset<Row> asOfDates) {
    Dataset<Row> wide = profile(facts, s, broadcast(asOfDates.select(col(AS_OF)).distinct()));
    Dataset<Row> withClv = facts.clv()
        .map(c -> {
          String[] key = Arrays.asList(c.columns()).contains(AS_OF) ? KEY : BY_ID;
          List<Column> columns = new ArrayList<>();
          Arrays.stream(key).forEach(k -> columns.add(col(k)));
          columns.add(col("clv_12m").cast("double").as("clv_12m"));
          columns.add(col("p_alive").cast("double").as("p_alive"));
          return wide.join(c.select(columns.toArray(Column[]::new)), key, "left");
        })
        .orElseGet(() -> wide.withColumn("clv_12m", lit(null).cast("double"))
            .withColumn("p_alive", lit(null).cast("double")));
    Dataset<Row> ranked = tiers(pareto(rfm(withClv), s), s);
    return Customer360Columns.select(ranked, Customer360Columns.CUSTOMER_360);
  }

  /** The dates as a one-column dataset (the session of {@code like}'s). */
  static Dataset<Row> dates(Dataset<Row> like, List<LocalDate> asOfDates) {
    List<Row> rows = asOfDates.stream().distinct()
        .map(d -> RowFactory.create(Date.valueOf(d))).toList();
    return like.sparkSession().createDataFrame(rows,
        new StructType().add(AS_OF, DataTypes.DateType, false));
  }

  /**
   * Every per-customer figure (before the population-wide ranks), one row per customer and
   * date of {@code dates} (a small, broadcast dataset of {@code as_of_date}).
   */
  static Dataset<Row> profile(SilverFacts f, Customer360Settings s, Dataset<Row> dates) {
    Column d = col(AS_OF);
    Dataset<Row> base = knownCustomers(f.customers(), dates)
        .select(ID, AS_OF, "company_name", "domain", "industry", "country", "employees",
            "founded_year", "crm_accounts", "first_seen_date");

    Dataset<Row> first = firstPurchase(f.orders(), f.subscriptions());
    Dataset<Row> orders = orders(known(f.orders(), col("order_date"), dates, first));
    Dataset<Row> subs = known(withUsage(f.subscriptions(), f.seatUsage()), col("start_date"),
            dates, first)
        .select(col(ID), col(AS_OF), col("subscription_id"), col("seats_purchased").cast("int")
            .as("seats_purchased"), col("start_date"), col("end_date"), col(USAGE), col(D0));
    Dataset<Row> tickets = tickets(known(f.tickets(), to_date(col("opened_at")), dates, first));
    Dataset<Row> touches = known(f.touches(), to_date(col("touch_time")), dates, first)
        .withColumn("day", to_date(col("touch_time")));
    Dataset<Row> surveys = known(f.surveys(), col("responded_date"), dates, first);
    Dataset<Row> activities = known(f.activities(), col("activity_date"), dates, first);
    Dataset<Row> returns = known(f.returns(), col("return_date"), dates, first);
    Dataset<Row> purchases = orders.select(col(ID), col(AS_OF), col("day"))
        .union(subs.select(col(ID), col(AS_OF), col("start_date").as("day")))
        .groupBy(ID, AS_OF)
        .agg(min("day").as(D0), max("day").as("last_purchase_date"));
    Dataset<Row> firsts = purchases.select(ID, AS_OF, D0);

    Dataset<Row> wide = base
        .join(purchases, KEY, "left")
        .join(orderFigures(orders, s), KEY, "left")
        .join(money(f.invoices(), f.creditNotes(), f.payments(), s, dates), KEY, "left")
        .join(seats(subs), KEY, "left")
        .join(support(tickets, surveys, returns, s), KEY, "left")
        .join(marketing(touches, f.leads(), dates), KEY, "left")
        .join(care(activities, s), KEY, "left")
        .join(behaviours(orders, subs, touches, tickets, returns, surveys, activities,
            firsts, s), KEY, "left");

    wide = zeroFill(wide, "int", "order_count", "orders_12m", "support_tickets_12m",
        "invoices_due_12m", "invoices_paid_late_12m", "tickets_90d", "complaints_90d",
        "complaints_12m", "nps_answers_12m", "detractor_answers_12m", "csat_answers_12m",
        "low_csat_12m", "open_tickets", "returns_12m", "webinars_12m", "user_conferences_12m",
        "community_posts_12m", "campaign_touches_12m", "touches_before_first_purchase",
        "seats_purchased", "seats_active");
    wide = zeroFill(wide, "double", "order_revenue_usd", "order_revenue_12m",
        "order_cost_12m", "net_invoiced_usd", "gross_revenue_12m", "discounts_12m",
        "net_invoiced_12m", "credited_usd", "credits_refunds_12m", "returns_credited_12m",
        "support_cost_12m", "late_payment_cost_12m", "bad_debt_12m", "overdue_usd",
        "care_communicative", "care_active", "care_responsive", "care_engaged");

    return withProfit(wide, s)
        .withColumn("tenure_days", datediff(d, col(D0)))
        .withColumn("avg_order_value_usd",
            round(col("order_revenue_usd").divide(when(col("order_count").gt(0),
                col("order_count"))), 2))
        .withColumn("days_since_last_order", datediff(d, col("last_order_date")))
        .withColumn("revenue_usd", round(col("net_invoiced_usd").minus(col("credited_usd")), 2))
        .withColumn("late_invoice_share_12m", col("invoices_paid_late_12m").cast("double")
            .divide(when(col("invoices_due_12m").gt(0), col("invoices_due_12m"))))
        .withColumn("seat_utilisation", round(col("seats_active").cast("double")
            .divide(when(col("seats_purchased").gt(0), col("seats_purchased"))), 4))
        .withColumn("seats_active_vs_peak_12m", round(coalesce(col("seats_active"), lit(0))
            .cast("double").divide(when(col("peak_seats_active_12m").gt(0),
                col("peak_seats_active_12m"))), 4))
        .withColumn("seats_active_trend_90d", round(coalesce(col("seats_active"), lit(0))
            .cast("double").divide(when(col("seats_active_90d_ago").gt(0),
                col("seats_active_90d_ago"))), 4))
        .withColumn("care_score", round(col("care_communicative").plus(col("care_active"))
            .plus(col("care_responsive")).plus(col("care_engaged")), 2))
        .withColumn("days_first_contact_to_purchase",
            datediff(col(D0), least(col("first_lead_date"), col("first_touch_date"))));
  }

  /**
   * The key of every row of {@link #build} that has a first purchase: each customer known on a
   * date of {@code asOfDates} whose first order or term start is on or before it. Narrow, and
   * read from the customers, orders and terms alone: none of the build's aggregates.
   *
   * @return {@code customer_id} and {@code as_of_date}, one row per buyer and date
   */
  public static Dataset<Row> buyers(SilverFacts f, List<LocalDate> asOfDates) {
    return knownCustomers(f.customers(), broadcast(dates(f.customers(), asOfDates)))
        .select(ID, AS_OF)
        .join(firstPurchase(f.orders(), f.subscriptions()), BY_ID)
        .where(col(FIRST).leq(col(AS_OF)))
        .select(ID, AS_OF);
  }

  /** The customers known on each date: {@code first_seen_date} on or before it, one row each. */
  private static Dataset<Row> knownCustomers(Dataset<Row> customers, Dataset<Row> dates) {
    return customers.where(col(ID).isNotNull())
        .join(dates, col("first_seen_date").leq(col(AS_OF)))
        .dropDuplicates(KEY);
  }

  /**
   * The profitability columns of gold.customer_360 on their own, for a stage that runs before
   * gold.customer_360 is built (the CLV job): the same functions compute them, so each value
   * equals that of {@link #build} for the same facts and date.
   *
   * @param f the silver facts that revenue, cost of sales and cost to serve read
   * @return one row per customer known on the as-of date: customer_id and the columns of
   *     {@link #PROFITABILITY} (USD, the 12 months up to and including the as-of date)
   */
  public static Dataset<Row> profitability(ProfitFacts f, Customer360Settings s,
      LocalDate asOf) {
    Dataset<Row> dates = broadcast(dates(f.customers(), List.of(asOf)));
    Dataset<Row> base = knownCustomers(f.customers(), dates).select(ID, AS_OF);
    Dataset<Row> supportCost = tickets(known(f.tickets(), to_date(col("opened_at")), dates))
        .groupBy(ID, AS_OF).agg(supportCost12m(s).as("support_cost_12m"));
    Dataset<Row> wide = base
        .join(orderFigures(orders(known(f.orders(), col("order_date"), dates)), s)
            .select(ID, AS_OF, "order_revenue_12m", "order_cost_12m"), KEY, "left")
        .join(money(f.invoices(), f.creditNotes(), f.payments(), s, dates), KEY, "left")
        .join(supportCost, KEY, "left");
    wide = zeroFill(wide, "double", PROFIT_INPUTS);
    List<Column> out = new ArrayList<>();
    out.add(col(ID));
    PROFITABILITY.forEach(c -> out.add(col(c).cast("double").as(c)));
    return withProfit(wide, s).select(out.toArray(Column[]::new));
  }

  /**
   * revenue_12m, cost_of_sales_12m, gross_margin_12m and profit_12m from the zero-filled
   * 12-month sums of {@link #PROFIT_INPUTS}. Subscription fees are the invoiced gross beyond
   * the orders' amounts and cost (1 - the subscription margin) of it.
   */
  private static Dataset<Row> withProfit(Dataset<Row> wide, Customer360Settings s) {
    double subscriptionCost = 1 - s.margin("subscription");
    Column subscriptionGross =
        greatest(lit(0.0), col("gross_revenue_12m").minus(col("order_revenue_12m")));
    Column revenue12 = col("net_invoiced_12m").minus(col("credits_refunds_12m"))
        .minus(col("returns_credited_12m"));
    Column costOfSales = col("order_cost_12m").plus(subscriptionGross.multiply(subscriptionCost));
    return wide
        .withColumn("revenue_12m", round(revenue12, 2))
        .withColumn("cost_of_sales_12m", round(costOfSales, 2))
        .withColumn("gross_margin_12m", round(revenue12.minus(costOfSales), 2))
        .withColumn("profit_12m", round(revenue12.minus(costOfSales)
            .minus(col("support_cost_12m")).minus(col("late_payment_cost_12m"))
            .minus(col("bad_debt_12m")), 2));
  }

  /** Orders ({@link #known} rows) with their {@code day} and their USD amount as a double. */
  private static Dataset<Row> orders(Dataset<Row> known) {
    return known.withColumn("day", col("order_date"))
        .withColumn("amount_usd", col("amount_usd").cast("double"));
  }

  /** Tickets ({@link #known} rows) with their opening {@code day}. */
  private static Dataset<Row> tickets(Dataset<Row> known) {
    return known.withColumn("day", to_date(col("opened_at")));
  }

  /**
   * Each customer's first purchase over all facts: the first order or term start. As of a
   * date D it is the first purchase when it is on or before D, and there is none otherwise.
   */
  private static Dataset<Row> firstPurchase(Dataset<Row> orders, Dataset<Row> subscriptions) {
    return orders.where(col(ID).isNotNull()).select(col(ID), col("order_date").as("day"))
        .union(subscriptions.where(col(ID).isNotNull())
            .select(col(ID), col("start_date").as("day")))
        .groupBy(ID).agg(min("day").as(FIRST));
  }

  /** The terms with their weekly seat use attached ({@link #USAGE}, sorted by day). */
  private static Dataset<Row> withUsage(Dataset<Row> subscriptions, Dataset<Row> seatUsage) {
    Dataset<Row> usage = seatUsage.where(col("subscription_id").isNotNull())
        .groupBy("subscription_id")
        .agg(array_sort(collect_list(struct(col("usage_date"), col("seats_active")))).as(USAGE));
    return subscriptions.join(usage, new String[] {"subscription_id"}, "left");
  }

  /** The invoices with their payments attached ({@link #PAYMENTS}). */
  private static Dataset<Row> withPayments(Dataset<Row> invoices, Dataset<Row> payments) {
    Dataset<Row> paid = payments.where(col("invoice_id").isNotNull())
        .groupBy("invoice_id")
        .agg(collect_list(struct(col("paid_date"), col("amount").cast("double").as("amount")))
            .as(PAYMENTS));
    return invoices.join(paid, new String[] {"invoice_id"}, "left");
  }

  /** Support cost of the tickets opened in the last 12 months (an aggregate over tickets). */
  private static Column supportCost12m(Customer360Settings s) {
    return sum(when(col("day").gt(yearBefore()), ticketCost(col("priority"), s)));
  }

  private static Dataset<Row> orderFigures(Dataset<Row> orders, Customer360Settings s) {
    Column in12 = col("day").gt(yearBefore());
    Column orderCost = col("amount_usd").multiply(lit(1.0).minus(margin(col("product"), s)));
    return orders.groupBy(ID, AS_OF).agg(
        min("day").as("first_order_date"),
        max("day").as("last_order_date"),
        count("order_id").cast("int").as("order_count"),
        count(when(in12, col("order_id"))).cast("int").as("orders_12m"),
        round(sum("amount_usd"), 2).as("order_revenue_usd"),
        sum(when(in12, col("amount_usd"))).as("order_revenue_12m"),
        sum(when(in12, orderCost)).as("order_cost_12m"));
  }

  /** Invoices, credit notes and payments: revenue, its deductions and the cost of late money. */
  private static Dataset<Row> money(Dataset<Row> allInvoices, Dataset<Row> creditNotes,
      Dataset<Row> payments, Customer360Settings s, Dataset<Row> dates) {
    Column d = col(AS_OF);
    Dataset<Row> invoices = known(withPayments(allInvoices, payments), col("issue_date"), dates);
    Column in12 = col("issue_date").gt(yearBefore());
    Dataset<Row> invoiced = invoices.groupBy(ID, AS_OF).agg(
        sum(col("net_amount_usd").cast("double")).as("net_invoiced_usd"),
        sum(when(in12, col("gross_amount_usd").cast("double"))).as("gross_revenue_12m"),
        sum(when(in12, coalesce(col("discount_amount_usd").cast("double"), lit(0.0))))
            .as("discounts_12m"),
        sum(when(in12, col("net_amount_usd").cast("double"))).as("net_invoiced_12m"));

    Dataset<Row> credits = known(creditNotes, col("issue_date"), dates)
        .withColumn("usd", col("amount_usd").cast("double"))
        .groupBy(ID, AS_OF).agg(
            sum("usd").as("credited_usd"),
            sum(when(in12.and(col("reason").notEqual("return")), col("usd")))
                .as("credits_refunds_12m"),
            sum(when(in12.and(col("reason").equalTo("return")), col("usd")))
                .as("returns_credited_12m"));

    // The invoice's payments dated on or before the date: their sum and the last day.
    Column paidBy = filter(col(PAYMENTS), p -> p.getField("paid_date").leq(d));
    Dataset<Row> due = invoices
        .where(col("due_date").leq(d))
        .select(col(ID), col(AS_OF), col("invoice_id"), col("issue_date"), col("due_date"),
            col("net_amount").cast("double").as("net"),
            col("net_amount_usd").cast("double").as("net_usd"),
            aggregate(paidBy, lit(0.0),
                (total, p) -> total.plus(coalesce(p.getField("amount"), lit(0.0)))).as("paid"),
            array_max(transform(paidBy, p -> p.getField("paid_date"))).as("last_paid"));
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
    Dataset<Row> payment = due.groupBy(ID, AS_OF).agg(
        count(when(in12, lit(1))).cast("int").as("invoices_due_12m"),
        count(when(in12.and(late), lit(1))).cast("int").as("invoices_paid_late_12m"),
        round(avg(when(in12.and(late), daysLate)), 2).as("avg_days_late_12m"),
        round(sum(when(in12, financing)), 2).as("late_payment_cost_12m"),
        round(sum(when(in12.and(writtenOff), outstandingUsd)), 2).as("bad_debt_12m"),
        round(sum(when(late, outstandingUsd)), 2).as("overdue_usd"));
    return invoiced.join(credits, KEY, "full").join(payment, KEY, "full");
  }

  /**
   * Seats of the open terms, their latest use, and the change at the latest renewal. Each row
   * of {@code subs} is a term known at the date with its weekly use ({@link #USAGE}).
   */
  private static Dataset<Row> seats(Dataset<Row> subs) {
    Column d = col(AS_OF);
    Column open = col("end_date").isNull().or(col("end_date").geq(d));
    // The term's use up to the date, in the last 12 months, and up to 90 days before it.
    Column upTo = filter(col(USAGE), u -> u.getField("usage_date").leq(d));
    Column year = filter(upTo, u -> u.getField("usage_date").gt(yearBefore()));
    Column ninetyAgo = try_element_at(filter(year,
        u -> u.getField("usage_date").leq(date_add(d, -90))), lit(-1));
    Dataset<Row> terms = subs.select(col(ID), col(AS_OF), col("seats_purchased"),
        col("end_date"), open.as("open"),
        try_element_at(upTo, lit(-1)).getField("seats_active").as("latest_active"),
        array_max(transform(year, u -> u.getField("seats_active"))).as("peak_active"),
        ninetyAgo.getField("seats_active").as("active_90d_ago"),
        ninetyAgo.getField("usage_date").as("day_90d_ago"));
    Dataset<Row> current = terms
        .groupBy(ID, AS_OF).agg(
            sum(when(col("open"), col("seats_purchased"))).cast("int").as("seats_purchased"),
            sum(when(col("open"), coalesce(col("latest_active"), lit(0)))).cast("int")
                .as("seats_active"),
            min(when(col("open").and(col("end_date").isNotNull()),
                datediff(col("end_date"), d))).as("days_to_term_end"),
            max("peak_active").cast("int").as("peak_seats_active_12m"),
            max_by(col("active_90d_ago"), col("day_90d_ago")).cast("int")
                .as("seats_active_90d_ago"));
    WindowSpec order = Window.partitionBy(ID, AS_OF)
        .orderBy(col("start_date"), col("subscription_id"));
    Dataset<Row> changes = subs
        .withColumn("change", col("seats_purchased").minus(lag("seats_purchased", 1).over(order)))
        .groupBy(ID, AS_OF).agg(
            max_by(col("change"), struct(col("start_date"), col("subscription_id")))
                .cast("int").as("seats_change_last_renewal"),
            when(count("change").gt(0), count(when(col("change").lt(0), lit(1))).gt(0))
                .as("shrinking_seats"));
    return current.join(changes, KEY, "full");
  }

  private static Dataset<Row> support(Dataset<Row> tickets, Dataset<Row> surveys,
      Dataset<Row> returns, Customer360Settings s) {
    Column d = col(AS_OF);
    Column recent = col("day").gt(date_add(d, -s.recentDays()));
    Column in12 = col("day").gt(yearBefore());
    Dataset<Row> ticketFigures = tickets
        .groupBy(ID, AS_OF).agg(
            count(when(recent, lit(1))).cast("int").as("tickets_90d"),
            count(when(recent.and(col("category").equalTo("complaint")), lit(1))).cast("int")
                .as("complaints_90d"),
            count(when(col("closed_at").isNull().or(to_date(col("closed_at")).gt(d)), lit(1)))
                .cast("int").as("open_tickets"),
            count(when(in12.and(col("category").equalTo("complaint")), lit(1))).cast("int")
                .as("complaints_12m"),
            count(when(in12, lit(1))).cast("int").as("support_tickets_12m"),
            supportCost12m(s).as("support_cost_12m"));
    Column answered12 = col("responded_date").gt(yearBefore());
    Column nps12 = answered12.and(col("survey_type").equalTo("nps"));
    Column csat12 = answered12.and(col("survey_type").equalTo("csat"));
    Dataset<Row> answers = surveys
        .withColumn("at", struct(col("responded_date"), col("response_id")))
        .groupBy(ID, AS_OF).agg(
            max_by(when(col("survey_type").equalTo("nps"), col("score")),
                when(col("survey_type").equalTo("nps"), col("at"))).cast("int").as("last_nps"),
            max(when(col("survey_type").equalTo("nps"), col("responded_date")))
                .as("last_nps_date"),
            max_by(when(col("survey_type").equalTo("csat"), col("score")),
                when(col("survey_type").equalTo("csat"), col("at"))).cast("int")
                .as("last_csat"),
            count(when(nps12, lit(1))).cast("int").as("nps_answers_12m"),
            count(when(nps12.and(col("score").leq(6)), lit(1))).cast("int")
                .as("detractor_answers_12m"),
            min(when(nps12, col("score"))).cast("int").as("min_nps_12m"),
            count(when(csat12, lit(1))).cast("int").as("csat_answers_12m"),
            count(when(csat12.and(col("score").leq(LOW_CSAT_MAX)), lit(1))).cast("int")
                .as("low_csat_12m"))
        .withColumn("nps_class", when(col("last_nps").geq(9), lit("promoter"))
            .when(col("last_nps").geq(7), lit("passive"))
            .when(col("last_nps").isNotNull(), lit("detractor")));
    Dataset<Row> returned = returns
        .groupBy(ID, AS_OF).agg(count(when(col("return_date").gt(yearBefore()), lit(1)))
            .cast("int").as("returns_12m"));
    return ticketFigures.join(answers, KEY, "full").join(returned, KEY, "full");
  }

  private static Dataset<Row> marketing(Dataset<Row> touches, Dataset<Row> allLeads,
      Dataset<Row> dates) {
    Column in12 = col("day").gt(yearBefore());
    Dataset<Row> touchFigures = touches
        .groupBy(ID, AS_OF).agg(
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
    Dataset<Row> leads = known(allLeads, col("created_date"), dates)
        .groupBy(ID, AS_OF).agg(
            min_by(col("lead_source"), struct(col("created_date"), col("lead_id")))
                .as("first_touch_channel"),
            min("created_date").as("first_lead_date"));
    return touchFigures.join(leads, KEY, "full");
  }

  /** CARE: communicative, active, responsive, engaged; each min(count / cap, 1) x 25. */
  private static Dataset<Row> care(Dataset<Row> activities, Customer360Settings s) {
    Column in12 = col("activity_date").gt(yearBefore());
    Customer360Settings.CareCaps caps = s.careCaps();
    return activities
        .groupBy(ID, AS_OF).agg(
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
  private static Dataset<Row> behaviours(Dataset<Row> orders, Dataset<Row> subs,
      Dataset<Row> touches, Dataset<Row> tickets, Dataset<Row> returns, Dataset<Row> surveys,
      Dataset<Row> activities, Dataset<Row> firsts, Customer360Settings s) {
    Customer360Settings.Windows w = s.windows();
    Column d = col(AS_OF);
    Column purchased = col(D0).isNotNull();
    Dataset<Row> orderB = orders.where(purchased)
        .withColumn("k", datediff(col("day"), col(D0)))
        .groupBy(ID, AS_OF).agg(count(when(col("k").between(1, w.secondPurchase()), lit(1)))
            .as("early_orders"));

    // The term's weekly use up to the date within the first seatsUsed days, as a share.
    Column early = filter(col(USAGE), u -> u.getField("usage_date").leq(d)
        .and(datediff(u.getField("usage_date"), col(D0)).between(0, w.seatsUsed())));
    Dataset<Row> usageB = subs.where(purchased.and(col("seats_purchased").gt(0)))
        .groupBy(ID, AS_OF).agg(max(array_max(transform(early, u -> u.getField("seats_active")
            .cast("double").divide(col("seats_purchased").cast("double"))))).as("peak_ratio"));

    Dataset<Row> touchB = touches.where(purchased)
        .withColumn("k", datediff(col("day"), col(D0)))
        .groupBy(ID, AS_OF).agg(
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

    Dataset<Row> ticketB = tickets.where(purchased)
        .withColumn("k", datediff(col("day"), col(D0)))
        .groupBy(ID, AS_OF).agg(
            count(when(within(w.early()), lit(1))).as("tickets_early"),
            count(when(col("category").equalTo("onboarding").and(within(w.onboarding()))
                .and(col("closed_at").isNull().or(to_date(col("closed_at")).gt(d))),
                lit(1))).as("onboarding_open"));

    Dataset<Row> returnB = returns.where(purchased)
        .withColumn("k", datediff(col("return_date"), col(D0)))
        .groupBy(ID, AS_OF).agg(count(when(within(w.early()), lit(1))).as("returns_early"));

    Dataset<Row> npsB = surveys
        .where(col("survey_type").equalTo("nps").and(purchased))
        .where(col("responded_date").geq(col(D0)))
        .groupBy(ID, AS_OF).agg(min_by(col("score"),
            struct(col("responded_date"), col("response_id"))).as("first_nps"));

    Dataset<Row> referrals = activities
        .where(purchased)
        .where(activity("referral_given").and(col("activity_date").geq(col(D0))))
        .groupBy(ID, AS_OF).agg(count(lit(1)).as("referrals_since_first"));

    Dataset<Row> all = firsts
        .join(orderB, KEY, "left").join(usageB, KEY, "left").join(touchB, KEY, "left")
        .join(ticketB, KEY, "left").join(returnB, KEY, "left").join(npsB, KEY, "left")
        .join(referrals, KEY, "left");
    return all.select(
        col(ID),
        col(AS_OF),
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
    Column recencyRank = percent_rank().over(byDate().orderBy(
        coalesce(col("recency_days"), lit(Integer.MAX_VALUE)).desc()));
    r = r.withColumn("r_score", when(col("recency_days").isNotNull(), quintile(recencyRank)))
        .withColumn("f_score", quintile(percent_rank().over(byDate().orderBy("frequency_12m"))))
        .withColumn("m_score", quintile(percent_rank().over(byDate().orderBy("monetary_12m"))));
    return r.withColumn("rfm_segment", concat(coalesce(col("r_score"), lit(0)).cast("string"),
        col("f_score").cast("string"), col("m_score").cast("string")));
  }

  /**
   * The Pareto order: rank by the configured value (ties share a rank and a cumulative
   * share), each customer's share of revenue and profit, and the top share of customers.
   */
  private static Dataset<Row> pareto(Dataset<Row> rows, Customer360Settings s) {
    WindowSpec all = byDate();
    WindowSpec byValue = byDate().orderBy(col("pareto_value").desc())
        .rangeBetween(Window.unboundedPreceding(), Window.currentRow());
    Column totalRevenue = sum("revenue_12m").over(all);
    Column totalProfit = sum("profit_12m").over(all);
    Column nonZero = lit(1e-12);
    return rows
        .withColumn("pareto_value", coalesce(col(s.paretoValue().column()), lit(0.0)))
        .withColumn("value_rank", rank().over(byDate().orderBy(col("pareto_value").desc())))
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
    Column valuePct = percent_rank().over(byDate().orderBy("pareto_value"));
    Column profitPct = percent_rank().over(byDate().orderBy(coalesce(col("profit_12m"), lit(0.0))));
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
    Column scoreRank = rank().over(byDate().orderBy(col("tier_score").desc()));
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

  /**
   * A fact's rows with a customer, gathered by customer, each joined to every date of
   * {@code dates} it is known at: an aggregate by customer and date then needs no shuffle of
   * the copies.
   */
  private static Dataset<Row> known(Dataset<Row> fact, Column day, Dataset<Row> dates) {
    return byCustomer(fact).join(dates, day.leq(col(AS_OF)));
  }

  /**
   * As {@link #known(Dataset, Column, Dataset)}, with the customer's first purchase as of each
   * date in {@code first_purchase_date} (null before it).
   *
   * @param first {@link #firstPurchase} of the customers
   */
  private static Dataset<Row> known(Dataset<Row> fact, Column day, Dataset<Row> dates,
      Dataset<Row> first) {
    return byCustomer(fact)
        .join(first, BY_ID, "left")
        .join(dates, day.leq(col(AS_OF)))
        .withColumn(D0, when(col(FIRST).leq(col(AS_OF)), col(FIRST)))
        .drop(FIRST);
  }

  /** A fact's rows with a customer, gathered by customer (the partitioning later joins keep). */
  private static Dataset<Row> byCustomer(Dataset<Row> fact) {
    return fact.where(col(ID).isNotNull()).repartition(col(ID));
  }

  /** The window of one as-of date's population. */
  private static WindowSpec byDate() {
    return Window.partitionBy(AS_OF);
  }

  /** The day twelve months before the as-of date (facts after it are in the last 12 months). */
  private static Column yearBefore() {
    return add_months(col(AS_OF), -12);
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
