package brightstar.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import brightstar.ml.eval.BinaryEvaluation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.classification.GBTClassificationModel;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorSlicer;
import org.apache.spark.ml.functions;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Fits both candidate pipelines for one outcome on a {@link TrainingSplit}, keeps the better
 * one by validated ROC AUC on the training customers (a split or cross-validation, by
 * customer: {@link ModelSettings#validation}), and evaluates it and the rule baseline on the
 * held-out snapshot. No I/O: the job saves and records what this returns.
 *
 * <p>Each pipeline: {@link ModelFeatures#stages()}, then the classifier, trained with or
 * without class weights (balanced: each class weighs half of the rows, so the rare class is
 * not ignored; validation picks among {@code class-weights}), then Platt scaling (a
 * one-feature logistic regression on the classifier's out-of-fold margin, unweighted) so the
 * probability is calibrated to the real base rate. Logistic regression standardises
 * the features first; gradient-boosted trees read them as they are. The preparation is fitted
 * once on all training rows (its category indexes see every fold's levels, which only names
 * slots); the folds fit the classifier and the scaling.
 */
public final class ModelTrainer {
  static final String WEIGHT = "weight";
  static final String RAW = "raw_w";
  static final String MARGIN = "margin";
  static final String SCALED = "scaled";
  /** Where the weighted logistic regression sits in its pipeline, counted from the end. */
  private static final int CLASSIFIER_FROM_END = 3;

  private final ModelSettings settings;
  private final ModelFeatures features;

  public ModelTrainer(ModelSettings settings, ModelFeatures features) {
    this.settings = settings;
    this.features = features;
  }

  /**
   * One algorithm's validation: its best candidate's ROC AUC ({@code cvRocAuc}: on the
   * validation fold, or the folds' mean), its parameters, and what each candidate scored.
   */
  public record Candidate(String algorithm, double cvRocAuc, Map<String, Object> parameters,
      List<String> tried) {}

  /**
   * What training produced.
   *
   * @param kept the algorithm kept and how its candidates scored
   * @param pipeline the kept pipeline, refitted on all training rows: it gives the
   *     probabilities
   * @param explainer the logistic-regression pipeline whose contributions give the reasons
   *     (the same object as {@code pipeline} when logistic regression won)
   * @param choice why {@code kept} was kept, in words
   * @param importance each original feature's share of the kept model's importance
   */
  public record Trained(Candidate kept, Candidate other, PipelineModel pipeline,
      PipelineModel explainer, String choice, BinaryEvaluation model, BinaryEvaluation baseline,
      Map<String, Double> importance, long trainRows, long trainPositives) {}

  public Trained train(TrainingSplit split, Outcome o) {
    return train(split, o, step -> { });
  }

  /** As {@link #train(TrainingSplit, Outcome)}, telling {@code progress} each step done. */
  public Trained train(TrainingSplit split, Outcome o, Consumer<String> progress) {
    Dataset<Row> train = split.train().cache();
    long rows = train.count();
    long positives = train.where(col(TrainingSplit.LABEL).equalTo(1.0)).count();
    if (positives == 0 || positives == rows) {
      train.unpersist();
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "%s: the %d training rows are all %s", o.model, rows,
          positives == 0 ? "negative" : "positive"));
    }
    double wPositive = rows / (2.0 * positives);
    double wNegative = rows / (2.0 * (rows - positives));
    // Not cached itself: one column computed over the cached training rows.
    Dataset<Row> weighted = train.withColumn(WEIGHT,
        when(col(TrainingSplit.LABEL).equalTo(1.0), wPositive).otherwise(wNegative));
    // The preparation (SQL, category indexes) is fitted once on all training rows; the folds
    // then fit only the classifiers, on vectors in as many partitions as cores: on a few
    // thousand rows every Spark job is overhead, and each tree level is a job. The vectors are
    // checkpointed, not cached: every task of every fit ships its RDD's lineage, and a cache
    // keeps the whole preparation's plan in it. Deserialising that was 47% of train's CPU on
    // the demo; checkpointed, train takes 84 s instead of 117 s there, with the same models.
    // (The checkpoint's blocks may spill to disk; Spark's cleaner frees them once the vectors
    // are unreachable: Dataset.unpersist does not apply, a checkpoint is not a cache.)
    PipelineModel preparation = new Pipeline()
        .setStages(features.stages().toArray(PipelineStage[]::new)).fit(weighted);
    Dataset<Row> vectors = preparation.transform(weighted)
        .select(TrainingSplit.LABEL, WEIGHT, TrainingSplit.FOLD, ModelFeatures.VECTOR)
        .coalesce(settings.parallelism()).localCheckpoint();
    try {
      Validated lr = logisticRegression(vectors);
      progress.accept(validated(o, lr));
      Validated gbt = boostedTrees(vectors);
      progress.accept(validated(o, gbt));
      boolean lrWins = lr.rocAuc() >= gbt.rocAuc();
      Validated kept = lrWins ? lr : gbt;
      Validated other = lrWins ? gbt : lr;
      String choice = String.format(Locale.ROOT, "%s kept: %s %.4f vs %.4f for %s",
          kept.algorithm(), settings.validationDescription(), kept.rocAuc(), other.rocAuc(),
          other.algorithm());
      // Only what is used is refitted: the logistic regression always (it gives the reasons),
      // the trees when they won.
      PipelineModel explainer = refit(lr, vectors, preparation, weighted);
      PipelineModel pipeline = lrWins ? explainer : refit(gbt, vectors, preparation, weighted);
      Dataset<Row> test = split.test();
      return new Trained(kept.candidate(), other.candidate(), pipeline, explainer, choice,
          evaluate(pipeline, test), evaluateBaseline(weighted, test, o),
          importance(pipeline, test), rows, positives);
    } finally {
      train.unpersist();
    }
  }

  private String validated(Outcome o, Validated v) {
    return settings.validation().equals(ModelSettings.SPLIT)
        ? String.format(Locale.ROOT, "%s: %s validated on 1 of %d folds, %d candidates, best"
            + " ROC AUC %.4f", o.model, v.algorithm(), settings.folds(), v.tried().size(),
            v.rocAuc())
        : String.format(Locale.ROOT, "%s: %s cross-validated, %d folds x %d candidates, best"
            + " mean ROC AUC %.4f", o.model, v.algorithm(), settings.folds(), v.tried().size(),
            v.rocAuc());
  }

  private Validated logisticRegression(Dataset<Row> vectors) {
    LogisticRegression lr = new LogisticRegression()
        .setFeaturesCol(SCALED).setLabelCol(TrainingSplit.LABEL)
        .setElasticNetParam(settings.lrElasticNet()).setMaxIter(settings.lrMaxIter())
        .setRawPredictionCol(RAW).setProbabilityCol("probability_w")
        .setPredictionCol("prediction_w");
    List<PipelineStage> stages = new ArrayList<>();
    stages.add(new StandardScaler().setInputCol(ModelFeatures.VECTOR).setOutputCol(SCALED)
        .setWithMean(true).setWithStd(true));
    stages.add(lr);
    ParamMap[] grid = new ParamGridBuilder()
        .addGrid(lr.regParam(), settings.lrRegParams().stream().mapToDouble(d -> d).toArray())
        .addGrid(lr.weightCol(), weightColumns(settings.lrClassWeights()))
        .build();
    Map<String, Object> fixed = new LinkedHashMap<>();
    fixed.put("elasticNetParam", lr.getElasticNetParam());
    fixed.put("maxIter", lr.getMaxIter());
    return validate("logistic_regression", stages, grid, fixed, vectors);
  }

  private Validated boostedTrees(Dataset<Row> vectors) {
    GBTClassifier gbt = new GBTClassifier()
        .setFeaturesCol(ModelFeatures.VECTOR).setLabelCol(TrainingSplit.LABEL)
        .setMaxIter(settings.gbtMaxIter())
        .setStepSize(settings.gbtStepSize()).setSeed(settings.seed())
        .setRawPredictionCol(RAW).setProbabilityCol("probability_w")
        .setPredictionCol("prediction_w");
    List<PipelineStage> stages = new ArrayList<>();
    stages.add(gbt);
    ParamMap[] grid = new ParamGridBuilder()
        .addGrid(gbt.maxDepth(), settings.gbtMaxDepths().stream().mapToInt(i -> i).toArray())
        .addGrid(gbt.weightCol(), weightColumns(settings.gbtClassWeights()))
        .build();
    Map<String, Object> fixed = new LinkedHashMap<>();
    fixed.put("maxIter", gbt.getMaxIter());
    fixed.put("stepSize", gbt.getStepSize());
    return validate("gradient_boosted_trees", stages, grid, fixed, vectors);
  }

  /** The weight column per class weighting: {@code balanced} reads {@link #WEIGHT}. */
  private static scala.collection.immutable.Seq<String> weightColumns(List<String> weights) {
    List<String> columns = weights.stream().map(w -> w.equals("balanced") ? WEIGHT : "")
        .toList();
    return scala.jdk.javaapi.CollectionConverters.asScala(columns).toList();
  }

  private static String classWeights(String weightColumn) {
    return weightColumn.isEmpty() ? "none" : "balanced";
  }

  /** A grid point's values by parameter name, sorted; the weight column as classWeights. */
  private static Map<String, Object> named(ParamMap m) {
    Map<String, Object> out = new java.util.TreeMap<>();
    for (var pair : m.toList()) {
      if (pair.param().name().equals("weightCol")) {
        out.put("classWeights", classWeights((String) pair.value()));
      } else {
        out.put(pair.param().name(), pair.value());
      }
    }
    return out;
  }

  /** Platt scaling: the margin of the weighted classifier into an unweighted one-D fit. */
  private static List<PipelineStage> platt() {
    return List.of(
        new VectorSlicer().setInputCol(RAW).setOutputCol(MARGIN).setIndices(new int[] {1}),
        new LogisticRegression().setFeaturesCol(MARGIN).setLabelCol(TrainingSplit.LABEL)
            .setRegParam(0.0).setMaxIter(100));
  }

  /**
   * One algorithm validated: its classifier stages, the best grid point, its ROC AUC, what
   * every candidate scored, and the Platt scaling fitted on the best candidate's margins of
   * rows it did not see.
   */
  private record Validated(String algorithm, Pipeline estimator, ParamMap best, double rocAuc,
      Map<String, Object> parameters, List<String> tried, PipelineModel platt) {
    Candidate candidate() {
      return new Candidate(algorithm, rocAuc, parameters, tried);
    }
  }

  /**
   * Fits every grid point of the classifier stages on the training customers outside each
   * validation fold ({@link ModelSettings#validationFolds}) and scores it on that fold, as
   * many fits at once as {@code parallelism}; the best grid point has the highest ROC AUC
   * (mean over the folds; the first of equals). Platt scaling is fitted on the best
   * candidate's margins of the validation rows, each scored by a model that did not see it,
   * not on margins of rows the classifier was fitted on: boosted trees are overconfident on
   * their own training rows. Nothing is refitted on all rows here ({@link #refit}).
   */
  private Validated validate(String algorithm, List<PipelineStage> stages, ParamMap[] grid,
      Map<String, Object> fixed, Dataset<Row> vectors) {
    Pipeline estimator = new Pipeline().setStages(stages.toArray(PipelineStage[]::new));
    BinaryClassificationEvaluator evaluator = new BinaryClassificationEvaluator()
        .setLabelCol(TrainingSplit.LABEL).setRawPredictionCol(RAW)
        .setMetricName("areaUnderROC");
    int[] folds = settings.validationFolds();
    PipelineModel[][] models = new PipelineModel[folds.length][grid.length];
    double[][] auc = new double[folds.length][grid.length];
    ExecutorService pool = Executors.newFixedThreadPool(settings.parallelism());
    try {
      List<Future<?>> fits = new ArrayList<>();
      for (int f = 0; f < folds.length; f++) {
        Dataset<Row> fit = vectors.where(col(TrainingSplit.FOLD).notEqual(folds[f]));
        Dataset<Row> check = held(vectors, folds[f]);
        for (int i = 0; i < grid.length; i++) {
          int fold = f;
          int point = i;
          fits.add(pool.submit(() -> {
            PipelineModel m = (PipelineModel) estimator.fit(fit, grid[point]);
            models[fold][point] = m;
            auc[fold][point] = evaluator.evaluate(m.transform(check));
          }));
        }
      }
      for (Future<?> fit : fits) {
        fit.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(algorithm + ": validation was interrupted", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r
          : new IllegalStateException(algorithm + ": a validation fit failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
    double[] mean = new double[grid.length];
    int best = 0;
    List<String> tried = new ArrayList<>();
    for (int i = 0; i < grid.length; i++) {
      for (int f = 0; f < folds.length; f++) {
        mean[i] += auc[f][i] / folds.length;
      }
      if (mean[i] > mean[best]) {
        best = i;
      }
      tried.add(describe(grid[i]) + " -> " + String.format(Locale.ROOT, "%.4f", mean[i]));
    }
    Dataset<Row> unseen = null;
    for (int f = 0; f < folds.length; f++) {
      Dataset<Row> scored = models[f][best].transform(held(vectors, folds[f]))
          .select(TrainingSplit.LABEL, RAW);
      unseen = unseen == null ? scored : unseen.union(scored);
    }
    PipelineModel platt = new Pipeline().setStages(platt().toArray(PipelineStage[]::new))
        .fit(unseen);
    Map<String, Object> parameters = new LinkedHashMap<>(named(grid[best]));
    parameters.putAll(fixed);
    return new Validated(algorithm, estimator, grid[best], mean[best], parameters, tried,
        platt);
  }

  private static Dataset<Row> held(Dataset<Row> vectors, int fold) {
    return vectors.where(col(TrainingSplit.FOLD).equalTo(fold));
  }

  /**
   * The validated algorithm's best grid point fitted on all training rows, behind the
   * preparation and before its Platt scaling: one flat pipeline from a feature row to the
   * probability.
   */
  private static PipelineModel refit(Validated v, Dataset<Row> vectors,
      PipelineModel preparation, Dataset<Row> rows) {
    PipelineModel classifier = (PipelineModel) v.estimator().fit(vectors, v.best());
    List<PipelineStage> flat = new ArrayList<>(List.of(preparation.stages()));
    flat.addAll(List.of(classifier.stages()));
    flat.addAll(List.of(v.platt().stages()));
    // Only fitted transformers: Pipeline.fit neither fits nor transforms, it just chains them.
    return new Pipeline().setStages(flat.toArray(PipelineStage[]::new)).fit(rows.limit(0));
  }

  /** A candidate's parameters as {@code name=value, ...}, by name (a ParamMap has no order). */
  private static String describe(ParamMap m) {
    StringBuilder sb = new StringBuilder();
    named(m).forEach((name, value) ->
        sb.append(sb.length() == 0 ? "" : ", ").append(name).append('=').append(value));
    return sb.toString();
  }

  /** The held-out rows' probabilities against their labels. */
  static BinaryEvaluation evaluate(PipelineModel model, Dataset<Row> test) {
    return evaluation(model.transform(test), "probability");
  }

  /**
   * The rule baseline, made a probability the same way (Platt scaling on the training rows),
   * so its calibration is comparable too; its ranking, and so its AUC and lift, is the rule's.
   */
  static BinaryEvaluation evaluateBaseline(Dataset<Row> train, Dataset<Row> test, Outcome o) {
    Pipeline platt = new Pipeline().setStages(new PipelineStage[] {
        new org.apache.spark.ml.feature.SQLTransformer().setStatement(
            "SELECT *, " + o.baselineSql + " AS baseline_score FROM __THIS__"),
        new org.apache.spark.ml.feature.VectorAssembler()
            .setInputCols(new String[] {"baseline_score"}).setOutputCol("baseline_vector"),
        new LogisticRegression().setFeaturesCol("baseline_vector")
            .setLabelCol(TrainingSplit.LABEL).setRegParam(0.0).setMaxIter(100)
            .setProbabilityCol("baseline_probability")
            .setRawPredictionCol("baseline_raw").setPredictionCol("baseline_prediction")});
    PipelineModel fitted = platt.fit(train);
    return evaluation(fitted.transform(test), "baseline_probability");
  }

  /** The positive-class probability in {@code probability} against each row's label. */
  private static BinaryEvaluation evaluation(Dataset<Row> scored, String probability) {
    List<Row> rows = scored
        .select(functions.vector_to_array(col(probability), "float64").getItem(1),
            col(TrainingSplit.LABEL))
        .collectAsList();
    double[] score = new double[rows.size()];
    boolean[] label = new boolean[rows.size()];
    for (int i = 0; i < score.length; i++) {
      score[i] = rows.get(i).getDouble(0);
      label[i] = rows.get(i).getDouble(1) == 1.0;
    }
    return BinaryEvaluation.of(score, label);
  }

  /** The names of the assembled vector's slots, in order. */
  static String[] slotNames(PipelineModel model, Dataset<Row> sample) {
    Attribute[] attributes = AttributeGroup.fromStructField(
        model.transform(sample.limit(0)).schema().apply(ModelFeatures.VECTOR)).attributes().get();
    return Arrays.stream(attributes).map(a -> a.name().get()).toArray(String[]::new);
  }

  /**
   * Each original feature's share of the kept model's importance: the trees' split gains, or
   * for logistic regression the absolute standardised coefficients; summed over a feature's
   * slots (a category's levels, a column and its missing indicator), normalised to sum 1.
   */
  Map<String, Double> importance(PipelineModel model, Dataset<Row> sample) {
    Transformer classifier = model.stages()[model.stages().length - CLASSIFIER_FROM_END];
    double[] raw;
    if (classifier instanceof GBTClassificationModel g) {
      raw = g.featureImportances().toArray();
    } else {
      raw = Arrays.stream(((LogisticRegressionModel) classifier).coefficients().toArray())
          .map(Math::abs).toArray();
    }
    String[] slots = slotNames(model, sample);
    Map<String, Double> byFeature = new LinkedHashMap<>();
    double total = 0;
    for (int i = 0; i < raw.length; i++) {
      byFeature.merge(features.featureOf(slots[i]), raw[i], Double::sum);
      total += raw[i];
    }
    Map<String, Double> sorted = new LinkedHashMap<>();
    double sum = total;
    byFeature.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
        .forEach(e -> sorted.put(e.getKey(), sum == 0 ? 0.0 : e.getValue() / sum));
    return sorted;
  }

  /**
   * The explainer's per-feature contributions (log-odds of the weighted logistic regression,
   * relative to the average training customer): coefficient times standardised value, summed
   * over the feature's slots.
   *
   * @return the feature names and a function from a row's standardised vector to the
   *     contributions in that order
   */
  public static Explanation explanation(PipelineModel explainer, ModelFeatures features,
      Dataset<Row> sample) {
    LogisticRegressionModel lr = (LogisticRegressionModel)
        explainer.stages()[explainer.stages().length - CLASSIFIER_FROM_END];
    String[] slots = slotNames(explainer, sample);
    List<String> names = new ArrayList<>();
    int[] featureOfSlot = new int[slots.length];
    for (int i = 0; i < slots.length; i++) {
      String f = features.featureOf(slots[i]);
      int at = names.indexOf(f);
      if (at < 0) {
        names.add(f);
        at = names.size() - 1;
      }
      featureOfSlot[i] = at;
    }
    return new Explanation(names, featureOfSlot, lr.coefficients().toArray());
  }

  /** Contributions of each feature to one row's log-odds. */
  public record Explanation(List<String> names, int[] featureOfSlot, double[] coefficients)
      implements java.io.Serializable {
    public double[] contributions(Vector standardised) {
      double[] out = new double[names.size()];
      double[] v = standardised.toArray();
      for (int i = 0; i < v.length; i++) {
        out[featureOfSlot[i]] += coefficients[i] * v[i];
      }
      return out;
    }
  }

}
