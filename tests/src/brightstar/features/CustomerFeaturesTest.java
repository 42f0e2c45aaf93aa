package brightstar.features;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brightstar.BrightstarException;
import brightstar.config.BrightstarConfig;
import brightstar.customer360.Customer360;
import brightstar.customer360.Customer360Columns;
import brightstar.customer360.Customer360Settings;
import brightstar.customer360.SilverFacts;
import brightstar.testing.Datasets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Point-in-time features and their labels on the named customers of {@link FeatureFixtures}. */
class CustomerFeaturesTest {
  private static final LocalDate S = LocalDate.parse("2024-03-31");
  private static final Customer360Settings C360 = Customer360Settings.defaults();

  /** Monthly snapshots from {@code start} (the fixtures span a few months). */
  private static FeatureSettings settings(String start) {
    return FeatureSettings.from(BrightstarConfig.defaults()
        .with("brightstar.features.start", start).with("brightstar.features.every-months", 1));
  }

  private static Column[] featureColumns() {
    return FeatureColumns.features().stream().map(c -> col(c)).toArray(Column[]::new);
  }

  private static Column[] datedFeatureColumns() {
    List<Column> out = new java.util.ArrayList<>(List.of(col("snapshot_date")));
    out.addAll(Arrays.asList(featureColumns()));
    return out.toArray(Column[]::new);
  }

  /**
   * The rows computed once: a snapshot's plan is customer_360's (dozens of joins and windows),
   * and comparing rows both ways would plan and run it again for every action.
   */
  private static Dataset<Row> rows(Dataset<Row> rows) {
    return rows.localCheckpoint();
  }

  /** Label columns by customer: the values of one column for each customer of a snapshot. */
  private static Map<String, Object> byCustomer(Dataset<Row> rows, String column) {
    Map<String, Object> out = new TreeMap<>();
    for (Row r : rows.select("customer_id", column).collectAsList()) {
      out.put(r.getString(0), r.get(1));
    }
    return out;
  }

  private static List<String> whereTrue(Dataset<Row> rows, String column) {
    return rows.where(col(column)).select("customer_id").orderBy("customer_id")
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
  }

  @Test
  void snapshotsAreTheMonthEndsFromTheStartToTheAsOfDate() {
    assertEquals(List.of(LocalDate.parse("2024-01-31"), LocalDate.parse("2024-02-29"),
            LocalDate.parse("2024-03-31")),
        CustomerFeatures.snapshotDates(LocalDate.parse("2024-01-15"),
            LocalDate.parse("2024-04-29")));
    assertEquals(List.of(LocalDate.parse("2024-01-31")), CustomerFeatures.snapshotDates(
        LocalDate.parse("2024-01-31"), LocalDate.parse("2024-01-31")));
    assertEquals(List.of(), CustomerFeatures.snapshotDates(LocalDate.parse("2024-01-01"),
        LocalDate.parse("2024-01-30")));
  }

  @Test
  void everyMonthsTakesEveryNthMonthEndCountedFromTheFirst() {
    assertEquals(List.of("2023-03-31", "2023-06-30", "2023-09-30", "2023-12-31", "2024-03-31",
            "2024-06-30", "2024-09-30", "2024-12-31"),
        CustomerFeatures.snapshotDates(LocalDate.parse("2023-03-15"),
            LocalDate.parse("2024-12-31"), 3).stream().map(LocalDate::toString).toList());
    // A later as-of date keeps the earlier snapshots (counted from the start, not the end).
    assertEquals(List.of("2024-01-31", "2024-03-31"), CustomerFeatures.snapshotDates(
        LocalDate.parse("2024-01-31"), LocalDate.parse("2024-04-30"), 2).stream()
        .map(LocalDate::toString).toList());
    assertEquals(1, FeatureSettings.defaults().everyMonths(), "monthly snapshots by default");
    assertEquals(2, FeatureSettings.from(BrightstarConfig.defaults()
        .with("brightstar.features.every-months", 2)).everyMonths());
    BrightstarException e = assertThrows(BrightstarException.class,
        () -> FeatureSettings.from(BrightstarConfig.defaults()
            .with("brightstar.features.every-months", 0)));
    assertTrue(e.getMessage().contains("brightstar.features.every-months = 0"),
        e.getMessage());
  }

  /**
   * The one-pass build of several snapshots equals each snapshot built alone, row for row:
   * features (open windows, populations and ranks of each date) and labels (observed or not).
   */
  @Test
  void snapshotsOfOnePassEqualEachSnapshotBuiltAlone() {
    SilverFacts facts = FeatureFixtures.later(FeatureFixtures.facts(), "2024-04-10");
    FeatureSettings s = settings("2024-01-31");
    LocalDate labelsAsOf = LocalDate.parse("2025-04-30");
    List<LocalDate> snapshots = List.of(LocalDate.parse("2024-01-31"), S,
        LocalDate.parse("2024-04-30"), LocalDate.parse("2024-09-30"),
        LocalDate.parse("2025-03-31"));
    // Each snapshot computed on its own, then put together: one union of five whole plans
    // costs more to plan than the five plans do.
    Dataset<Row> alone = null;
    for (LocalDate snapshot : snapshots) {
      Dataset<Row> one = rows(CustomerFeatures.snapshot(facts, C360, s, snapshot, labelsAsOf));
      alone = alone == null ? one : alone.unionByName(one);
    }
    Dataset<Row> together =
        rows(CustomerFeatures.snapshots(facts, C360, s, snapshots, labelsAsOf));
    Datasets.assertSameRows(alone, together);
    // The labels of 2024-01-31 and 2024-03-31 are observed by 2025-04-30, later ones not all.
    assertEquals(3, together.where(col("snapshot_date").equalTo(S.toString())
        .and(col("high_value"))).count());
    assertEquals(0, together.where(col("snapshot_date").equalTo("2025-03-31")
        .and(col("dissatisfied").isNotNull())).count());
    // customer_360 itself, all dates in one pass, on these facts too.
    List<LocalDate> dates = List.of(S, LocalDate.parse("2024-06-30"),
        LocalDate.parse("2024-07-01"));
    Dataset<Row> c360Alone = null;
    for (LocalDate date : dates) {
      Dataset<Row> one = rows(Customer360.build(facts, C360, date));
      c360Alone = c360Alone == null ? one : c360Alone.unionByName(one);
    }
    Datasets.assertSameRows(c360Alone, rows(Customer360.build(facts, C360, dates)));
  }

  @Test
  void labelPartsOfTheNamedCustomers() {
    Dataset<Row> labels = CustomerFeatures.labels(FeatureFixtures.facts(), settings("2024-03-31"),
        FeatureFixtures.table("customer_id STRING", Arrays.stream(FeatureFixtures.IN_SNAPSHOT)
            .map(id -> new Object[] {id}).toList()), S, LocalDate.parse("2025-06-30")).cache();
    assertEquals(12, labels.count());
    assertEquals(List.of("BIG", "CHURN", "RENEW"), whereTrue(labels, "high_value"));
    Map<String, Object> revenue = byCustomer(labels, "future_net_revenue_usd");
    assertEquals(10000.0, revenue.get("BIG"));
    assertEquals(500.0, revenue.get("REFUNDED"));
    assertEquals(0.0, revenue.get("OLD"));
    assertEquals(0.0, revenue.get("AFTER"));
    assertEquals(List.of("CHURN", "LATEREN"), whereTrue(labels, "future_churned"));
    assertEquals(List.of("CUT"), whereTrue(labels, "future_seat_cut"));
    assertEquals(List.of("COMPLAIN"), whereTrue(labels, "future_complaint"));
    assertEquals(List.of("DETRACT"), whereTrue(labels, "future_low_nps"));
    assertEquals(List.of("CHURN", "COMPLAIN", "CUT", "DETRACT", "LATEREN"),
        whereTrue(labels, "dissatisfied"));
    Row big = labels.where(col("customer_id").equalTo("BIG")).first();
    assertEquals(LocalDate.parse("2025-03-31"),
        big.<java.sql.Date>getAs("high_value_window_end").toLocalDate());
    assertEquals(LocalDate.parse("2024-09-30"),
        big.<java.sql.Date>getAs("dissatisfied_window_end").toLocalDate());
    assertEquals(LocalDate.parse("2025-06-30"),
        big.<java.sql.Date>getAs("labels_as_of").toLocalDate());
    labels.unpersist();
  }

  @Test
  void dissatisfiedCountsOnlyTheConfiguredParts() {
    FeatureSettings onlyNps = FeatureSettings.from(BrightstarConfig.defaults()
        .with("brightstar.features.dissatisfied.parts", List.of("low-nps", "complaint"))
        .with("brightstar.features.dissatisfied.nps-max", 7));
    Dataset<Row> labels = CustomerFeatures.labels(FeatureFixtures.facts(), onlyNps,
        FeatureFixtures.table("customer_id STRING", Arrays.stream(FeatureFixtures.IN_SNAPSHOT)
            .map(id -> new Object[] {id}).toList()), S, LocalDate.parse("2025-06-30"));
    assertEquals(List.of("COMPLAIN", "DETRACT", "PASSIVE"), whereTrue(labels, "dissatisfied"));
    // The parts themselves are still recorded, whatever the label is made of.
    assertEquals(List.of("CHURN", "LATEREN"), whereTrue(labels, "future_churned"));
  }

  @Test
  void labelsAreNullUntilTheBuildHasSeenTheWholeWindow() {
    Dataset<Row> ids = FeatureFixtures.table("customer_id STRING",
        List.of(new Object[] {"BIG"}, new Object[] {"CHURN"}));
    // 2024-12-31: the six months and their 30 grace days are over, the twelve months are not.
    Row dissatisfiedOnly = CustomerFeatures.labels(FeatureFixtures.facts(),
        settings("2024-03-31"), ids, S, LocalDate.parse("2024-12-31"))
        .where(col("customer_id").equalTo("CHURN")).first();
    assertNull(dissatisfiedOnly.getAs("high_value"));
    assertNull(dissatisfiedOnly.getAs("future_net_revenue_usd"));
    assertEquals(Boolean.TRUE, dissatisfiedOnly.getAs("dissatisfied"));
    // 2024-10-15: the window has ended but a renewal could still come within the grace days.
    Row none = CustomerFeatures.labels(FeatureFixtures.facts(), settings("2024-03-31"), ids, S,
        LocalDate.parse("2024-10-15")).where(col("customer_id").equalTo("CHURN")).first();
    for (String label : List.of("dissatisfied", "future_churned", "future_seat_cut",
        "future_complaint", "future_low_nps", "high_value")) {
      assertNull(none.getAs(label), label);
    }
  }

  /**
   * The labels are computed for Customer360.buyers and joined to the feature rows: the buyers
   * must be exactly the customer_360 rows with a first purchase, or rows would lose labels.
   */
  @Test
  void theBuyersAreTheCustomer360RowsWithAFirstPurchaseAndEveryRowHasItsLabels() {
    SilverFacts facts = FeatureFixtures.later(FeatureFixtures.facts(), "2024-04-10");
    List<LocalDate> dates = List.of(LocalDate.parse("2023-12-31"), LocalDate.parse("2024-01-31"),
        S, LocalDate.parse("2024-04-30"), LocalDate.parse("2025-03-31"));
    Dataset<Row> built = rows(Customer360.build(facts, C360, dates)
        .where(col("first_purchase_date").isNotNull()).select("customer_id", "as_of_date"));
    Dataset<Row> buyers = rows(Customer360.buyers(facts, dates));
    Datasets.assertSameRows(built, buyers);
    // The fixtures have customers whose first purchase comes after some of the dates.
    assertTrue(Customer360.build(facts, C360, dates).where(col("first_purchase_date").isNull())
        .count() > 0);
    Dataset<Row> features = rows(CustomerFeatures.snapshots(facts, C360,
        settings("2023-12-31"), dates, LocalDate.parse("2025-04-30")));
    assertEquals(built.count(), features.count());
    assertEquals(0, features.where(col("high_value_window_end").isNull()
        .or(col("labels_as_of").isNull())).count());
  }

  @Test
  void aSnapshotHoldsTheCustomersWithAPurchaseByThenAndTheDeclaredColumns() {
    Dataset<Row> rows = rows(CustomerFeatures.snapshot(FeatureFixtures.facts(), C360,
        settings("2024-03-31"), S, LocalDate.parse("2025-06-30")));
    assertEquals(Customer360Columns.schema(FeatureColumns.COLUMNS).simpleString(),
        rows.schema().simpleString());
    assertEquals(12, rows.count());
    assertEquals(0, rows.where(col("customer_id").equalTo("NOTYET")).count());
    assertEquals(List.of("BIG", "CHURN", "RENEW"), whereTrue(rows, "high_value"));
    Row big = rows.where(col("customer_id").equalTo("BIG")).first();
    assertEquals(S, big.<java.sql.Date>getAs("snapshot_date").toLocalDate());
    assertEquals(76, (int) big.<Integer>getAs("tenure_days"));
    assertEquals(Boolean.TRUE, big.getAs("referral_given"));
  }

  /**
   * The leakage test: facts dated after a snapshot must not change its features, and facts
   * dated after the build's as-of date must not change anything the build writes.
   */
  @Test
  void featuresNeverReadFactsDatedAfterTheirSnapshot() {
    SilverFacts base = FeatureFixtures.facts();
    SilverFacts later = FeatureFixtures.later(base, "2024-04-10");
    FeatureSettings s = settings("2024-03-31");
    LocalDate labelsAsOf = LocalDate.parse("2025-06-30");
    Dataset<Row> before = rows(CustomerFeatures.snapshot(base, C360, s, S, labelsAsOf)
        .select(featureColumns()));
    Dataset<Row> after = rows(CustomerFeatures.snapshot(later, C360, s, S, labelsAsOf)
        .select(featureColumns()));
    Datasets.assertSameRows(before, after);
    // The same facts do reach the features of a snapshot that may see them.
    LocalDate next = LocalDate.parse("2024-04-30");
    Dataset<Row> seen = rows(CustomerFeatures.snapshot(later, C360, s, next, labelsAsOf)
        .select(featureColumns()));
    Dataset<Row> unseen = rows(CustomerFeatures.snapshot(base, C360, s, next, labelsAsOf)
        .select(featureColumns()));
    assertTrue(seen.exceptAll(unseen).count() >= 5, "the later facts change later snapshots");
    // In one pass over both snapshots too: the later facts reach the later snapshot only.
    Dataset<Row> together = rows(CustomerFeatures.snapshots(later, C360, s, List.of(S, next),
        labelsAsOf)).select(datedFeatureColumns());
    Datasets.assertSameRows(before,
        together.where(col("snapshot_date").equalTo(S.toString())).drop("snapshot_date"));
    Datasets.assertSameRows(seen,
        together.where(col("snapshot_date").equalTo(next.toString())).drop("snapshot_date"));
  }

  @Test
  void aBuildIsTheSameWhateverArrivesAfterItsAsOfDate() {
    LocalDate asOf = LocalDate.parse("2025-04-30");
    SilverFacts base = FeatureFixtures.facts();
    SilverFacts later = FeatureFixtures.later(base, "2025-05-10");
    // Labels included: both windows of the 2024-03-31 snapshot are observed by 2025-04-30.
    Dataset<Row> labelled = rows(CustomerFeatures.snapshot(base, C360, settings("2024-03-31"),
        S, asOf));
    assertEquals(3, labelled.where(col("high_value")).count());
    Datasets.assertSameRows(labelled,
        rows(CustomerFeatures.snapshot(later, C360, settings("2024-03-31"), S, asOf)));
    // Every snapshot of a build.
    FeatureSettings recent = settings("2025-03-31");
    Dataset<Row> first = rows(CustomerFeatures.build(base, C360, recent, asOf));
    assertEquals(2, first.select("snapshot_date").distinct().count());
    Datasets.assertSameRows(first, rows(CustomerFeatures.build(later, C360, recent, asOf)));
  }

  @Test
  void settingsAreCheckedWithTheKeyNamed() {
    BrightstarException e = assertThrows(BrightstarException.class,
        () -> FeatureSettings.from(BrightstarConfig.defaults()
            .with("brightstar.features.dissatisfied.parts", List.of("churn", "angry"))));
    assertTrue(e.getMessage().contains("brightstar.features.dissatisfied.parts: angry"),
        e.getMessage());
    assertTrue(e.getMessage().contains("[churn, seat-cut, complaint, low-nps]"), e.getMessage());
    BrightstarException share = assertThrows(BrightstarException.class,
        () -> FeatureSettings.from(BrightstarConfig.defaults()
            .with("brightstar.features.high-value.top-share", 1.5)));
    assertTrue(share.getMessage().contains("high-value.top-share = 1.5"), share.getMessage());
    BrightstarException pass = assertThrows(BrightstarException.class,
        () -> FeatureSettings.from(BrightstarConfig.defaults()
            .with("brightstar.features.snapshots-per-pass", 0)));
    assertTrue(pass.getMessage().contains("snapshots-per-pass = 0"), pass.getMessage());
    FeatureSettings d = FeatureSettings.defaults();
    assertEquals(12, d.highValueMonths());
    assertEquals(0.2, d.highValueTopShare());
    assertEquals(6, d.dissatisfiedMonths());
    assertEquals(4, d.parts().size());
    assertNotEquals(null, d.start());
  }
}
