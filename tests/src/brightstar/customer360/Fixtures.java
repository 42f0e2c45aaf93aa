package brightstar.customer360;

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
 * Small named customers as silver facts (the issue-8 contract's columns), as of 2024-12-31:
 *
 * <ul>
 *   <li>STAR: bought twice early, used 90% of its seats by day 40, went to a webinar and the
 *       user conference, downloaded the app, gave a referral, NPS 10, always paid on time.
 *   <li>LOSS: a hardware kit partly returned on day 20, four tickets in the first 90 days
 *       (urgent ones), an onboarding ticket never closed, first NPS 3, seats shrunk at
 *       renewal: it loses money.
 *   <li>LATE: paid one invoice in two parts 30 days late, never paid another (bad debt).
 *   <li>REFUND: one order, a refund credit note.
 *   <li>TIE1, TIE2: the same revenue (a tie in the Pareto order).
 *   <li>NEW: first order on 2024-12-01, so every early window is still open.
 *   <li>NONE: a customer without any order.
 *   <li>LATER: first seen after the as-of date (not a customer yet).
 * </ul>
 *
 * <p>Public for the stages that read the same facts (the CLV job's profit after cost to serve).
 */
public final class Fixtures {
  private Fixtures() {}

  static Date d(String iso) {
    return Date.valueOf(iso);
  }

  static Timestamp t(String iso) {
    return Timestamp.valueOf(iso.replace('T', ' '));
  }

  static BigDecimal m(String amount) {
    return new BigDecimal(amount);
  }

  static Dataset<Row> table(String ddl, Object[]... rows) {
    List<Row> list = new ArrayList<>();
    for (Object[] r : rows) {
      list.add(RowFactory.create(r));
    }
    return SharedSpark.get().createDataFrame(list, StructType.fromDDL(ddl));
  }

  static Object[] r(Object... values) {
    return values;
  }

  static Dataset<Row> customers() {
    return table("customer_id STRING, company_name STRING, domain STRING, industry STRING,"
            + " country STRING, employees INT, founded_year INT, first_seen_date DATE,"
            + " crm_accounts INT",
        r("STAR", "Star GmbH", "star.de", "software", "DE", 900, 1990, d("2024-01-01"), 1),
        r("LOSS", "Loss Ltd", "loss.co.uk", "retail", "GB", 20, 2015, d("2024-02-01"), 1),
        r("LATE", "Late Inc", "late.com", "retail", "US", 70, 2000, d("2024-03-01"), 2),
        r("REFUND", "Refund BV", "refund.nl", "software", "NL", 250, 2005, d("2024-01-01"), 1),
        r("TIE1", "Tie One", "tie1.com", "software", "US", 10, 2010, d("2024-05-01"), 1),
        r("TIE2", "Tie Two", "tie2.com", "software", "US", 10, 2010, d("2024-05-01"), 1),
        r("NEW", "New AG", "new.de", "software", "DE", 50, 2020, d("2024-11-25"), 1),
        r("NONE", "None SA", "none.fr", "retail", "FR", 5, 2022, d("2024-06-01"), 1),
        r("LATER", "Later Oy", "later.fi", "retail", "FI", 5, 2022, d("2025-01-05"), 1));
  }

  static Dataset<Row> orders() {
    return table("customer_id STRING, order_id STRING, account_id STRING, order_date DATE,"
            + " product STRING, quantity INT, unit_price DECIMAL(18,2), amount DECIMAL(18,2),"
            + " currency STRING, amount_usd DOUBLE",
        r("STAR", "O1", "A1", d("2024-01-10"), "training_pack", 1, m("1000"), m("1000"), "USD",
            1000.0),
        r("STAR", "O2", "A1", d("2024-02-09"), "consulting_day", 2, m("1000"), m("2000"), "USD",
            2000.0),
        r("STAR", "O9", "A1", d("2025-01-02"), "consulting_day", 9, m("1000"), m("9000"), "USD",
            9000.0),
        r("LOSS", "O3", "A2", d("2024-02-05"), "hardware_kit", 2, m("200"), m("400"), "USD",
            400.0),
        r("LATE", "O4", "A3", d("2024-03-05"), "consulting_day", 3, m("1000"), m("3000"), "USD",
            3000.0),
        r("REFUND", "O5", "A4", d("2024-01-05"), "premium_support", 1, m("1200"), m("1200"),
            "USD", 1200.0),
        r("TIE1", "O6", "A5", d("2024-05-10"), "training_pack", 1, m("500"), m("500"), "USD",
            500.0),
        r("TIE2", "O7", "A6", d("2024-05-10"), "training_pack", 1, m("500"), m("500"), "USD",
            500.0),
        r("NEW", "O8", "A7", d("2024-12-01"), "training_pack", 1, m("1000"), m("1000"), "USD",
            1000.0),
        r(null, "OX", "AX", d("2024-05-10"), "training_pack", 1, m("7"), m("7"), "USD", 7.0));
  }

  private static final String INVOICE = "customer_id STRING, invoice_id STRING,"
      + " billing_account STRING, issue_date DATE, due_date DATE, currency STRING,"
      + " gross_amount DECIMAL(18,2), discount_amount DECIMAL(18,2), net_amount DECIMAL(18,2),"
      + " gross_amount_usd DOUBLE, discount_amount_usd DOUBLE, net_amount_usd DOUBLE";

  private static Object[] invoice(String customer, String id, String issued, String due,
      double gross, double discount) {
    double net = gross - discount;
    return r(customer, id, "BA-" + customer, d(issued), d(due), "USD",
        m(Double.toString(gross)), m(Double.toString(discount)), m(Double.toString(net)), gross,
        discount, net);
  }

  static Dataset<Row> invoices() {
    return table(INVOICE,
        invoice("STAR", "I1", "2024-01-10", "2024-02-09", 1000, 0),
        invoice("STAR", "I2", "2024-02-09", "2024-03-10", 2000, 100),
        invoice("STAR", "I3", "2024-03-10", "2024-04-09", 450, 0),
        invoice("LOSS", "I4", "2024-02-05", "2024-03-06", 400, 0),
        invoice("LOSS", "I5", "2024-03-05", "2024-04-04", 100, 0),
        invoice("LATE", "I6", "2024-03-05", "2024-04-04", 3000, 0),
        invoice("LATE", "I7", "2024-05-05", "2024-06-04", 1000, 0),
        invoice("LATE", "I8", "2024-12-01", "2024-12-31", 500, 0),
        invoice("LATE", "I9", "2024-12-20", "2025-01-19", 500, 0),
        invoice("REFUND", "I10", "2024-01-05", "2024-02-04", 1200, 0),
        invoice("TIE1", "I11", "2024-05-10", "2024-06-09", 500, 0),
        invoice("TIE2", "I12", "2024-05-10", "2024-06-09", 500, 0),
        invoice("NEW", "I13", "2024-12-01", "2024-12-31", 1000, 0));
  }

  static Dataset<Row> payments() {
    String ddl = "customer_id STRING, payment_id STRING, invoice_id STRING,"
        + " billing_account STRING, paid_date DATE, amount DECIMAL(18,2), currency STRING,"
        + " method STRING, amount_usd DOUBLE";
    Object[][] paid = {
        {"STAR", "I1", "2024-02-09", "1000"}, {"STAR", "I2", "2024-03-10", "1900"},
        {"STAR", "I3", "2024-04-01", "450"}, {"LOSS", "I4", "2024-03-01", "400"},
        {"LOSS", "I5", "2024-04-04", "100"}, {"LATE", "I6", "2024-04-01", "1500"},
        {"LATE", "I6", "2024-05-04", "1500"}, {"REFUND", "I10", "2024-02-01", "1200"},
        {"TIE1", "I11", "2024-06-01", "500"}, {"TIE2", "I12", "2024-06-01", "500"}};
    Object[][] rows = new Object[paid.length][];
    for (int i = 0; i < paid.length; i++) {
      Object[] p = paid[i];
      rows[i] = r(p[0], "P" + i, p[1], "BA-" + p[0], d((String) p[2]), m((String) p[3]), "USD",
          "card", Double.parseDouble((String) p[3]));
    }
    return table(ddl, rows);
  }

  static Dataset<Row> creditNotes() {
    return table("customer_id STRING, credit_note_id STRING, invoice_id STRING,"
            + " billing_account STRING, issue_date DATE, amount DECIMAL(18,2), currency STRING,"
            + " reason STRING, amount_usd DOUBLE",
        r("LOSS", "CN1", "I4", "BA-LOSS", d("2024-02-26"), m("200"), "USD", "return", 200.0),
        r("REFUND", "CN2", "I10", "BA-REFUND", d("2024-06-01"), m("300"), "USD", "refund",
            300.0));
  }

  static Dataset<Row> subscriptions() {
    return table("customer_id STRING, subscription_id STRING, account_id STRING, plan STRING,"
            + " seats_purchased INT, start_date DATE, end_date DATE,"
            + " monthly_price DECIMAL(18,2), currency STRING, monthly_price_usd DOUBLE",
        r("STAR", "S1", "A1", "business", 10, d("2024-01-10"), null, m("450"), "USD", 450.0),
        r("LOSS", "S2", "A2", "starter", 10, d("2024-02-05"), d("2024-07-04"), m("100"), "USD",
            100.0),
        r("LOSS", "S3", "A2", "starter", 6, d("2024-07-05"), null, m("60"), "USD", 60.0));
  }

  static Dataset<Row> seatUsage() {
    return table("customer_id STRING, subscription_id STRING, account_id STRING,"
            + " usage_date DATE, seats_active INT",
        r("STAR", "S1", "A1", d("2024-01-15"), 3),
        r("STAR", "S1", "A1", d("2024-02-19"), 9),
        r("STAR", "S1", "A1", d("2024-12-30"), 8),
        r("LOSS", "S2", "A2", d("2024-02-12"), 2),
        r("LOSS", "S2", "A2", d("2024-03-25"), 5));
  }

  static Dataset<Row> activities() {
    return table("customer_id STRING, activity_id STRING, account_id STRING,"
            + " activity_date DATE, activity_type STRING, contact_email STRING, rep STRING",
        r("STAR", "AC1", "A1", d("2024-06-08"), "referral_given", null, "rep"),
        r("STAR", "AC2", "A1", d("2024-03-01"), "email_reply", null, "rep"),
        r("STAR", "AC3", "A1", d("2024-04-01"), "email_reply", null, "rep"),
        r("STAR", "AC4", "A1", d("2024-05-01"), "email_reply", null, "rep"),
        r("STAR", "AC5", "A1", d("2024-03-02"), "meeting", null, "rep"),
        r("STAR", "AC6", "A1", d("2024-04-02"), "meeting", null, "rep"),
        r("STAR", "AC7", "A1", d("2024-03-03"), "call", null, "rep"),
        r("STAR", "AC8", "A1", d("2024-04-03"), "call", null, "rep"),
        r("STAR", "AC9", "A1", d("2024-05-03"), "call", null, "rep"),
        r("STAR", "AC10", "A1", d("2024-06-03"), "call", null, "rep"),
        r("STAR", "AC11", "A1", d("2024-07-03"), "call", null, "rep"),
        r("STAR", "AC12", "A1", d("2024-08-03"), "call", null, "rep"),
        r("STAR", "AC13", "A1", d("2024-09-03"), "call", null, "rep"));
  }

  static Dataset<Row> leads() {
    return table("customer_id STRING, lead_id STRING, email STRING, first_name STRING,"
            + " last_name STRING, company STRING, job_title STRING, country STRING,"
            + " created_date DATE, lead_source STRING",
        r("STAR", "L1", "a@star.de", "A", "B", "star", "CTO", "DE", d("2023-12-01"), "event"),
        r("STAR", "L2", "b@star.de", "B", "C", "star", "CFO", "DE", d("2024-03-01"), "web"));
  }

  static Dataset<Row> touches() {
    return table("customer_id STRING, touch_id STRING, lead_id STRING, email STRING,"
            + " touch_time TIMESTAMP, touch_type STRING, campaign STRING",
        r("STAR", "T1", "L1", "a@star.de", t("2023-12-15T10:00:00"), "email_open", "nl"),
        r("STAR", "T2", "L1", "a@star.de", t("2024-01-30T10:00:00"), "webinar", "w1"),
        r("STAR", "T3", "L1", "a@star.de", t("2024-02-15T10:00:00"), "user_conference", "c1"),
        r("STAR", "T4", "L1", "a@star.de", t("2024-01-20T10:00:00"), "app_download", "app"),
        r("STAR", "T5", "L1", "a@star.de", t("2024-03-01T10:00:00"), "community_post", "f"),
        r("STAR", "T6", "L1", "a@star.de", t("2024-05-01T10:00:00"), "webinar", "w2"),
        r("STAR", "T7", "L1", "a@star.de", t("2024-09-01T10:00:00"), "webinar", "w3"));
  }

  static Dataset<Row> tickets() {
    return table("customer_id STRING, ticket_id STRING, requester_email STRING,"
            + " company STRING, opened_at TIMESTAMP, closed_at TIMESTAMP, priority STRING,"
            + " category STRING, channel STRING",
        r("STAR", "K1", "a@star.de", "star", t("2024-01-12T09:00:00"), t("2024-01-14T09:00:00"),
            "normal", "onboarding", "email"),
        r("LOSS", "K2", "x@loss.co.uk", "loss", t("2024-02-07T09:00:00"), null, "urgent",
            "onboarding", "phone"),
        r("LOSS", "K3", "x@loss.co.uk", "loss", t("2024-02-20T09:00:00"),
            t("2024-02-21T09:00:00"), "urgent", "complaint", "phone"),
        r("LOSS", "K4", "x@loss.co.uk", "loss", t("2024-03-01T09:00:00"),
            t("2024-03-02T09:00:00"), "high", "bug", "email"),
        r("LOSS", "K5", "x@loss.co.uk", "loss", t("2024-04-01T09:00:00"),
            t("2024-04-02T09:00:00"), "high", "how_to", "chat"),
        r("LOSS", "K6", "x@loss.co.uk", "loss", t("2024-12-20T09:00:00"),
            t("2024-12-22T09:00:00"), "urgent", "complaint", "phone"));
  }

  static Dataset<Row> surveys() {
    return table("customer_id STRING, response_id STRING, respondent_email STRING,"
            + " survey_type STRING, score INT, responded_date DATE, comment STRING",
        r("STAR", "R1", "a@star.de", "nps", 10, d("2024-03-20"), null),
        r("LOSS", "R2", "x@loss.co.uk", "nps", 3, d("2024-04-20"), "slow"),
        r("LOSS", "R3", "x@loss.co.uk", "nps", 9, d("2024-10-20"), null),
        r("LOSS", "R4", "x@loss.co.uk", "csat", 2, d("2024-02-23"), null),
        r("LOSS", "R5", "x@loss.co.uk", "csat", 3, d("2024-01-15"), null));
  }

  static Dataset<Row> returns() {
    return table("customer_id STRING, return_id STRING, requester_email STRING,"
            + " company STRING, return_date DATE, product STRING, quantity INT,"
            + " amount DECIMAL(18,2), currency STRING, reason STRING, amount_usd DOUBLE",
        r("LOSS", "RMA1", "x@loss.co.uk", "loss", d("2024-02-25"), "hardware_kit", 1, m("200"),
            "USD", "defective", 200.0));
  }

  static Dataset<Row> clv() {
    return table("customer_id STRING, clv_12m DOUBLE, p_alive DOUBLE",
        r("STAR", 5000.0, 0.9), r("LATE", 1000.0, 0.5));
  }

  public static SilverFacts facts() {
    return new SilverFacts(customers(), orders(), invoices(), payments(), creditNotes(),
        subscriptions(), seatUsage(), activities(), leads(), touches(), tickets(), surveys(),
        returns(), Optional.of(clv()));
  }
}
