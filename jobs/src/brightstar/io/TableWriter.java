package brightstar.io;

import brightstar.BrightstarException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Delta writes that are idempotent by construction: a whole-table rebuild, or a rewrite of
 * exactly the slice a run owns (replaceWhere), then registration by name.
 */
public final class TableWriter {
  private final TableCatalog catalog;

  public TableWriter(TableCatalog catalog) {
    this.catalog = catalog;
  }

  /** Replaces the table's contents (and schema) atomically; returns the rows written. */
  public long overwrite(Dataset<Row> rows, TableId table) {
    return write(rows, table, null);
  }

  /**
   * Replaces only the rows matching {@code predicate} (e.g. {@code model = 'x' AND as_of_date =
   * '2024-12-31'}), so re-running a date rewrites that date and nothing else.
   */
  public long replaceWhere(Dataset<Row> rows, TableId table, String predicate) {
    return write(rows, table, predicate);
  }

  private long write(Dataset<Row> rows, TableId table, String predicate) {
    // Rows the caller has cached stay cached (the caller reads them again and releases them).
    boolean callerCached = !rows.storageLevel().equals(StorageLevel.NONE());
    Dataset<Row> cached = callerCached ? rows : rows.persist();
    try {
      long count = cached.count();
      var writer = cached.write().format("delta").mode("overwrite");
      if (predicate != null && catalog.exists(table)) {
        writer = writer.option("replaceWhere", predicate).option("mergeSchema", "true");
      } else {
        writer = writer.option("overwriteSchema", "true");
      }
      writer.save(catalog.path(table));
      catalog.register(table);
      return count;
    } catch (BrightstarException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new BrightstarException(
          "cannot write table " + table + " at " + catalog.path(table),
          e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().split("\\R")[0],
          "check the warehouse path, its permissions and free space",
          e);
    } finally {
      if (!callerCached) {
        cached.unpersist();
      }
    }
  }
}
