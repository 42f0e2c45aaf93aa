package brightstar.ingest;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Batch ids and the day predicates of replace-writes. A batch is one entity's extract day; its id
 * is derived from the contract's fingerprint and the day's files (names and content hashes), so
 * the same delivery always has the same id (a re-run finds nothing to change) and a corrected
 * re-delivery or a changed contract gets a new one (the day is replaced).
 */
final class BatchIds {
  private BatchIds() {}

  /** One file's identity: where it is, its extract day, the SHA-256 of its bytes. */
  record FileHash(String file, LocalDate runDate, String sha256) {}

  /** The id of each extract day among the files, e.g. {@code 2024-01-05-3fa2c1d0e4b59a1c}. */
  static Map<LocalDate, String> forDays(EntityContract c, List<FileHash> files) {
    Map<LocalDate, TreeMap<String, String>> byDay = new TreeMap<>();
    for (FileHash f : files) {
      byDay.computeIfAbsent(f.runDate(), d -> new TreeMap<>()).put(f.file(), f.sha256());
    }
    Map<LocalDate, String> ids = new TreeMap<>();
    byDay.forEach((day, hashes) -> {
      StringBuilder sb = new StringBuilder(c.fingerprint()).append('\n').append(day);
      hashes.forEach((file, sha) -> sb.append('\n').append(file).append(' ').append(sha));
      ids.put(day, day + "-" + Contracts.sha256(sb.toString()).substring(0, 16));
    });
    return ids;
  }

  /**
   * A SQL predicate true exactly on the given days, with runs of consecutive days as BETWEEN
   * so two years of daily batches stay a short expression.
   */
  static String dayPredicate(String column, Collection<LocalDate> days) {
    List<String> parts = new ArrayList<>();
    LocalDate start = null;
    LocalDate end = null;
    for (LocalDate d : new TreeSet<>(days)) {
      if (start != null && d.equals(end.plusDays(1))) {
        end = d;
        continue;
      }
      if (start != null) {
        parts.add(range(column, start, end));
      }
      start = d;
      end = d;
    }
    if (start != null) {
      parts.add(range(column, start, end));
    }
    return parts.isEmpty() ? "false" : "(" + String.join(" OR ", parts) + ")";
  }

  private static String range(String column, LocalDate start, LocalDate end) {
    return start.equals(end) ? column + " = DATE'" + start + "'"
        : column + " BETWEEN DATE'" + start + "' AND DATE'" + end + "'";
  }
}
