package brightstar.quality;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * One declarative data-quality check, in the spirit of Deequ's {@code Check}: what to measure
 * on which columns, the smallest passing ratio, and what a miss means.
 *
 * <ul>
 *   <li>{@code completeness}: share of rows where every listed column is non-null;
 *   <li>{@code uniqueness}: share of rows whose key (the listed columns together) appears once
 *       in the table as it will be after the load;
 *   <li>{@code range}: share of non-null values of the one listed column within
 *       {@code min..max} (inclusive literals, either end may be null);
 *   <li>{@code satisfies}: share of rows for which the Spark SQL {@code expression} is true
 *       (null counts as false), e.g. {@code net_amount = gross_amount - discount_amount}.
 * </ul>
 *
 * A result below {@code minRatio} is a {@code warn} or a {@code fail} according to
 * {@code level}; a fail stops the job, a warn is only recorded.
 */
public record DqRule(
    String name, Check check, List<String> columns, String min, String max, String expression,
    double minRatio, Level level)
    implements Serializable {

  /** What a rule measures. */
  public enum Check {
    COMPLETENESS,
    UNIQUENESS,
    RANGE,
    SATISFIES;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What a failed rule does: record a warning, or fail the job. */
  public enum Level {
    WARN,
    FAIL;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public DqRule {
    columns = List.copyOf(columns);
  }

  /** The default name: {@code completeness(bill_to_email)}, {@code satisfies(a >= b)}. */
  public static String defaultName(Check check, List<String> columns, String expression) {
    return check.label() + "(" + (check == Check.SATISFIES ? expression
        : String.join(",", columns)) + ")";
  }
}
