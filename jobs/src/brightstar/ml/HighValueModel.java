package brightstar.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;

import brightstar.BrightstarException;
import java.time.LocalDate;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * The high-value classifier: assembled early-behaviour features, standardised, into a
 * logistic regression; a seeded train/test split gives the held-out AUC.
 */
public final class HighValueModel {
  public static final String NAME = "high_value";
  private static final UserDefinedFunction POSITIVE_PROBABILITY =
      udf((Vector v) -> v.apply(1), DataTypes.DoubleType);

  private HighValueModel() {}

  /** A fitted pipeline and its held-out quality. */
  public record Trained(PipelineModel model, double auc, long trainRows, long testRows) {}

  /**
   * @param features output of {@link HighValueFeatures#build}; rows with a null label are
   *     ignored
   * @param testShare share of labelled rows held out for the AUC (e.g. 0.3)
   */
  public static Trained train(Dataset<Row> features, double testShare, long seed) {
    Dataset<Row> labelled = features.where(col(HighValueFeatures.LABEL).isNotNull()).cache();
    Dataset<Row>[] split = labelled.randomSplit(new double[] {1 - testShare, testShare}, seed);
    Dataset<Row> train = split[0];
    Dataset<Row> test = split[1];
    long trainRows = train.count();
    long testRows = test.count();
    long positives = train.where(col(HighValueFeatures.LABEL).equalTo(1.0)).count();
    if (trainRows < 20 || positives == 0 || positives == trainRows || testRows == 0) {
      throw new BrightstarException(
          "cannot train model " + NAME,
          String.format(
              "%d training rows (%d high-value) and %d test rows are too few or one-sided",
              trainRows, positives, testRows),
          "use a longer history or more customers (the outcome window needs a year after the"
              + " first order)");
    }
    Pipeline pipeline =
        new Pipeline()
            .setStages(
                new PipelineStage[] {
                  new VectorAssembler()
                      .setInputCols(HighValueFeatures.FEATURES.toArray(String[]::new))
                      .setOutputCol("raw_features")
                      .setHandleInvalid("keep"),
                  new StandardScaler().setInputCol("raw_features").setOutputCol("features"),
                  new LogisticRegression()
                      .setLabelCol(HighValueFeatures.LABEL)
                      .setFeaturesCol("features")
                      .setMaxIter(100)
                      .setRegParam(0.01)
                });
    PipelineModel model = pipeline.fit(train);
    double auc =
        new BinaryClassificationEvaluator()
            .setLabelCol(HighValueFeatures.LABEL)
            .setRawPredictionCol("rawPrediction")
            .setMetricName("areaUnderROC")
            .evaluate(model.transform(test));
    labelled.unpersist();
    return new Trained(model, auc, trainRows, testRows);
  }

  /** customer_id, model, version, score (P(high value)), as_of_date. */
  public static Dataset<Row> score(
      PipelineModel model, Dataset<Row> features, String version, LocalDate asOf) {
    return model
        .transform(features)
        .select(
            col("customer_id"),
            lit(NAME).as("model"),
            lit(version).as("version"),
            POSITIVE_PROBABILITY.apply(col("probability")).as("score"),
            lit(asOf).as("as_of_date"));
  }
}
