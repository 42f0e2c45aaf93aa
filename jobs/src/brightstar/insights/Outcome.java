package brightstar.insights;

import java.util.Locale;

/** The outcomes behaviour insights explain, each a label of gold.customer_features. */
public enum Outcome {
  HIGH_VALUE("high_value", "high_value", "high_value_window_end"),
  DISSATISFACTION("dissatisfaction", "dissatisfied", "dissatisfied_window_end");

  private final String key;
  private final String label;
  private final String windowEnd;

  Outcome(String key, String label, String windowEnd) {
    this.key = key;
    this.label = label;
    this.windowEnd = windowEnd;
  }

  /** The name in gold.behaviour_insights, on the command line and in gold.model_runs. */
  public String key() {
    return key;
  }

  /** The boolean label column of gold.customer_features. */
  public String label() {
    return label;
  }

  /** The gold.customer_features column holding the last day of the label's window. */
  public String windowEnd() {
    return windowEnd;
  }

  /** The outcome named {@code name} ({@code high_value} or {@code dissatisfaction}). */
  public static Outcome of(String name) {
    String wanted = name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    for (Outcome o : values()) {
      if (o.key.equals(wanted)) {
        return o;
      }
    }
    throw new IllegalArgumentException(
        "unknown outcome '" + name + "' (expected high_value or dissatisfaction)");
  }

  @Override
  public String toString() {
    return key;
  }
}
