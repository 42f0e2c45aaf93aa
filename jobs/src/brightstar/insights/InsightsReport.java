package brightstar.insights;

import brightstar.ml.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;

/** The ranked gold.behaviour_insights table as people read it on a terminal. */
public final class InsightsReport {
  private static final String[] HEADER = {"rank", "behaviour", "with", "rate with",
      "rate without", "lift", "difference [CI]", "adjusted log-odds [CI]", "importance",
      "reading"};

  private InsightsReport() {}

  /** One block per outcome: a summary line, then the behaviours in adjusted-effect order. */
  public static String render(InsightsJob.Result result) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<Outcome, List<Row>> e : result.rows().entrySet()) {
      sb.append(render(e.getKey(), result, e.getValue())).append('\n');
    }
    return sb.toString();
  }

  static String render(Outcome outcome, InsightsJob.Result result, List<Row> rows) {
    StringBuilder sb = new StringBuilder();
    if (rows.isEmpty()) {
      return outcome + " as of " + result.asOf() + ": no behaviour configured\n";
    }
    Row first = rows.get(0);
    long customers = first.getAs("customers");
    double level = first.getAs("confidence");
    sb.append(String.format(Locale.ROOT,
        "%s as of %s: %,d customers (each at its first snapshot with closed early windows,"
            + " %s..%s), outcome rate %.1f%%, intervals %.0f%%%n",
        outcome, result.asOf(), customers, first.getAs("first_snapshot"),
        first.getAs("last_snapshot"), 100 * (double) first.getAs("outcome_rate"),
        100 * level));
    List<String[]> cells = new ArrayList<>();
    cells.add(HEADER);
    for (Row r : rows) {
      Integer rank = r.getAs("adjusted_rank");
      cells.add(new String[] {
          rank == null ? "-" : rank.toString(),
          r.getAs("behaviour"),
          String.format(Locale.ROOT, "%,d", (long) r.getAs("n_with")),
          percent(r.getAs("rate_with")),
          percent(r.getAs("rate_without")),
          number(r.getAs("lift")),
          interval(r.getAs("diff"), r.getAs("diff_low"), r.getAs("diff_high"), true),
          interval(r.getAs("adjusted_effect"), r.getAs("adjusted_low"),
              r.getAs("adjusted_high"), false),
          r.getAs("model_importance") == null ? "-"
              : String.format(Locale.ROOT, "%.4f", (double) r.getAs("model_importance")),
          r.getAs("reading")});
    }
    int[] width = new int[HEADER.length];
    for (String[] line : cells) {
      for (int i = 0; i < line.length; i++) {
        width[i] = Math.max(width[i], line[i].length());
      }
    }
    for (String[] line : cells) {
      StringBuilder l = new StringBuilder();
      for (int i = 0; i < line.length; i++) {
        l.append(i == 0 ? "" : "  ").append(String.format(Locale.ROOT, "%-" + width[i] + "s",
            line[i]));
      }
      sb.append(l.toString().stripTrailing()).append('\n');
    }
    return sb.toString();
  }

  private static String percent(Double share) {
    return share == null ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * share);
  }

  private static String number(Double x) {
    return x == null ? "-" : String.format(Locale.ROOT, "%.2f", x);
  }

  private static String interval(Double x, Double low, Double high, boolean asPercent) {
    if (x == null) {
      return "-";
    }
    double k = asPercent ? 100 : 1;
    String unit = asPercent ? " pt" : "";
    if (low == null || high == null) {
      return String.format(Locale.ROOT, "%+.2f%s", k * x, unit);
    }
    return String.format(Locale.ROOT, "%+.2f [%+.2f, %+.2f]%s", k * x, k * low, k * high, unit);
  }
}
