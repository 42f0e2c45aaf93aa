package brightstar.clv;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.sum;

import brightstar.clv.model.FitResult;
import brightstar.clv.model.ShiftedBetaGeometricModel;
import java.io.Serializable;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The value of the open subscription contracts under the sBG fits, one per term length
 * (docs/clv-maths.md). The fitted parameters travel in this small serializable object.
 *
 * <p>For a contract in term n of L months with m0 months (fractional, days / 30.4375) left of
 * its current term and monthly value v: month i = 1..H after the as-of date is paid for with
 * probability 1 while i - 1 &lt; m0 (the current term is committed) and otherwise with the
 * probability of the j = floor((i - 1 - m0) / L) + 1 renewals it needs, the product of the
 * renewal probabilities of terms n .. n + j - 1. {@code clv_subscription} is v times the sum of
 * those probabilities discounted by (1 + d)^i. The residual value is the rest of the current
 * term plus every later renewal: v L DERL / (1 + d)^m0 + v * (discounted rest of the current
 * term), DERL the discounted expected residual lifetime in terms at (1 + d)^L - 1 per term.
 *
 * <p>Interval: the variance of {@code clv_subscription} from the sBG covariance of the
 * contract's term length by the delta method on the log-parameters (forward differences).
 */
public final class SubscriptionValue implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final double DAYS_PER_MONTH = 365.25 / 12;
  private static final double STEP = 1e-5;

  public static final String P_RENEW = "p_renew";
  public static final String VALUE = "clv_subscription";
  public static final String VARIANCE = "clv_subscription_variance";
  public static final String RESIDUAL = "subscription_residual_value";
  public static final String MONTHLY = "subscription_monthly_value_usd";

  private final Map<Integer, double[]> params;
  private final Map<Integer, double[][]> logCovariance;
  private final int horizonMonths;
  private final double monthlyDiscountRate;

  /**
   * @param fits the sBG fit per term length in months; a length without one has only its
   *     committed current term valued (no renewal probability)
   */
  public SubscriptionValue(Map<Integer, FitResult> fits, int horizonMonths,
      double monthlyDiscountRate) {
    this.params = new TreeMap<>();
    this.logCovariance = new TreeMap<>();
    for (Map.Entry<Integer, FitResult> e : fits.entrySet()) {
      double[] p = e.getValue().params();
      double[][] c = e.getValue().covariance();
      double[][] lc = new double[2][2];
      for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 2; j++) {
          lc[i][j] = c[i][j] / (p[i] * p[j]);
        }
      }
      params.put(e.getKey(), p);
      logCovariance.put(e.getKey(), lc);
    }
    this.horizonMonths = horizonMonths;
    this.monthlyDiscountRate = monthlyDiscountRate;
  }

  /**
   * One contract's figures. Without a fit for its term length, {@code pRenew} is NaN and only
   * the committed current term is valued, which has no parameter uncertainty (variance 0).
   */
  public record Contract(double pRenew, double value, double variance, double residual) {}

  /**
   * @param termMonths L
   * @param term n &gt;= 1
   * @param monthsLeft m0 &gt;= 0
   * @param monthlyValue v
   */
  public Contract value(int termMonths, int term, double monthsLeft, double monthlyValue) {
    double[] p = params.get(termMonths);
    if (p == null) {
      return new Contract(Double.NaN, monthlyValue * horizonValue(null, termMonths, term,
          monthsLeft), 0, monthlyValue * committed(monthsLeft));
    }
    ShiftedBetaGeometricModel m = new ShiftedBetaGeometricModel(p[0], p[1]);
    double value = monthlyValue * horizonValue(m, termMonths, term, monthsLeft);
    double[] g = new double[2];
    for (int k = 0; k < 2; k++) {
      double[] q = p.clone();
      q[k] *= Math.exp(STEP);
      ShiftedBetaGeometricModel shifted = new ShiftedBetaGeometricModel(q[0], q[1]);
      g[k] = (monthlyValue * horizonValue(shifted, termMonths, term, monthsLeft) - value) / STEP;
    }
    double[][] c = logCovariance.get(termMonths);
    double variance = g[0] * g[0] * c[0][0] + 2 * g[0] * g[1] * c[0][1] + g[1] * g[1] * c[1][1];
    double termRate = Math.pow(1 + monthlyDiscountRate, termMonths) - 1;
    double residual = monthlyValue * (committed(monthsLeft) + termMonths
        * m.discountedExpectedResidualTerms(term, termRate)
        / Math.pow(1 + monthlyDiscountRate, monthsLeft));
    return new Contract(m.renewalProbability(term), value, variance, residual);
  }

  /** Sum over months i of P(paid in month i) / (1 + d)^i; without a model only committed. */
  private double horizonValue(ShiftedBetaGeometricModel m, int termMonths, int term,
      double monthsLeft) {
    double total = 0;
    for (int i = 1; i <= horizonMonths; i++) {
      double paid = 1;
      if (i - 1 >= monthsLeft) {
        if (m == null) {
          break;
        }
        int renewals = (int) Math.floor((i - 1 - monthsLeft) / termMonths) + 1;
        for (int k = 0; k < renewals; k++) {
          paid *= m.renewalProbability(term + k);
        }
      }
      total += paid / Math.pow(1 + monthlyDiscountRate, i);
    }
    return total;
  }

  /** The discounted months left of the current term, paid for certain: whole months then a part. */
  private double committed(double monthsLeft) {
    double total = 0;
    for (int i = 1; i - 1 < monthsLeft; i++) {
      total += Math.min(1, monthsLeft - (i - 1)) / Math.pow(1 + monthlyDiscountRate, i);
    }
    return total;
  }

  /**
   * Per customer: the open contracts valued and summed.
   *
   * @param open {@link SubscriptionRenewals#open} joined with customer_id
   * @return customer_id, subscription_monthly_value_usd, p_renew (mean over the customer's
   *     contracts weighted by monthly value; null without a fit), clv_subscription,
   *     clv_subscription_variance (contracts of one customer taken as fully correlated, so the
   *     standard deviations add), subscription_residual_value
   */
  public Dataset<Row> score(Dataset<Row> open, LocalDate asOf) {
    StructType out = new StructType()
        .add("customer_id", DataTypes.StringType, false)
        .add(MONTHLY, DataTypes.DoubleType, false)
        .add("weighted_p_renew", DataTypes.DoubleType, true)
        .add("renew_weight", DataTypes.DoubleType, false)
        .add(VALUE, DataTypes.DoubleType, false)
        .add("sd", DataTypes.DoubleType, true)
        .add(RESIDUAL, DataTypes.DoubleType, false);
    long asOfDay = asOf.toEpochDay();
    MapPartitionsFunction<Row, Row> f = rows -> {
      List<Row> result = new ArrayList<>();
      while (rows.hasNext()) {
        Row r = rows.next();
        double monthly = r.isNullAt(r.fieldIndex(SubscriptionRenewals.MONTHLY_VALUE)) ? 0
            : r.<Double>getAs(SubscriptionRenewals.MONTHLY_VALUE);
        LocalDate end = r.<Date>getAs(SubscriptionRenewals.CURRENT_END).toLocalDate();
        double monthsLeft = Math.max(0, (end.toEpochDay() + 1 - asOfDay) / DAYS_PER_MONTH);
        Contract c = value(r.<Integer>getAs(SubscriptionRenewals.TERM_MONTHS),
            r.<Integer>getAs(SubscriptionRenewals.TERM), monthsLeft, monthly);
        boolean renewKnown = !Double.isNaN(c.pRenew());
        result.add(RowFactory.create(r.<String>getAs("customer_id"), monthly,
            renewKnown ? c.pRenew() * monthly : null, renewKnown ? monthly : 0.0, c.value(),
            Double.isFinite(c.variance()) ? Math.sqrt(c.variance()) : null, c.residual()));
      }
      return result.iterator();
    };
    return open.where(col("customer_id").isNotNull())
        .mapPartitions(f, Encoders.row(out))
        .groupBy("customer_id")
        .agg(sum(MONTHLY).as(MONTHLY),
            sum("weighted_p_renew").divide(sum("renew_weight")).as(P_RENEW),
            sum(VALUE).as(VALUE),
            pow(sum("sd"), 2).as(VARIANCE),
            sum(RESIDUAL).as(RESIDUAL));
  }
}
