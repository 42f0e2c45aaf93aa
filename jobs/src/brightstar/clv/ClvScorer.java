package brightstar.clv;

import static org.apache.spark.sql.functions.col;

import brightstar.clv.model.ClvException;
import brightstar.clv.model.CustomerValue;
import brightstar.clv.model.FitResult;
import brightstar.clv.model.GammaGammaModel;
import brightstar.clv.model.PeriodUnit;
import brightstar.clv.model.PurchaseModel;
import brightstar.clv.model.PurchaseModelType;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Applies fitted models to a summary in Spark: the fitted parameters travel in this small
 * serializable object (a few doubles, shipped with each task), and each partition rebuilds the
 * phase-1 models from them and calls their prediction code.
 *
 * <p>Input: a {@link SparkSummariser} summary (any extra columns are kept). Output: the input
 * columns plus {@code p_alive}, {@code expected_purchases} (over the horizon), {@code
 * expected_avg_value} (Gamma-Gamma conditional mean value per purchase; the population mean
 * for customers without a valued repeat purchase) and {@code clv} (discounted value over the
 * horizon: expected_avg_value times the discounted expected purchases) and {@code
 * clv_variance} (its variance from the covariance of both fits by the delta method on the
 * log-parameters; NaN when a fit has no covariance), all doubles.
 *
 * <p>The purchase-model side costs a dozen hypergeometric series per customer and depends on
 * (frequency, recency, T) alone, so rows are first partitioned by that tuple and each
 * partition computes it once per distinct tuple: a million customers cost what their few
 * hundred thousand tuples cost.
 */
public final class ClvScorer implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final String P_ALIVE = "p_alive";
  public static final String EXPECTED_PURCHASES = "expected_purchases";
  public static final String EXPECTED_VALUE = "expected_avg_value";
  public static final String CLV = "clv";
  public static final String CLV_VARIANCE = "clv_variance";
  /** Forward-difference step in log-parameters for the delta-method variance. */
  private static final double STEP = 1e-5;

  private final PurchaseModelType type;
  private final String purchaseModel;
  private final double[] purchaseParams;
  private final double[] spendParams;
  private final int horizonMonths;
  private final double monthlyDiscountRate;
  private final double periodsPerMonth;
  private final double[][] purchaseLogCovariance;
  private final double[][] spendLogCovariance;

  /**
   * @param type the purchase model
   * @param purchase its fit
   * @param spend the Gamma-Gamma fit
   * @param unit the period unit both were fitted in
   * @param horizonMonths the horizon of expected purchases and CLV
   * @param monthlyDiscountRate the monthly discount rate
   * @throws ClvException when the Gamma-Gamma population mean is infinite (q &lt;= 1)
   */
  public ClvScorer(PurchaseModelType type, FitResult purchase, FitResult spend, PeriodUnit unit,
      int horizonMonths, double monthlyDiscountRate) {
    this.type = type;
    this.purchaseModel = purchase.model();
    this.purchaseParams = purchase.params();
    this.spendParams = spend.params();
    this.horizonMonths = horizonMonths;
    this.monthlyDiscountRate = monthlyDiscountRate;
    this.periodsPerMonth = unit.periodsPerMonth();
    this.purchaseLogCovariance = logCovariance(purchase);
    this.spendLogCovariance = logCovariance(spend);
    // Fail on the driver, with the model's own message, rather than in every task.
    spendModel().populationMeanValue();
    type.model(purchaseModel, purchaseParams);
  }

  private GammaGammaModel spendModel() {
    return new GammaGammaModel(spendParams[0], spendParams[1], spendParams[2]);
  }

  /** The covariance of the log-parameters: cov(p_i, p_j) / (p_i p_j). */
  private static double[][] logCovariance(FitResult fit) {
    double[] p = fit.params();
    double[][] c = fit.covariance();
    for (int i = 0; i < p.length; i++) {
      for (int j = 0; j < p.length; j++) {
        c[i][j] /= p[i] * p[j];
      }
    }
    return c;
  }

  /** g' C g, skipping parameters a limit holds fixed (zero variance); NaN if C is. */
  private static double quadratic(double[] g, double[][] c) {
    double v = 0;
    for (int i = 0; i < g.length; i++) {
      for (int j = 0; j < g.length; j++) {
        if (c[i][i] != 0 && c[j][j] != 0) {
          v += g[i] * c[i][j] * g[j];
        }
      }
    }
    return v;
  }

  /**
   * The purchase outlook and the variance of its discounted part from the purchase fit's
   * covariance (delta method on the log-parameters, forward differences).
   */
  private Purchases purchases(PurchaseModel model, int x, double tx, double age) {
    CustomerValue.Outlook outlook = CustomerValue.outlook(model, x, tx, age, horizonMonths,
        monthlyDiscountRate, periodsPerMonth);
    double[] g = new double[purchaseParams.length];
    for (int j = 0; j < g.length; j++) {
      if (purchaseLogCovariance[j][j] == 0 || !Double.isFinite(purchaseLogCovariance[j][j])) {
        continue;
      }
      double[] q = purchaseParams.clone();
      q[j] *= Math.exp(STEP);
      g[j] = (CustomerValue.outlook(type.model(purchaseModel, q), x, tx, age, horizonMonths,
          monthlyDiscountRate, periodsPerMonth).discounted() - outlook.discounted()) / STEP;
    }
    return new Purchases(model.probabilityAlive(x, tx, age), outlook,
        quadratic(g, purchaseLogCovariance));
  }

  /** Value per purchase: the customer's Gamma-Gamma expectation, or the population mean. */
  private static double spendValue(GammaGammaModel spend, int valuedDays, double monetary) {
    return valuedDays == 0
        ? spend.populationMeanValue()
        : spend.conditionalExpectedAverageValue(valuedDays, monetary);
  }

  /** The variance of the value per purchase from the spend fit's covariance. */
  private double spendVariance(double value, int valuedDays, double monetary) {
    double[] g = new double[spendParams.length];
    for (int j = 0; j < g.length; j++) {
      if (spendLogCovariance[j][j] == 0 || !Double.isFinite(spendLogCovariance[j][j])) {
        continue;
      }
      double[] q = spendParams.clone();
      q[j] *= Math.exp(STEP);
      GammaGammaModel shifted = new GammaGammaModel(q[0], q[1], q[2]);
      g[j] = (spendValue(shifted, valuedDays, monetary) - value) / STEP;
    }
    return quadratic(g, spendLogCovariance);
  }

  /** The summary with the four prediction columns appended. */
  public Dataset<Row> score(Dataset<Row> summary) {
    StructType in = summary.schema();
    StructType out = in
        .add(P_ALIVE, DataTypes.DoubleType, false)
        .add(EXPECTED_PURCHASES, DataTypes.DoubleType, false)
        .add(EXPECTED_VALUE, DataTypes.DoubleType, false)
        .add(CLV, DataTypes.DoubleType, false)
        .add(CLV_VARIANCE, DataTypes.DoubleType, false);
    int x = in.fieldIndex(SparkSummariser.FREQUENCY);
    int tx = in.fieldIndex(SparkSummariser.RECENCY);
    int age = in.fieldIndex(SparkSummariser.AGE);
    int m = in.fieldIndex(SparkSummariser.MONETARY);
    int mx = in.fieldIndex(SparkSummariser.MONETARY_DAYS);
    MapPartitionsFunction<Row, Row> f = rows -> scorePartition(rows, x, tx, age, m, mx);
    // A fixed partition count: adaptive execution would otherwise coalesce a shuffle this
    // small into fewer partitions than there are cores, and scoring is CPU-bound.
    int partitions = 2 * summary.sparkSession().sparkContext().defaultParallelism();
    return summary
        .repartition(partitions, col(SparkSummariser.FREQUENCY), col(SparkSummariser.RECENCY),
            col(SparkSummariser.AGE))
        .mapPartitions(f, Encoders.row(out));
  }

  /** What the purchase model predicts for one (x, t_x, T). */
  private record Purchases(double alive, CustomerValue.Outlook outlook,
      double discountedVariance) {}

  private record Tuple(int x, double tx, double age) {}

  /**
   * One customer's clv and its delta-method variance, as {@link #score} computes them: {clv,
   * variance}. For checks against resampling without Spark.
   */
  double[] clvAndVariance(int x, double tx, double age, int valuedDays, double monetary) {
    Purchases p = purchases(type.model(purchaseModel, purchaseParams), x, tx, age);
    double value = spendValue(spendModel(), valuedDays, monetary);
    double discounted = p.outlook().discounted();
    return new double[] {value * discounted, discounted * discounted
        * spendVariance(value, valuedDays, monetary) + value * value * p.discountedVariance()};
  }

  private Iterator<Row> scorePartition(Iterator<Row> rows, int xi, int txi, int agei, int mi,
      int mxi) {
    PurchaseModel purchases = type.model(purchaseModel, purchaseParams);
    GammaGammaModel spend = spendModel();
    Map<Tuple, Purchases> seen = new HashMap<>();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public Row next() {
        Row r = rows.next();
        int x = r.getInt(xi);
        double tx = r.getDouble(txi);
        double age = r.getDouble(agei);
        Purchases p = seen.computeIfAbsent(new Tuple(x, tx, age),
            t -> purchases(purchases, x, tx, age));
        int valuedDays = r.getInt(mxi);
        double monetary = r.getDouble(mi);
        double value = spendValue(spend, valuedDays, monetary);
        double discounted = p.outlook().discounted();
        // CLV = value x discounted with the two fits independent: first-order variance.
        double variance = discounted * discounted * spendVariance(value, valuedDays, monetary)
            + value * value * p.discountedVariance();
        List<Object> values = new ArrayList<>(r.length() + 5);
        for (int i = 0; i < r.length(); i++) {
          values.add(r.get(i));
        }
        values.add(p.alive());
        values.add(p.outlook().expected());
        values.add(value);
        values.add(value * discounted);
        values.add(variance);
        return RowFactory.create(values.toArray());
      }
    };
  }
}
