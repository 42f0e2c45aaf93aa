package brightstar.interventions;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;

/**
 * A rule's reason: text with placeholders naming the evidence, e.g. {@code p_high_value
 * {p_high_value:%.2f} (decile {high_value_decile})}. A placeholder is {@code {column}} (the
 * value as text) or {@code {column:FORMAT}} with a {@code java.util.Formatter} format ending in
 * {@code d} (whole number), {@code f} (decimal) or {@code s} (text); the value is cast to match,
 * so a format never meets a value it cannot print. A null value prints as {@code null}.
 */
public record ReasonTemplate(String text, String format, List<String> columns,
    List<Character> conversions) {
  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)(?::(%[-+ 0,(#]*[0-9]*(?:\\.[0-9]+)?[dfs]))?}");
  private static final Pattern BAD_FORMAT = Pattern.compile("\\{[A-Za-z_][A-Za-z0-9_]*:[^}]*}");

  public ReasonTemplate {
    columns = List.copyOf(columns);
    conversions = List.copyOf(conversions);
  }

  /**
   * Parses a template.
   *
   * @throws IllegalArgumentException naming the placeholder when a format is not one of the
   *     supported ones
   */
  public static ReasonTemplate parse(String text) {
    StringBuilder format = new StringBuilder();
    List<String> columns = new ArrayList<>();
    List<Character> conversions = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(text);
    int last = 0;
    while (m.find()) {
      literal(text.substring(last, m.start()), format);
      String spec = m.group(2) == null ? "%s" : m.group(2);
      format.append(spec);
      columns.add(m.group(1));
      conversions.add(spec.charAt(spec.length() - 1));
      last = m.end();
    }
    literal(text.substring(last), format);
    return new ReasonTemplate(text, format.toString(), columns, conversions);
  }

  private static void literal(String piece, StringBuilder format) {
    Matcher bad = BAD_FORMAT.matcher(piece);
    if (bad.find()) {
      throw new IllegalArgumentException("placeholder " + bad.group()
          + " has a format other than %d, %s or %f with flags, width and precision");
    }
    format.append(piece.replace("%", "%%"));
  }

  /** The reason as a string column of the customer rows. */
  public Column toColumn() {
    Column[] args = new Column[columns.size()];
    for (int i = 0; i < args.length; i++) {
      String type = switch (conversions.get(i)) {
        case 'd' -> "bigint";
        case 'f' -> "double";
        default -> "string";
      };
      args[i] = col(columns.get(i)).cast(type);
    }
    // format_string needs one argument at least; a template without placeholders is its text.
    return args.length == 0 ? lit(text)
        : format_string(format, args);
  }
}
