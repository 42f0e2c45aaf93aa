package brightstar.cli;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * How {@code sql} prints a result: an aligned table for people, CSV or JSON lines for tools.
 * The table shows fractional numbers as people read them ({@code 12,673,391.00}, not {@code
 * 1.2673391E7}); CSV and JSON keep every digit for the tools that read them.
 */
public enum ResultFormat {
  table,
  csv,
  json;

  /** Renders at most maxRows rows; a table notes how many rows were left out. */
  public static String render(Dataset<Row> result, ResultFormat format, int maxRows) {
    if (format == json) {
      StringBuilder sb = new StringBuilder();
      for (String line : result.toJSON().takeAsList(maxRows)) {
        sb.append(line).append('\n');
      }
      return sb.toString();
    }
    String[] columns = result.columns();
    List<Row> rows = result.takeAsList(maxRows + 1);
    boolean more = rows.size() > maxRows;
    List<String[]> cells = new ArrayList<>();
    for (Row row : rows.subList(0, Math.min(rows.size(), maxRows))) {
      String[] line = new String[columns.length];
      for (int i = 0; i < columns.length; i++) {
        if (row.isNullAt(i)) {
          line[i] = format == csv ? "" : "NULL";
        } else {
          line[i] = format == csv ? plain(row.get(i)) : readable(row.get(i));
        }
      }
      cells.add(line);
    }
    return format == csv ? csv(columns, cells) : table(columns, cells, more);
  }

  /** Every digit, without exponent notation: 12673391 rather than 1.2673391E7. */
  static String plain(Object value) {
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      return Double.isFinite(d)
          ? BigDecimal.valueOf(d).stripTrailingZeros().toPlainString()
          : value.toString();
    }
    if (value instanceof BigDecimal b) {
      return b.toPlainString();
    }
    return String.valueOf(value);
  }

  /**
   * A fractional number for a person: thousands separators and two decimals from 1 up
   * ({@code 12,673,391.00}); below 1 four significant digits, so a probability of 0.000123 does
   * not print as 0.00. Whole-number types stay as they are (a year is not 2,024).
   */
  static String readable(Object value) {
    BigDecimal number;
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (!Double.isFinite(d)) {
        return value.toString();
      }
      number = BigDecimal.valueOf(d);
    } else if (value instanceof BigDecimal b) {
      number = b;
    } else {
      return String.valueOf(value);
    }
    if (number.signum() == 0 || number.abs().compareTo(BigDecimal.ONE) >= 0) {
      DecimalFormat grouped =
          new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
      grouped.setRoundingMode(RoundingMode.HALF_EVEN);
      return grouped.format(number);
    }
    return number
        .round(new MathContext(4, RoundingMode.HALF_EVEN))
        .stripTrailingZeros()
        .toPlainString();
  }

  private static String csv(String[] columns, List<String[]> cells) {
    StringBuilder sb = new StringBuilder();
    appendCsv(sb, columns);
    for (String[] line : cells) {
      appendCsv(sb, line);
    }
    return sb.toString();
  }

  private static void appendCsv(StringBuilder sb, String[] values) {
    for (int i = 0; i < values.length; i++) {
      String v = values[i];
      boolean quote = v.contains(",") || v.contains("\"") || v.contains("\n");
      sb.append(i == 0 ? "" : ",").append(quote ? '"' + v.replace("\"", "\"\"") + '"' : v);
    }
    sb.append('\n');
  }

  private static String table(String[] columns, List<String[]> cells, boolean more) {
    int[] width = new int[columns.length];
    for (int i = 0; i < columns.length; i++) {
      width[i] = columns[i].length();
      for (String[] line : cells) {
        width[i] = Math.max(width[i], line[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    appendRow(sb, columns, width);
    for (int i = 0; i < columns.length; i++) {
      sb.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
    }
    sb.append('\n');
    for (String[] line : cells) {
      appendRow(sb, line, width);
    }
    sb.append('(').append(cells.size()).append(cells.size() == 1 ? " row" : " rows");
    sb.append(more ? ", more not shown: raise --max-rows)" : ")").append('\n');
    return sb.toString();
  }

  private static void appendRow(StringBuilder sb, String[] values, int[] width) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      line.append(i == 0 ? "" : " | ").append(String.format("%-" + width[i] + "s", values[i]));
    }
    sb.append(line.toString().stripTrailing()).append('\n');
  }
}
