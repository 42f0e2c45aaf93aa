package brightstar.ml;

import java.util.Locale;

/** The two outcomes Brightstar predicts, the label column of each and its rule baseline. */
public enum Outcome {
  HIGH_VALUE("high_value", "high_value", "p_high_value",
      "RFM score (r_score + f_score + m_score)",
      "cast(coalesce(r_score, 0) + coalesce(f_score, 0) + coalesce(m_score, 0) as double)"),
  DISSATISFACTION("dissatisfaction", "dissatisfied", "p_dissatisfied",
      "an NPS detractor first, then more tickets in the last 90 days",
      "cast(if(coalesce(last_nps, 10) <= 6, 100, 0) + least(coalesce(tickets_90d, 0), 99)"
          + " as double)");

  /** The model name: gold.model_runs.model, gold.customer_scores.model, the models folder. */
  public final String model;
  /** The boolean label column of gold.customer_features. */
  public final String label;
  /** The column of gold.customer_360 that carries the score. */
  public final String scoreColumn;
  /** The rule baseline in words and as a Spark SQL expression over a feature row. */
  public final String baselineName;
  public final String baselineSql;

  Outcome(String model, String label, String scoreColumn, String baselineName,
      String baselineSql) {
    this.model = model;
    this.label = label;
    this.scoreColumn = scoreColumn;
    this.baselineName = baselineName;
    this.baselineSql = baselineSql;
  }

  /** The outcome of a model name ({@code high_value} or {@code dissatisfaction}). */
  public static Outcome of(String name) {
    for (Outcome o : values()) {
      if (o.model.equals(name.toLowerCase(Locale.ROOT))) {
        return o;
      }
    }
    throw new IllegalArgumentException("unknown outcome '" + name
        + "': use high_value or dissatisfaction");
  }
}
