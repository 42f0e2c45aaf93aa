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
 *   <li>{@code columns SCHEMA TABLE}: {@code name<TAB>type<TAB>comment} per column;
 *   <li>{@code query SQL}: the column names, then one line per row; NULL prints as \N.
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
          try (ResultSet columns = connection.getMetaData().getColumns(null, args[2], args[3], "%")) {
            while (columns.next()) {
              System.out.println(
                  columns.getString("COLUMN_NAME") + "\t" + columns.getString("TYPE_NAME") + "\t"
                      + columns.getString("REMARKS"));
            }
          }
        }
        case "query" -> {
          try (Statement statement = connection.createStatement();
              ResultSet rows = statement.executeQuery(args[2])) {
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
        default -> throw new IllegalArgumentException("unknown mode " + args[1]);
      }
    }
  }
}
