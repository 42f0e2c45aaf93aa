package brightstar.ingest;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Turns one landing text value into the Java value Spark stores for the column's type, or
 * records why it cannot: strict ISO dates (no 2025-02-30), integers without a fraction,
 * decimals that fit their precision and scale, timestamps read as UTC. Not thread-safe only in
 * that each caller owns its instance; it holds no mutable state.
 */
final class ValueParser {
  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");

  private final DataType[] types;
  private final String[] names;
  private final DateTimeFormatter date;
  private final DateTimeFormatter timestamp;
  private final ReaderOptions options;

  ValueParser(EntityContract contract) {
    this.types = new DataType[contract.schema().size()];
    this.names = contract.schema().fieldNames();
    for (int i = 0; i < types.length; i++) {
      types[i] = contract.schema().fields()[i].dataType();
    }
    this.options = contract.options();
    this.date = formatter(options.dateFormat(), true);
    this.timestamp = formatter(options.timestampFormat(), false);
  }

  /**
   * A strict formatter for a contract pattern; an empty pattern is ISO-8601. Pattern letter
   * {@code y} is read as the proleptic year, so {@code yyyy-MM-dd} works in strict mode.
   */
  static DateTimeFormatter formatter(String pattern, boolean isDate) {
    if (pattern.isEmpty()) {
      return isDate ? DateTimeFormatter.ISO_LOCAL_DATE : DateTimeFormatter.ISO_LOCAL_DATE_TIME;
    }
    return DateTimeFormatter.ofPattern(pattern.replace('y', 'u'))
        .withResolverStyle(ResolverStyle.STRICT);
  }

  /**
   * The typed value of column {@code index}, or null for an empty value or when the value does
   * not parse (then a problem is added).
   */
  Object parse(int index, String raw, List<Problem> problems) {
    if (raw == null) {
      return null;
    }
    DataType t = types[index];
    if (t instanceof StringType) {
      return raw;
    }
    String v = raw.strip();
    if (v.isEmpty()) {
      return null;
    }
    String name = names[index];
    try {
      if (t instanceof IntegerType || t instanceof LongType || t instanceof ShortType) {
        return integer(name, v, t, problems);
      }
      if (t instanceof DecimalType d) {
        return decimal(name, v, d, problems);
      }
      if (t instanceof DoubleType || t instanceof FloatType) {
        double x = Double.parseDouble(v);
        if (Double.isNaN(x) || Double.isInfinite(x) || !v.matches("[+-]?[0-9.eE+-]+")) {
          throw new NumberFormatException(v);
        }
        return t instanceof FloatType ? (Object) (float) x : (Object) x;
      }
      if (t instanceof BooleanType) {
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
          return Boolean.valueOf(v.toLowerCase(java.util.Locale.ROOT));
        }
        problems.add(new Problem(Problem.BAD_VALUE,
            name + ": " + Problem.quote(raw) + " is not true or false"));
        return null;
      }
      if (t instanceof DateType) {
        return Date.valueOf(LocalDate.parse(v, date));
      }
      if (t instanceof TimestampNTZType) {
        return LocalDateTime.parse(v, timestamp);
      }
      if (t instanceof TimestampType) {
        // Landing timestamps carry no zone and are UTC (docs/landing.md).
        return Timestamp.from(LocalDateTime.parse(v, timestamp).toInstant(ZoneOffset.UTC));
      }
    } catch (NumberFormatException e) {
      problems.add(new Problem(Problem.NON_NUMERIC,
          name + ": " + Problem.quote(raw) + " is not a number"));
      return null;
    } catch (DateTimeParseException e) {
      boolean isDate = t instanceof DateType;
      problems.add(new Problem(Problem.BAD_DATE, name + ": " + Problem.quote(raw)
          + (isDate ? " is not a date (" + options.dateFormatLabel() + ")"
              : " is not a timestamp (" + options.timestampFormatLabel() + ")")));
      return null;
    }
    throw new IllegalStateException("type " + t.sql() + " passed contract validation");
  }

  private static Object integer(String name, String v, DataType t, List<Problem> problems) {
    if (!INTEGER.matcher(v).matches()) {
      problems.add(new Problem(Problem.NON_NUMERIC,
          name + ": " + Problem.quote(v) + " is not an integer"));
      return null;
    }
    try {
      if (t instanceof IntegerType) {
        return Integer.parseInt(v);
      }
      if (t instanceof ShortType) {
        return Short.parseShort(v);
      }
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      problems.add(new Problem(Problem.OUT_OF_RANGE,
          name + ": " + v + " does not fit " + t.sql()));
      return null;
    }
  }

  private static Object decimal(String name, String v, DecimalType d, List<Problem> problems) {
    BigDecimal x = new BigDecimal(v);
    BigDecimal stripped = x.stripTrailingZeros();
    if (stripped.scale() > d.scale()) {
      problems.add(new Problem(Problem.BAD_VALUE, name + ": " + Problem.quote(v)
          + " has more than " + d.scale() + " decimal places"));
      return null;
    }
    BigDecimal scaled = x.setScale(d.scale());
    if (scaled.precision() > d.precision()) {
      problems.add(new Problem(Problem.OUT_OF_RANGE,
          name + ": " + v + " does not fit " + d.sql()));
      return null;
    }
    return scaled;
  }
}
