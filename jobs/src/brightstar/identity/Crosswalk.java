package brightstar.identity;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * How a record of each bronze entity finds its identity (and so its customer) in
 * silver.customer_crosswalk (declared in {@link brightstar.io.Tables#CUSTOMER_CROSSWALK}).
 */
public final class Crosswalk {
  private Crosswalk() {}

  /** How the records of one bronze entity find their identity. */
  public record Lookup(String table, String source, String entity, Column recordId,
      String identitySource, String identityEntity, Column identityKey) {}

  /**
   * Every bronze entity with a customer, its record id as the generator's truth spells it and
   * its identity in the crosswalk.
   */
  public static List<Lookup> lookups(IdentityGraph g) {
    List<Lookup> l = new ArrayList<>();
    Column account = col("account_id");
    l.add(new Lookup("sales_accounts", "sales", "accounts", col("account_id"), "sales",
        "accounts", account));
    l.add(new Lookup("sales_orders", "sales", "orders", col("order_id"), "sales", "accounts",
        account));
    l.add(new Lookup("sales_subscriptions", "sales", "subscriptions", col("subscription_id"),
        "sales", "accounts", account));
    l.add(new Lookup("sales_seat_usage", "sales", "seat_usage",
        concat(col("subscription_id"), lit("|"), date_format(col("usage_date"), "yyyy-MM-dd")),
        "sales", "accounts", account));
    l.add(new Lookup("sales_activities", "sales", "activities", col("activity_id"), "sales",
        "accounts", account));
    Column billing = col("billing_account");
    l.add(new Lookup("finance_invoices", "finance", "invoices", col("invoice_id"), "finance",
        "billing_accounts", billing));
    l.add(new Lookup("finance_payments", "finance", "payments", col("payment_id"), "finance",
        "billing_accounts", billing));
    l.add(new Lookup("finance_credit_notes", "finance", "credit_notes", col("credit_note_id"),
        "finance", "billing_accounts", billing));
    l.add(new Lookup("marketing_leads", "marketing", "leads", col("lead_id"), "marketing",
        "leads", col("lead_id")));
    l.add(new Lookup("marketing_touches", "marketing", "touches", col("touch_id"), "marketing",
        "leads", col("lead_id")));
    l.add(new Lookup("support_tickets", "support", "tickets", col("ticket_id"), "support",
        "requesters", g.emailKey(col("requester_email"))));
    l.add(new Lookup("support_returns", "support", "returns", col("return_id"), "support",
        "requesters", g.emailKey(col("requester_email"))));
    l.add(new Lookup("support_surveys", "support", "surveys", col("response_id"), "support",
        "respondents", g.emailKey(col("respondent_email"))));
    return l;
  }

  /**
   * Each bronze record with the customer its identity resolved to.
   *
   * @return source, entity, record_id, customer_id (null when unresolved), one row per record
   */
  public static Dataset<Row> recordCustomers(Map<String, Dataset<Row>> bronze,
      Dataset<Row> crosswalk, IdentityGraph g) {
    Dataset<Row> all = null;
    for (Lookup l : lookups(g)) {
      if (!bronze.containsKey(l.table())) {
        continue;
      }
      Dataset<Row> ids =
          crosswalk.where(col("source").equalTo(l.identitySource())
                  .and(col("entity").equalTo(l.identityEntity())))
              .select(col("source_key").as("k"), col("customer_id"));
      Dataset<Row> records =
          bronze.get(l.table())
              .select(l.recordId().as("record_id"), l.identityKey().as("key"))
              .where(col("record_id").isNotNull())
              .dropDuplicates("record_id");
      Dataset<Row> part =
          records.join(ids, records.col("key").equalTo(ids.col("k")), "left")
              .select(lit(l.source()).as("source"), lit(l.entity()).as("entity"),
                  col("record_id"), col("customer_id"));
      all = all == null ? part : all.unionByName(part);
    }
    return all;
  }
}
