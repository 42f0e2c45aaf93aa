package brightstar.insights;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import brightstar.BrightstarException;
import brightstar.Progress;
import brightstar.config.BrightstarConfig;
import brightstar.io.TableCatalog;
import brightstar.io.TableId;
import brightstar.io.TableWriter;
import brightstar.io.Tables;
import brightstar.ml.ModelJobs;
import brightstar.ml.Outcome;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * gold.customer_features (+ gold.model_runs when present) -> gold.behaviour_insights as of a
 * date, for one or both outcomes. Re-running a date replaces that date's rows of the outcomes
 * computed and nothing else.
 */
public final class InsightsJob {
  public static final TableId BEHAVIOUR_INSIGHTS = Tables.BEHAVIOUR_INSIGHTS.id();
  static final TableId CUSTOMER_FEATURES = Tables.CUSTOMER_FEATURES.id();
  static final TableId MODEL_RUNS = Tables.MODEL_RUNS.id();
  static final String IMPORTANCE = "feature_importance";

  private InsightsJob() {}

  /**
   * What a run wrote.
   *
   * @param asOf the as-of date used (the latest labels_as_of of gold.customer_features when
   *     none was given)
   * @param rows per outcome, its rows in rank order (the declared columns)
   */
  public record Result(LocalDate asOf, Map<Outcome, List<Row>> rows) {}

  /**
   * Computes and writes the insights.
   *
   * @param asOf the as-of date, or null for the date gold.customer_features was built as of
   * @param outcomes the outcomes to compute
   */
  public static Result run(SparkSession spark, BrightstarConfig config, LocalDate asOf,
      List<Outcome> outcomes, Progress progress) {
    InsightsSettings settings = InsightsSettings.from(config);
    TableCatalog catalog = new TableCatalog(spark, config.warehouse());
    TableWriter writer = new TableWriter(catalog);
    Dataset<Row> features = catalog.read(CUSTOMER_FEATURES);
    LocalDate date = asOf != null ? asOf : builtAsOf(features);
    Map<Outcome, List<Row>> out = new LinkedHashMap<>();
    for (Outcome outcome : outcomes) {
      if (BehaviourInsights.population(features, outcome, date, settings).isEmpty()) {
        // A young warehouse (no label observed yet) is not an error: the DAG goes on, as
        // train does; the rows of the date stay as they were.
        progress.log(outcome + ": no insights as of " + date + ": no customer of at least "
            + settings.minTenureDays() + " days' tenure has the label " + outcome.label()
            + " observed on a snapshot on or before it (labels wait for their window); skipped");
        out.put(outcome, List.of());
        continue;
      }
      BehaviourInsights.Importance importance = importance(catalog, outcome, date);
      Dataset<Row> rows = BehaviourInsights.insights(features, outcome, date, settings,
          importance);
      List<Row> collected = rows.collectAsList();
      writer.replace(rows, BEHAVIOUR_INSIGHTS,
          "as_of_date = DATE'" + date + "' AND outcome = '" + outcome.key() + "'",
          List.of("as_of_date"));
      progress.rows(BEHAVIOUR_INSIGHTS.qualified() + " " + outcome + " as of " + date,
          collected.size());
      out.put(outcome, collected);
    }
    return new Result(date, out);
  }

  /** The latest labels_as_of of gold.customer_features: the date its labels were built for. */
  static LocalDate builtAsOf(Dataset<Row> features) {
    Row latest = features.agg(max(col("labels_as_of"))).first();
    if (latest.isNullAt(0)) {
      throw new BrightstarException("gold.customer_features is empty",
          "no snapshot has been built", "run bin/brightstar features --as-of D first");
    }
    return latest.getDate(0).toLocalDate();
  }

  /**
   * The importances of the outcome's model version that scoring would use on the as-of date
   * (its latest run trained on or before it, {@link ModelJobs#latestRun}); none when there is
   * no such run.
   */
  static BehaviourInsights.Importance importance(
      TableCatalog catalog, Outcome outcome, LocalDate asOf) {
    return ModelJobs.latestRun(catalog, outcome, asOf)
        .map(run -> BehaviourInsights.Importance.parse(run.getAs("version"),
            run.getAs(IMPORTANCE)))
        .orElse(BehaviourInsights.Importance.NONE);
  }

}
