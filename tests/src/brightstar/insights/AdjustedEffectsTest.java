package brightstar.insights;

import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brightstar.testing.SharedSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The adjusted effect on simulated customers whose truth is known: a latent propensity q makes
 * both a driver and a marker likelier; the outcome depends on the driver and a size control
 * only. The marker's raw lift is large, its adjusted effect is 0.
 */
class AdjustedEffectsTest {
  private static final int N = 20_000;
  private static final double INTERCEPT = -1.0;
  private static final double DRIVER = 1.0;
  private static final double SIZE = -0.5;
  private static final double Z = Proportions.z(0.95);

  private static Dataset<Row> rows;
  private static AdjustedEffects.Fit fit;

  @BeforeAll
  static void simulateAndFit() {
    SparkSession spark = SharedSpark.get();
    Random random = new Random(20_240_101L);
    List<Row> data = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      double q = random.nextGaussian();
      double driver = random.nextDouble() < sigmoid(-0.5 + 3 * q) ? 1 : 0;
      double marker = random.nextDouble() < sigmoid(3 * q) ? 1 : 0;
      double size = random.nextGaussian();
      double y = random.nextDouble() < sigmoid(INTERCEPT + DRIVER * driver + SIZE * size)
          ? 1 : 0;
      data.add(RowFactory.create(y, driver, marker, size));
    }
    StructType schema = new StructType()
        .add("y", DataTypes.DoubleType).add("driver", DataTypes.DoubleType)
        .add("marker", DataTypes.DoubleType).add("size", DataTypes.DoubleType);
    rows = spark.createDataFrame(data, schema).withColumn("constant", lit(1.0)).persist();
    fit = AdjustedEffects.fit(rows, "y", List.of("driver", "marker", "size", "constant"),
        0.001, 25);
  }

  @Test
  void recoversTheDriversCoefficientWithAnIntervalAroundIt() {
    AdjustedEffects.Term driver = fit.term("driver").orElseThrow();
    assertEquals(DRIVER, driver.coefficient(), 0.12);
    // Wald standard error of a balanced 0/1 term over 20,000 rows with an outcome rate near
    // 0.35: 1 / sqrt(20,000 x 0.25 x 0.23) = 0.03, inflated by the correlation with the marker.
    assertTrue(driver.standardError() > 0.025 && driver.standardError() < 0.06,
        "standard error " + driver.standardError());
    assertTrue(driver.interval(Z).low() < DRIVER && DRIVER < driver.interval(Z).high(),
        "interval " + driver.interval(Z));
    assertEquals(SIZE, fit.term("size").orElseThrow().coefficient(), 0.06);
    assertEquals(INTERCEPT, fit.intercept(), 0.12);
  }

  @Test
  void theMarkersAdjustedIntervalCoversZeroWhileItsRawLiftIsLarge() {
    Row raw = rows.agg(sum(expr("if(marker = 1, y, 0)")), sum("marker"), sum("y")).first();
    long eventsWith = Math.round(raw.getDouble(0));
    long nWith = Math.round(raw.getDouble(1));
    long events = Math.round(raw.getDouble(2));
    Proportions.Comparison c =
        Proportions.compare(eventsWith, nWith, events - eventsWith, N - nWith, Z);
    assertTrue(c.lift() > 1.3, "raw lift " + c.lift());
    assertTrue(c.diffInterval().low() > 0, "raw difference interval " + c.diffInterval());

    AdjustedEffects.Term marker = fit.term("marker").orElseThrow();
    Proportions.Interval a = marker.interval(Z);
    assertTrue(a.low() < 0 && 0 < a.high(), "adjusted interval " + a);
    assertEquals(0.0, marker.coefficient(), 0.1);
  }

  @Test
  void aTermWithoutVariationIsLeftOut() {
    assertTrue(fit.term("constant").isEmpty());
    assertEquals(List.of("driver", "marker", "size"),
        fit.terms().stream().map(AdjustedEffects.Term::name).toList());
  }

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }
}
