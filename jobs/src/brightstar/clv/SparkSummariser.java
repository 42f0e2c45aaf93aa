package brightstar.clv;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import brightstar.clv.model.ClvException;
import brightstar.clv.model.PeriodUnit;
import brightstar.clv.model.RfmTuples;
import brightstar.clv.model.SpendTuples;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The Spark version of {@link TransactionSummariser}: per-customer frequency, recency, age and
 * mean repeat value from a transaction log of any size, with the same rules (netting per
 * customer and day, return days, calibration end, period unit), plus the distinct tuples the
 * fits run on.
 *
 * <p>Input (a {@link TransactionLog}): {@code customer_id} (any type), {@code day} (date),
 * {@code amount} (double, nullable). One rule goes beyond the reference, for logs with unknown
 * values (an order in a currency without an exchange rate): a row with a null amount is a
 * purchase whose value is unknown. A day with such a row is a purchase day (it cannot be shown
 * to be a return), its value is unknown, and the mean repeat value is taken over the repeat
 * days whose value is known ({@code monetary_days} of them). Without null amounts the output
 * equals the reference row for row, {@code monetary_days = frequency}.
 *
 * <p>Output of {@link #summarise}: {@code customer_id, first_purchase_date (date), frequency
 * (int), recency (double), T (double), monetary (double), monetary_days (int)}, one row per
 * customer with a purchase day up to the calibration end; recency and T in the period unit.
 * The monetary value may differ from the reference in the last bits (sums are added in another
 * order); everything else is identical.
 */
public final class SparkSummariser {
  public static final String FIRST_PURCHASE = "first_purchase_date";
  public static final String FREQUENCY = "frequency";
  public static final String RECENCY = "recency";
  public static final String AGE = "T";
  public static final String MONETARY = "monetary";
  public static final String MONETARY_DAYS = "monetary_days";
  public static final String HOLDOUT_PURCHASES = "holdout_purchases";

  /** The summary's columns, in order. */
  public static final List<String> SUMMARY_COLUMNS = List.of(TransactionLog.CUSTOMER,
      FIRST_PURCHASE, FREQUENCY, RECENCY, AGE, MONETARY, MONETARY_DAYS);

  private static final String NET = "net";
  private static final String VALUED = "valued";
  /**
   * Amounts are added as whole millionths (longs): exact, so a day's net value and a
   * customer's repeat value do not depend on the order in which Spark adds them and reruns
   * agree to the bit; and several times faster than decimal arithmetic. Amounts are thereby
   * rounded to 1e-6, far below a cent.
   */
  private static final double MICROS = 1e6;

  private SparkSummariser() {}

  /**
   * Summarises the log up to and including {@code calibrationEnd}.
   *
   * @param log customer_id, day, amount (see {@link TransactionLog})
   * @param unit the period unit of recency and T
   * @param calibrationEnd the last day of the calibration period; later rows are ignored
   */
  public static Dataset<Row> summarise(Dataset<Row> log, PeriodUnit unit,
      LocalDate calibrationEnd) {
    return summary(log, unit, calibrationEnd, null);
  }

  /**
   * The calibration summary plus {@code holdout_purchases} (int): each customer's purchase
   * days in the holdout period (calibrationEnd, holdoutEnd], counted by the same rules. One
   * pass over the log serves both, so validation costs one aggregation, not two and a join.
   */
  public static Dataset<Row> summariseWithHoldout(Dataset<Row> log, PeriodUnit unit,
      LocalDate calibrationEnd, LocalDate holdoutEnd) {
    return summary(log, unit, calibrationEnd, holdoutEnd);
  }

  private static Dataset<Row> summary(Dataset<Row> log, PeriodUnit unit,
      LocalDate calibrationEnd, LocalDate holdoutEnd) {
    double periodDays = unit.days();
    Column day = col(TransactionLog.DAY);
    Column calibration = day.leq(lit(calibrationEnd));
    Column valued = col(VALUED).and(calibration);
    Column first = col(FIRST_PURCHASE);
    Column valuedFirst = col("first_value").isNotNull();
    Column monetaryDays = col("valued_days").minus(when(valuedFirst, 1).otherwise(0));
    Column repeatValue = coalesce(col("valued_sum"), lit(0L))
        .minus(coalesce(col("first_value"), lit(0L))).cast("double").divide(MICROS);
    List<Column> output = new ArrayList<>(List.of(
        col(TransactionLog.CUSTOMER),
        first,
        col("days").minus(1).cast("int").as(FREQUENCY),
        datediff(col("last"), first).cast("double").divide(periodDays).as(RECENCY),
        datediff(lit(calibrationEnd), first).cast("double").divide(periodDays).as(AGE),
        when(monetaryDays.equalTo(0), lit(0.0))
            .otherwise(repeatValue.divide(monetaryDays)).as(MONETARY),
        monetaryDays.cast("int").as(MONETARY_DAYS)));
    if (holdoutEnd != null) {
      output.add(col(HOLDOUT_PURCHASES).cast("int").as(HOLDOUT_PURCHASES));
    }
    LocalDate until = holdoutEnd == null ? calibrationEnd : holdoutEnd;
    // Partitioned by customer once: both aggregations (per day, then per customer) then run
    // without a second shuffle. Partial aggregation per day before a shuffle would save
    // little, as most customers buy at most once a day.
    Dataset<Row> byCustomer = log.where(day.leq(lit(until)))
        .repartition(col(TransactionLog.CUSTOMER));
    return purchaseDays(byCustomer)
        .groupBy(TransactionLog.CUSTOMER)
        .agg(
            min(when(calibration, day)).as(FIRST_PURCHASE),
            max(when(calibration, day)).as("last"),
            count(when(calibration, lit(1))).as("days"),
            sum(when(valued, col(NET))).as("valued_sum"),
            count(when(valued, lit(1))).as("valued_days"),
            // The earliest day overall is the first calibration day of every customer kept.
            min_by(when(col(VALUED), col(NET)), day).as("first_value"),
            count(when(not(calibration), lit(1))).as(HOLDOUT_PURCHASES))
        .where(col("days").gt(0))
        .select(output.toArray(Column[]::new));
  }

  /**
   * The log netted per customer and day, purchase days only: customer_id, day, net (exact
   * sum of the known amounts in millionths, long), valued (every amount of the day known). A
   * day is a return day, and left out, only when its value is known and negative.
   */
  static Dataset<Row> purchaseDays(Dataset<Row> log) {
    Dataset<Row> days = log.groupBy(TransactionLog.CUSTOMER, TransactionLog.DAY)
        .agg(
            sum(micros(col(TransactionLog.AMOUNT))).as(NET),
            count(TransactionLog.AMOUNT).equalTo(count(lit(1))).as(VALUED));
    return days.where(not(col(VALUED).and(col(NET).lt(0))));
  }

  /** An amount in whole millionths, rounded half away from zero. */
  private static Column micros(Column amount) {
    Column scaled = amount.multiply(MICROS);
    return when(scaled.geq(0), scaled.plus(0.5)).otherwise(scaled.minus(0.5)).cast("long");
  }

  /** The latest day in the log, the default calibration end; null for an empty log. */
  public static LocalDate latestDay(Dataset<Row> log) {
    Row row = log.agg(max(TransactionLog.DAY)).first();
    return row.isNullAt(0) ? null : row.getDate(0).toLocalDate();
  }

  /**
   * The distinct (frequency, recency, T) tuples of a summary with their customer counts,
   * collected to the driver: what the purchase models fit on.
   *
   * @throws ClvException when the summary has no customers
   */
  public static RfmTuples rfmTuples(Dataset<Row> summary) {
    return toRfmTuples(distinctRfm(summary));
  }

  /** The rows (frequency, recency, T, count) behind {@link #rfmTuples}, sorted; maybe none. */
  static List<Row> distinctRfm(Dataset<Row> summary) {
    return sorted(summary.groupBy(FREQUENCY, RECENCY, AGE).count().collectAsList());
  }

  /**
   * Tuples from {@link #distinctRfm} rows.
   *
   * @throws ClvException when there are none
   */
  static RfmTuples toRfmTuples(List<Row> rows) {
    if (rows.isEmpty()) {
      throw RfmTuples.emptyInput();
    }
    int n = rows.size();
    int[] x = new int[n];
    double[] tx = new double[n];
    double[] t = new double[n];
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      Row r = rows.get(i);
      x[i] = r.getInt(0);
      tx[i] = r.getDouble(1);
      t[i] = r.getDouble(2);
      w[i] = r.getLong(3);
    }
    return RfmTuples.weighted(x, tx, t, w);
  }

  /**
   * The distinct (repeat days with a known value, mean repeat value) pairs with their customer
   * counts, collected to the driver: what the Gamma-Gamma model fits on. Customers without a
   * valued repeat day, or whose repeat days net to zero on average, tell nothing about spend
   * and are left out, as in {@link SpendTuples#of}.
   *
   * @throws ClvException when no customer has a valued repeat purchase
   */
  public static SpendTuples spendTuples(Dataset<Row> summary) {
    List<Row> rows = sorted(summary
        .where(col(MONETARY_DAYS).gt(0).and(col(MONETARY).gt(0)))
        .groupBy(MONETARY_DAYS, MONETARY).count().collectAsList());
    if (rows.isEmpty()) {
      throw ClvException.of("No customers with repeat purchases to fit spend on",
          "the Gamma-Gamma model learns from the mean value of repeat purchases, and no "
              + "customer has a repeat purchase with a known positive value",
          "use a longer history, or a log with amounts and repeat customers");
    }
    int n = rows.size();
    int[] x = new int[n];
    double[] m = new double[n];
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      Row r = rows.get(i);
      x[i] = r.getInt(0);
      m[i] = r.getDouble(1);
      w[i] = r.getLong(2);
    }
    return SpendTuples.weighted(x, m, w);
  }

  /**
   * Rows of (int, double[, double], count) in ascending order: Spark returns groups in no
   * particular order, and a fit's sums, hence its last digits, depend on the order of its rows.
   */
  private static List<Row> sorted(List<Row> rows) {
    List<Row> out = new ArrayList<>(rows);
    if (out.isEmpty()) {
      return out;
    }
    Comparator<Row> order = Comparator.comparingInt(r -> r.getInt(0));
    for (int i = 1; i < out.get(0).length() - 1; i++) {
      int field = i;
      order = order.thenComparingDouble(r -> r.getDouble(field));
    }
    out.sort(order);
    return out;
  }
}
