package brightstar.features;

import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.ceil;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.last_day;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.rank;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import brightstar.customer360.Customer360;
import brightstar.customer360.Customer360Columns;
import brightstar.customer360.Customer360Settings;
import brightstar.customer360.SilverFacts;
import brightstar.features.FeatureSettings.Part;
import java.sql.Date;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * gold.customer_features: point-in-time training rows. For each snapshot date S (a month end,
 * every {@code every-months}), one row per customer with a first purchase on or before S: the
 * features are gold.customer_360 as of S ({@link Customer360#build}, so they see facts dated
 * on or before S only), the labels come from the window after S and are null unless the
 * build's as-of date has seen the whole window. Columns: {@link FeatureColumns#COLUMNS}.
 *
 * <p>All snapshots are built in one plan (customer_360's multi-date build, and the labels of
 * each snapshot's buyers, computed on their keys and joined to the wide rows once); a
 * snapshot's rows equal those of a build of it alone.
 *
 * <p>Nothing here reads a fact dated after the build's as-of date, so a build is the same
 * whatever arrived later; and nothing in a feature reads a fact dated after its snapshot.
 */
public final class CustomerFeatures {
  private static final String ID = "customer_id";
  private static final String S = FeatureColumns.SNAPSHOT_DATE;
  private static final String[] KEY = {ID, S};
  private static final String HV_END = "high_value_window_end";
  private static final String DS_END = "dissatisfied_window_end";

  private CustomerFeatures() {}

  /** The month ends from the first one on or after {@code start} up to {@code asOf}. */
  public static List<LocalDate> snapshotDates(LocalDate start, LocalDate asOf) {
    return snapshotDates(start, asOf, 1);
  }

  /**
   * Every {@code everyMonths}-th month end from the first one on or after {@code start} up to
   * {@code asOf}: counted from the start, so a later as-of date adds snapshots and keeps the
   * earlier ones.
   */
  public static List<LocalDate> snapshotDates(LocalDate start, LocalDate asOf,
      int everyMonths) {
    if (everyMonths < 1) {
      throw new IllegalArgumentException("everyMonths must be >= 1: " + everyMonths);
    }
    List<LocalDate> out = new ArrayList<>();
    for (LocalDate m = YearMonth.from(start).atEndOfMonth(); !m.isAfter(asOf);
        m = YearMonth.from(m).plusMonths(everyMonths).atEndOfMonth()) {
      out.add(m);
    }
    return out;
  }

  /** Every snapshot of a build as of {@code asOf}, in one dataset. */
  public static Dataset<Row> build(SilverFacts facts, Customer360Settings c360,
      FeatureSettings s, LocalDate asOf) {
    return snapshots(facts, c360, s, snapshotDates(s.start(), asOf, s.everyMonths()), asOf);
  }

  /**
   * The rows of one snapshot.
   *
   * @param snapshot the month end the features describe
   * @param labelsAsOf the build's as-of date: labels whose window ends after it are null
   */
  public static Dataset<Row> snapshot(SilverFacts facts, Customer360Settings c360,
      FeatureSettings s, LocalDate snapshot, LocalDate labelsAsOf) {
    return snapshots(facts, c360, s, List.of(snapshot), labelsAsOf);
  }

  /**
   * The rows of several snapshots in one plan: for each, exactly the rows of
   * {@link #snapshot} for it alone.
   *
   * @param snapshots the dates the features describe (month ends)
   * @param labelsAsOf the build's as-of date: labels whose window ends after it are null
   */
  public static Dataset<Row> snapshots(SilverFacts facts, Customer360Settings c360,
      FeatureSettings s, List<LocalDate> snapshots, LocalDate labelsAsOf) {
    if (snapshots.isEmpty()) {
      return facts.customers().sparkSession().createDataFrame(List.of(),
          Customer360Columns.schema(FeatureColumns.COLUMNS));
    }
    // gold.clv is not part of the features (it exists only for dates clv ran on).
    SilverFacts silver = new SilverFacts(facts.customers(), facts.orders(), facts.invoices(),
        facts.payments(), facts.creditNotes(), facts.subscriptions(), facts.seatUsage(),
        facts.activities(), facts.leads(), facts.touches(), facts.tickets(), facts.surveys(),
        facts.returns(), Optional.empty());
    Dataset<Row> dates = dates(facts.customers(), snapshots);
    Dataset<Row> features = Customer360.build(silver, c360, snapshots)
        .where(col("first_purchase_date").isNotNull())
        .withColumnRenamed("as_of_date", S);
    // The labels are computed on the narrow keys of the same rows (Customer360.buyers) and
    // joined once: the wide feature rows are shuffled by key once, never ranked themselves.
    // labelled gives the keys and the label columns only.
    Dataset<Row> population = Customer360.buyers(silver, snapshots)
        .withColumnRenamed("as_of_date", S);
    return Customer360Columns.select(
        features.join(labelled(facts, s, population, dates, labelsAsOf), KEY, "left"),
        FeatureColumns.COLUMNS);
  }

  /**
   * The labels of a snapshot's customers: one row per id of {@code population}, with the
   * label columns of {@link FeatureColumns#LABELS}.
   */
  static Dataset<Row> labels(SilverFacts f, FeatureSettings s, Dataset<Row> population,
      LocalDate snapshot, LocalDate labelsAsOf) {
    List<Column> out = new ArrayList<>(List.of(col(ID)));
    FeatureColumns.LABELS.forEach(l -> out.add(col(l.name())));
    return labelled(f, s, population.select(col(ID), lit(snapshot).as(S)),
        dates(population, List.of(snapshot)), labelsAsOf).select(out.toArray(Column[]::new));
  }

  /**
   * The population's rows (each with {@code customer_id} and {@code snapshot_date}) with the
   * label columns of {@link FeatureColumns#LABELS} added; the high-value ranking is among the
   * rows of the same snapshot.
   *
   * @param snapshots the population's snapshot dates, one row each (a small dataset)
   */
  private static Dataset<Row> labelled(SilverFacts f, FeatureSettings s,
      Dataset<Row> population, Dataset<Row> snapshots, LocalDate labelsAsOf) {
    // A window's last day: the month end N months after the snapshot.
    Dataset<Row> windows = broadcast(snapshots
        .withColumn(HV_END, last_day(add_months(col(S), s.highValueMonths())))
        .withColumn(DS_END, last_day(add_months(col(S), s.dissatisfiedMonths()))));
    Column hvObserved = col(HV_END).leq(lit(labelsAsOf));
    Column dsObserved = date_add(col(DS_END), s.renewalGraceDays()).leq(lit(labelsAsOf));

    Dataset<Row> rows = population
        .join(windows, new String[] {S})
        .join(futureRevenue(f, windows), KEY, "left")
        .join(flag(churned(f, s, windows), "_churned"), KEY, "left")
        .join(flag(seatCuts(f, s, windows), "_seat_cut"), KEY, "left")
        .join(flag(complaints(f, s, windows), "_complaint"), KEY, "left")
        .join(flag(lowNps(f, s, windows), "_low_nps"), KEY, "left");

    Column revenue = round(coalesce(col("_invoiced"), lit(0.0))
        .minus(coalesce(col("_credited"), lit(0.0))), 2);
    WindowSpec snapshot = Window.partitionBy(S);
    rows = rows.withColumn("_revenue", revenue)
        .withColumn("_population", count(lit(1)).over(snapshot))
        .withColumn("_revenue_rank", rank().over(snapshot.orderBy(col("_revenue").desc())));
    Column highValue = col("_revenue").gt(0).and(col("_revenue_rank")
        .leq(ceil(col("_population").multiply(s.highValueTopShare()).minus(1e-9))));

    Column any = lit(false);
    for (Part p : s.parts()) {
      any = any.or(part(p));
    }
    return rows
        .withColumn("future_net_revenue_usd", when(hvObserved, col("_revenue")))
        .withColumn("high_value", when(hvObserved, highValue))
        .withColumn("future_churned", when(dsObserved, part(Part.CHURN)))
        .withColumn("future_seat_cut", when(dsObserved, part(Part.SEAT_CUT)))
        .withColumn("future_complaint", when(dsObserved, part(Part.COMPLAINT)))
        .withColumn("future_low_nps", when(dsObserved, part(Part.LOW_NPS)))
        .withColumn("dissatisfied", when(dsObserved, any))
        .withColumn("labels_as_of", lit(labelsAsOf))
        .drop("_invoiced", "_credited", "_churned", "_seat_cut", "_complaint", "_low_nps",
            "_revenue", "_population", "_revenue_rank");
  }

  /** Net invoiced and credit notes dated in (snapshot, high-value window end]. */
  private static Dataset<Row> futureRevenue(SilverFacts f, Dataset<Row> windows) {
    Dataset<Row> invoiced = in(f.invoices(), col("issue_date"), windows, HV_END)
        .groupBy(ID, S).agg(sum(col("net_amount_usd").cast("double")).as("_invoiced"));
    Dataset<Row> credited = in(f.creditNotes(), col("issue_date"), windows, HV_END)
        .groupBy(ID, S).agg(sum(col("amount_usd").cast("double")).as("_credited"));
    return invoiced.join(credited, KEY, "full");
  }

  /** Customers with a term ending in (snapshot, end] that no other term followed in time. */
  private static Dataset<Row> churned(SilverFacts f, FeatureSettings s, Dataset<Row> windows) {
    Dataset<Row> terms = f.subscriptions().where(col(ID).isNotNull())
        .select(col(ID), col("subscription_id"), col("start_date"), col("end_date"));
    Dataset<Row> next = terms.select(col(ID).as("next_customer"),
        col("subscription_id").as("next_subscription"), col("start_date").as("next_start"));
    Column renewal = col("next_customer").equalTo(col(ID))
        .and(col("next_subscription").notEqual(col("subscription_id")))
        .and(col("next_start").gt(col("start_date")))
        .and(col("next_start").leq(date_add(col("end_date"), s.renewalGraceDays())));
    // Whether a term was renewed does not depend on the snapshot: decide it once.
    Dataset<Row> unrenewed = terms.join(next, renewal, "left_anti");
    return in(unrenewed, col("end_date"), windows, DS_END).select(ID, S).distinct();
  }

  /** Customers whose term starting in (snapshot, end] cut seats by the configured share. */
  private static Dataset<Row> seatCuts(SilverFacts f, FeatureSettings s, Dataset<Row> windows) {
    WindowSpec terms = Window.partitionBy(ID).orderBy(col("start_date"), col("subscription_id"));
    // The term before a term is the same whatever the window: terms starting later sort after.
    Dataset<Row> cuts = f.subscriptions()
        .where(col(ID).isNotNull().and(col("start_date").isNotNull()))
        .select(col(ID), col("subscription_id"), col("start_date"),
            col("seats_purchased").cast("double").as("seats"))
        .withColumn("previous", lag(col("seats"), 1).over(terms))
        .where(col("previous").gt(0).and(col("seats")
            .leq(col("previous").multiply(1 - s.seatCutShare()).plus(1e-9))));
    return in(cuts, col("start_date"), windows, DS_END).select(ID, S).distinct();
  }

  private static Dataset<Row> complaints(SilverFacts f, FeatureSettings s,
      Dataset<Row> windows) {
    return in(f.tickets().where(col("category").isin(s.complaintCategories().toArray())),
        to_date(col("opened_at")), windows, DS_END)
        .select(ID, S).distinct();
  }

  private static Dataset<Row> lowNps(SilverFacts f, FeatureSettings s, Dataset<Row> windows) {
    return in(f.surveys().where(col("survey_type").equalTo("nps")
            .and(col("score").leq(s.npsMax()))), col("responded_date"), windows, DS_END)
        .select(ID, S).distinct();
  }

  // --- small helpers ---

  /** The snapshot dates as a one-column dataset. */
  private static Dataset<Row> dates(Dataset<Row> like, List<LocalDate> snapshots) {
    List<Row> rows = snapshots.stream().distinct()
        .map(d -> RowFactory.create(Date.valueOf(d))).toList();
    return like.sparkSession().createDataFrame(rows,
        new StructType().add(S, DataTypes.DateType, false));
  }

  /**
   * Rows of a fact with a customer, gathered by customer and each joined to the snapshots
   * whose window holds its day: dated after the snapshot and on or before the window end
   * column {@code end}. The copies are aggregated by customer where they are made, unshuffled.
   */
  private static Dataset<Row> in(Dataset<Row> fact, Column day, Dataset<Row> windows,
      String end) {
    return fact.where(col(ID).isNotNull()).repartition(col(ID))
        .join(windows.select(S, end), day.gt(col(S)).and(day.leq(col(end))));
  }

  private static Dataset<Row> flag(Dataset<Row> ids, String name) {
    return ids.withColumn(name, lit(true));
  }

  private static Column part(Part p) {
    String column = switch (p) {
      case CHURN -> "_churned";
      case SEAT_CUT -> "_seat_cut";
      case COMPLAINT -> "_complaint";
      case LOW_NPS -> "_low_nps";
    };
    return coalesce(col(column), lit(false));
  }
}
