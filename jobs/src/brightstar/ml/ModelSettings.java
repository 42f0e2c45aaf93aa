package brightstar.ml;

import brightstar.BrightstarException;
import brightstar.config.BrightstarConfig;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * The {@code brightstar.ml} section: how the training rows are split in time and by customer,
 * how the candidates are validated and the candidate hyper-parameters of both algorithms.
 *
 * @param testShare share of customers (by a stable hash of the id) held out for evaluation
 * @param salt salt of that hash, so another split can be drawn on purpose
 * @param folds folds of the training customers (by a stable hash of the id)
 * @param validation {@link #SPLIT}: each candidate is fitted once, on the customers outside
 *     fold 0, and scored on fold 0; {@link #CROSS_VALIDATION}: once per fold, scored on the fold
 *     it did not see, and the folds' mean compared
 * @param minTrainingRows fewer labelled training rows than this: training is skipped
 * @param maxTrainingRows more labelled training rows than this: the models train on a stable
 *     sample of the training customers (all their snapshots) of about this many rows
 * @param lrRegParams logistic regression L2 strengths tried
 * @param lrElasticNet its elastic-net mixing (0 = ridge)
 * @param lrMaxIter its iterations
 * @param gbtMaxDepths gradient-boosted trees depths tried
 * @param gbtMaxIter its trees
 * @param gbtStepSize its learning rate
 * @param lrClassWeights class weightings tried for logistic regression: {@code balanced} (each
 *     class weighs half of the rows) and/or {@code none}
 * @param gbtClassWeights the same for gradient-boosted trees
 * @param parallelism candidate models fitted at once
 * @param seed seed of the trees' subsampling
 */
public record ModelSettings(
    double testShare,
    String salt,
    int folds,
    String validation,
    int minTrainingRows,
    long maxTrainingRows,
    List<Double> lrRegParams,
    double lrElasticNet,
    int lrMaxIter,
    List<Integer> gbtMaxDepths,
    int gbtMaxIter,
    double gbtStepSize,
    List<String> lrClassWeights,
    List<String> gbtClassWeights,
    int parallelism,
    long seed) {

  public static final String SECTION = "brightstar.ml";
  /** The class weightings a candidate can use. */
  public static final List<String> CLASS_WEIGHTS = List.of("balanced", "none");
  /** One fit per candidate, validated on fold 0 (a train-validation split by customer). */
  public static final String SPLIT = "split";
  /** One fit per candidate and fold, the mean of the folds compared. */
  public static final String CROSS_VALIDATION = "cross-validation";

  public ModelSettings {
    if (!(testShare > 0 && testShare < 1)) {
      throw bad("test-share", "must be between 0 and 1, not " + testShare);
    }
    if (folds < 2) {
      throw bad("folds", "must be at least 2, not " + folds);
    }
    if (!List.of(SPLIT, CROSS_VALIDATION).contains(validation)) {
      throw bad("validation", "must be " + SPLIT + " or " + CROSS_VALIDATION + ", not '"
          + validation + "'");
    }
    if (maxTrainingRows < minTrainingRows) {
      throw bad("max-training-rows", "must be at least min-training-rows ("
          + minTrainingRows + "), not " + maxTrainingRows);
    }
    if (lrRegParams.isEmpty() || gbtMaxDepths.isEmpty()) {
      throw bad("lr.reg-params / gbt.max-depths", "must list at least one value");
    }
    for (List<String> weights : List.of(lrClassWeights, gbtClassWeights)) {
      if (weights.isEmpty() || !CLASS_WEIGHTS.containsAll(weights)) {
        throw bad("lr.class-weights / gbt.class-weights",
            "must list balanced and/or none, not " + weights);
      }
    }
    lrClassWeights = List.copyOf(lrClassWeights);
    gbtClassWeights = List.copyOf(gbtClassWeights);
    lrRegParams = List.copyOf(lrRegParams);
    gbtMaxDepths = List.copyOf(gbtMaxDepths);
  }

  public static ModelSettings from(BrightstarConfig config) {
    try {
      Config c = config.raw().getConfig(SECTION);
      return new ModelSettings(
          c.getDouble("test-share"),
          c.getString("split-salt"),
          c.getInt("folds"),
          c.getString("validation"),
          c.getInt("min-training-rows"),
          c.getLong("max-training-rows"),
          c.getDoubleList("lr.reg-params"),
          c.getDouble("lr.elastic-net"),
          c.getInt("lr.max-iter"),
          c.getIntList("gbt.max-depths"),
          c.getInt("gbt.max-iter"),
          c.getDouble("gbt.step-size"),
          c.getStringList("lr.class-weights"),
          c.getStringList("gbt.class-weights"),
          c.getInt("parallelism"),
          c.getLong("seed"));
    } catch (ConfigException e) {
      throw new BrightstarException("invalid " + SECTION + " settings", e.getMessage(),
          "fix the " + SECTION + " section (see conf/brightstar.conf)", e);
    }
  }

  /** The folds each candidate is scored on: fold 0 under a split, every fold otherwise. */
  public int[] validationFolds() {
    return validation.equals(SPLIT) ? new int[] {0}
        : IntStream.range(0, folds).toArray();
  }

  /** How the candidates' ROC AUC was measured, as gold.model_runs.choice words it. */
  public String validationDescription() {
    return validation.equals(SPLIT)
        ? String.format(Locale.ROOT, "ROC AUC on a validation fold of the training"
            + " customers (1 of %d, fitted on the other %d)", folds, folds - 1)
        : String.format(Locale.ROOT, "mean ROC AUC over %d cross-validation folds of"
            + " the training customers", folds);
  }

  private static BrightstarException bad(String key, String why) {
    return new BrightstarException("invalid " + SECTION + "." + key, why,
        "fix " + SECTION + "." + key + " (see conf/brightstar.conf)");
  }
}
