package brightstar.features;

import static org.apache.spark.sql.functions.ceil;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.lag;
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
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * gold.customer_features: point-in-time training rows. For each monthly snapshot date S, one
 * row per customer with a first purchase on or before S: the features are gold.customer_360
 * as of S ({@link Customer360#build}, so they see facts dated on or before S only), the labels
 * come from the window after S and are null unless the build's as-of date has seen the whole
 * window. Columns: {@link FeatureColumns#COLUMNS}.
 *
 * <p>Nothing here reads a fact dated after the build's as-of date, so a build is the same
 * whatever arrived later; and nothing in a feature reads a fact dated after its snapshot.
 */
public final class CustomerFeatures {
  private static final String ID = "customer_id";
  private static final String[] BY_ID = {ID};

  private CustomerFeatures() {}

  /** The month ends from the first one on or after {@code start} up to {@code asOf}. */
  public static List<LocalDate> snapshotDates(LocalDate start, LocalDate asOf) {
    List<LocalDate> out = new ArrayList<>();
    for (LocalDate m = YearMonth.from(start).atEndOfMonth(); !m.isAfter(asOf);
        m = YearMonth.from(m).plusMonths(1).atEndOfMonth()) {
      out.add(m);
    }
    return out;
  }

  /** Every snapshot of a build as of {@code asOf}, in one dataset (small inputs: tests). */
  public static Dataset<Row> build(SilverFacts facts, Customer360Settings c360,
      FeatureSettings s, LocalDate asOf) {
    Dataset<Row> all = null;
    for (LocalDate snapshot : snapshotDates(s.start(), asOf)) {
      Dataset<Row> one = snapshot(facts, c360, s, snapshot, asOf);
      all = all == null ? one : all.unionByName(one);
    }
    if (all == null) {
      return facts.customers().sparkSession().createDataFrame(List.of(),
          Customer360Columns.schema(FeatureColumns.COLUMNS));
    }
    return all;
  }

  /**
   * The rows of one snapshot.
   *
   * @param snapshot the month end the features describe
   * @param labelsAsOf the build's as-of date: labels whose window ends after it are null
   */
  public static Dataset<Row> snapshot(SilverFacts facts, Customer360Settings c360,
      FeatureSettings s, LocalDate snapshot, LocalDate labelsAsOf) {
    // gold.clv is not part of the features (it exists only for dates clv ran on).
    SilverFacts silver = new SilverFacts(facts.customers(), facts.orders(), facts.invoices(),
        facts.payments(), facts.creditNotes(), facts.subscriptions(), facts.seatUsage(),
        facts.activities(), facts.leads(), facts.touches(), facts.tickets(), facts.surveys(),
        facts.returns(), Optional.empty());
    Dataset<Row> features = Customer360.build(silver, c360, snapshot)
        .where(col("first_purchase_date").isNotNull())
        .withColumnRenamed("as_of_date", FeatureColumns.SNAPSHOT_DATE);
    Dataset<Row> labelled = labels(facts, s, features.select(ID), snapshot, labelsAsOf);
    return Customer360Columns.select(features.join(labelled, BY_ID, "left"),
        FeatureColumns.COLUMNS);
  }

  /** The last day of the window of {@code months} after a snapshot (a month end). */
  static LocalDate windowEnd(LocalDate snapshot, int months) {
    return YearMonth.from(snapshot).plusMonths(months).atEndOfMonth();
  }

  /**
   * The labels of a snapshot's customers: one row per id of {@code population}, with the
   * label columns of {@link FeatureColumns#LABELS}.
   */
  static Dataset<Row> labels(SilverFacts f, FeatureSettings s, Dataset<Row> population,
      LocalDate snapshot, LocalDate labelsAsOf) {
    LocalDate hvEnd = windowEnd(snapshot, s.highValueMonths());
    LocalDate dsEnd = windowEnd(snapshot, s.dissatisfiedMonths());
    boolean hvObserved = !hvEnd.isAfter(labelsAsOf);
    boolean dsObserved = !dsEnd.plusDays(s.renewalGraceDays()).isAfter(labelsAsOf);

    Dataset<Row> rows = population
        .join(futureRevenue(f, snapshot, hvEnd), BY_ID, "left")
        .join(flag(churned(f, s, snapshot, dsEnd), "churned"), BY_ID, "left")
        .join(flag(seatCuts(f, s, snapshot, dsEnd), "seat_cut"), BY_ID, "left")
        .join(flag(complaints(f, s, snapshot, dsEnd), "complaint"), BY_ID, "left")
        .join(flag(lowNps(f, s, snapshot, dsEnd), "low_nps"), BY_ID, "left");

    Column revenue = round(coalesce(col("invoiced"), lit(0.0))
        .minus(coalesce(col("credited"), lit(0.0))), 2);
    rows = rows.withColumn("revenue", revenue)
        .withColumn("population", count(lit(1)).over(Window.partitionBy()))
        .withColumn("revenue_rank", rank().over(Window.orderBy(col("revenue").desc())));
    Column highValue = col("revenue").gt(0).and(col("revenue_rank")
        .leq(ceil(col("population").multiply(s.highValueTopShare()).minus(1e-9))));

    Column any = lit(false);
    for (Part p : s.parts()) {
      any = any.or(part(p));
    }
    return rows.select(
        col(ID),
        ifObserved(hvObserved, col("revenue")).as("future_net_revenue_usd"),
        ifObserved(hvObserved, highValue).as("high_value"),
        ifObserved(dsObserved, part(Part.CHURN)).as("future_churned"),
        ifObserved(dsObserved, part(Part.SEAT_CUT)).as("future_seat_cut"),
        ifObserved(dsObserved, part(Part.COMPLAINT)).as("future_complaint"),
        ifObserved(dsObserved, part(Part.LOW_NPS)).as("future_low_nps"),
        ifObserved(dsObserved, any).as("dissatisfied"),
        lit(hvEnd).as("high_value_window_end"),
        lit(dsEnd).as("dissatisfied_window_end"),
        lit(labelsAsOf).as("labels_as_of"));
  }

  /** Net invoiced minus credit notes dated in (snapshot, end]. */
  private static Dataset<Row> futureRevenue(SilverFacts f, LocalDate snapshot, LocalDate end) {
    Dataset<Row> invoiced = in(f.invoices(), col("issue_date"), snapshot, end)
        .groupBy(ID).agg(sum(col("net_amount_usd").cast("double")).as("invoiced"));
    Dataset<Row> credited = in(f.creditNotes(), col("issue_date"), snapshot, end)
        .groupBy(ID).agg(sum(col("amount_usd").cast("double")).as("credited"));
    return invoiced.join(credited, BY_ID, "full");
  }

  /** Customers with a term ending in (snapshot, end] that no other term followed in time. */
  private static Dataset<Row> churned(SilverFacts f, FeatureSettings s, LocalDate snapshot,
      LocalDate end) {
    Dataset<Row> terms = f.subscriptions().where(col(ID).isNotNull())
        .select(col(ID), col("subscription_id"), col("start_date"), col("end_date"));
    Dataset<Row> ending = in(terms, col("end_date"), snapshot, end);
    Dataset<Row> next = terms.select(col(ID).as("next_customer"),
        col("subscription_id").as("next_subscription"), col("start_date").as("next_start"));
    Column renewal = col("next_customer").equalTo(col(ID))
        .and(col("next_subscription").notEqual(col("subscription_id")))
        .and(col("next_start").gt(col("start_date")))
        .and(col("next_start").leq(date_add(col("end_date"), s.renewalGraceDays())));
    return ending.join(next, renewal, "left_anti").select(ID).distinct();
  }

  /** Customers whose term starting in (snapshot, end] cut seats by the configured share. */
  private static Dataset<Row> seatCuts(SilverFacts f, FeatureSettings s, LocalDate snapshot,
      LocalDate end) {
    WindowSpec terms = Window.partitionBy(ID).orderBy(col("start_date"), col("subscription_id"));
    Dataset<Row> withPrevious = f.subscriptions()
        .where(col(ID).isNotNull().and(col("start_date").leq(lit(end))))
        .select(col(ID), col("subscription_id"), col("start_date"),
            col("seats_purchased").cast("double").as("seats"))
        .withColumn("previous", lag(col("seats"), 1).over(terms));
    return in(withPrevious, col("start_date"), snapshot, end)
        .where(col("previous").gt(0).and(col("seats")
            .leq(col("previous").multiply(1 - s.seatCutShare()).plus(1e-9))))
        .select(ID).distinct();
  }

  private static Dataset<Row> complaints(SilverFacts f, FeatureSettings s, LocalDate snapshot,
      LocalDate end) {
    return in(f.tickets(), to_date(col("opened_at")), snapshot, end)
        .where(col("category").isin(s.complaintCategories().toArray()))
        .select(ID).distinct();
  }

  private static Dataset<Row> lowNps(SilverFacts f, FeatureSettings s, LocalDate snapshot,
      LocalDate end) {
    return in(f.surveys(), col("responded_date"), snapshot, end)
        .where(col("survey_type").equalTo("nps").and(col("score").leq(s.npsMax())))
        .select(ID).distinct();
  }

  // --- small helpers ---

  /** Rows of a fact with a customer, dated after the snapshot and on or before the end. */
  private static Dataset<Row> in(Dataset<Row> fact, Column day, LocalDate snapshot,
      LocalDate end) {
    return fact.where(col(ID).isNotNull().and(day.gt(lit(snapshot))).and(day.leq(lit(end))));
  }

  private static Dataset<Row> flag(Dataset<Row> ids, String name) {
    return ids.withColumn(name, lit(true));
  }

  private static Column part(Part p) {
    String column = switch (p) {
      case CHURN -> "churned";
      case SEAT_CUT -> "seat_cut";
      case COMPLAINT -> "complaint";
      case LOW_NPS -> "low_nps";
    };
    return coalesce(col(column), lit(false));
  }

  private static Column ifObserved(boolean observed, Column value) {
    // when() keeps the value's type, so an unobserved label is a typed null.
    return when(lit(observed), value);
  }
}
