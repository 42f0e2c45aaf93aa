package brightstar.ml.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brightstar.testing.SharedSpark;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The areas match Spark's BinaryClassificationEvaluator on the same rows. */
class BinaryEvaluationSparkTest {
  private static final int ROWS = 2000;
  private final SparkSession spark = SharedSpark.get();

  @Test
  void continuousScoresMatchSparkWithoutBinning() {
    Sample s = sample(11, false);
    // Spark bins the curve into numBins (default 1000) groups when there are more distinct
    // scores than that; 0 turns the binning off so both sides use every threshold.
    assertMatchesSpark(s, 0);
  }

  @Test
  void scoresWithManyTiesMatchSparkWithItsDefaults() {
    Sample s = sample(23, true);
    Set<Double> distinct = new HashSet<>();
    for (double v : s.score) {
      distinct.add(v);
    }
    assertTrue(distinct.size() < 200, "rounded scores tie a lot: " + distinct.size());
    assertMatchesSpark(s, new BinaryClassificationEvaluator().getNumBins());
  }

  private void assertMatchesSpark(Sample s, int numBins) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < s.score.length; i++) {
      rows.add(RowFactory.create(s.label[i] ? 1.0 : 0.0, s.score[i]));
    }
    StructType schema =
        new StructType()
            .add("label", DataTypes.DoubleType, false)
            .add("score", DataTypes.DoubleType, false);
    Dataset<Row> data = spark.createDataFrame(rows, schema);
    BinaryClassificationEvaluator evaluator =
        new BinaryClassificationEvaluator()
            .setLabelCol("label")
            .setRawPredictionCol("score")
            .setNumBins(numBins);
    double sparkRoc = evaluator.setMetricName("areaUnderROC").evaluate(data);
    double sparkPr = evaluator.setMetricName("areaUnderPR").evaluate(data);

    BinaryEvaluation e = BinaryEvaluation.of(s.score, s.label);
    assertEquals(sparkRoc, e.rocAuc(), 1e-9);
    assertEquals(sparkPr, e.prAuc(), 1e-6);
    // Informative data: neither area is trivially 0.5 or the base rate.
    assertTrue(e.rocAuc() > 0.6 && e.rocAuc() < 0.95, "ROC AUC " + e.rocAuc());
    assertTrue(e.prAuc() > e.positiveRate() + 0.05, "PR AUC " + e.prAuc());
  }

  /** About 25% positives; positives score higher on average, with overlap. */
  private static Sample sample(long seed, boolean rounded) {
    Random random = new Random(seed);
    double[] score = new double[ROWS];
    boolean[] label = new boolean[ROWS];
    for (int i = 0; i < ROWS; i++) {
      label[i] = random.nextDouble() < 0.25;
      double z = random.nextGaussian() + (label[i] ? 1.2 : 0);
      double p = 1 / (1 + Math.exp(-z));
      score[i] = rounded ? Math.round(p * 100) / 100.0 : p;
    }
    return new Sample(score, label);
  }

  private record Sample(double[] score, boolean[] label) {}
}
