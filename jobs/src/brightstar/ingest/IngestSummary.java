package brightstar.ingest;

import brightstar.io.TableId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one ingest run did, per entity table: files and days found, days loaded (new or changed
 * deliveries; the rest were identical to what bronze already holds and were left alone), and
 * the rows read, accepted and quarantined on the loaded days.
 */
public record IngestSummary(List<TableLoad> tables) {
  /** One entity table's part of the run. */
  public record TableLoad(
      TableId table, int files, int days, int daysLoaded, long rowsRead, long rowsAccepted,
      long rowsQuarantined) {}

  public IngestSummary {
    tables = List.copyOf(tables);
  }

  public long rowsRead() {
    return tables.stream().mapToLong(TableLoad::rowsRead).sum();
  }

  public long rowsAccepted() {
    return tables.stream().mapToLong(TableLoad::rowsAccepted).sum();
  }

  public long rowsQuarantined() {
    return tables.stream().mapToLong(TableLoad::rowsQuarantined).sum();
  }

  /** An aligned text table for the CLI, one line per entity table and a total. */
  public String render() {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"table", "files", "days", "loaded", "unchanged", "read", "accepted",
        "quarantined"});
    for (TableLoad t : tables) {
      rows.add(new String[] {t.table().qualified(), n(t.files()), n(t.days()), n(t.daysLoaded()),
          n(t.days() - t.daysLoaded()), n(t.rowsRead()), n(t.rowsAccepted()),
          n(t.rowsQuarantined())});
    }
    rows.add(new String[] {"total", n(tables.stream().mapToLong(TableLoad::files).sum()),
        n(tables.stream().mapToLong(TableLoad::days).sum()),
        n(tables.stream().mapToLong(TableLoad::daysLoaded).sum()),
        n(tables.stream().mapToLong(t -> t.days() - t.daysLoaded()).sum()),
        n(rowsRead()), n(rowsAccepted()), n(rowsQuarantined())});
    int[] width = new int[rows.get(0).length];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        line.append(i == 0 ? String.format("%-" + width[i] + "s", r[i])
            : String.format("  %" + width[i] + "s", r[i]));
      }
      sb.append(line.toString().stripTrailing()).append('\n');
    }
    return sb.toString();
  }

  private static String n(long v) {
    return String.format(Locale.ROOT, "%,d", v);
  }
}
