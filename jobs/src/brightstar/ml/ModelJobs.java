package brightstar.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import brightstar.BrightstarException;
import brightstar.Progress;
import brightstar.config.BrightstarConfig;
import brightstar.customer360.Customer360Job;
import brightstar.features.FeatureColumns;
import brightstar.features.FeatureSettings;
import brightstar.features.FeaturesJob;
import brightstar.io.TableCatalog;
import brightstar.io.TableId;
import brightstar.io.TableWriter;
import brightstar.io.Tables;
import brightstar.ml.eval.BinaryEvaluation;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Train and score both models. A version is its training as-of date, so re-training a date
 * replaces that version and its gold.model_runs row; scoring a date uses each model's latest
 * version trained on or before it and replaces that date's scores.
 */
public final class ModelJobs {
  public static final TableId MODEL_RUNS = Tables.MODEL_RUNS.id();
  public static final TableId SCORES = Tables.CUSTOMER_SCORES.id();

  private ModelJobs() {}

  /** What training did for one outcome: trained (with its figures) or skipped (why). */
  public record Run(Outcome outcome, String version, Optional<ModelTrainer.Trained> trained,
      String summary) {}

  public static String version(LocalDate asOf) {
    return asOf.toString().replace("-", "");
  }

  public static String modelPath(BrightstarConfig config, Outcome o, String version) {
    String models = config.models();
    // A local folder is recorded absolute: gold.model_runs is read from other working
    // directories (notebooks, the SQL endpoint) than the job's. URIs (s3a://...) stay as given.
    if (!models.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
      models = java.nio.file.Path.of(models).toAbsolutePath().normalize().toString();
    }
    return models + "/" + o.model + "/" + version;
  }

  /** Trains both outcomes as of a date; an outcome without enough labelled rows is skipped. */
  public static List<Run> train(SparkSession spark, BrightstarConfig config, LocalDate asOf,
      Progress progress) {
    List<Run> runs = new ArrayList<>();
    for (Outcome o : Outcome.values()) {
      runs.add(train(spark, config, o, asOf, progress));
    }
    return runs;
  }

  public static Run train(SparkSession spark, BrightstarConfig config, Outcome o,
      LocalDate asOf, Progress progress) {
    ModelSettings settings = ModelSettings.from(config);
    FeatureSettings featureSettings = FeatureSettings.from(config);
    TableCatalog catalog = new TableCatalog(spark, config.warehouse());
    String version = version(asOf);
    if (!catalog.exists(FeaturesJob.CUSTOMER_FEATURES)) {
      throw new BrightstarException("cannot train " + o.model + " as of " + asOf,
          FeaturesJob.CUSTOMER_FEATURES + " does not exist at "
              + catalog.path(FeaturesJob.CUSTOMER_FEATURES),
          "run 'bin/brightstar features --as-of " + asOf + "' first");
    }
    Dataset<Row> observed = TrainingSplit.observed(catalog.read(FeaturesJob.CUSTOMER_FEATURES),
        o, asOf, featureSettings.renewalGraceDays()).cache();
    try {
      List<LocalDate> snapshots = observed.select(FeatureColumns.SNAPSHOT_DATE).distinct()
          .orderBy(FeatureColumns.SNAPSHOT_DATE).collectAsList().stream()
          .map(r -> r.getDate(0).toLocalDate()).toList();
      Optional<TrainingSplit> split = TrainingSplit.of(observed, snapshots, o,
          settings.testShare(), settings.salt(), settings.folds());
      if (split.isEmpty()) {
        return skipped(o, version, progress, snapshots.size() + " snapshot(s) of "
            + FeaturesJob.CUSTOMER_FEATURES + " have a label observed by " + asOf
            + "; training needs an earlier one to train on and the latest to evaluate (the "
            + o.model + " window must have passed for two snapshots)");
      }
      long trainRows = split.get().train().count();
      if (trainRows < settings.minTrainingRows()) {
        return skipped(o, version, progress, trainRows + " labelled training rows, fewer than "
            + ModelSettings.SECTION + ".min-training-rows = " + settings.minTrainingRows());
      }
      progress.log(String.format(Locale.ROOT, "%s: training on %s (%,d rows), evaluating on %s",
          o.model, split.get().trainPeriod(), trainRows, split.get().testSnapshot()));
      TrainingSplit used = split.get();
      if (trainRows > settings.maxTrainingRows()) {
        double share = (double) settings.maxTrainingRows() / trainRows;
        used = used.sampled(share, settings.salt());
        progress.log(String.format(Locale.ROOT, "%s: fitting on %.1f%% of the training"
                + " customers, about %,d of the %,d rows (%s.max-training-rows = %,d)",
            o.model, 100 * share, settings.maxTrainingRows(), trainRows, ModelSettings.SECTION,
            settings.maxTrainingRows()));
      }
      ModelFeatures features = ModelFeatures.standard();
      ModelTrainer.Trained t = new ModelTrainer(settings, features)
          .train(used, o, progress::log);
      String path = modelPath(config, o, version);
      save(t.pipeline(), path, o);
      if (t.explainer() != t.pipeline()) {
        save(t.explainer(), path + "/explainer", o);
      }
      progress.log(o.model + ": evaluated on " + split.get().testSnapshot() + ", saved to "
          + path);
      String reportPath = path + "/report";
      ModelReports.write(spark, reportPath, o, version, split.get(), t);
      progress.log(o.model + ": report written to " + reportPath);
      record(spark, catalog, o, version, asOf, split.get(), t, features, path, reportPath);
      String summary = String.format(Locale.ROOT,
          "model %s/%s (%s): ROC AUC %.3f vs baseline %.3f (%+.3f), PR AUC %.3f vs %.3f, top"
              + " decile lift %.2f vs %.2f, on %,d held-out customers of %s",
          o.model, version, t.kept().algorithm(), t.model().rocAuc(), t.baseline().rocAuc(),
          t.model().rocAuc() - t.baseline().rocAuc(), t.model().prAuc(),
          t.baseline().prAuc(), t.model().topDecileLift(), t.baseline().topDecileLift(),
          t.model().rows(), split.get().testSnapshot());
      progress.log(summary);
      return new Run(o, version, Optional.of(t), summary);
    } finally {
      observed.unpersist();
    }
  }

  private static Run skipped(Outcome o, String version, Progress progress, String why) {
    String summary = "model " + o.model + "/" + version + " not trained: " + why;
    progress.log(summary);
    return new Run(o, version, Optional.empty(), summary);
  }

  private static void save(PipelineModel model, String path, Outcome o) {
    try {
      model.write().overwrite().save(path);
    } catch (IOException e) {
      throw new BrightstarException("cannot save model " + o.model + " to " + path,
          e.getMessage(), "check brightstar.models (default <warehouse>/models) and its"
              + " permissions", e);
    }
  }

  private static void record(SparkSession spark, TableCatalog catalog, Outcome o,
      String version, LocalDate asOf, TrainingSplit split, ModelTrainer.Trained t,
      ModelFeatures features, String path, String reportPath) {
    BinaryEvaluation m = t.model();
    BinaryEvaluation b = t.baseline();
    Map<String, Object> params = new java.util.LinkedHashMap<>(t.kept().parameters());
    params.put("candidates", String.join("; ", t.kept().tried()) + "; "
        + String.join("; ", t.other().tried()));
    Row run = RowFactory.create(o.model, version, java.sql.Date.valueOf(asOf),
        t.kept().algorithm(), t.choice(), t.kept().cvRocAuc(), t.other().algorithm(),
        t.other().cvRocAuc(), split.trainPeriod(), java.sql.Date.valueOf(split.testSnapshot()),
        t.trainRows(), t.trainPositives(), m.rows(), m.positives(), m.rocAuc(), m.prAuc(),
        m.topDecileLift(), m.topDecileCapture(), m.calibrationError(), o.baselineName,
        b.rocAuc(), b.prAuc(), b.topDecileLift(), b.calibrationError(),
        String.join(",", features.names()), importance(t.importance()),
        params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(", ")),
        path, reportPath);
    new TableWriter(catalog).replaceWhere(
        spark.createDataFrame(List.of(run), Tables.MODEL_RUNS.schema()), MODEL_RUNS,
        "model = '" + o.model + "' AND version = '" + version + "'");
  }

  static String importance(Map<String, Double> importance) {
    return importance.entrySet().stream()
        .map(e -> String.format(Locale.ROOT, "%s=%.4f", e.getKey(), e.getValue()))
        .collect(Collectors.joining(";"));
  }

  /**
   * What score says of the customers it leaves out: those of the date in
   * gold.customer_360_history without a first purchase, whose probabilities stay null; empty
   * when every customer of the date is scored.
   */
  static Optional<String> unscoredNote(long customers, long scored, LocalDate asOf) {
    if (customers <= scored) {
      return Optional.empty();
    }
    return Optional.of(String.format(Locale.ROOT, "%s as of %s: %,d of %,d customers have no"
        + " purchase yet and are not scored (their p_high_value and p_dissatisfied stay null)",
        Customer360Job.HISTORY.qualified(), asOf, customers - scored, customers));
  }

  /**
   * Scores every customer of gold.customer_360 as of a date who has a first purchase (the
   * others are counted in a progress line) with each model's latest version trained on or
   * before it; a model without such a version is skipped with a notice.
   * Returns the rows written per model.
   */
  public static Map<Outcome, Long> score(SparkSession spark, BrightstarConfig config,
      LocalDate asOf, Progress progress) {
    TableCatalog catalog = new TableCatalog(spark, config.warehouse());
    Map<Outcome, Long> written = new java.util.EnumMap<>(Outcome.class);
    if (!catalog.exists(Customer360Job.HISTORY)) {
      throw new BrightstarException("cannot score as of " + asOf,
          Customer360Job.HISTORY + " does not exist",
          "run 'bin/brightstar customer360 --as-of " + asOf + "' first");
    }
    Dataset<Row> ofDate =
        catalog.read(Customer360Job.HISTORY).where(col("as_of_date").equalTo(lit(asOf)));
    Dataset<Row> rows = ModelScorer.fromCustomer360(ofDate).cache();
    try {
      // Both counts in one read of the date; the cache fills as the first model scores.
      Row counted = ofDate.agg(count(lit(1)), count(col("first_purchase_date"))).first();
      long customers = counted.getLong(0);
      long scorable = counted.getLong(1);
      if (customers == 0) {
        throw new BrightstarException("cannot score as of " + asOf,
            Customer360Job.HISTORY + " has no customer as of that date",
            "run 'bin/brightstar customer360 --as-of " + asOf + "' first");
      }
      if (scorable == 0) {
        throw new BrightstarException("cannot score as of " + asOf, String.format(Locale.ROOT,
            "none of the %,d customers of %s as of that date has a first purchase yet",
            customers, Customer360Job.HISTORY),
            "score a later date, once customers have bought (the models score buyers only)");
      }
      unscoredNote(customers, scorable, asOf).ifPresent(progress::log);
      for (Outcome o : Outcome.values()) {
        Optional<Row> run = latestRun(catalog, o, asOf);
        if (run.isEmpty()) {
          progress.log("model " + o.model + ": no version trained on or before " + asOf
              + " in " + MODEL_RUNS + "; not scored (run 'bin/brightstar train --as-of D')");
          continue;
        }
        String version = run.get().getAs("version");
        String path = run.get().getAs("model_path");
        PipelineModel model = load(path, o, version);
        PipelineModel explainer = run.get().getAs("algorithm").equals("logistic_regression")
            ? model : load(path + "/explainer", o, version);
        Dataset<Row> probabilities = ModelScorer.probabilities(model, rows).cache();
        Dataset<Row> scores = ModelScorer.score(probabilities,
            ModelScorer.reasons(explainer,
                ModelTrainer.explanation(explainer, ModelFeatures.standard(), rows), rows),
            ModelScorer.cuts(probabilities), o, version, asOf);
        long n = new TableWriter(catalog).replaceWhere(scores, SCORES,
            "model = '" + o.model + "' AND as_of_date = DATE'" + asOf + "'");
        probabilities.unpersist();
        progress.rows(SCORES.qualified() + " (" + o.model + "/" + version + ")", n);
        written.put(o, n);
      }
      if (!written.isEmpty()) {
        intoCustomer360(spark, catalog, asOf, progress);
      }
      return written;
    } finally {
      rows.unpersist();
    }
  }

  /** The newest gold.model_runs row of a model trained on or before the date. */
  public static Optional<Row> latestRun(TableCatalog catalog, Outcome o, LocalDate asOf) {
    if (!catalog.exists(MODEL_RUNS)) {
      return Optional.empty();
    }
    List<Row> runs = catalog.read(MODEL_RUNS)
        .where(col("model").equalTo(o.model).and(col("trained_at").leq(lit(asOf))))
        .orderBy(col("trained_at").desc()).limit(1).collectAsList();
    return runs.stream().findFirst();
  }

  private static PipelineModel load(String path, Outcome o, String version) {
    try {
      return PipelineModel.load(path);
    } catch (RuntimeException e) {
      throw new BrightstarException("cannot load model " + o.model + " version " + version,
          "nothing readable at " + path + " (" + e.getMessage() + ")",
          "re-run 'bin/brightstar train --as-of <its date>' or fix brightstar.models", e);
    }
  }

  /** p_high_value and p_dissatisfied of the date into gold.customer_360 and its history. */
  private static void intoCustomer360(SparkSession spark, TableCatalog catalog,
      LocalDate asOf, Progress progress) {
    Dataset<Row> wide = catalog.read(SCORES).where(col("as_of_date").equalTo(lit(asOf)))
        .groupBy("customer_id")
        .pivot("model", List.of(Outcome.HIGH_VALUE.model, Outcome.DISSATISFACTION.model))
        .agg(org.apache.spark.sql.functions.first("probability"));
    for (TableId table : List.of(Customer360Job.HISTORY, Customer360Job.CUSTOMER_360)) {
      if (!catalog.exists(table)) {
        continue;
      }
      Row metrics = DeltaTable.forPath(spark, catalog.path(table)).as("t")
          .merge(wide.as("s"), "t.customer_id = s.customer_id AND t.as_of_date = DATE'"
              + asOf + "'")
          .whenMatched()
          .updateExpr(Map.of(
              Outcome.HIGH_VALUE.scoreColumn, "s." + Outcome.HIGH_VALUE.model,
              Outcome.DISSATISFACTION.scoreColumn, "s." + Outcome.DISSATISFACTION.model))
          .execute().first();
      progress.log(String.format(Locale.ROOT, "%s as of %s: %s and %s set for %,d customers",
          table.qualified(), asOf, Outcome.HIGH_VALUE.scoreColumn,
          Outcome.DISSATISFACTION.scoreColumn, metrics.<Long>getAs("num_updated_rows")));
    }
  }
}
