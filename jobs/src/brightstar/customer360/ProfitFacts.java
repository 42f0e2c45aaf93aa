package brightstar.customer360;

import brightstar.io.TableCatalog;
import brightstar.io.TableId;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The silver inputs of the profitability figures ({@link Customer360#profitability}): the
 * part of {@link SilverFacts} that revenue, cost of sales and cost to serve read. The CLV job
 * reads only these, since it runs before gold.customer_360 is built.
 */
public record ProfitFacts(
    Dataset<Row> customers,
    Dataset<Row> orders,
    Dataset<Row> invoices,
    Dataset<Row> payments,
    Dataset<Row> creditNotes,
    Dataset<Row> tickets) {

  /** The tables read, in the order of the components. */
  public static final List<TableId> TABLES = List.of(SilverFacts.CUSTOMERS, SilverFacts.ORDERS,
      SilverFacts.INVOICES, SilverFacts.PAYMENTS, SilverFacts.CREDIT_NOTES, SilverFacts.TICKETS);

  /** The profitability part of all the silver facts. */
  public static ProfitFacts of(SilverFacts f) {
    return new ProfitFacts(f.customers(), f.orders(), f.invoices(), f.payments(),
        f.creditNotes(), f.tickets());
  }

  /** The tables of {@link #TABLES} that do not exist (none after 'bin/brightstar unify'). */
  public static List<TableId> missing(TableCatalog catalog) {
    return TABLES.stream().filter(t -> !catalog.exists(t)).toList();
  }

  /**
   * Reads the tables, checking each has the columns of {@link SilverFacts#REQUIRED}.
   *
   * @param reader what the figures are for, named in a failure (e.g. {@code gold.clv})
   * @throws brightstar.BrightstarException naming a missing table or column
   */
  public static ProfitFacts read(TableCatalog catalog, String reader) {
    List<Dataset<Row>> t = TABLES.stream()
        .map(table -> SilverFacts.readChecked(catalog, table, reader)).toList();
    return new ProfitFacts(t.get(0), t.get(1), t.get(2), t.get(3), t.get(4), t.get(5));
  }
}
