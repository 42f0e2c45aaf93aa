package brightstar.ingest;

import java.time.LocalDate;
import java.util.List;

/**
 * One extract file as a whole: where it is (relative to the landing root), its extract day,
 * size and content hash (the batch id is built from these), the rows it holds (counted from its
 * text, independently of the split into accepted and quarantined rows), the columns it carries,
 * schema-drift notes, and {@code error} when the file cannot be loaded at all.
 */
public record FileSummary(
    String file,
    LocalDate runDate,
    long bytes,
    String sha256,
    long rowsRead,
    List<String> columns,
    List<String> notes,
    String error,
    long parseMillis) {
  public FileSummary {
    columns = List.copyOf(columns);
    notes = List.copyOf(notes);
  }
}
