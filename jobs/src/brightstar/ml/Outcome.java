package brightstar.ml;

import java.util.Locale;

/**
 * The two outcomes Brightstar predicts and explains: the label column of each in
 * gold.customer_features, its window, the column its score goes to and its rule baseline.
 */
public enum Outcome {
  HIGH_VALUE("high_value", "high_value", "high_value_window_end", "p_high_value",
      "RFM score (r_score + f_score + m_score)",
      "cast(coalesce(r_score, 0) + coalesce(f_score, 0) + coalesce(m_score, 0) as double)"),
  DISSATISFACTION("dissatisfaction", "dissatisfied", "dissatisfied_window_end",
      "p_dissatisfied",
      "an NPS detractor first, then more tickets in the last 90 days",
      "cast(if(coalesce(last_nps, 10) <= 6, 100, 0) + least(coalesce(tickets_90d, 0), 99)"
          + " as double)");

  /** The model name: gold.model_runs.model, gold.customer_scores.model, the models folder. */
  public final String model;
  /** The boolean label column of gold.customer_features. */
  public final String label;
  /** The gold.customer_features column holding the last day of the label's window. */
  public final String windowEnd;
  /** The column of gold.customer_360 that carries the score. */
  public final String scoreColumn;
  /** The rule baseline in words and as a Spark SQL expression over a feature row. */
  public final String baselineName;
  public final String baselineSql;

  Outcome(String model, String label, String windowEnd, String scoreColumn,
      String baselineName, String baselineSql) {
    this.model = model;
    this.label = label;
    this.windowEnd = windowEnd;
    this.scoreColumn = scoreColumn;
    this.baselineName = baselineName;
    this.baselineSql = baselineSql;
  }

  /** The name in gold.model_runs, gold.behaviour_insights and on the command line. */
  public String key() {
    return model;
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
      if (o.model.equals(wanted)) {
        return o;
      }
    }
    throw new IllegalArgumentException(
        "unknown outcome '" + name + "' (expected high_value or dissatisfaction)");
  }

  @Override
  public String toString() {
    return model;
  }
}
