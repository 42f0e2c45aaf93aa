package brightstar.clv;

import brightstar.clv.model.RfmTuples;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The CDNOW reference data of Fader, Hardie and Lee (2005), read from the shared data folder
 * named by the system property {@code brightstar.shared.data} (set by the build).
 */
public final class Cdnow {
  /** The paper's calibration period ends on this day (week 39). */
  public static final LocalDate CALIBRATION_END = LocalDate.of(1997, 9, 30);

  /** One row of cdnow_customers_summary.csv: the paper's calibration summary in weeks. */
  public record SummaryRow(String id, int frequency, double recency, double age) {}

  private Cdnow() {}

  public static Path dir() {
    String shared = System.getProperty("brightstar.shared.data");
    if (shared == null) {
      throw new IllegalStateException(
          "system property brightstar.shared.data is not set; run the tests through Maven");
    }
    return Path.of(shared, "cdnow");
  }

  public static List<SummaryRow> summary() {
    List<SummaryRow> rows = new ArrayList<>();
    for (String line : lines("cdnow_customers_summary.csv")) {
      String[] f = line.split(",");
      rows.add(new SummaryRow(f[0], Integer.parseInt(f[1]), Double.parseDouble(f[2]),
          Double.parseDouble(f[3])));
    }
    return rows;
  }

  public static RfmTuples summaryTuples() {
    List<SummaryRow> rows = summary();
    int[] x = new int[rows.size()];
    double[] tx = new double[rows.size()];
    double[] t = new double[rows.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = rows.get(i).frequency();
      tx[i] = rows.get(i).recency();
      t[i] = rows.get(i).age();
    }
    return RfmTuples.aggregate(x, tx, t);
  }

  public static List<Transaction> transactions() {
    List<Transaction> rows = new ArrayList<>();
    for (String line : lines("CDNOW_sample.csv")) {
      String[] f = line.split(",");
      rows.add(new Transaction(f[0], LocalDate.parse(f[1]), Double.parseDouble(f[3])));
    }
    return rows;
  }

  /** The lines of a CSV file after its header. */
  private static List<String> lines(String file) {
    try {
      List<String> all = Files.readAllLines(dir().resolve(file));
      return all.subList(1, all.size());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read CDNOW reference file " + file, e);
    }
  }
}
