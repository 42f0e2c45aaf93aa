package brightstar.features;

import brightstar.customer360.SilverFacts;
import brightstar.testing.SharedSpark;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * Named customers for the labels of the snapshot 2024-03-31 (high-value window 2024-04-01 ..
 * 2025-03-31, dissatisfied window 2024-04-01 .. 2024-09-30). Every customer buys on 2024-01-15
 * (so all twelve are in the snapshot) except NOTYET, whose first order is after it.
 *
 * <ul>
 *   <li>BIG, RENEW, CHURN: the three largest net revenues in the window (top 20% of 12 = 3).
 *   <li>REFUNDED: USD 6,000 invoiced in the window, 5,500 credited: 500, fourth.
 *   <li>OLD: USD 20,000 invoiced before the snapshot only; AFTER: USD 50,000 after the window.
 *   <li>CHURN: its term ends 2024-06-30 and nothing follows; LATEREN: the next term starts 46
 *       days after the end (beyond the 30 grace days); RENEW: renewed the next day, same seats.
 *   <li>CUT: renewed with 8 of 10 seats (20%: a cut); SLIGHT: 9 of 10 (10%: none).
 *   <li>COMPLAIN: a complaint ticket in the window; SLIGHT: a bug ticket in it; AFTER: a
 *       complaint after the window; OLD: a complaint before the snapshot.
 *   <li>DETRACT: NPS 6 in the window; PASSIVE: NPS 7 in it; OLD: NPS 2 before the snapshot.
 * </ul>
 */
final class FeatureFixtures {
  private FeatureFixtures() {}

  static final String[] IN_SNAPSHOT = {"BIG", "RENEW", "REFUNDED", "OLD", "AFTER", "CHURN",
      "CUT", "SLIGHT", "COMPLAIN", "DETRACT", "PASSIVE", "LATEREN"};

  static Date d(String iso) {
    return Date.valueOf(iso);
  }

  static Timestamp t(String iso) {
    return Timestamp.valueOf(iso.replace('T', ' '));
  }

  static BigDecimal m(double amount) {
    return BigDecimal.valueOf(amount).setScale(2);
  }

  static Object[] r(Object... values) {
    return values;
  }

  /** Rows as a list (List.of would spread a single row into its values). */
  static List<Object[]> rows(Object[]... rows) {
    return List.of(rows);
  }

  static Dataset<Row> table(String ddl, List<Object[]> rows) {
    List<Row> list = new ArrayList<>();
    for (Object[] r : rows) {
      list.add(RowFactory.create(r));
    }
    return SharedSpark.get().createDataFrame(list, StructType.fromDDL(ddl));
  }

  static final String CUSTOMERS = "customer_id STRING, company_name STRING, domain STRING,"
      + " industry STRING, country STRING, employees INT, founded_year INT,"
      + " first_seen_date DATE, crm_accounts INT";
  static final String ORDERS = "customer_id STRING, order_id STRING, account_id STRING,"
      + " order_date DATE, product STRING, quantity INT, unit_price DECIMAL(18,2),"
      + " amount DECIMAL(18,2), currency STRING, amount_usd DOUBLE";
  static final String INVOICES = "customer_id STRING, invoice_id STRING,"
      + " billing_account STRING, issue_date DATE, due_date DATE, currency STRING,"
      + " gross_amount DECIMAL(18,2), discount_amount DECIMAL(18,2), net_amount DECIMAL(18,2),"
      + " gross_amount_usd DOUBLE, discount_amount_usd DOUBLE, net_amount_usd DOUBLE";
  static final String PAYMENTS = "customer_id STRING, payment_id STRING, invoice_id STRING,"
      + " billing_account STRING, paid_date DATE, amount DECIMAL(18,2), currency STRING,"
      + " method STRING, amount_usd DOUBLE";
  static final String CREDIT_NOTES = "customer_id STRING, credit_note_id STRING,"
      + " invoice_id STRING, billing_account STRING, issue_date DATE, amount DECIMAL(18,2),"
      + " currency STRING, reason STRING, amount_usd DOUBLE";
  static final String SUBSCRIPTIONS = "customer_id STRING, subscription_id STRING,"
      + " account_id STRING, plan STRING, seats_purchased INT, start_date DATE, end_date DATE,"
      + " monthly_price DECIMAL(18,2), currency STRING, monthly_price_usd DOUBLE";
  static final String SEAT_USAGE = "customer_id STRING, subscription_id STRING,"
      + " account_id STRING, usage_date DATE, seats_active INT";
  static final String ACTIVITIES = "customer_id STRING, activity_id STRING, account_id STRING,"
      + " activity_date DATE, activity_type STRING, contact_email STRING, rep STRING";
  static final String LEADS = "customer_id STRING, lead_id STRING, email STRING,"
      + " first_name STRING, last_name STRING, company STRING, job_title STRING,"
      + " country STRING, created_date DATE, lead_source STRING";
  static final String TOUCHES = "customer_id STRING, touch_id STRING, lead_id STRING,"
      + " email STRING, touch_time TIMESTAMP, touch_type STRING, campaign STRING";
  static final String TICKETS = "customer_id STRING, ticket_id STRING,"
      + " requester_email STRING, company STRING, opened_at TIMESTAMP, closed_at TIMESTAMP,"
      + " priority STRING, category STRING, channel STRING";
  static final String SURVEYS = "customer_id STRING, response_id STRING,"
      + " respondent_email STRING, survey_type STRING, score INT, responded_date DATE,"
      + " comment STRING";
  static final String RETURNS = "customer_id STRING, return_id STRING,"
      + " requester_email STRING, company STRING, return_date DATE, product STRING,"
      + " quantity INT, amount DECIMAL(18,2), currency STRING, reason STRING,"
      + " amount_usd DOUBLE";

  static Object[] customer(String id, String firstSeen) {
    return r(id, id + " Ltd", id.toLowerCase() + ".com", "software", "DE", 100, 2000,
        d(firstSeen), 1);
  }

  static Object[] order(String customer, String id, String day, double usd) {
    return r(customer, id, "A-" + customer, d(day), "training_pack", 1, m(usd), m(usd), "USD",
        usd);
  }

  static Object[] invoice(String customer, String id, String issued, double net) {
    return r(customer, id, "BA-" + customer, d(issued), Date.valueOf(
        d(issued).toLocalDate().plusDays(30)), "USD", m(net), m(0), m(net), net, 0.0, net);
  }

  static Object[] payment(String customer, String id, String invoice, String day, double usd) {
    return r(customer, id, invoice, "BA-" + customer, d(day), m(usd), "USD", "card", usd);
  }

  static Object[] credit(String customer, String id, String day, double usd) {
    return r(customer, id, null, "BA-" + customer, d(day), m(usd), "USD", "refund", usd);
  }

  static Object[] term(String customer, String id, int seats, String start, String end) {
    return r(customer, id, "A-" + customer, "business", seats, d(start),
        end == null ? null : d(end), m(100), "USD", 100.0);
  }

  static Object[] ticket(String customer, String id, String opened, String category) {
    return r(customer, id, "x@" + customer, customer, t(opened + "T09:00:00"),
        t(opened + "T17:00:00"), "normal", category, "email");
  }

  static Object[] nps(String customer, String id, int score, String day) {
    return r(customer, id, "x@" + customer, "nps", score, d(day), null);
  }

  /** The base facts: the label cases above plus some engagement before the snapshot. */
  static SilverFacts facts() {
    List<Object[]> customers = new ArrayList<>();
    List<Object[]> orders = new ArrayList<>();
    for (String id : IN_SNAPSHOT) {
      customers.add(customer(id, "2024-01-01"));
      orders.add(order(id, "O-" + id, "2024-01-15", 100));
    }
    customers.add(customer("NOTYET", "2024-01-01"));
    orders.add(order("NOTYET", "O-NOTYET", "2024-05-01", 100));

    List<Object[]> invoices = List.of(
        invoice("BIG", "I1", "2024-05-01", 4000), invoice("BIG", "I2", "2025-03-31", 6000),
        invoice("RENEW", "I3", "2024-07-01", 3000), invoice("CHURN", "I4", "2024-04-01", 1000),
        invoice("REFUNDED", "I5", "2024-06-01", 6000), invoice("OLD", "I6", "2024-02-01", 20000),
        invoice("AFTER", "I7", "2025-04-15", 50000), invoice("CUT", "I8", "2024-01-15", 100));
    List<Object[]> payments = List.of(payment("CUT", "P1", "I8", "2024-02-10", 100),
        payment("BIG", "P2", "I1", "2024-05-20", 4000));
    List<Object[]> credits = List.of(credit("REFUNDED", "CN1", "2024-08-01", 5500),
        credit("OLD", "CN2", "2024-02-15", 100));
    List<Object[]> terms = List.of(
        term("CHURN", "S1", 10, "2023-10-01", "2024-06-30"),
        term("RENEW", "S2", 10, "2023-10-01", "2024-06-30"),
        term("RENEW", "S3", 10, "2024-07-01", null),
        term("CUT", "S4", 10, "2023-07-01", "2024-06-30"),
        term("CUT", "S5", 8, "2024-07-01", null),
        term("SLIGHT", "S6", 10, "2023-07-01", "2024-06-30"),
        term("SLIGHT", "S7", 9, "2024-07-01", null),
        term("LATEREN", "S8", 5, "2023-07-01", "2024-06-30"),
        term("LATEREN", "S9", 5, "2024-08-15", null));
    List<Object[]> usage = List.of(r("CUT", "S4", "A-CUT", d("2024-02-05"), 6),
        r("RENEW", "S2", "A-RENEW", d("2024-03-04"), 9));
    List<Object[]> activities = List.of(
        r("BIG", "AC1", "A-BIG", d("2024-02-01"), "meeting", null, "rep"),
        r("BIG", "AC2", "A-BIG", d("2024-03-01"), "referral_given", null, "rep"));
    List<Object[]> leads = rows(r("BIG", "L1", "a@big.com", "A", "B", "big", "CTO", "DE",
        d("2023-11-01"), "event"));
    List<Object[]> touches = List.of(
        r("BIG", "T1", "L1", "a@big.com", t("2024-02-01T10:00:00"), "webinar", "w1"),
        r("BIG", "T2", "L1", "a@big.com", t("2024-02-10T10:00:00"), "app_download", "app"));
    List<Object[]> tickets = List.of(
        ticket("COMPLAIN", "K1", "2024-05-01", "complaint"),
        ticket("SLIGHT", "K2", "2024-05-01", "bug"),
        ticket("AFTER", "K3", "2024-10-15", "complaint"),
        ticket("OLD", "K4", "2024-03-01", "complaint"));
    List<Object[]> surveys = List.of(
        nps("DETRACT", "R1", 6, "2024-05-01"), nps("PASSIVE", "R2", 7, "2024-05-01"),
        nps("OLD", "R3", 2, "2024-03-01"));
    List<Object[]> returns = rows(r("OLD", "RMA1", "x@OLD", "OLD", d("2024-02-20"),
        "hardware_kit", 1, m(100), "USD", "defective", 100.0));
    return new SilverFacts(table(CUSTOMERS, customers), table(ORDERS, orders),
        table(INVOICES, invoices), table(PAYMENTS, payments), table(CREDIT_NOTES, credits),
        table(SUBSCRIPTIONS, terms), table(SEAT_USAGE, usage), table(ACTIVITIES, activities),
        table(LEADS, leads), table(TOUCHES, touches), table(TICKETS, tickets),
        table(SURVEYS, surveys), table(RETURNS, returns), Optional.empty());
  }

  /**
   * The base facts plus facts dated {@code after} in every table: more of everything for the
   * known customers (an order, an invoice, the payment of an invoice due long before, a credit
   * note, a renewal with fewer seats, seat usage, activities, a lead, touches, a complaint, NPS
   * and CSAT answers, a return) and a customer first seen that day.
   */
  static SilverFacts later(SilverFacts base, String after) {
    return new SilverFacts(
        base.customers().union(table(CUSTOMERS, rows(customer("NEWCO", after)))),
        base.orders().union(table(ORDERS, rows(order("BIG", "O-L1", after, 9000),
            order("NEWCO", "O-L2", after, 500)))),
        base.invoices().union(table(INVOICES, rows(invoice("BIG", "I-L1", after, 9000),
            invoice("NEWCO", "I-L2", after, 500)))),
        base.payments().union(table(PAYMENTS, rows(
            payment("REFUNDED", "P-L1", "I5", after, 6000)))),
        base.creditNotes().union(table(CREDIT_NOTES, rows(
            credit("BIG", "CN-L1", after, 300)))),
        base.subscriptions().union(table(SUBSCRIPTIONS, rows(
            term("CUT", "S-L1", 2, after, null)))),
        base.seatUsage().union(table(SEAT_USAGE, rows(
            r("CUT", "S5", "A-CUT", d(after), 1)))),
        base.activities().union(table(ACTIVITIES, rows(
            r("BIG", "AC-L1", "A-BIG", d(after), "meeting", null, "rep"),
            r("DETRACT", "AC-L2", "A-DETRACT", d(after), "referral_given", null, "rep")))),
        base.leads().union(table(LEADS, rows(r("DETRACT", "L-L1", "a@detract.com", "A",
            "B", "detract", "CEO", "DE", d(after), "web")))),
        base.touches().union(table(TOUCHES, rows(
            r("BIG", "T-L1", "L1", "a@big.com", t(after + "T10:00:00"), "webinar", "w9"),
            r("DETRACT", "T-L2", "L-L1", "a@detract.com", t(after + "T10:00:00"),
                "user_conference", "c9")))),
        base.tickets().union(table(TICKETS, rows(
            ticket("PASSIVE", "K-L1", after, "complaint")))),
        base.surveys().union(table(SURVEYS, rows(nps("BIG", "R-L1", 0, after),
            r("BIG", "R-L2", "x@BIG", "csat", 1, d(after), null)))),
        base.returns().union(table(RETURNS, rows(r("BIG", "RMA-L1", "x@BIG", "BIG",
            d(after), "hardware_kit", 1, m(100), "USD", "defective", 100.0)))),
        Optional.empty());
  }
}
