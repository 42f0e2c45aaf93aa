package brightstar.customer360;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import brightstar.BrightstarException;
import brightstar.io.TableCatalog;
import brightstar.io.TableId;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The silver inputs of gold.customer_360, read in one place. Each fact carries
 * {@code customer_id} (null when unresolved) and the bronze landing columns plus {@code *_usd}
 * amounts (the silver contract of issue 8); {@link #REQUIRED} lists exactly the columns this
 * stage relies on, and {@link #read} checks them so a contract change fails with the table and
 * column named instead of deep inside a Spark plan.
 */
public record SilverFacts(
    Dataset<Row> customers,
    Dataset<Row> orders,
    Dataset<Row> invoices,
    Dataset<Row> payments,
    Dataset<Row> creditNotes,
    Dataset<Row> subscriptions,
    Dataset<Row> seatUsage,
    Dataset<Row> activities,
    Dataset<Row> leads,
    Dataset<Row> touches,
    Dataset<Row> tickets,
    Dataset<Row> surveys,
    Dataset<Row> returns,
    Optional<Dataset<Row>> clv) {

  public static final TableId CUSTOMERS = TableId.silver("customers");
  public static final TableId ORDERS = TableId.silver("orders");
  public static final TableId INVOICES = TableId.silver("invoices");
  public static final TableId PAYMENTS = TableId.silver("payments");
  public static final TableId CREDIT_NOTES = TableId.silver("credit_notes");
  public static final TableId SUBSCRIPTIONS = TableId.silver("subscriptions");
  public static final TableId SEAT_USAGE = TableId.silver("seat_usage");
  public static final TableId ACTIVITIES = TableId.silver("activities");
  public static final TableId LEADS = TableId.silver("leads");
  public static final TableId TOUCHES = TableId.silver("touches");
  public static final TableId TICKETS = TableId.silver("tickets");
  public static final TableId SURVEYS = TableId.silver("surveys");
  public static final TableId RETURNS = TableId.silver("returns");
  public static final TableId CLV = TableId.gold("clv");

  /** The columns read from each table: the whole dependency of this stage on silver. */
  public static final Map<TableId, List<String>> REQUIRED = required();

  private static Map<TableId, List<String>> required() {
    Map<TableId, List<String>> m = new LinkedHashMap<>();
    m.put(CUSTOMERS, List.of("customer_id", "company_name", "domain", "industry", "country",
        "employees", "founded_year", "first_seen_date", "crm_accounts"));
    m.put(ORDERS, List.of("customer_id", "order_id", "order_date", "product", "amount_usd"));
    m.put(INVOICES, List.of("customer_id", "invoice_id", "issue_date", "due_date",
        "net_amount", "gross_amount_usd", "discount_amount_usd", "net_amount_usd"));
    m.put(PAYMENTS, List.of("invoice_id", "paid_date", "amount"));
    m.put(CREDIT_NOTES, List.of("customer_id", "issue_date", "amount_usd", "reason"));
    m.put(SUBSCRIPTIONS, List.of("customer_id", "subscription_id", "seats_purchased",
        "start_date", "end_date"));
    m.put(SEAT_USAGE, List.of("subscription_id", "usage_date", "seats_active"));
    m.put(ACTIVITIES, List.of("customer_id", "activity_date", "activity_type"));
    m.put(LEADS, List.of("customer_id", "lead_id", "created_date", "lead_source"));
    m.put(TOUCHES, List.of("customer_id", "touch_time", "touch_type"));
    m.put(TICKETS, List.of("customer_id", "opened_at", "closed_at", "priority", "category"));
    m.put(SURVEYS, List.of("customer_id", "response_id", "survey_type", "score",
        "responded_date"));
    m.put(RETURNS, List.of("customer_id", "return_date"));
    return m;
  }

  /**
   * Reads the silver tables and gold.clv's slice of the as-of date (when gold.clv exists).
   *
   * @throws BrightstarException naming the missing table or column
   */
  public static SilverFacts read(TableCatalog catalog, LocalDate asOf) {
    List<Dataset<Row>> tables = new ArrayList<>();
    for (TableId table : REQUIRED.keySet()) {
      tables.add(readChecked(catalog, table, "gold.customer_360"));
    }
    // gold.clv keeps one slice per as-of date; only this date's slice describes this date.
    Optional<Dataset<Row>> clv = catalog.exists(CLV)
        ? Optional.of(catalog.read(CLV).where(col("as_of_date").equalTo(lit(asOf))))
        : Optional.empty();
    return new SilverFacts(tables.get(0), tables.get(1), tables.get(2), tables.get(3),
        tables.get(4), tables.get(5), tables.get(6), tables.get(7), tables.get(8),
        tables.get(9), tables.get(10), tables.get(11), tables.get(12), clv);
  }

  /**
   * One table of {@link #REQUIRED}, checked: it exists and has the columns this stage reads.
   *
   * @param reader the table being built, named in a failure (e.g. {@code gold.customer_360})
   * @throws BrightstarException naming the missing table or columns and the fix
   */
  static Dataset<Row> readChecked(TableCatalog catalog, TableId table, String reader) {
    if (!catalog.exists(table)) {
      throw new BrightstarException("cannot build " + reader + ": " + table
          + " does not exist", "it reads the conformed silver facts",
          "run 'bin/brightstar unify' first (README: the pipeline order)");
    }
    Dataset<Row> rows = catalog.read(table);
    requireColumns(table, rows, REQUIRED.get(table), reader);
    return rows;
  }

  /** Fails naming the table and the columns it lacks. */
  public static void requireColumns(TableId table, Dataset<Row> rows, List<String> columns) {
    requireColumns(table, rows, columns, "gold.customer_360");
  }

  private static void requireColumns(TableId table, Dataset<Row> rows, List<String> columns,
      String reader) {
    List<String> have = Arrays.asList(rows.columns());
    List<String> missing = columns.stream().filter(c -> !have.contains(c)).toList();
    if (!missing.isEmpty()) {
      throw new BrightstarException("cannot build " + reader + " from " + table,
          table + " lacks the columns " + missing,
          "rebuild silver with 'bin/brightstar unify' (the silver contract in docs/tables.md)");
    }
  }
}
