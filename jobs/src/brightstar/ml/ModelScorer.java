package brightstar.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;

import brightstar.features.FeatureColumns;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.functions;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Scores customers with a trained model: the calibrated probability, its decile among the
 * day's customers and the three features that push the customer's score up most (the
 * explainer's contributions). Rows: gold.customer_features rows, or gold.customer_360 rows as
 * of the scoring date with {@code as_of_date} named {@code snapshot_date}.
 */
public final class ModelScorer {
  public static final int REASONS = 3;
  static final String PROBABILITY = "probability";

  private ModelScorer() {}

  /**
   * A customer's decile is 1 plus the number of cuts at or below its probability: customers
   * with the same probability share a decile, and ties at a cut go to the higher one, so the
   * top decile (what interventions act on) is never empty, even when a model with few
   * distinct scores (boosted trees give many customers the same leaves) ties more than a
   * tenth of them at the top; the bottom decile may then be empty instead.
   *
   * @param cuts the 9 probabilities separating the deciles (ascending; see {@link #cuts})
   * @return customer_id, as_of_date, model, version, probability, decile, reason_1..3,
   *     contribution_1..3
   */
  public static Dataset<Row> score(Dataset<Row> probabilities, Dataset<Row> reasons,
      double[] cuts, Outcome o, String version, LocalDate asOf) {
    Column decile = lit(1);
    for (double cut : cuts) {
      decile = decile.plus(org.apache.spark.sql.functions.when(
          col(PROBABILITY).geq(lit(cut)), 1).otherwise(0));
    }
    List<Column> out = new ArrayList<>(List.of(
        col("customer_id"), lit(asOf).as("as_of_date"), lit(o.model).as("model"),
        lit(version).as("version"), col(PROBABILITY), decile.as("decile")));
    for (int i = 1; i <= REASONS; i++) {
      out.add(col("reasons.reason_" + i).as("reason_" + i));
    }
    for (int i = 1; i <= REASONS; i++) {
      out.add(col("reasons.contribution_" + i).as("contribution_" + i));
    }
    return probabilities.join(reasons, "customer_id").select(out.toArray(Column[]::new));
  }

  /** customer_id, probability: the kept model's calibrated probability of the outcome. */
  public static Dataset<Row> probabilities(PipelineModel model, Dataset<Row> rows) {
    return model.transform(rows).select(col("customer_id"),
        functions.vector_to_array(col("probability"), "float64").getItem(1).as(PROBABILITY));
  }

  /** The decile boundaries of the day's probabilities (approximate quantiles, 1e-4). */
  public static double[] cuts(Dataset<Row> probabilities) {
    double[] p = new double[9];
    for (int i = 0; i < 9; i++) {
      p[i] = (i + 1) / 10.0;
    }
    return probabilities.stat().approxQuantile(PROBABILITY, p, 1e-4);
  }

  /** customer_id, reasons (struct of reason_1..3 and contribution_1..3). */
  public static Dataset<Row> reasons(PipelineModel explainer,
      ModelTrainer.Explanation explanation, Dataset<Row> rows) {
    StructType type = new StructType();
    for (int i = 1; i <= REASONS; i++) {
      type = type.add("reason_" + i, DataTypes.StringType);
    }
    for (int i = 1; i <= REASONS; i++) {
      type = type.add("contribution_" + i, DataTypes.DoubleType);
    }
    List<String> names = explanation.names();
    UserDefinedFunction top = udf((UDF1<Vector, Row>) v -> {
      double[] c = explanation.contributions(v);
      Object[] values = new Object[2 * REASONS];
      boolean[] used = new boolean[c.length];
      for (int k = 0; k < REASONS; k++) {
        int best = -1;
        for (int j = 0; j < c.length; j++) {
          if (!used[j] && c[j] > 1e-9 && (best < 0 || c[j] > c[best])) {
            best = j;
          }
        }
        if (best >= 0) {
          used[best] = true;
          values[k] = names.get(best);
          values[REASONS + k] = c[best];
        }
      }
      return RowFactory.create(values);
    }, type);
    return explainer.transform(rows)
        .select(col("customer_id"), top.apply(col(ModelTrainer.SCALED)).as("reasons"));
  }

  /** gold.customer_360 rows as the models' input (its as-of date is the snapshot). */
  public static Dataset<Row> fromCustomer360(Dataset<Row> customer360) {
    return customer360.where(col("first_purchase_date").isNotNull())
        .withColumnRenamed("as_of_date", FeatureColumns.SNAPSHOT_DATE);
  }
}
