package brightstar.testing;

import brightstar.customer360.SilverFacts;
import brightstar.io.TableId;
import brightstar.io.TableSpec;
import brightstar.io.TableWriter;
import brightstar.io.Tables;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Fixtures of declared tables: a test that only cares about a few columns of, say,
 * silver.orders fills the others with typed nulls so the catalogue's writer accepts it.
 */
public final class Declared {
  private Declared() {}

  /** {@code rows} with every declared column it lacks added as null of the declared type. */
  public static Dataset<Row> padded(TableSpec spec, Dataset<Row> rows) {
    List<String> have = Arrays.asList(rows.columns());
    Column[] cols = spec.columns().stream()
        .map(c -> have.contains(c.name())
            ? functions.col(c.name()).cast(c.type()).as(c.name())
            : functions.lit(null).cast(c.type()).as(c.name()))
        .toArray(Column[]::new);
    return rows.select(cols);
  }

  /** Writes every silver table of {@code f} through {@code writer}, padded to its declaration. */
  public static void writeSilver(TableWriter writer, SilverFacts f) {
    Map<TableId, Dataset<Row>> tables = Map.ofEntries(
        Map.entry(SilverFacts.CUSTOMERS, f.customers()),
        Map.entry(SilverFacts.ORDERS, f.orders()),
        Map.entry(SilverFacts.INVOICES, f.invoices()),
        Map.entry(SilverFacts.PAYMENTS, f.payments()),
        Map.entry(SilverFacts.CREDIT_NOTES, f.creditNotes()),
        Map.entry(SilverFacts.SUBSCRIPTIONS, f.subscriptions()),
        Map.entry(SilverFacts.SEAT_USAGE, f.seatUsage()),
        Map.entry(SilverFacts.ACTIVITIES, f.activities()),
        Map.entry(SilverFacts.LEADS, f.leads()),
        Map.entry(SilverFacts.TOUCHES, f.touches()),
        Map.entry(SilverFacts.TICKETS, f.tickets()),
        Map.entry(SilverFacts.SURVEYS, f.surveys()),
        Map.entry(SilverFacts.RETURNS, f.returns()));
    tables.forEach((id, rows) -> writer.overwrite(padded(Tables.find(id).orElseThrow(), rows), id));
  }
}
