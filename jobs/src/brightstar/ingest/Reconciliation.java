package brightstar.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import brightstar.BrightstarException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Proves that no row was lost or doubled: for every file, rows read (counted from the file's
 * text by the parser) must equal rows accepted plus rows quarantined (counted on the very
 * Datasets that are about to be written).
 */
public final class Reconciliation {
  /** One file's balance. */
  public record FileCount(String file, long read, long accepted, long quarantined) {}

  private Reconciliation() {}

  /**
   * Per file: {@code file, accepted, quarantined}. Inputs are the outputs of
   * {@link BronzeTables#accepted} and {@link BronzeTables#quarantined}.
   */
  public static Dataset<Row> counts(Dataset<Row> accepted, Dataset<Row> quarantined) {
    Dataset<Row> a = accepted.select(col(BronzeTables.SOURCE_FILE).as("file"),
        lit(1L).as("a"), lit(0L).as("q"));
    Dataset<Row> q = quarantined.select(col("file"), lit(0L).as("a"), lit(1L).as("q"));
    return a.unionByName(q).groupBy("file")
        .agg(sum("a").as("accepted"), sum("q").as("quarantined"));
  }

  /**
   * Balances each file's counts against its summary; throws naming the first file that does not
   * balance (and how many others do not).
   *
   * @param counts rows of {@link #counts}, for the files being loaded
   */
  public static List<FileCount> check(String entity, List<FileSummary> files, List<Row> counts) {
    Map<String, long[]> byFile = new LinkedHashMap<>();
    for (Row r : counts) {
      byFile.put(r.getString(0), new long[] {r.getLong(1), r.getLong(2)});
    }
    List<FileCount> out = new ArrayList<>();
    List<String> broken = new ArrayList<>();
    for (FileSummary f : files) {
      long[] n = byFile.remove(f.file());
      long accepted = n == null ? 0 : n[0];
      long quarantined = n == null ? 0 : n[1];
      if (accepted + quarantined != f.rowsRead()) {
        broken.add(f.file() + " read " + f.rowsRead() + " rows but accepted " + accepted
            + " + quarantined " + quarantined + " = " + (accepted + quarantined));
      }
      out.add(new FileCount(f.file(), f.rowsRead(), accepted, quarantined));
    }
    byFile.forEach((file, n) -> broken.add(file + " was never read but has " + n[0]
        + " accepted and " + n[1] + " quarantined rows"));
    if (!broken.isEmpty()) {
      throw new BrightstarException(
          "reconciliation failed for " + entity,
          broken.get(0) + (broken.size() > 1 ? " (and " + (broken.size() - 1)
              + " more files)" : ""),
          "nothing was written; this is an ingest bug, keep the extract and report it");
    }
    return out;
  }
}
