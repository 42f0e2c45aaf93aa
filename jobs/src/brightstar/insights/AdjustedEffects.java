package brightstar.insights;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.regression.GeneralizedLinearRegression;
import org.apache.spark.ml.regression.GeneralizedLinearRegressionModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The adjusted effect of each term on an outcome: one ridge-penalised logistic regression on all
 * terms together (MLlib {@link GeneralizedLinearRegression}, family binomial, link logit,
 * solver irls), so a flag that only travels with a stronger one (a marker) gets the part of the
 * outcome that the others leave to it.
 *
 * <p>Intervals: with the irls solver and no L1 part MLlib solves each reweighted step by
 * Cholesky and keeps the inverse of X'WX plus the ridge term, so its coefficient standard errors
 * exist for a regParam above 0 too (GeneralizedLinearRegressionTrainingSummary
 * .coefficientStandardErrors; binomial dispersion is 1). They are the inverse of the penalised
 * information matrix: with the small penalty used here they are the usual Wald standard errors
 * to a few digits, a little narrower for a larger penalty.
 */
public final class AdjustedEffects {
  private static final String FEATURES = "_features";

  private AdjustedEffects() {}

  /** One term's coefficient (log-odds per unit) and its standard error. */
  public record Term(String name, double coefficient, double standardError) {
    /** The interval coefficient +- z standard errors. */
    public Proportions.Interval interval(double z) {
      return new Proportions.Interval(coefficient - z * standardError,
          coefficient + z * standardError);
    }
  }

  /**
   * A fitted model.
   *
   * @param terms the terms fitted, in the order asked; a term without variation in the rows is
   *     left out (it has no effect to estimate)
   * @param intercept the intercept (log-odds)
   * @param iterations IRLS iterations used
   */
  public record Fit(List<Term> terms, double intercept, int iterations) {
    public Optional<Term> term(String name) {
      return terms.stream().filter(t -> t.name().equals(name)).findFirst();
    }
  }

  /**
   * Fits {@code label} (double 0/1) on {@code terms} (double columns without nulls).
   *
   * @param rows one row per observation
   */
  public static Fit fit(
      Dataset<Row> rows, String label, List<String> terms, double regParam, int maxIter) {
    List<Column> ranges = new ArrayList<>();
    for (String t : terms) {
      ranges.add(min(col(t)));
      ranges.add(max(col(t)));
    }
    Row range = rows.agg(ranges.get(0), ranges.subList(1, ranges.size()).toArray(Column[]::new))
        .first();
    List<String> varying = new ArrayList<>();
    for (int i = 0; i < terms.size(); i++) {
      if (!range.isNullAt(2 * i) && range.getDouble(2 * i) < range.getDouble(2 * i + 1)) {
        varying.add(terms.get(i));
      }
    }
    if (varying.isEmpty()) {
      return new Fit(List.of(), Double.NaN, 0);
    }
    Dataset<Row> design = new VectorAssembler()
        .setInputCols(varying.toArray(String[]::new))
        .setOutputCol(FEATURES)
        .transform(rows)
        .select(col(label), col(FEATURES));
    GeneralizedLinearRegressionModel model = new GeneralizedLinearRegression()
        .setFamily("binomial")
        .setLink("logit")
        .setSolver("irls")
        .setRegParam(regParam)
        .setMaxIter(maxIter)
        .setLabelCol(label)
        .setFeaturesCol(FEATURES)
        .fit(design);
    double[] coefficients = model.coefficients().toArray();
    double[] errors = model.summary().coefficientStandardErrors();
    List<Term> out = new ArrayList<>();
    for (int i = 0; i < varying.size(); i++) {
      out.add(new Term(varying.get(i), coefficients[i], errors[i]));
    }
    return new Fit(out, model.intercept(), model.summary().numIterations());
  }
}
