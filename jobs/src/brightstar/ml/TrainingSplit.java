package brightstar.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import brightstar.features.FeatureColumns;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The time-based split of gold.customer_features for one outcome as of a date: the latest
 * snapshot whose label was observed by then evaluates, the earlier ones train, and every
 * customer belongs to one side only (a stable hash of its id decides), so no customer's
 * future leaks from training into evaluation and no row is split at random across time.
 *
 * @param train labelled rows of the training snapshots and customers, with {@link #LABEL} (1/0)
 *     and {@link #FOLD} (the customer's validation fold)
 * @param test labelled rows of the evaluation snapshot and customers, with {@link #LABEL}
 * @param trainSnapshots the training snapshot dates, ascending
 * @param testSnapshot the evaluation snapshot date
 */
public record TrainingSplit(Dataset<Row> train, Dataset<Row> test,
    List<LocalDate> trainSnapshots, LocalDate testSnapshot) {

  public static final String LABEL = "label";
  public static final String FOLD = "fold";
  private static final int BUCKETS = 10_000;

  /** "2023-03-31 .. 2023-09-30 (3 snapshots)". */
  public String trainPeriod() {
    return trainSnapshots.get(0) + " .. " + trainSnapshots.get(trainSnapshots.size() - 1)
        + " (" + trainSnapshots.size() + " snapshots)";
  }

  /**
   * The same split with the training rows of a stable sample of the training customers: a
   * customer is kept with all its snapshots when a hash of its id (salted apart from the
   * evaluation and fold hashes) falls in the first {@code share} of the buckets. The
   * evaluation rows and the folds are unchanged.
   *
   * @param share the share of training customers kept, in (0, 1]
   */
  public TrainingSplit sampled(double share, String salt) {
    if (!(share > 0 && share <= 1)) {
      throw new IllegalArgumentException("share must be in (0, 1]: " + share);
    }
    Column hash = pmod(xxhash64(col("customer_id"), lit(salt + "/sample")), lit(BUCKETS));
    return new TrainingSplit(train.where(hash.lt(lit((long) Math.ceil(share * BUCKETS)))), test,
        trainSnapshots, testSnapshot);
  }

  /**
   * Rows whose label a model trained on {@code asOf} may see: the snapshot is on or before
   * it and the label's window (plus the renewal grace days for dissatisfaction) ended on or
   * before it. A table built later holds labels a run as of an earlier date must not use.
   */
  public static Dataset<Row> observed(Dataset<Row> features, Outcome o, LocalDate asOf,
      int renewalGraceDays) {
    Column windowEnd = o == Outcome.HIGH_VALUE
        ? col("high_value_window_end")
        : org.apache.spark.sql.functions.date_add(col("dissatisfied_window_end"),
            renewalGraceDays);
    return features.where(col(FeatureColumns.SNAPSHOT_DATE).leq(lit(asOf))
        .and(col(o.label).isNotNull()).and(windowEnd.leq(lit(asOf))));
  }

  /**
   * Splits the observed rows ({@link #observed}); empty when fewer than two snapshots are
   * labelled (nothing earlier to train on).
   *
   * @param snapshots the distinct snapshot dates of {@code observed}, ascending
   */
  public static Optional<TrainingSplit> of(Dataset<Row> observed, List<LocalDate> snapshots,
      Outcome o, double testShare, String salt, int folds) {
    if (snapshots.size() < 2) {
      return Optional.empty();
    }
    LocalDate test = snapshots.get(snapshots.size() - 1);
    Column hash = pmod(xxhash64(col("customer_id"), lit(salt)), lit(BUCKETS));
    Column testCustomer = hash.lt(lit((long) Math.round(testShare * BUCKETS)));
    Dataset<Row> labelled = observed
        .withColumn(LABEL, when(col(o.label), 1.0).otherwise(0.0))
        .withColumn(FOLD, pmod(xxhash64(col("customer_id"), lit(salt + "/fold")), lit(folds))
            .cast("int"));
    Dataset<Row> trainRows = labelled.where(
        col(FeatureColumns.SNAPSHOT_DATE).lt(lit(test)).and(testCustomer.unary_$bang()));
    Dataset<Row> testRows = labelled.where(
        col(FeatureColumns.SNAPSHOT_DATE).equalTo(lit(test)).and(testCustomer));
    return Optional.of(new TrainingSplit(trainRows, testRows,
        List.copyOf(snapshots.subList(0, snapshots.size() - 1)), test));
  }
}
