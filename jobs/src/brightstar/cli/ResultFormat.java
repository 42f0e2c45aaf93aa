package brightstar.cli;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** How {@code sql} prints a result: an aligned table for people, CSV or JSON lines for tools. */
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
        line[i] = row.isNullAt(i) ? (format == csv ? "" : "NULL") : String.valueOf(row.get(i));
      }
      cells.add(line);
    }
    return format == csv ? csv(columns, cells) : table(columns, cells, more);
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
