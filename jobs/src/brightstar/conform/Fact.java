package brightstar.conform;

import brightstar.io.TableId;
import brightstar.io.TableSpec;
import brightstar.io.Tables;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;

/**
 * The twelve conformed silver facts: where each comes from, what identifies a row, and which
 * identity of the crosswalk gives it its customer. Columns and types are those declared in
 * {@link Tables}.
 */
public enum Fact {
  ORDERS(Tables.ORDERS, "sales_orders", List.of("order_id"), Identity.ACCOUNTS, "account_id"),
  INVOICES(Tables.INVOICES, "finance_invoices", List.of("invoice_id"),
      Identity.BILLING_ACCOUNTS, "billing_account"),
  PAYMENTS(Tables.PAYMENTS, "finance_payments", List.of("payment_id"),
      Identity.BILLING_ACCOUNTS, "billing_account"),
  CREDIT_NOTES(Tables.CREDIT_NOTES, "finance_credit_notes", List.of("credit_note_id"),
      Identity.BILLING_ACCOUNTS, "billing_account"),
  SUBSCRIPTIONS(Tables.SUBSCRIPTIONS, "sales_subscriptions", List.of("subscription_id"),
      Identity.ACCOUNTS, "account_id"),
  SEAT_USAGE(Tables.SEAT_USAGE, "sales_seat_usage", List.of("subscription_id", "usage_date"),
      Identity.ACCOUNTS, "account_id"),
  ACTIVITIES(Tables.ACTIVITIES, "sales_activities", List.of("activity_id"),
      Identity.ACCOUNTS, "account_id"),
  LEADS(Tables.LEADS, "marketing_leads", List.of("lead_id"), Identity.LEADS, "lead_id"),
  TOUCHES(Tables.TOUCHES, "marketing_touches", List.of("touch_id"), Identity.LEADS, "lead_id"),
  TICKETS(Tables.TICKETS, "support_tickets", List.of("ticket_id"),
      Identity.REQUESTERS, "requester_email"),
  SURVEYS(Tables.SURVEYS, "support_surveys", List.of("response_id"),
      Identity.RESPONDENTS, "respondent_email"),
  RETURNS(Tables.RETURNS, "support_returns", List.of("return_id"),
      Identity.REQUESTERS, "requester_email");

  /** Bronze lineage column of the extract day; deliveries of later days win. */
  public static final String RUN_DATE = "_run_date";

  private final TableSpec silver;
  private final TableId bronze;
  private final List<String> businessKey;
  private final Identity identity;
  private final String identityColumn;

  Fact(TableSpec silver, String bronze, List<String> businessKey, Identity identity,
      String identityColumn) {
    this.silver = silver;
    this.bronze = TableId.bronze(bronze);
    this.businessKey = businessKey;
    this.identity = identity;
    this.identityColumn = identityColumn;
  }

  public TableSpec silver() {
    return silver;
  }

  public TableId bronze() {
    return bronze;
  }

  public List<String> businessKey() {
    return businessKey;
  }

  public Identity identity() {
    return identity;
  }

  /** The fact's column holding its identity, e.g. account_id. */
  public String identityColumn() {
    return identityColumn;
  }

  /** The money columns X that have an X_usd column, in table order. */
  public List<String> moneyColumns() {
    return silver.columnNames().stream()
        .filter(c -> c.endsWith("_usd"))
        .map(c -> c.substring(0, c.length() - "_usd".length()))
        .toList();
  }

  /**
   * The bronze columns the fact reads: its business columns and the lineage, plus
   * {@code _run_date} (which decides the latest delivery); not customer_id or the USD columns.
   */
  public List<TableSpec.Column> bronzeColumns() {
    List<String> derived = moneyColumns().stream().map(m -> m + "_usd").toList();
    List<TableSpec.Column> cols = new ArrayList<>(silver.columns().stream()
        .filter(c -> !c.name().equals(Tables.CUSTOMER_ID) && !derived.contains(c.name()))
        .toList());
    cols.add(new TableSpec.Column(RUN_DATE, DataTypes.DateType, "",
        "extract day"));
    return cols;
  }
}
