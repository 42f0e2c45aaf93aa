package brightstar.clv;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log1p;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import brightstar.clv.model.FitResult;
import brightstar.clv.model.PurchaseModel;
import brightstar.clv.model.PurchaseModelType;
import brightstar.clv.model.RfmTuples;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The pure parts of the CLV job: silver.orders to a transaction log, and the rows of
 * gold.clv, gold.clv_by_tier and gold.clv_validation (schemas in docs/tables.md). No I/O,
 * no clock: the as-of date and the fitted models come in as arguments.
 */
public final class ClvTables {
  public static final String AS_OF_DATE = "as_of_date";
  public static final String CLV_12M = "clv_12m";
  public static final String CLV_ORDERS_12M = "clv_orders_12m";
  public static final String CLV_SUBSCRIPTION_12M = "clv_subscription_12m";
  public static final String CLV_12M_LOW = "clv_12m_low";
  public static final String CLV_12M_HIGH = "clv_12m_high";
  /** The standard normal 95% quantile: clv_12m_low and _high bound a 90% interval. */
  static final double Z_95 = 1.6448536269514722;
  public static final String P_ALIVE = "p_alive";
  public static final String EXPECTED_PURCHASES_12M = "expected_purchases_12m";
  public static final String EXPECTED_AVG_VALUE = "expected_avg_value";
  public static final String ALLOWABLE_SPEND = "allowable_retention_spend";
  public static final String TIER = "clv_tier";
  public static final String RANK = "clv_rank";
  /** Holdout buckets are calibration frequencies 0 to 6 and "7+". */
  public static final int TOP_BUCKET = 7;

  /** gold.clv_validation: one schema for fit-quality rows and holdout rows. */
  public static final StructType VALIDATION_SCHEMA = new StructType()
      .add(AS_OF_DATE, DataTypes.DateType, false)
      .add("section", DataTypes.StringType, false)
      .add("scope", DataTypes.StringType, false)
      .add("model", DataTypes.StringType, false)
      .add("name", DataTypes.StringType, false)
      .add("value", DataTypes.DoubleType, true)
      .add("standard_error", DataTypes.DoubleType, true)
      .add("customers", DataTypes.LongType, true)
      .add("actual_purchases", DataTypes.DoubleType, true)
      .add("predicted_purchases", DataTypes.DoubleType, true)
      .add("actual_per_customer", DataTypes.DoubleType, true)
      .add("predicted_per_customer", DataTypes.DoubleType, true)
      .add("calibration_end", DataTypes.DateType, false)
      .add("holdout_end", DataTypes.DateType, true)
      .add("detail", DataTypes.StringType, true);

  private ClvTables() {}

  /**
   * silver.orders as a transaction log: orders of known customers dated on or before the
   * as-of date; {@code amount_usd} is the amount, so an order without a USD value (a currency
   * without a rate) is a purchase of unknown value: it counts as a purchase day but not in the
   * mean repeat value (see {@link SparkSummariser}).
   *
   * @param orders silver.orders (customer_id, order_date, amount_usd, ...)
   * @return customer_id, day, amount
   */
  public static Dataset<Row> transactions(Dataset<Row> orders, LocalDate asOf) {
    return orders
        .where(col("customer_id").isNotNull().and(col("order_date").leq(lit(asOf))))
        .select(
            col("customer_id").as(TransactionLog.CUSTOMER),
            col("order_date").as(TransactionLog.DAY),
            col("amount_usd").cast("double").as(TransactionLog.AMOUNT));
  }

  /** The model column's value, e.g. {@code bgnbd+gamma-gamma}. */
  public static String modelLabel(PurchaseModelType type) {
    return type.label() + "+gamma-gamma";
  }

  /**
   * gold.clv rows from a scored summary ({@link ClvScorer#score}) and the subscription value
   * per customer ({@link SubscriptionValue#score}; customers without an open contract get 0),
   * without the profit columns ({@link ClvProfit#withProfit} adds them). clv_12m is the sum of
   * the order and subscription values and ranks the customers.
   *
   * @param subscriptions customer_id, subscription_monthly_value_usd, p_renew,
   *     clv_subscription, clv_subscription_variance, subscription_residual_value
   * @param customers the number of scored rows, of which the tiers take their shares
   * @return customer_id, first_purchase_date, frequency, recency, T, period, monetary,
   *     monetary_days, p_alive, expected_purchases_12m, expected_avg_value, clv_orders_12m,
   *     subscription_monthly_value_usd, p_renew, subscription_residual_value,
   *     clv_subscription_12m, clv_12m, clv_12m_low, clv_12m_high, allowable_retention_spend,
   *     clv_rank, clv_tier, horizon_months, model, version, as_of_date
   */
  public static Dataset<Row> clv(Dataset<Row> scored, Dataset<Row> subscriptions,
      long customers, ClvSettings settings, LocalDate asOf) {
    Column subscription = coalesce(col(SubscriptionValue.VALUE), lit(0.0));
    Column total = col(ClvScorer.CLV).plus(subscription);
    Column variance = col(ClvScorer.CLV_VARIANCE)
        .plus(coalesce(col(SubscriptionValue.VARIANCE), lit(0.0)));
    Dataset<Row> joined = scored
        .join(subscriptions, scored.col(TransactionLog.CUSTOMER)
            .equalTo(subscriptions.col("customer_id")), "left")
        .drop(subscriptions.col("customer_id"))
        .withColumn(CLV_12M, total)
        .withColumn("clv_variance_total", variance);
    Dataset<Row> ranked = withRank(joined, RANK,
        col(CLV_12M).desc(), col(TransactionLog.CUSTOMER).asc());
    return ranked.select(
        col(TransactionLog.CUSTOMER),
        col(SparkSummariser.FIRST_PURCHASE),
        col(SparkSummariser.FREQUENCY),
        col(SparkSummariser.RECENCY),
        col(SparkSummariser.AGE),
        lit(settings.period().name().toLowerCase(Locale.ROOT)).as("period"),
        col(SparkSummariser.MONETARY),
        col(SparkSummariser.MONETARY_DAYS),
        col(ClvScorer.P_ALIVE).as(P_ALIVE),
        col(ClvScorer.EXPECTED_PURCHASES).as(EXPECTED_PURCHASES_12M),
        col(ClvScorer.EXPECTED_VALUE).as(EXPECTED_AVG_VALUE),
        col(ClvScorer.CLV).as(CLV_ORDERS_12M),
        coalesce(col(SubscriptionValue.MONTHLY), lit(0.0)).as(SubscriptionValue.MONTHLY),
        col(SubscriptionValue.P_RENEW),
        coalesce(col(SubscriptionValue.RESIDUAL), lit(0.0)).as(SubscriptionValue.RESIDUAL),
        subscription.as(CLV_SUBSCRIPTION_12M),
        col(CLV_12M),
        intervalBound(col(CLV_12M), col("clv_variance_total"), -Z_95).as(CLV_12M_LOW),
        intervalBound(col(CLV_12M), col("clv_variance_total"), Z_95).as(CLV_12M_HIGH),
        col(CLV_12M).multiply(settings.margin()).as(ALLOWABLE_SPEND),
        col(RANK),
        tier(col(RANK), lit(customers), settings.tiers()).as(TIER),
        lit(settings.horizonMonths()).as("horizon_months"),
        lit(modelLabel(settings.model())).as("model"),
        lit(version(asOf)).as("version"),
        lit(asOf).as(AS_OF_DATE));
  }

  /**
   * The z-quantile of a log-normal with the given mean and variance: sigma^2 = ln(1 + v /
   * m^2), mu = ln m - sigma^2 / 2, bound = exp(mu + z sigma). 0 for a mean of 0; null when the
   * variance is unknown (NaN: a fit without covariance).
   */
  static Column intervalBound(Column mean, Column variance, double z) {
    Column sigma2 = log1p(variance.divide(mean.multiply(mean)));
    Column bound = exp(log(mean).minus(sigma2.divide(2)).plus(sqrt(sigma2).multiply(z)));
    return when(isnan(variance).or(variance.isNull()), lit(null).cast("double"))
        .when(mean.leq(0), lit(0.0))
        .otherwise(bound);
  }

  /**
   * {@code rows} with a column {@code rankColumn}: 1, 2, 3, ... in the given order, which must
   * be total (end it with a key). A window {@code row_number()} without a partition would move
   * every row to one task; here a range-partitioned sort spreads them and {@code zipWithIndex}
   * numbers the sorted partitions (one small job counts their rows).
   */
  static Dataset<Row> withRank(Dataset<Row> rows, String rankColumn, Column... order) {
    StructType schema = rows.schema().add(rankColumn, DataTypes.IntegerType, false);
    JavaRDD<Row> ranked = rows.orderBy(order).javaRDD().zipWithIndex().map(indexed -> {
      Row row = indexed._1();
      Object[] values = new Object[row.size() + 1];
      for (int i = 0; i < row.size(); i++) {
        values[i] = row.get(i);
      }
      values[row.size()] = Math.toIntExact(indexed._2() + 1);
      return RowFactory.create(values);
    });
    return rows.sparkSession().createDataFrame(ranked, schema);
  }

  /**
   * The tier of CLV rank k (1 = highest) among n customers: the first tier whose cumulative
   * share s satisfies k &lt;= round(s n); the last tier takes the rest.
   */
  static Column tier(Column rank, Column customers, List<ClvSettings.Tier> tiers) {
    Column tier = lit(tiers.get(tiers.size() - 1).name());
    double[] cumulative = new double[tiers.size()];
    double s = 0;
    for (int i = 0; i < tiers.size(); i++) {
      s += tiers.get(i).share();
      cumulative[i] = s;
    }
    for (int i = tiers.size() - 2; i >= 0; i--) {
      Column bound = round(customers.multiply(cumulative[i]));
      tier = when(rank.leq(bound), lit(tiers.get(i).name())).otherwise(tier);
    }
    return tier;
  }

  /** The model version: the as-of date as yyyyMMdd, as for the MLlib models. */
  public static String version(LocalDate asOf) {
    return asOf.format(DateTimeFormatter.BASIC_ISO_DATE);
  }

  /** gold.clv_by_tier. */
  public static final StructType BY_TIER_SCHEMA = new StructType()
      .add(AS_OF_DATE, DataTypes.DateType, false)
      .add(TIER, DataTypes.StringType, false)
      .add("tier_order", DataTypes.IntegerType, false)
      .add("customers", DataTypes.LongType, false)
      .add("share_of_customers", DataTypes.DoubleType, true)
      .add("min_clv_12m", DataTypes.DoubleType, true)
      .add("max_clv_12m", DataTypes.DoubleType, true)
      .add("mean_clv_12m", DataTypes.DoubleType, true)
      .add("total_clv_12m", DataTypes.DoubleType, false)
      .add("total_clv_12m_low", DataTypes.DoubleType, true)
      .add("total_clv_12m_high", DataTypes.DoubleType, true)
      .add("total_clv_orders_12m", DataTypes.DoubleType, false)
      .add("total_clv_subscription_12m", DataTypes.DoubleType, false)
      .add("total_clv_profit_12m", DataTypes.DoubleType, true)
      .add("negative_clv_profit_customers", DataTypes.LongType, true)
      .add("share_of_clv", DataTypes.DoubleType, true)
      .add("mean_p_alive", DataTypes.DoubleType, true)
      .add("margin", DataTypes.DoubleType, false)
      .add("allowable_retention_spend_per_customer", DataTypes.DoubleType, true)
      .add("allowable_retention_spend_total", DataTypes.DoubleType, false);

  /**
   * gold.clv_by_tier from gold.clv rows (with {@link ClvProfit}'s columns): one row per
   * configured tier, in tier order (a tier without customers has a row with 0 customers). The
   * per-tier aggregates are computed in Spark and collected (a handful of rows); sums are exact
   * decimals, so totals and means do not depend on the order Spark adds them in.
   *
   * @return the columns of {@link #BY_TIER_SCHEMA}
   */
  public static Dataset<Row> byTier(Dataset<Row> clv, ClvSettings settings, LocalDate asOf) {
    Map<String, Row> perTier = new HashMap<>();
    for (Row r : clv.groupBy(TIER).agg(
        count(lit(1)),
        min(CLV_12M),
        max(CLV_12M),
        sum(col(CLV_12M).cast("decimal(38,10)")),
        sum(col(P_ALIVE).cast("decimal(38,18)")),
        sum(col(CLV_12M_LOW).cast("decimal(38,10)")),
        sum(col(CLV_12M_HIGH).cast("decimal(38,10)")),
        count(col(CLV_12M_LOW)),
        sum(col(CLV_ORDERS_12M).cast("decimal(38,10)")),
        sum(col(CLV_SUBSCRIPTION_12M).cast("decimal(38,10)")),
        sum(col(ClvProfit.PROFIT).cast("decimal(38,10)")),
        count(col(ClvProfit.PROFIT)),
        count(when(col(ClvProfit.PROFIT).lt(0), lit(1)))).collectAsList()) {
      perTier.put(r.getString(0), r);
    }
    long allCustomers = 0;
    BigDecimal allClv = BigDecimal.ZERO;
    for (Row r : perTier.values()) {
      allCustomers += r.getLong(1);
      allClv = allClv.add(r.getDecimal(4));
    }
    double margin = settings.margin();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < settings.tiers().size(); i++) {
      String name = settings.tiers().get(i).name();
      Row r = perTier.get(name);
      long n = r == null ? 0 : r.getLong(1);
      double total = r == null ? 0 : r.getDecimal(4).doubleValue();
      Double mean = n == 0 ? null : total / n;
      // The bounds add up only when every customer of the tier has one.
      boolean bounded = n > 0 && r.getLong(8) == n;
      // Likewise the profit: null when the job had no cost-to-serve figures.
      boolean profit = n > 0 && r.getLong(12) == n;
      rows.add(RowFactory.create(Date.valueOf(asOf), name, i + 1, n,
          allCustomers == 0 ? null : (double) n / allCustomers,
          n == 0 ? null : r.getDouble(2),
          n == 0 ? null : r.getDouble(3),
          mean,
          total,
          bounded ? r.getDecimal(6).doubleValue() : null,
          bounded ? r.getDecimal(7).doubleValue() : null,
          n == 0 ? 0.0 : r.getDecimal(9).doubleValue(),
          n == 0 ? 0.0 : r.getDecimal(10).doubleValue(),
          n == 0 ? Double.valueOf(0.0) : profit ? r.getDecimal(11).doubleValue() : null,
          n == 0 ? Long.valueOf(0) : profit ? r.getLong(13) : null,
          allClv.signum() == 0 ? null : total / allClv.doubleValue(),
          n == 0 ? null : r.getDecimal(5).doubleValue() / n,
          margin,
          mean == null ? null : margin * mean,
          margin * total));
    }
    return clv.sparkSession().createDataFrame(rows, BY_TIER_SCHEMA);
  }

  /**
   * Customers and actual holdout purchases per calibration frequency bucket.
   *
   * @param calibration {@link SparkSummariser#summariseWithHoldout}
   * @return bucket (int 0..7, 7 meaning 7 or more), customers (long), actual (long), one row
   *     per bucket that has customers, in bucket order
   */
  public static List<Row> actualByBucket(Dataset<Row> calibration) {
    Column bucket = when(col(SparkSummariser.FREQUENCY).geq(TOP_BUCKET), lit(TOP_BUCKET))
        .otherwise(col(SparkSummariser.FREQUENCY));
    List<Row> rows = new ArrayList<>(calibration
        .groupBy(bucket.as("bucket"))
        .agg(count(lit(1)).as("customers"),
            sum(col(SparkSummariser.HOLDOUT_PURCHASES)).cast("long").as("actual"))
        .collectAsList());
    rows.sort(Comparator.comparingInt(r -> r.getInt(0)));
    return rows;
  }

  /**
   * Expected holdout purchases per calibration frequency bucket: the sum over the calibration
   * tuples of weight x E[purchases in the next {@code periods} | x, t_x, T]. On the driver,
   * over the distinct tuples, in parallel.
   *
   * @return predicted purchases, indexed by bucket 0..7
   */
  public static double[] predictedByBucket(PurchaseModel model, RfmTuples tuples,
      double periods) {
    double[] perTuple = IntStream.range(0, tuples.size()).parallel()
        .mapToDouble(i -> tuples.weight(i) * model.conditionalExpectedPurchases(
            periods, tuples.frequency(i), tuples.recency(i), tuples.age(i)))
        .toArray();
    double[] out = new double[TOP_BUCKET + 1];
    for (int i = 0; i < perTuple.length; i++) {
      out[Math.min(tuples.frequency(i), TOP_BUCKET)] += perTuple[i];
    }
    return out;
  }

  /** The name of a holdout bucket: "0" to "6", "7+". */
  public static String bucketName(int bucket) {
    return bucket >= TOP_BUCKET ? TOP_BUCKET + "+" : Integer.toString(bucket);
  }

  /**
   * Fit-quality rows of gold.clv_validation for one fit: each parameter with its standard
   * error, then log_likelihood, customers, tuples, evaluations, penalty, converged (1 or 0)
   * and boundary (1 when the maximum lies on a boundary, with what it means in {@code
   * detail}; the parameters are then the limiting model's, named in {@code model}).
   *
   * @param scope {@code full} (the fit behind gold.clv) or {@code calibration}
   * @param tuples the distinct tuples fitted on
   * @param holdoutEnd the end of the holdout for a calibration fit, else null
   */
  public static List<Row> fitRows(LocalDate asOf, String scope, FitResult fit, int tuples,
      LocalDate calibrationEnd, LocalDate holdoutEnd) {
    List<Row> rows = new ArrayList<>();
    long customers = Math.round(fit.customers());
    for (int i = 0; i < fit.names().size(); i++) {
      rows.add(validationRow(asOf, "fit", scope, fit.model(), fit.names().get(i),
          fit.params()[i], finiteOrNull(fit.standardErrors()[i]), customers, null, null,
          calibrationEnd, holdoutEnd));
    }
    rows.add(validationRow(asOf, "fit", scope, fit.model(), "log_likelihood",
        fit.logLikelihood(), null, customers, null, null, calibrationEnd, holdoutEnd));
    rows.add(validationRow(asOf, "fit", scope, fit.model(), "customers", fit.customers(), null,
        customers, null, null, calibrationEnd, holdoutEnd));
    rows.add(validationRow(asOf, "fit", scope, fit.model(), "tuples", (double) tuples, null,
        customers, null, null, calibrationEnd, holdoutEnd));
    rows.add(validationRow(asOf, "fit", scope, fit.model(), "evaluations",
        (double) fit.evaluations(), null, customers, null, null, calibrationEnd, holdoutEnd));
    rows.add(validationRow(asOf, "fit", scope, fit.model(), "penalty", fit.penalty(), null,
        customers, null, null, calibrationEnd, holdoutEnd));
    rows.add(validationRow(asOf, "fit", scope, fit.model(), "converged",
        fit.converged() ? 1.0 : 0.0, null, customers, null, null, calibrationEnd, holdoutEnd));
    rows.add(withDetail(validationRow(asOf, "fit", scope, fit.model(), "boundary",
        fit.atBoundary() ? 1.0 : 0.0, null, customers, null, null, calibrationEnd, holdoutEnd),
        fit.boundary()));
    return rows;
  }

  /**
   * A holdout row of gold.clv_validation for one term length: {@code contracts} came up for
   * renewal in the holdout; actual_purchases and predicted_purchases count their renewals.
   */
  public static Row renewalHoldoutRow(LocalDate asOf, String model, long contracts,
      double renewed, double predicted, LocalDate calibrationEnd, LocalDate holdoutEnd) {
    return validationRow(asOf, "holdout", "calibration", model, "renewals", null, null,
        contracts, renewed, predicted, calibrationEnd, holdoutEnd);
  }

  /** A holdout row of gold.clv_validation for one calibration frequency bucket. */
  public static Row holdoutRow(LocalDate asOf, String model, int bucket, long customers,
      double actual, double predicted, LocalDate calibrationEnd, LocalDate holdoutEnd) {
    return validationRow(asOf, "holdout", "calibration", model, bucketName(bucket), null, null,
        customers, actual, predicted, calibrationEnd, holdoutEnd);
  }

  private static Row validationRow(LocalDate asOf, String section, String scope, String model,
      String name, Double value, Double standardError, Long customers, Double actual,
      Double predicted, LocalDate calibrationEnd, LocalDate holdoutEnd) {
    Double actualPer = actual == null || customers == 0 ? null : actual / customers;
    Double predictedPer = predicted == null || customers == 0 ? null : predicted / customers;
    return RowFactory.create(Date.valueOf(asOf), section, scope, model, name, value,
        standardError, customers, actual, predicted, actualPer, predictedPer,
        Date.valueOf(calibrationEnd), holdoutEnd == null ? null : Date.valueOf(holdoutEnd),
        null);
  }

  /** The row with its last column, {@code detail}, set. */
  private static Row withDetail(Row row, String detail) {
    Object[] values = new Object[row.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = row.get(i);
    }
    values[values.length - 1] = detail;
    return RowFactory.create(values);
  }

  private static Double finiteOrNull(double v) {
    return Double.isFinite(v) ? v : null;
  }

  /** gold.clv_validation rows as a Dataset. */
  public static Dataset<Row> validation(SparkSession spark, List<Row> rows) {
    return spark.createDataFrame(rows, VALIDATION_SCHEMA);
  }
}
