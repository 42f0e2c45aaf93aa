package brightstar.clv;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.try_to_timestamp;

import brightstar.clv.model.ClvException;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.TimestampNTZType;

/**
 * Any transaction table (a CSV file read with a header, a Delta table) turned into the log
 * that {@link SparkSummariser} reads: {@code customer_id} (string), {@code day} (date),
 * {@code amount} (double, null when unknown). Returns and refunds stay in as negative amounts;
 * the summariser nets them per day.
 *
 * <p>Rules: the customer id is trimmed, and rows without one are dropped (a real log has
 * anonymous sales; they belong to no customer). The date column may hold dates, timestamps
 * (the day is the date in the session time zone, UTC) or text, read with a Spark datetime
 * pattern or, without one, as an ISO date or timestamp ({@code 2024-03-31},
 * {@code 2024-03-31T14:05:00}). Without an amount column every row is a purchase of unknown
 * value, which is all the purchase models need. An empty amount is an unknown value.
 */
public final class TransactionLog {
  public static final String CUSTOMER = "customer_id";
  public static final String DAY = "day";
  public static final String AMOUNT = "amount";

  /**
   * Which columns of a raw table hold what.
   *
   * @param customer the customer id column
   * @param date the date or timestamp column
   * @param amount the amount column, or null for none
   * @param dateFormat a Spark datetime pattern such as {@code dd/MM/yyyy} for text dates, or
   *     null for ISO dates and timestamps
   */
  public record Columns(String customer, String date, String amount, String dateFormat) {}

  private TransactionLog() {}

  /**
   * The normalised log: customer_id, day, amount. Lazy; unreadable values become nulls, so
   * call {@link #requireReadable} first on input that no one has checked.
   *
   * @throws ClvException when a named column is not in the table
   */
  public static Dataset<Row> normalise(Dataset<Row> raw, Columns columns) {
    Column customer = trim(column(raw, columns.customer(), "customer").cast("string"));
    return raw
        .select(
            customer.as(CUSTOMER),
            day(raw, columns).as(DAY),
            amount(raw, columns).as(AMOUNT))
        .where(col(CUSTOMER).isNotNull().and(col(CUSTOMER).notEqual("")));
  }

  /**
   * Checks, with one pass over the table, that every row with a customer id has a readable
   * date and, when there is an amount column, an amount that is empty or a finite number.
   *
   * @throws ClvException naming the first unreadable value, its column and its customer
   */
  public static void requireReadable(Dataset<Row> raw, Columns columns) {
    Column customer = trim(column(raw, columns.customer(), "customer").cast("string"));
    Column rawDate = column(raw, columns.date(), "date").cast("string");
    Column badDate = day(raw, columns).isNull();
    Column badAmount = lit(false);
    Column rawAmount = lit(null).cast("string");
    if (columns.amount() != null) {
      rawAmount = column(raw, columns.amount(), "amount").cast("string");
      Column parsed = amount(raw, columns);
      badAmount = trim(rawAmount).notEqual("")
          .and(parsed.isNull().or(isnan(parsed)).or(parsed.equalTo(Double.POSITIVE_INFINITY))
              .or(parsed.equalTo(Double.NEGATIVE_INFINITY)));
    }
    List<Row> bad = raw
        .select(customer.as("c"), rawDate.as("d"), badDate.as("bad_date"), rawAmount.as("a"),
            badAmount.as("bad_amount"))
        .where(col("c").isNotNull().and(col("c").notEqual(""))
            .and(col("bad_date").or(col("bad_amount"))))
        .limit(1)
        .collectAsList();
    if (bad.isEmpty()) {
      return;
    }
    Row row = bad.get(0);
    if (row.getBoolean(2)) {
      String value = row.isNullAt(1) ? null : row.getString(1);
      throw ClvException.of(
          value == null || value.isBlank()
              ? "A row of customer '" + row.getString(0) + "' has no date in column '"
                  + columns.date() + "'"
              : "Cannot read date '" + value + "' in column '" + columns.date()
                  + "' (customer '" + row.getString(0) + "')",
          columns.dateFormat() == null
              ? "without a date format, dates are read as ISO dates or timestamps "
                  + "(2024-03-31, 2024-03-31T14:05:00)"
              : "it does not match the date format '" + columns.dateFormat() + "'",
          "give the file's pattern as the date format (clv fit --date-format, a Spark "
              + "datetime pattern such as dd/MM/yyyy or yyyyMMdd), or repair the row");
    }
    throw ClvException.of(
        "Cannot read amount '" + row.getString(3) + "' in column '" + columns.amount()
            + "' (customer '" + row.getString(0) + "')",
        "amounts must be finite numbers with '.' as the decimal point; returns are negative",
        "repair the row, or leave the amount empty when the value is unknown");
  }

  private static Column day(Dataset<Row> raw, Columns columns) {
    Column date = column(raw, columns.date(), "date");
    DataType type = raw.schema().apply(resolve(raw, columns.date(), "date")).dataType();
    if (type.equals(DataTypes.DateType)) {
      return date;
    }
    if (type.equals(DataTypes.TimestampType) || type instanceof TimestampNTZType) {
      return to_date(date);
    }
    Column text = trim(date.cast("string"));
    Column parsed = columns.dateFormat() == null
        ? try_to_timestamp(text)
        : try_to_timestamp(text, lit(columns.dateFormat()));
    return to_date(parsed);
  }

  private static Column amount(Dataset<Row> raw, Columns columns) {
    if (columns.amount() == null) {
      return lit(null).cast("double");
    }
    Column amount = column(raw, columns.amount(), "amount");
    DataType type = raw.schema().apply(resolve(raw, columns.amount(), "amount")).dataType();
    if (type instanceof NumericType) {
      return amount.cast("double");
    }
    return trim(amount.cast("string")).try_cast("double");
  }

  private static Column column(Dataset<Row> raw, String name, String role) {
    return raw.col("`" + resolve(raw, name, role).replace("`", "``") + "`");
  }

  /** The table's own spelling of a column named case-insensitively, as Spark SQL does. */
  private static String resolve(Dataset<Row> raw, String name, String role) {
    if (name == null || name.isBlank()) {
      throw ClvException.of("No " + role + " column named",
          "the log needs a customer column and a date column",
          "name them (clv fit --customer-col C --date-col D)");
    }
    String[] names = raw.columns();
    for (String n : names) {
      if (n.equalsIgnoreCase(name)) {
        return n;
      }
    }
    throw ClvException.of(
        "Column '" + name + "' (the " + role + " column) is not in the transactions",
        "the columns are " + Arrays.toString(names),
        "name one of those columns as the " + role + " column");
  }
}
