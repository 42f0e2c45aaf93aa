package brightstar.io;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import brightstar.BrightstarException;
import brightstar.spark.ObservedCounts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Delta writes that are idempotent by construction: a whole-table rebuild, or a rewrite of
 * exactly the slice a run owns (replaceWhere), then registration by name. A table declared in
 * {@link Tables} is written with exactly its declared columns (in declared order, with their
 * comments); rows with other columns or types are refused before anything is written.
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

  /**
   * Replaces the rows matching {@code predicate} with {@code rows} in one commit, for tables
   * several jobs write side by side (bronze: one ingest per source). Unlike
   * {@link #replaceWhere} it does not count the rows first (the caller knows its counts) and
   * never replaces the schema: the first write creates the table partitioned by
   * {@code partitionBy} (so writers of different partitions never conflict), later writes add
   * new columns (mergeSchema) and refuse a changed column type by name. If another process
   * creates the table at the same moment, the losing creation is retried as a replace.
   */
  public void replace(
      Dataset<Row> rows, TableId table, String predicate, List<String> partitionBy) {
    String path = catalog.path(table);
    rows = asDeclared(rows, table);
    if (!catalog.format().equals(TableCatalog.DELTA)) {
      requireFresh(table);
      try {
        rows.write().format(catalog.format()).partitionBy(partitionBy.toArray(String[]::new))
            .mode(SaveMode.Append).save(path);
      } catch (RuntimeException e) {
        throw new BrightstarException("cannot write " + table + " at " + path, firstLine(e),
            "check the warehouse path, its permissions and free space", e);
      }
      catalog.register(table);
      return;
    }
    try {
      boolean created = false;
      if (!catalog.exists(table)) {
        try {
          rows.write().format("delta").partitionBy(partitionBy.toArray(String[]::new))
              .mode(SaveMode.Append).save(path);
          created = true;
        } catch (RuntimeException e) {
          if (!catalog.exists(table)) {
            throw e;
          }
          // Created concurrently by another writer: our commit lost, nothing of ours landed.
        }
      }
      if (!created) {
        requireSameTypes(table, catalog.read(table).schema(), rows.schema());
        rows.write().format("delta").mode(SaveMode.Overwrite)
            .option("replaceWhere", predicate)
            .option("mergeSchema", "true")
            .save(path);
      }
    } catch (BrightstarException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new BrightstarException("cannot write " + table + " at " + path, firstLine(e),
          "re-run the job: each write is one Delta commit, so nothing was half-written", e);
    }
    catalog.register(table);
  }

  private static String firstLine(RuntimeException e) {
    return e.getMessage() == null ? e.toString() : e.getMessage().strip().split("\\R")[0];
  }

  /**
   * Outside Delta (the benchmark's Parquet comparison) a table can only be written whole, once:
   * Parquet has no replaceWhere, and rewriting a folder the job also reads would lose it.
   */
  private void requireFresh(TableId table) {
    if (catalog.exists(table)) {
      throw new BrightstarException(
          "cannot rewrite " + catalog.format() + " table " + table + " at " + catalog.path(table),
          "only Delta tables can replace a slice of their rows (replaceWhere)",
          "use a fresh warehouse for a " + catalog.format() + " build, or the default "
              + TableCatalog.FORMAT_CONF + " = delta");
    }
  }

  /** Delta would refuse a type change anyway; this says which column and what to do. */
  static void requireSameTypes(TableId table, StructType existing, StructType incoming) {
    for (StructField in : incoming.fields()) {
      for (StructField old : existing.fields()) {
        if (old.name().toLowerCase(Locale.ROOT).equals(in.name().toLowerCase(Locale.ROOT))
            && !old.dataType().sql().equals(in.dataType().sql())) {
          throw new BrightstarException(
              "cannot write " + table,
              "column " + in.name() + " is " + old.dataType().sql() + " in the table but "
                  + in.dataType().sql() + " in the new rows",
              "revert the type in the source contract, or migrate the table (rebuild it from "
                  + "the landing zone after dropping it)");
        }
      }
    }
  }

  /**
   * The rows in the declared column order with the declared comments, for a table of
   * {@link Tables}; undeclared tables (bronze) pass unchanged.
   *
   * @throws BrightstarException naming the table and every missing, unexpected or retyped
   *     column when the rows do not have the declared schema
   */
  public static Dataset<Row> asDeclared(Dataset<Row> rows, TableId table) {
    Optional<TableSpec> declared = Tables.find(table);
    if (declared.isEmpty()) {
      return rows;
    }
    TableSpec spec = declared.get();
    Map<String, StructField> incoming = new LinkedHashMap<>();
    for (StructField f : rows.schema().fields()) {
      incoming.put(f.name(), f);
    }
    List<String> missing = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    for (TableSpec.Column c : spec.columns()) {
      StructField f = incoming.remove(c.name());
      if (f == null) {
        missing.add(c.name() + " " + c.type().sql());
      } else if (!f.dataType().sql().equals(c.type().sql())) {
        changed.add(c.name() + " (declared " + c.type().sql() + ", written "
            + f.dataType().sql() + ")");
      }
    }
    List<String> unexpected = new ArrayList<>();
    incoming.values().forEach(f -> unexpected.add(f.name() + " " + f.dataType().sql()));
    if (!missing.isEmpty() || !changed.isEmpty() || !unexpected.isEmpty()) {
      List<String> parts = new ArrayList<>();
      if (!missing.isEmpty()) {
        parts.add("missing columns " + String.join(", ", missing));
      }
      if (!unexpected.isEmpty()) {
        parts.add("undeclared columns " + String.join(", ", unexpected));
      }
      if (!changed.isEmpty()) {
        parts.add("changed types " + String.join(", ", changed));
      }
      throw new BrightstarException(
          "refusing to write " + table + ": the rows do not have its declared schema",
          String.join("; ", parts),
          "make the job produce the declared columns; if the change is deliberate, change the"
              + " declaration in brightstar.io.Tables and regenerate docs/tables.md");
    }
    Column[] select = new Column[spec.columns().size()];
    for (int i = 0; i < select.length; i++) {
      TableSpec.Column c = spec.columns().get(i);
      Metadata comment = new MetadataBuilder()
          .withMetadata(rows.schema().apply(c.name()).metadata())
          .putString("comment", c.comment())
          .build();
      select[i] = rows.col(c.name()).as(c.name(), comment);
    }
    return rows.select(select);
  }

  private long write(Dataset<Row> rows, TableId table, String predicate) {
    // The rows are counted as they are written (a metric of the write's own job), not by a
    // job of their own over a cached copy: computing and caching every row first, to count
    // it, cost as much as the write.
    ObservedCounts.Pending written = ObservedCounts.pending(rows.sparkSession());
    Dataset<Row> declared = written.on(asDeclared(rows, table), count(lit(1)).as("rows"));
    try {
      if (!catalog.format().equals(TableCatalog.DELTA)) {
        if (predicate != null) {
          requireFresh(table);
        }
        declared.write().format(catalog.format()).mode("overwrite").save(catalog.path(table));
      } else {
        var writer = declared.write().format("delta").mode("overwrite");
        if (predicate != null && catalog.exists(table)) {
          writer = writer.option("replaceWhere", predicate).option("mergeSchema", "true");
        } else {
          writer = writer.option("overwriteSchema", "true");
        }
        writer.save(catalog.path(table));
      }
      catalog.register(table);
      return written.get("rows", () -> predicate == null
          || !catalog.format().equals(TableCatalog.DELTA) ? catalog.read(table).count()
          : catalog.read(table).where(predicate).count());
    } catch (BrightstarException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new BrightstarException(
          "cannot write table " + table + " at " + catalog.path(table),
          e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().split("\\R")[0],
          "check the warehouse path, its permissions and free space",
          e);
    }
  }
}
