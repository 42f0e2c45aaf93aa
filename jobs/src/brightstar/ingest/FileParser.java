package brightstar.ingest;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses one extract file against its entity contract, without Spark: every physical line
 * after the header (CSV) or every line (JSON lines) becomes one {@link Line} with its 1-based
 * line number, its original text, its typed values and the problems that keep it out of bronze.
 * The {@link FileSummary} holds what the reconciliation and the drift checks need: bytes, content
 * hash, rows read (counted here, independently of what later becomes accepted or quarantined),
 * the columns the file carries, schema-drift notes, and a file-level error when the file as a
 * whole cannot be loaded (then no lines are returned).
 */
final class FileParser {
  private FileParser() {}

  /** One data line: typed values in schema order, extra (unknown) columns as text. */
  record Line(int line, String raw, Object[] values, List<Problem> problems,
      Map<String, String> extra) {}

  record Parsed(FileSummary summary, List<Line> lines) {}

  /**
   * @param file the path relative to the landing root, used in messages and lineage
   * @param runDate the extract day (the file's folder)
   * @param typeDriftMinValues how many non-empty values a column needs, all failing to parse,
   *     before the file counts as having changed the column's type (rather than holding bad rows)
   */
  static Parsed parse(
      EntityContract c, String file, LocalDate runDate, byte[] content, int typeDriftMinValues) {
    long start = System.nanoTime();
    FileState s = new FileState(c, file, content, typeDriftMinValues);
    s.run();
    long millis = (System.nanoTime() - start) / 1_000_000;
    FileSummary summary = new FileSummary(file, runDate, content.length, sha256(content),
        s.rowsRead, List.copyOf(s.columns), List.copyOf(s.notes), s.error, millis);
    return new Parsed(summary, s.error == null ? s.lines : List.of());
  }

  static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** The mutable work of parsing one file; confined to one call of {@link #parse}. */
  private static final class FileState {
    final EntityContract c;
    final String file;
    final byte[] content;
    final int minValues;
    final ValueParser values;
    final Set<String> contractColumns;
    final List<String> mustBePresent;
    final List<Line> lines = new ArrayList<>();
    final Set<String> columns = new LinkedHashSet<>();
    final List<String> notes = new ArrayList<>();
    final long[] nonEmpty;
    final long[] failed;
    final String[] failedExample;
    long rowsRead;
    String error;

    FileState(EntityContract c, String file, byte[] content, int minValues) {
      this.c = c;
      this.file = file;
      this.content = content;
      this.minValues = minValues;
      this.values = new ValueParser(c);
      this.contractColumns = new LinkedHashSet<>(c.columnNames());
      this.mustBePresent = c.mustBePresent();
      int n = c.schema().size();
      this.nonEmpty = new long[n];
      this.failed = new long[n];
      this.failedExample = new String[n];
    }

    void run() {
      String name = file.substring(file.lastIndexOf('/') + 1);
      if (!c.format().matches(name)) {
        fail("has the wrong format: a " + c.format().label() + " extract must end in "
            + String.join(" or ", c.format().extensions()));
        return;
      }
      String text = decode();
      if (text == null) {
        return;
      }
      if (text.isBlank()) {
        fail("is empty (" + content.length + " bytes): a day with no records has no folder");
        return;
      }
      List<String> physical = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
      if (physical.get(physical.size() - 1).isEmpty()) {
        physical.remove(physical.size() - 1); // the newline ending the last line
      }
      physical.replaceAll(l -> l.endsWith("\r") ? l.substring(0, l.length() - 1) : l);
      if (c.format() == EntityContract.Format.CSV) {
        csv(physical);
      } else {
        json(physical);
      }
      if (error == null) {
        typeDrift();
      }
    }

    private String decode() {
      Charset cs = Charset.forName(c.options().encoding());
      try {
        CharBuffer chars = cs.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(content));
        String text = chars.toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
      } catch (CharacterCodingException e) {
        fail("has the wrong format: it is not " + cs.name() + " text (binary data or another "
            + "encoding?)");
        return null;
      }
    }

    private void csv(List<String> physical) {
      CsvTokenizer.Result header =
          CsvTokenizer.split(physical.get(0), c.options().delimiter(), c.options().quote());
      if (header.problem() != null) {
        fail("has the wrong format: its first line is not a CSV header ("
            + header.problem().message() + "; first line: " + Problem.quote(physical.get(0))
            + ")");
        return;
      }
      List<String> names = new ArrayList<>();
      for (int i = 0; i < header.fields().size(); i++) {
        String h = header.fields().get(i) == null ? "" : header.fields().get(i).strip();
        if (h.isEmpty()) {
          fail("has an empty column name at header position " + (i + 1));
          return;
        }
        if (names.contains(h)) {
          fail("names column '" + h + "' twice in its header");
          return;
        }
        names.add(h);
      }
      columns.addAll(names);
      if (names.stream().noneMatch(contractColumns::contains)) {
        fail("has the wrong format: its header shares no column with the " + c.label()
            + " contract (first line: " + Problem.quote(physical.get(0)) + ")");
        return;
      }
      if (!checkColumns(names)) {
        return;
      }
      int[] position = new int[c.schema().size()];
      for (int i = 0; i < position.length; i++) {
        position[i] = names.indexOf(c.schema().fieldNames()[i]);
      }
      for (int i = 1; i < physical.size(); i++) {
        rowsRead++;
        String raw = physical.get(i);
        int lineNo = i + 1;
        if (raw.isBlank()) {
          lines.add(bad(lineNo, raw, new Problem(Problem.MALFORMED_LINE, "blank line")));
          continue;
        }
        CsvTokenizer.Result r =
            CsvTokenizer.split(raw, c.options().delimiter(), c.options().quote());
        if (r.problem() != null) {
          lines.add(bad(lineNo, raw, r.problem()));
          continue;
        }
        int got = r.fields().size();
        if (got != names.size()) {
          boolean fewer = got < names.size();
          lines.add(bad(lineNo, raw, new Problem(
              fewer ? Problem.TRUNCATED_LINE : Problem.MALFORMED_LINE,
              "row has " + got + " fields, expected " + names.size()
                  + (fewer ? " (truncated line?)" : " (an unquoted '" + c.options().delimiter()
                      + "' inside a value?)"))));
          continue;
        }
        String[] raws = new String[position.length];
        for (int k = 0; k < position.length; k++) {
          raws[k] = position[k] < 0 ? null : r.fields().get(position[k]);
        }
        Map<String, String> extra = new LinkedHashMap<>();
        for (int k = 0; k < names.size(); k++) {
          if (!contractColumns.contains(names.get(k))) {
            extra.put(names.get(k), r.fields().get(k));
          }
        }
        lines.add(typed(lineNo, raw, raws, extra));
      }
    }

    private void json(List<String> physical) {
      int objects = 0;
      long[] present = new long[c.schema().size()];
      String firstBad = null;
      for (int i = 0; i < physical.size(); i++) {
        rowsRead++;
        String raw = physical.get(i);
        int lineNo = i + 1;
        if (raw.isBlank()) {
          lines.add(bad(lineNo, raw, new Problem(Problem.MALFORMED_LINE, "blank line")));
          continue;
        }
        JsonLine.Result r = JsonLine.parse(raw);
        if (r.problem() != null) {
          firstBad = firstBad == null ? raw : firstBad;
          lines.add(bad(lineNo, raw, r.problem()));
          continue;
        }
        objects++;
        columns.addAll(r.values().keySet());
        String[] raws = new String[c.schema().size()];
        for (int k = 0; k < raws.length; k++) {
          String col = c.schema().fieldNames()[k];
          raws[k] = r.values().get(col);
          present[k] += r.values().containsKey(col) ? 1 : 0;
        }
        Map<String, String> extra = new LinkedHashMap<>(r.values());
        extra.keySet().removeAll(contractColumns);
        lines.add(typed(lineNo, raw, raws, extra));
      }
      // A file of a few lines that all fail (e.g. one truncated record on a quiet day) is bad
      // rows to quarantine; only enough failing lines make it a file of the wrong format.
      long attempted = physical.stream().filter(l -> !l.isBlank()).count();
      if (objects == 0 && firstBad != null && attempted >= minValues) {
        fail("has the wrong format: no line is a JSON object (first line: "
            + Problem.quote(firstBad) + ")");
        return;
      }
      // JSON has no header and omits null values, so a column counts as gone only when enough
      // records lack it for that to be no accident of a small file.
      List<String> seen = new ArrayList<>();
      for (int k = 0; k < present.length; k++) {
        if (present[k] > 0 || objects < minValues) {
          seen.add(c.schema().fieldNames()[k]);
        }
      }
      seen.addAll(columns);
      checkColumns(new ArrayList<>(new LinkedHashSet<>(seen)));
    }

    /** Missing required columns fail the file; missing optional and extra ones are noted. */
    private boolean checkColumns(List<String> names) {
      List<String> missing = c.required().stream().filter(r -> !names.contains(r)).toList();
      if (!missing.isEmpty()) {
        fail("lacks required column" + (missing.size() > 1 ? "s " : " ")
            + String.join(", ", missing) + " (it has: " + String.join(", ", names) + ")");
        return false;
      }
      for (String col : c.columnNames()) {
        if (!names.contains(col)) {
          notes.add("optional column " + col + " absent: loaded as null");
        }
      }
      for (String col : names) {
        if (!contractColumns.contains(col)) {
          notes.add("extra column " + col + " kept as STRING");
        }
      }
      return true;
    }

    private Line typed(int lineNo, String raw, String[] raws, Map<String, String> extra) {
      List<Problem> problems = new ArrayList<>();
      List<String> missingKey = c.businessKey().stream()
          .filter(k -> isBlank(raws[c.columnIndex(k)])).toList();
      if (!missingKey.isEmpty()) {
        problems.add(new Problem(Problem.MISSING_KEY,
            "missing business key " + String.join(", ", missingKey)));
      }
      Object[] typed = new Object[raws.length];
      for (int k = 0; k < raws.length; k++) {
        int before = problems.size();
        typed[k] = values.parse(k, raws[k], problems);
        if (!isBlank(raws[k])) {
          nonEmpty[k]++;
          if (problems.size() > before) {
            failed[k]++;
            failedExample[k] = failedExample[k] == null ? raws[k] : failedExample[k];
          }
        }
      }
      for (String col : mustBePresent) {
        if (!c.businessKey().contains(col) && isBlank(raws[c.columnIndex(col)])) {
          problems.add(new Problem(Problem.MISSING_VALUE, col.equals(c.eventTime())
              ? "missing event time " + col : "missing required value " + col));
        }
      }
      return new Line(lineNo, raw, typed, problems, extra);
    }

    /** A column whose every value fails to parse changed type upstream: fail, don't quarantine. */
    private void typeDrift() {
      List<String> changed = new ArrayList<>();
      for (int k = 0; k < nonEmpty.length; k++) {
        if (nonEmpty[k] >= minValues && failed[k] == nonEmpty[k]) {
          changed.add(c.schema().fieldNames()[k] + " (none of its " + nonEmpty[k]
              + " values is a " + c.schema().fields()[k].dataType().sql() + ", e.g. "
              + Problem.quote(failedExample[k]) + ")");
        }
      }
      if (!changed.isEmpty()) {
        fail("changed the type of column" + (changed.size() > 1 ? "s " : " ")
            + String.join("; ", changed));
      }
    }

    private Line bad(int lineNo, String raw, Problem p) {
      return new Line(lineNo, raw, new Object[c.schema().size()], List.of(p), Map.of());
    }

    private void fail(String why) {
      error = file + " " + why;
    }

    private static boolean isBlank(String s) {
      return s == null || s.isBlank();
    }
  }
}
