package brightstar.conform;

import brightstar.io.TableId;
import java.util.Locale;

/**
 * What conforming one fact did, for the unify summary.
 *
 * @param table the silver table written
 * @param rowsIn bronze rows read (every delivery of every record)
 * @param duplicatesRemoved earlier deliveries of a business key that a later one replaced
 * @param rowsOut rows written: rowsIn - duplicatesRemoved
 * @param unresolved rows written with a null customer_id (identity not resolved)
 */
public record FactCounts(
    TableId table, long rowsIn, long duplicatesRemoved, long rowsOut, long unresolved) {

  /** "silver.orders: 8,123 rows (8,130 in, 7 duplicates removed, 12 without customer_id)". */
  public String describe() {
    return String.format(Locale.ROOT,
        "%s: %,d rows (%,d in, %,d duplicates removed, %,d without customer_id)",
        table.qualified(), rowsOut, rowsIn, duplicatesRemoved, unresolved);
  }
}
