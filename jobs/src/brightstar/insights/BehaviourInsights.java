package brightstar.insights;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.ln;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import brightstar.BrightstarException;
import brightstar.features.FeatureColumns;
import brightstar.io.Tables;
import brightstar.ml.Outcome;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.BooleanType;

/**
 * What customers with an outcome did early that others did not: gold.customer_features ->
 * gold.behaviour_insights rows for one as-of date and outcome.
 *
 * <p>Population: each customer once, at its first snapshot (on or before the as-of date) with
 * at least {@code min-tenure-days} of tenure, so every early window of the flags is closed,
 * and whose outcome label is observed (not null, label window ended by the as-of date). One
 * row per customer keeps the intervals honest (a customer repeated over snapshots would count
 * as several independent ones) and measures every customer at the same point of its life,
 * right after the behaviours, with the outcome in the months that follow. A later snapshot
 * would mix in customers who already left (a churned customer has no events in the window, so
 * it would read as "not dissatisfied"). A flag still null at that snapshot (no seat usage, no
 * NPS answer) counts as not shown and is counted in {@code n_unknown}.
 *
 * <p>Per flag: the outcome rate with and without it, lift, difference with Newcombe's interval
 * ({@link Proportions}); and the adjusted effect, the flag's coefficient in one logistic
 * regression on all flags together plus tenure (years) and size (natural log of head count;
 * a missing head count takes the population mean) ({@link AdjustedEffects}), ranked from the
 * most positive log-odds (pushes the outcome up most) down. A flag shown by fewer than
 * {@code min-customers} customers (or missing in fewer) keeps its raw columns only.
 */
public final class BehaviourInsights {
  /** The controls of the adjusted model, named as their terms. */
  public static final String TENURE = "tenure_years";

  public static final String SIZE = "log_employees";

  static final String Y = "_outcome";

  private BehaviourInsights() {}

  /** The model importance of the features, from gold.model_runs; {@link #NONE} without one. */
  public record Importance(String version, Map<String, Double> byFeature) {
    public static final Importance NONE = new Importance(null, Map.of());

    public Importance {
      byFeature = Map.copyOf(byFeature);
    }

    /**
     * Parses the contract's {@code name=0.1234;name2=0.0567} string.
     *
     * @throws BrightstarException naming the bad entry
     */
    public static Importance parse(String version, String text) {
      Map<String, Double> out = new HashMap<>();
      if (text != null) {
        for (String entry : text.split(";")) {
          if (entry.isBlank()) {
            continue;
          }
          int eq = entry.lastIndexOf('=');
          try {
            out.put(entry.substring(0, eq).trim(),
                Double.parseDouble(entry.substring(eq + 1).trim()));
          } catch (RuntimeException e) {
            throw new BrightstarException("cannot read feature_importance of gold.model_runs"
                + " version " + version, "entry '" + entry + "' is not name=number",
                "re-train the model so that its run row is rewritten", e);
          }
        }
      }
      return new Importance(version, out);
    }
  }

  /**
   * The customers compared for {@code outcome} as of {@code asOf}: customer_id, snapshot_date,
   * {@value #Y} (1.0 / 0.0), each flag as 1.0 / 0.0 (null while unknown), {@value #TENURE} and
   * {@value #SIZE} (null without a head count).
   */
  public static Dataset<Row> population(
      Dataset<Row> features, Outcome outcome, LocalDate asOf, InsightsSettings settings) {
    Date day = Date.valueOf(asOf);
    Column eligible = col(outcome.label()).isNotNull()
        .and(col(outcome.windowEnd()).leq(lit(day)))
        .and(col(FeatureColumns.SNAPSHOT_DATE).leq(lit(day)))
        .and(col("tenure_days").geq(settings.minTenureDays()));
    List<Column> out = new ArrayList<>();
    out.add(col(Tables.CUSTOMER_ID));
    out.add(col(FeatureColumns.SNAPSHOT_DATE));
    out.add(when(col(outcome.label()), 1.0).otherwise(0.0).as(Y));
    for (String f : settings.flags()) {
      Column shown = features.schema().apply(f).dataType() instanceof BooleanType
          ? col(f)
          : col(f).gt(0);
      out.add(when(shown, 1.0).when(shown.isNotNull(), 0.0).as(f));
    }
    out.add(col("tenure_days").divide(365.25).as(TENURE));
    out.add(when(col("employees").gt(0), ln(col("employees"))).as(SIZE));
    return features.where(eligible)
        .withColumn("_first", row_number().over(Window.partitionBy(Tables.CUSTOMER_ID)
            .orderBy(col(FeatureColumns.SNAPSHOT_DATE))))
        .where(col("_first").equalTo(1))
        .select(out.toArray(Column[]::new));
  }

  /**
   * The gold.behaviour_insights rows (declared schema, ranked) of one outcome as of a date.
   *
   * @param features gold.customer_features
   * @throws BrightstarException when no customer has an observed label as of the date
   */
  public static Dataset<Row> insights(Dataset<Row> features, Outcome outcome, LocalDate asOf,
      InsightsSettings settings, Importance importance) {
    List<String> flags = settings.flags();
    Dataset<Row> people = population(features, outcome, asOf, settings).persist();
    try {
      List<Column> aggs = new ArrayList<>();
      aggs.add(sum(col(Y)).as("events"));
      aggs.add(avg(col(SIZE)).as("mean_size"));
      aggs.add(min(col(FeatureColumns.SNAPSHOT_DATE)));
      aggs.add(max(col(FeatureColumns.SNAPSHOT_DATE)));
      for (String f : flags) {
        aggs.add(sum(when(col(f).equalTo(1.0), 1L).otherwise(0L)));
        aggs.add(sum(when(col(f).equalTo(1.0), col(Y)).otherwise(0.0)));
        aggs.add(sum(when(col(f).isNull(), 1L).otherwise(0L)));
      }
      Row totals = people.agg(count(lit(1)), aggs.toArray(Column[]::new)).first();
      long n = totals.getLong(0);
      if (n == 0) {
        throw new BrightstarException("no customer to compare for " + outcome + " as of "
                + asOf,
            "gold.customer_features has no snapshot on or before it with the label "
                + outcome.label() + " observed for a customer of at least "
                + settings.minTenureDays() + " days' tenure",
            "use a later --as-of, build gold.customer_features with a later as-of date (labels"
                + " wait for their window), or lower " + InsightsSettings.SECTION
                + ".min-tenure-days");
      }
      long events = Math.round(totals.getDouble(1));
      double meanSize = totals.isNullAt(2) ? 0.0 : totals.getDouble(2);

      List<Column> design = new ArrayList<>();
      design.add(col(Y));
      List<String> terms = new ArrayList<>();
      for (int i = 0; i < flags.size(); i++) {
        long shown = totals.getLong(5 + 3 * i);
        if (Math.min(shown, n - shown) >= settings.minCustomers()) {
          terms.add(flags.get(i));
          design.add(coalesce(col(flags.get(i)), lit(0.0)).as(flags.get(i)));
        }
      }
      design.add(col(TENURE));
      design.add(coalesce(col(SIZE), lit(meanSize)).as(SIZE));
      terms.add(TENURE);
      terms.add(SIZE);
      AdjustedEffects.Fit fit = AdjustedEffects.fit(people.select(design.toArray(Column[]::new)),
          Y, terms, settings.regParam(), settings.maxIter());

      double z = Proportions.z(settings.confidence());
      List<String> ranked = new ArrayList<>(flags.stream()
          .filter(f -> fit.term(f).isPresent()).toList());
      ranked.sort(Comparator.comparingDouble(
          (String f) -> -fit.term(f).orElseThrow().coefficient()));
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < flags.size(); i++) {
        String f = flags.get(i);
        long nWith = totals.getLong(5 + 3 * i);
        long eventsWith = Math.round(totals.getDouble(6 + 3 * i));
        long unknown = totals.getLong(7 + 3 * i);
        Proportions.Comparison c = Proportions.compare(eventsWith, nWith,
            events - eventsWith, n - nWith, z);
        AdjustedEffects.Term t = fit.term(f).orElse(null);
        Proportions.Interval a = t == null ? null : t.interval(z);
        int rank = ranked.indexOf(f);
        rows.add(RowFactory.create(
            Date.valueOf(asOf), outcome.key(), f,
            rank < 0 ? null : rank + 1,
            reading(c, a),
            n, (double) events / n, nWith, n - nWith, unknown,
            value(c.rateWith()), value(c.rateWithout()), value(c.lift()), value(c.diff()),
            value(c.diffInterval().low()), value(c.diffInterval().high()),
            t == null ? null : t.coefficient(),
            a == null ? null : a.low(),
            a == null ? null : a.high(),
            t == null ? null : Math.exp(t.coefficient()),
            importance.byFeature().get(f),
            importance.version(),
            totals.getDate(3), totals.getDate(4),
            settings.confidence()));
      }
      rows.sort(Comparator.comparing((Row r) -> r.isNullAt(3) ? Integer.MAX_VALUE : r.getInt(3))
          .thenComparing(r -> r.getString(2)));
      return features.sparkSession().createDataFrame(rows, Tables.BEHAVIOUR_INSIGHTS.schema());
    } finally {
      people.unpersist();
    }
  }

  /**
   * How to read a row: {@code raises} / {@code lowers} when the adjusted interval excludes 0;
   * {@code association_only} when only the raw difference does (a marker, or a driver too weak
   * to separate from the others); {@code no_evidence} when neither does; {@code not_estimated}
   * when fewer than min-customers customers show the flag or lack it.
   */
  static String reading(Proportions.Comparison raw, Proportions.Interval adjusted) {
    if (adjusted == null) {
      return "not_estimated";
    }
    if (adjusted.low() > 0) {
      return "raises";
    }
    if (adjusted.high() < 0) {
      return "lowers";
    }
    Proportions.Interval d = raw.diffInterval();
    if (d.low() > 0 || d.high() < 0) {
      return "association_only";
    }
    return "no_evidence";
  }

  private static Double value(double x) {
    return Double.isFinite(x) ? x : null;
  }
}
