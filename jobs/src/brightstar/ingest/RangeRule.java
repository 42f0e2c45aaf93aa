package brightstar.ingest;

import java.io.Serializable;

/**
 * A hard limit on a column's value: a row outside it is quarantined. {@code min} and
 * {@code max} are inclusive literals in the column's type (either may be null for an open
 * end); {@code when}, if not null, is a Spark SQL condition limiting the rule to some rows,
 * e.g. {@code survey_type = 'nps'}.
 */
public record RangeRule(String column, String min, String max, String when)
    implements Serializable {

  /** How a violation reads after the value: "is outside 0..10", "is below 1", "is above 5". */
  public String violation() {
    String what = min != null && max != null ? "is outside " + min + ".." + max
        : min != null ? "is below " + min : "is above " + max;
    return when == null ? what : what + " (when " + when + ")";
  }
}
