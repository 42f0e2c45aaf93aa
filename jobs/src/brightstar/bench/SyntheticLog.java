package brightstar.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import brightstar.clv.SparkSummariser;
import brightstar.clv.TransactionLog;
import brightstar.clv.model.BgNbdModel;
import brightstar.clv.model.Dedup;
import brightstar.clv.model.GammaGammaModel;
import brightstar.clv.model.PeriodUnit;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A seeded synthetic transaction log, generated in Spark: customers drawn from the BG/NBD
 * purchase process and the Gamma-Gamma spend process exactly as {@link SyntheticPopulation}
 * draws them, written out as the purchase rows that {@link SparkSummariser} reads.
 *
 * <p>Output: {@code customer_id} (long, 0..n-1), {@code day} (date), {@code amount} (double),
 * one row per purchase day: the first purchase on {@code end} minus the customer's age, then
 * the repeat purchase days. Every customer has its own random stream, seeded from the seed and
 * its id, so the log does not depend on the number of partitions and the same seed gives the
 * same log.
 */
public final class SyntheticLog {
  private static final StructType RAW = new StructType()
      .add(TransactionLog.CUSTOMER, DataTypes.LongType, false)
      .add("epoch_day", DataTypes.IntegerType, false)
      .add(TransactionLog.AMOUNT, DataTypes.DoubleType, false);

  private SyntheticLog() {}

  /**
   * Generates the log.
   *
   * @param spark the session (to build the id range)
   * @param customers how many customers
   * @param partitions how many partitions to generate in
   * @param purchases the true purchase process, rates per {@code unit}
   * @param spend the true spend process
   * @param unit the period unit of the purchase rates
   * @param maxAgeDays the oldest customer's age in days at {@code end}
   * @param end the last day of the log
   * @param seed the random seed
   */
  public static Dataset<Row> generate(SparkSession spark, long customers, int partitions,
      BgNbdModel purchases, GammaGammaModel spend, PeriodUnit unit, int maxAgeDays,
      LocalDate end, long seed) {
    double[] truth = {purchases.r(), purchases.alpha(), purchases.a(), purchases.b(),
        spend.p(), spend.q(), spend.gamma()};
    int periodDays = unit.days();
    int endDay = (int) end.toEpochDay();
    FlatMapFunction<Row, Row> draw =
        id -> customer(id.getLong(0), seed, truth, periodDays, maxAgeDays, endDay).iterator();
    return spark.range(0, customers, 1, partitions).toDF()
        .flatMap(draw, Encoders.row(RAW))
        .select(col(TransactionLog.CUSTOMER),
            expr("date_from_unix_date(epoch_day)").as(TransactionLog.DAY),
            col(TransactionLog.AMOUNT));
  }

  /** One customer's purchase days as (id, epoch day, amount) rows. */
  public static List<Row> customer(long id, long seed, double[] truth, int periodDays, int maxAgeDays,
      int endDay) {
    SplittableRandom random = new SplittableRandom(Dedup.mix(seed * 0x9E3779B97F4A7C15L + id));
    int ageDays = random.nextInt(maxAgeDays + 1);
    int firstDay = endDay - ageDays;
    double lambda = SyntheticPopulation.gamma(random, truth[0]) / truth[1];
    double dropout = SyntheticPopulation.beta(random, truth[2], truth[3]);
    double nu = SyntheticPopulation.gamma(random, truth[5]) / truth[6];
    List<Row> rows = new ArrayList<>();
    rows.add(RowFactory.create(id, firstDay, SyntheticPopulation.gamma(random, truth[4]) / nu));
    double time = 0;
    long lastDay = 0;
    while (true) {
      time += -Math.log(1 - random.nextDouble()) / lambda;
      long day = (long) Math.floor(time * periodDays);
      if (day > ageDays) {
        break;
      }
      if (day != lastDay) {
        rows.add(RowFactory.create(id, firstDay + (int) day,
            SyntheticPopulation.gamma(random, truth[4]) / nu));
        lastDay = day;
      }
      if (random.nextDouble() < dropout) {
        break;
      }
    }
    return rows;
  }
}
