package brightstar.ml.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a model report shows for one model version: the model's and the baseline's evaluation on
 * the same held-out rows, the chosen algorithm and why, its parameters and feature importance.
 *
 * @param model model name, e.g. {@code high_value}
 * @param version model version, e.g. the as-of date of the training run
 * @param algorithm the kept algorithm, e.g. {@code gradient-boosted trees}
 * @param choiceReason why it was kept (free text, one or a few sentences)
 * @param trainPeriod description of the training period, e.g. {@code 2023-01-31 .. 2024-06-30}
 * @param testPeriod description of the held-out period
 * @param modelEvaluation the model's scores on the held-out rows
 * @param baselineEvaluation the rule baseline's scores on the same rows
 * @param baselineName e.g. {@code RFM score}
 * @param importance feature -> importance (or coefficient); ranked by absolute value in the report
 * @param parameters parameter name -> value, shown in the given order
 */
public record ReportInput(
    String model,
    String version,
    String algorithm,
    String choiceReason,
    String trainPeriod,
    String testPeriod,
    BinaryEvaluation modelEvaluation,
    BinaryEvaluation baselineEvaluation,
    String baselineName,
    Map<String, Double> importance,
    Map<String, String> parameters) {

  public ReportInput {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(choiceReason, "choiceReason");
    Objects.requireNonNull(trainPeriod, "trainPeriod");
    Objects.requireNonNull(testPeriod, "testPeriod");
    Objects.requireNonNull(modelEvaluation, "modelEvaluation");
    Objects.requireNonNull(baselineEvaluation, "baselineEvaluation");
    Objects.requireNonNull(baselineName, "baselineName");
    Objects.requireNonNull(importance, "importance");
    Objects.requireNonNull(parameters, "parameters");
    if (modelEvaluation.rows() != baselineEvaluation.rows()
        || modelEvaluation.positives() != baselineEvaluation.positives()) {
      throw new IllegalArgumentException(
          "the model and the baseline must be evaluated on the same rows: model has "
              + modelEvaluation.rows()
              + " rows / "
              + modelEvaluation.positives()
              + " positives, baseline "
              + baselineEvaluation.rows()
              + " / "
              + baselineEvaluation.positives());
    }
    importance.forEach(
        (feature, value) -> {
          if (value == null || !Double.isFinite(value)) {
            throw new IllegalArgumentException(
                "importance of feature '" + feature + "' is " + value + "; it must be finite");
          }
        });
    // Copies that keep the caller's order (Map.copyOf would not).
    importance = Collections.unmodifiableMap(new LinkedHashMap<>(importance));
    parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }
}
