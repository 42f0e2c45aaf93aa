package brightstar.insights;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brightstar.BrightstarException;
import brightstar.Progress;
import brightstar.config.BrightstarConfig;
import brightstar.io.TableCatalog;
import brightstar.io.TableWriter;
import brightstar.io.Tables;
import brightstar.ml.Outcome;
import brightstar.testing.Declared;
import brightstar.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job on a few hand-made customers whose numbers can be checked by hand. As of
 * 2024-12-31 the high-value population is six customers, each at its first snapshot with 90
 * days of tenure and an observed label (c1 and c6 in June 2023, the others in December 2023;
 * c7's only label is not observed yet, c8 is too young):
 * <pre>
 *        second purchase  returns  low NPS   high value  dissatisfied
 *   c1   yes              2        no        yes         no
 *   c2   no               0        yes       no          yes
 *   c3   yes              1        no        yes         no
 *   c4   no               0        (null)    no          yes
 *   c5   yes              0        yes       no          no
 *   c6   no               0        no        yes         no
 * </pre>
 */
class InsightsJobTest {
  private static final LocalDate AS_OF = LocalDate.parse("2024-12-31");
  private static final List<String> FLAGS = List.of("second_purchase_within_90d",
      "returns_first_90d", "low_nps", "referral_given");
  private final SparkSession spark = SharedSpark.get();

  private static Progress quiet() {
    return new Progress("test", new PrintStream(new ByteArrayOutputStream()));
  }

  private BrightstarConfig config(Path dir) {
    return SharedSpark.config(dir).with("brightstar.insights.flags", FLAGS)
        .with("brightstar.insights.min-customers", 1);
  }

  private TableCatalog features(Path dir) {
    StructType schema = new StructType()
        .add("snapshot_date", DataTypes.DateType).add("customer_id", DataTypes.StringType)
        .add("tenure_days", DataTypes.IntegerType).add("employees", DataTypes.IntegerType)
        .add("second_purchase_within_90d", DataTypes.BooleanType)
        .add("returns_first_90d", DataTypes.IntegerType)
        .add("low_nps", DataTypes.BooleanType)
        .add("high_value", DataTypes.BooleanType).add("dissatisfied", DataTypes.BooleanType)
        .add("high_value_window_end", DataTypes.DateType)
        .add("dissatisfied_window_end", DataTypes.DateType)
        .add("labels_as_of", DataTypes.DateType);
    Date june = Date.valueOf("2023-06-30");
    Date december = Date.valueOf("2023-12-31");
    Date nextJune = Date.valueOf("2024-06-30");
    List<Row> rows = List.of(
        row(june, "c1", 100, 500, true, 2, false, true, false),
        row(december, "c1", 284, 500, true, 2, false, false, true),
        row(june, "c2", 50, 40, null, null, null, false, false),
        row(december, "c2", 234, 40, false, 0, true, false, true),
        row(december, "c3", 120, 900, true, 1, false, true, false),
        row(december, "c4", 95, null, false, 0, null, false, true),
        row(december, "c5", 150, 80, true, 0, true, false, false),
        row(june, "c6", 91, 300, false, 0, false, true, false),
        row(nextJune, "c7", 200, 100, true, 0, false, null, null),
        row(december, "c8", 60, 100, null, null, null, false, false));
    TableCatalog catalog = new TableCatalog(spark, dir.toString());
    Dataset<Row> features = Declared.padded(Tables.CUSTOMER_FEATURES,
        spark.createDataFrame(rows, schema));
    new TableWriter(catalog).overwrite(features, Tables.CUSTOMER_FEATURES.id());
    return catalog;
  }

  private static Row row(Date snapshot, String id, int tenure, Integer employees, Boolean sp,
      Integer returns, Boolean lowNps, Boolean highValue, Boolean dissatisfied) {
    LocalDate s = snapshot.toLocalDate();
    return RowFactory.create(snapshot, id, tenure, employees, sp, returns, lowNps,
        highValue, dissatisfied, Date.valueOf(s.plusMonths(12)), Date.valueOf(s.plusMonths(6)),
        Date.valueOf(AS_OF));
  }

  private static Map<String, Row> byBehaviour(List<Row> rows) {
    return rows.stream().collect(Collectors.toMap(r -> r.getAs("behaviour"),
        Function.identity()));
  }

  @Test
  void comparesEachCustomerOnceAtItsFirstCompleteSnapshot(@TempDir Path dir) {
    features(dir);
    InsightsJob.Result result = InsightsJob.run(spark, config(dir), AS_OF,
        List.of(Outcome.HIGH_VALUE), quiet());
    Map<String, Row> rows = byBehaviour(result.rows().get(Outcome.HIGH_VALUE));
    assertEquals(FLAGS.size(), rows.size());
    double z = Proportions.z(0.95);

    Row sp = rows.get("second_purchase_within_90d");
    assertEquals(6L, (long) sp.getAs("customers"));
    assertEquals(0.5, sp.getAs("outcome_rate"), 1e-12);
    assertEquals(3L, (long) sp.getAs("n_with"));
    assertEquals(3L, (long) sp.getAs("n_without"));
    assertEquals(0L, (long) sp.getAs("n_unknown"));
    assertEquals(2.0 / 3, sp.getAs("rate_with"), 1e-12);
    assertEquals(1.0 / 3, sp.getAs("rate_without"), 1e-12);
    assertEquals(2.0, sp.getAs("lift"), 1e-12);
    assertEquals(1.0 / 3, sp.getAs("diff"), 1e-12);
    Proportions.Interval expected = Proportions.newcombe(2, 3, 1, 3, z);
    assertEquals(expected.low(), sp.getAs("diff_low"), 1e-12);
    assertEquals(expected.high(), sp.getAs("diff_high"), 1e-12);
    assertEquals(Date.valueOf("2023-06-30"), sp.getAs("first_snapshot"));
    assertEquals(Date.valueOf("2023-12-31"), sp.getAs("last_snapshot"));
    assertEquals(0.95, sp.getAs("confidence"), 1e-12);

    // A count is a flag when at least one: c1 and c3 returned something, both high value.
    Row returns = rows.get("returns_first_90d");
    assertEquals(2L, (long) returns.getAs("n_with"));
    assertEquals(1.0, returns.getAs("rate_with"), 1e-12);
    assertEquals(0.25, returns.getAs("rate_without"), 1e-12);
    assertEquals(4.0, returns.getAs("lift"), 1e-12);

    // c4 never answered: counted as not shown, and said so.
    Row nps = rows.get("low_nps");
    assertEquals(2L, (long) nps.getAs("n_with"));
    assertEquals(1L, (long) nps.getAs("n_unknown"));
    assertEquals(0.0, nps.getAs("rate_with"), 1e-12);
    assertEquals(0.75, nps.getAs("rate_without"), 1e-12);
    assertEquals(0.0, nps.getAs("lift"), 1e-12);

    // Nobody gave a referral: nothing to estimate, ranked after the estimated flags.
    Row referral = rows.get("referral_given");
    assertEquals(0L, (long) referral.getAs("n_with"));
    assertNull(referral.getAs("rate_with"));
    assertNull(referral.getAs("diff_low"));
    assertNull(referral.getAs("adjusted_effect"));
    assertNull(referral.getAs("adjusted_rank"));
    assertEquals("not_estimated", referral.getAs("reading"));
    List<Row> ordered = result.rows().get(Outcome.HIGH_VALUE);
    assertEquals("referral_given", ordered.get(3).getAs("behaviour"));

    // The three estimated flags are ranked 1..3 by their adjusted effect, largest first.
    List<Double> effects = ordered.subList(0, 3).stream()
        .map(r -> (Double) r.getAs("adjusted_effect")).toList();
    assertEquals(List.of(1, 2, 3), ordered.subList(0, 3).stream()
        .map(r -> (Integer) r.getAs("adjusted_rank")).toList());
    assertTrue(effects.get(0) >= effects.get(1) && effects.get(1) >= effects.get(2),
        "effects " + effects);
    for (Row r : ordered.subList(0, 3)) {
      double effect = r.getAs("adjusted_effect");
      assertTrue((double) r.getAs("adjusted_low") < effect
          && effect < (double) r.getAs("adjusted_high"), "interval around " + effect);
      assertEquals(Math.exp(effect), r.getAs("adjusted_odds_ratio"), 1e-9);
    }
    // Without gold.model_runs there is no importance.
    assertNull(sp.getAs("model_importance"));
    assertNull(sp.getAs("model_version"));
  }

  @Test
  void aFlagOfTooFewCustomersKeepsItsRawColumnsOnly(@TempDir Path dir) {
    features(dir);
    Map<String, Row> rows = byBehaviour(InsightsJob.run(spark,
        config(dir).with("brightstar.insights.min-customers", 3), AS_OF,
        List.of(Outcome.HIGH_VALUE), quiet()).rows().get(Outcome.HIGH_VALUE));
    // Two customers have low NPS, two returned something: below 3, so no adjusted effect.
    for (String few : List.of("low_nps", "returns_first_90d")) {
      assertNull(rows.get(few).getAs("adjusted_effect"), few);
      assertNull(rows.get(few).getAs("adjusted_rank"), few);
      assertEquals("not_estimated", rows.get(few).getAs("reading"), few);
      assertEquals(2L, (long) rows.get(few).getAs("n_with"), few);
      assertNotNull(rows.get(few).getAs("diff_low"), few);
    }
    // Three with and three without a second purchase: estimated, and alone in the ranking.
    assertEquals(1, (int) rows.get("second_purchase_within_90d").getAs("adjusted_rank"));
  }

  @Test
  void aRerunReplacesTheDatesRowsOfItsOutcomeOnly(@TempDir Path dir) {
    TableCatalog catalog = features(dir);
    InsightsJob.run(spark, config(dir), AS_OF, List.of(Outcome.values()), quiet());
    InsightsJob.run(spark, config(dir), AS_OF, List.of(Outcome.DISSATISFACTION), quiet());
    InsightsJob.run(spark, config(dir), LocalDate.parse("2024-12-30"),
        List.of(Outcome.DISSATISFACTION), quiet());

    Dataset<Row> stored = catalog.read(InsightsJob.BEHAVIOUR_INSIGHTS);
    assertEquals(Tables.BEHAVIOUR_INSIGHTS.columnNames(), List.of(stored.columns()));
    assertEquals(3L * FLAGS.size(), stored.count());
    assertEquals(FLAGS.size(), stored.where(col("outcome").equalTo("high_value")).count());
    assertEquals(2L * FLAGS.size(), stored.where(col("outcome").equalTo("dissatisfaction"))
        .count());
    assertEquals(Tables.BEHAVIOUR_INSIGHTS.column("adjusted_effect").orElseThrow().comment(),
        stored.schema().apply("adjusted_effect").getComment().get());
    // Dissatisfied: c2 and c4, neither with a second purchase.
    Row sp = stored.where(col("outcome").equalTo("dissatisfaction")
        .and(col("as_of_date").equalTo(Date.valueOf(AS_OF)))
        .and(col("behaviour").equalTo("second_purchase_within_90d"))).first();
    assertEquals(0.0, sp.getAs("rate_with"), 1e-12);
    assertEquals(2.0 / 3, sp.getAs("rate_without"), 1e-12);
  }

  @Test
  void readsTheImportanceOfTheLatestModelVersionOnOrBeforeTheDate(@TempDir Path dir) {
    TableCatalog catalog = features(dir);
    StructType runs = new StructType().add("model", DataTypes.StringType)
        .add("version", DataTypes.StringType).add("trained_at", DataTypes.DateType)
        .add("feature_importance", DataTypes.StringType);
    Declared.padded(Tables.MODEL_RUNS, spark.createDataFrame(List.of(
            RowFactory.create("high_value", "20240630", Date.valueOf("2024-06-30"),
                "second_purchase_within_90d=0.1"),
            RowFactory.create("high_value", "20241231", Date.valueOf("2024-12-31"),
                "second_purchase_within_90d=0.4321;low_nps=0.0123"),
            RowFactory.create("high_value", "20250131", Date.valueOf("2025-01-31"),
                "second_purchase_within_90d=0.9"),
            RowFactory.create("dissatisfaction", "20241231", Date.valueOf("2024-12-31"),
                "low_nps=0.7")), runs))
        .write().format("delta").save(catalog.path(InsightsJob.MODEL_RUNS));

    Map<String, Row> rows = byBehaviour(InsightsJob.run(spark, config(dir), AS_OF,
        List.of(Outcome.HIGH_VALUE), quiet()).rows().get(Outcome.HIGH_VALUE));
    assertEquals(0.4321, rows.get("second_purchase_within_90d").getAs("model_importance"),
        1e-12);
    assertEquals("20241231", rows.get("second_purchase_within_90d").getAs("model_version"));
    assertEquals(0.0123, rows.get("low_nps").getAs("model_importance"), 1e-12);
    assertNull(rows.get("returns_first_90d").getAs("model_importance"));
    assertEquals("20241231", rows.get("returns_first_90d").getAs("model_version"));
  }

  @Test
  void withoutAnObservedLabelTheJobSkipsWithTheReasonAndWritesNothing(@TempDir Path dir) {
    features(dir);
    java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
    InsightsJob.Result r = InsightsJob.run(spark, config(dir), LocalDate.parse("2024-06-29"),
        List.of(Outcome.HIGH_VALUE), new Progress("insights", new java.io.PrintStream(log)));
    assertEquals(List.of(), r.rows().get(Outcome.HIGH_VALUE));
    assertTrue(log.toString().contains("high_value: no insights as of 2024-06-29: no customer"
        + " of at least 90 days' tenure has the label high_value observed on a snapshot on or"
        + " before it (labels wait for their window); skipped"), log.toString());
    assertFalse(new TableCatalog(spark, config(dir).warehouse())
        .exists(InsightsJob.BEHAVIOUR_INSIGHTS));
  }

  @Test
  void withoutAsOfTheDateFeaturesWereBuiltAsOfIsUsed(@TempDir Path dir) {
    features(dir);
    InsightsJob.Result r = InsightsJob.run(spark, config(dir), null,
        List.of(Outcome.DISSATISFACTION), quiet());
    assertEquals(AS_OF, r.asOf());
    String report = InsightsReport.render(r);
    assertTrue(report.startsWith("dissatisfaction as of 2024-12-31: 6 customers"), report);
    assertTrue(report.contains("referral_given"), report);
    assertNotNull(r.rows().get(Outcome.DISSATISFACTION));
  }

  @Test
  void anUnknownFlagIsRefusedWithTheSetting() {
    BrightstarException e = assertThrows(BrightstarException.class, () -> InsightsSettings.from(
        BrightstarConfig.defaults().with("brightstar.insights.flags", List.of("high_value"))));
    assertTrue(e.getMessage().startsWith("invalid setting brightstar.insights.flags ="
        + " high_value: it must be a boolean or whole-number feature column"), e.getMessage());
    assertEquals(10, InsightsSettings.defaults().flags().size());
  }
}
