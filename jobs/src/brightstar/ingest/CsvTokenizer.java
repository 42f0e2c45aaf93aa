package brightstar.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one physical CSV line into fields: separator, {@code "}-quoting with doubled quotes
 * inside, an unquoted empty field is null (a missing value), a quoted empty field is "". One
 * record is one line (docs/landing.md), so a line that ends inside quotes is reported as
 * truncated rather than joined with the next line: a cut-off row must not swallow good rows.
 */
final class CsvTokenizer {
  private CsvTokenizer() {}

  /** The fields of a line, or the problem that prevents splitting it. */
  record Result(List<String> fields, Problem problem) {}

  static Result split(String line, char delimiter, char quote) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int i = 0;
    int n = line.length();
    while (true) {
      if (i < n && line.charAt(i) == quote) {
        i++;
        boolean closed = false;
        while (i < n) {
          char c = line.charAt(i);
          if (c == quote) {
            if (i + 1 < n && line.charAt(i + 1) == quote) {
              field.append(quote);
              i += 2;
              continue;
            }
            closed = true;
            i++;
            break;
          }
          field.append(c);
          i++;
        }
        if (!closed) {
          return new Result(null, new Problem(Problem.TRUNCATED_LINE, "field "
              + (fields.size() + 1) + " opens a quote that never closes (truncated line?)"));
        }
        if (i < n && line.charAt(i) != delimiter) {
          return new Result(null, new Problem(Problem.MALFORMED_LINE,
              "field " + (fields.size() + 1) + " has text after its closing quote"));
        }
        fields.add(field.toString());
      } else {
        int start = i;
        while (i < n && line.charAt(i) != delimiter) {
          i++;
        }
        String v = line.substring(start, i);
        fields.add(v.isEmpty() ? null : v);
      }
      field.setLength(0);
      if (i >= n) {
        return new Result(fields, null);
      }
      i++; // past the delimiter; a trailing delimiter means one more (empty) field
      if (i == n) {
        fields.add(null);
        return new Result(fields, null);
      }
    }
  }
}
