import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A BI tool's view of serve-sql, for tests/python/test_bi.py: connects with the Hive JDBC
 * driver (org.apache.hive:hive-jdbc, standalone jar, the driver DBeaver and Superset's Hive
 * dialect use) and prints what it sees as tab-separated lines. Run as a single source file:
 *
 * <pre>java -cp hive-jdbc-standalone.jar tests/jdbc/JdbcQuery.java URL tables|columns|query ...</pre>
 *
 * <ul>
 *   <li>{@code tables}: one line per table or view, {@code schema<TAB>name<TAB>type}, from
 *       DatabaseMetaData.getTables (what a BI tool's table browser lists);
 *   <li>{@code columns SCHEMA TABLE...}: {@code table<TAB>name<TAB>type<TAB>comment} per column;
 *   <li>{@code query SQL...}: per statement a line {@code ## SQL}, the column names, then one
 *       line per row; NULL prints as \N. One connection for all, as a BI session would.
 * </ul>
 */
public final class JdbcQuery {
  public static void main(String[] args) throws SQLException {
    try (Connection connection = DriverManager.getConnection(args[0], "brightstar", "")) {
      switch (args[1]) {
        case "tables" -> {
          DatabaseMetaData meta = connection.getMetaData();
          for (String schema : new String[] {"bronze", "silver", "gold"}) {
            try (ResultSet tables = meta.getTables(null, schema, "%", null)) {
              while (tables.next()) {
                System.out.println(
                    tables.getString("TABLE_SCHEM") + "\t" + tables.getString("TABLE_NAME")
                        + "\t" + tables.getString("TABLE_TYPE"));
              }
            }
          }
        }
        case "columns" -> {
          for (int t = 3; t < args.length; t++) {
            try (ResultSet columns =
                connection.getMetaData().getColumns(null, args[2], args[t], "%")) {
              while (columns.next()) {
                System.out.println(
                    args[t] + "\t" + columns.getString("COLUMN_NAME") + "\t"
                        + columns.getString("TYPE_NAME") + "\t" + columns.getString("REMARKS"));
              }
            }
          }
        }
        case "query" -> {
          for (int q = 2; q < args.length; q++) {
            System.out.println("## " + args[q]);
            query(connection, args[q]);
          }
        }
        default -> throw new IllegalArgumentException("unknown mode " + args[1]);
      }
    }
  }

  private static void query(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      ResultSetMetaData meta = rows.getMetaData();
      StringBuilder header = new StringBuilder();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        header.append(i == 1 ? "" : "\t").append(meta.getColumnLabel(i));
      }
      System.out.println(header);
      while (rows.next()) {
        StringBuilder line = new StringBuilder();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          Object value = rows.getObject(i);
          line.append(i == 1 ? "" : "\t").append(value == null ? "\\N" : value.toString());
        }
        System.out.println(line);
      }
    }
  }
}
