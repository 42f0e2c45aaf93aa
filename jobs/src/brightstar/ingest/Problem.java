package brightstar.ingest;

import java.io.Serializable;

/**
 * Why one row breaks its contract: a machine-readable {@code kind} (what {@code group by kind}
 * summarises, and what the generator's {@code _truth/malformed.csv} calls it) and a
 * {@code message} a person can act on, naming the column, the value and what was expected.
 */
public record Problem(String kind, String message) implements Serializable {
  /** The line cannot be split into fields or parsed as a JSON object. */
  public static final String MALFORMED_LINE = "malformed_line";
  /** The line ends early: fewer fields than the header, or an unclosed quote or object. */
  public static final String TRUNCATED_LINE = "truncated_line";
  /** A business-key column is empty. */
  public static final String MISSING_KEY = "missing_key";
  /** The event-time column or a not-null column is empty. */
  public static final String MISSING_VALUE = "missing_value";
  /** A DATE or TIMESTAMP value does not parse with the contract's format. */
  public static final String BAD_DATE = "bad_date";
  /** A numeric value is not a number of the column's type. */
  public static final String NON_NUMERIC = "non_numeric";
  /** A value of another type (boolean, too many decimals) does not fit its column. */
  public static final String BAD_VALUE = "bad_value";
  /** A value is not in the column's enum domain. */
  public static final String UNKNOWN_ENUM = "unknown_enum";
  /** A value is outside the column's allowed range. */
  public static final String OUT_OF_RANGE = "out_of_range";
  /** A second row with a business key already seen in the same extract day. */
  public static final String DUPLICATE_KEY = "duplicate_key";

  /** Quotes a raw value for a message, shortened so one wild value cannot flood the log. */
  static String quote(String raw) {
    String v = raw.length() > 60 ? raw.substring(0, 57) + "..." : raw;
    return "'" + v + "'";
  }
}
