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
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The tables identity resolution writes, and how a record of each bronze entity finds its
 * identity (and so its customer) in silver.customer_crosswalk.
 */
public final class Crosswalk {
  /** silver.customer_crosswalk: one row per source identity, resolved or not. */
  public static final StructType SCHEMA =
      new StructType()
          .add("source", DataTypes.StringType, false, "silo the identity comes from: sales, "
              + "finance, marketing or support")
          .add("entity", DataTypes.StringType, false, "kind of identity: accounts (CRM "
              + "account), billing_accounts, leads, requesters (support ticket and return "
              + "e-mail), respondents (survey e-mail), contacts (CRM activity e-mail)")
          .add("source_key", DataTypes.StringType, false, "the identity's key in its silo: "
              + "account_id, billing_account, lead_id, or the e-mail address in lower case")
          .add("customer_id", DataTypes.StringType, true, "the customer it belongs to; null "
              + "when it belongs to no known customer (a lead-only contact, a prospect, or "
              + "too little evidence)")
          .add("match_rule", DataTypes.StringType, false, "how it was linked: the "
              + "deterministic rules joined by + (crm_domain, email_domain, lead_email, "
              + "bill_to_email, activity_contact), a name rule (name_exact, name_word, "
              + "name_fuzzy), typed_domain, new_without_domain, or unresolved")
          .add("match_score", DataTypes.DoubleType, true, "1.0 for deterministic rules, "
              + "the name similarity (0-1) for name rules; for an unresolved identity its "
              + "best score below the threshold, if any")
          .add("first_seen", DataTypes.DateType, true, "date of the identity's first record")
          .add("last_seen", DataTypes.DateType, true, "date of the identity's last record");

  /** silver.customer_match_candidates: doubtful pairs for a person to review. */
  public static final StructType CANDIDATES =
      new StructType()
          .add("source_a", DataTypes.StringType, false, "kind of the record that was not "
              + "attached: sales, finance, marketing, or email (an address)")
          .add("entity_a", DataTypes.StringType, false, "accounts, billing_accounts, leads "
              + "or address")
          .add("key_a", DataTypes.StringType, false, "its key (account_id, billing_account, "
              + "lead_id or e-mail address)")
          .add("name_a", DataTypes.StringType, true, "the company name (or link) as typed on "
              + "it")
          .add("source_b", DataTypes.StringType, false, "kind of the customer record it "
              + "resembles: sales, finance or web (a domain)")
          .add("entity_b", DataTypes.StringType, false, "accounts, billing_accounts or "
              + "domain")
          .add("key_b", DataTypes.StringType, false, "its key")
          .add("name_b", DataTypes.StringType, true, "that customer record's name")
          .add("customer_id_b", DataTypes.StringType, true, "the customer it would join")
          .add("score", DataTypes.DoubleType, false, "name similarity 0-1 after the country "
              + "penalty (1.0 for a stated link)")
          .add("rule", DataTypes.StringType, false, "name_exact, name_word, name_fuzzy, "
              + "typed_domain, activity_contact or bill_to_email")
          .add("run_date", DataTypes.DateType, false, "the unify run that found the pair");

  /** silver.customer_merges: customer ids retired because new evidence joined customers. */
  public static final StructType MERGES =
      new StructType()
          .add("merged_id", DataTypes.StringType, false, "the retired customer_id")
          .add("surviving_id", DataTypes.StringType, false, "the customer_id it now belongs "
              + "to (the older of the two)")
          .add("run_date", DataTypes.DateType, false, "the unify run that merged them")
          .add("evidence", DataTypes.StringType, true, "the link that joined them");

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
