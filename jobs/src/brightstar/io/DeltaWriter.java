package brightstar.io;

import brightstar.BrightstarException;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Replace-writes to Delta tables: the rows matching a predicate are swapped for new rows in one
 * Delta commit ({@code replaceWhere}), so a batch is either entirely the old one or entirely the
 * new one, and writing the same batch twice leaves one copy. New columns are added to the
 * table (schema evolution); a column whose type changed is refused with its name.
 */
public final class DeltaWriter {
  private DeltaWriter() {}

  /**
   * Replaces the rows of {@code table} matching {@code predicate} (Spark SQL over the table's
   * columns) with {@code rows}, which must all match it too; creates the table on the first write
   * (partitioned by {@code partitionBy}) and registers it by name.
   */
  public static void replace(TableCatalog catalog, TableId table, Dataset<Row> rows,
      String predicate, List<String> partitionBy) {
    String path = catalog.path(table);
    try {
      if (!catalog.exists(table)) {
        rows.write().format("delta").partitionBy(partitionBy.toArray(String[]::new))
            .mode(SaveMode.Append).save(path);
      } else {
        requireSameTypes(table, catalog.read(table).schema(), rows.schema());
        rows.write().format("delta").mode(SaveMode.Overwrite)
            .option("replaceWhere", predicate)
            .option("mergeSchema", "true")
            .save(path);
      }
    } catch (BrightstarException e) {
      throw e;
    } catch (RuntimeException e) {
      String why = e.getMessage() == null ? e.toString() : e.getMessage().strip().split("\\R")[0];
      throw new BrightstarException("cannot write " + table + " at " + path, why,
          "re-run the job: the write is one Delta commit, so nothing was half-written", e);
    }
    catalog.register(table);
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
}
