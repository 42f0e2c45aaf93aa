package brightstar.ml;

import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brightstar.BrightstarException;
import brightstar.Progress;
import brightstar.config.BrightstarConfig;
import brightstar.customer360.Customer360Job;
import brightstar.features.FeaturesJob;
import brightstar.io.TableCatalog;
import brightstar.io.TableId;
import brightstar.io.Tables;
import brightstar.testing.DemoWarehouse;
import brightstar.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both models trained and scored on the shared generated warehouse (1,000 customers, two
 * years): the time split, the quality against the rule baselines, gold.model_runs, the saved
 * pipelines and reports, gold.customer_scores and the probabilities in gold.customer_360.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelJobsTest {
  private static final LocalDate AS_OF = DemoWarehouse.END;
  private final SparkSession spark = SharedSpark.get();
  private BrightstarConfig config;
  private TableCatalog catalog;
  private List<ModelJobs.Run> runs;
  private Map<Outcome, Long> scored;
  private String scoreLog;

  @BeforeAll
  void trainAndScore(@TempDir Path dir) {
    DemoWarehouse.Built w = DemoWarehouse.get();
    config = SharedSpark.config(dir.resolve("warehouse"));
    catalog = new TableCatalog(spark, config.warehouse());
    TableCatalog shared = w.catalog(spark);
    for (TableId t : List.of(FeaturesJob.CUSTOMER_FEATURES, Customer360Job.HISTORY,
        Customer360Job.CUSTOMER_360)) {
      shared.read(t).write().format("delta").save(catalog.path(t));
      catalog.register(t);
    }
    Progress quiet = new Progress("test", new PrintStream(new ByteArrayOutputStream()));
    runs = ModelJobs.train(spark, config, AS_OF, quiet);
    ByteArrayOutputStream scoring = new ByteArrayOutputStream();
    scored = ModelJobs.score(spark, config, AS_OF,
        new Progress("score", new PrintStream(scoring, true)));
    scoreLog = scoring.toString();
  }

  private ModelTrainer.Trained trained(Outcome o) {
    return runs.stream().filter(r -> r.outcome() == o).findFirst().orElseThrow()
        .trained().orElseThrow(() -> new AssertionError(o + " was not trained: " + runs));
  }

  @Test
  void bothModelsBeatTheirRuleBaselineOnTheHeldOutSnapshot() {
    for (Outcome o : Outcome.values()) {
      ModelTrainer.Trained t = trained(o);
      String what = runs.stream().filter(r -> r.outcome() == o).findFirst().orElseThrow()
          .summary() + String.format(", calibration error %.3f", t.model().calibrationError());
      assertTrue(t.model().rocAuc() >= 0.75, what);
      assertTrue(t.model().rocAuc() > t.baseline().rocAuc(), what);
      assertTrue(t.model().topDecileLift() > 1.5, what);
      // Platt scaling on out-of-fold margins brings the probabilities to the base rate.
      assertTrue(t.model().calibrationError() < 0.08, what);
    }
  }

  @Test
  void theSplitIsByTimeAndEachCustomerIsOnOneSideOnly() {
    for (Outcome o : Outcome.values()) {
      Row run = catalog.read(ModelJobs.MODEL_RUNS).where("model = '" + o.model + "'").first();
      LocalDate test = run.<java.sql.Date>getAs("test_snapshot").toLocalDate();
      // The latest snapshot whose whole window (plus 30 grace days) lies before the as-of date.
      assertEquals(o == Outcome.HIGH_VALUE ? LocalDate.parse("2023-12-31")
          : LocalDate.parse("2024-03-31"), test, o.model);
      Dataset<Row> observed = TrainingSplit.observed(
          catalog.read(FeaturesJob.CUSTOMER_FEATURES), o, AS_OF, 30);
      List<LocalDate> snapshots = observed.select("snapshot_date").distinct()
          .orderBy("snapshot_date").collectAsList().stream()
          .map(r -> r.getDate(0).toLocalDate()).toList();
      TrainingSplit split = TrainingSplit.of(observed, snapshots, o, 0.3, "brightstar", 3)
          .orElseThrow();
      Set<String> trainIds = new HashSet<>(split.train().select("customer_id").distinct()
          .as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
      List<String> testIds = split.test().select("customer_id")
          .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
      assertFalse(testIds.isEmpty());
      assertTrue(testIds.stream().noneMatch(trainIds::contains), "a customer on both sides");
      assertEquals(0, split.train().where("snapshot_date >= date'" + test + "'").count());
      assertEquals(run.<Long>getAs("test_rows"), (long) testIds.size());
      // About the configured share of customers is held out.
      double share = testIds.size()
          / (double) (testIds.size() + split.train().where("snapshot_date = date'"
              + snapshots.get(snapshots.size() - 2) + "'").count());
      assertTrue(share > 0.2 && share < 0.4, "held-out share " + share);

      // A sample for max-training-rows keeps whole training customers, about the share of
      // them, and the same evaluation rows.
      TrainingSplit half = split.sampled(0.5, "brightstar");
      Map<String, Long> all = perCustomer(split.train());
      Map<String, Long> kept = perCustomer(half.train());
      assertTrue(all.keySet().containsAll(kept.keySet()));
      kept.forEach((id, n) -> assertEquals(all.get(id), n, id + " keeps all its snapshots"));
      double keptShare = kept.size() / (double) all.size();
      assertTrue(keptShare > 0.4 && keptShare < 0.6, "kept share " + keptShare);
      assertEquals(split.test().count(), half.test().count());
      assertEquals(kept, perCustomer(split.sampled(0.5, "brightstar").train()), "stable");
    }
  }

  private static Map<String, Long> perCustomer(Dataset<Row> rows) {
    Map<String, Long> out = new HashMap<>();
    rows.groupBy("customer_id").count().collectAsList()
        .forEach(r -> out.put(r.getString(0), r.getLong(1)));
    return out;
  }

  @Test
  void anEarlierAsOfDateSeesOnlyTheLabelsObservedByThen() {
    Dataset<Row> features = catalog.read(FeaturesJob.CUSTOMER_FEATURES);
    LocalDate june = LocalDate.parse("2024-06-30");
    // The table was built as of 2024-12-31, but a run as of 2024-06-30 may only use the
    // high-value labels whose 12 months ended by then: snapshot 2023-06-30 and earlier.
    assertEquals(List.of("2023-03-31", "2023-06-30"),
        TrainingSplit.observed(features, Outcome.HIGH_VALUE, june, 30)
            .select("snapshot_date").distinct().orderBy("snapshot_date").collectAsList()
            .stream().map(r -> r.getDate(0).toString()).toList());
  }

  @Test
  void modelRunsRecordBothModelsWithTheirBaselineAndSavedPipelines() throws Exception {
    List<Row> rows = catalog.read(ModelJobs.MODEL_RUNS).orderBy("model").collectAsList();
    assertEquals(List.of("dissatisfaction", "high_value"),
        rows.stream().map(r -> r.<String>getAs("model")).toList());
    assertEquals(Tables.MODEL_RUNS.schema().fieldNames().length,
        catalog.read(ModelJobs.MODEL_RUNS).schema().fieldNames().length);
    for (Row r : rows) {
      Outcome o = Outcome.of(r.getAs("model"));
      ModelTrainer.Trained t = trained(o);
      assertEquals("20241231", r.getAs("version"));
      assertEquals(t.model().rocAuc(), r.<Double>getAs("roc_auc"), 1e-12);
      assertEquals(t.baseline().rocAuc(), r.<Double>getAs("baseline_roc_auc"), 1e-12);
      assertEquals(o.baselineName, r.getAs("baseline"));
      assertTrue(Set.of("logistic_regression", "gradient_boosted_trees")
          .contains(r.<String>getAs("algorithm")));
      assertTrue(r.<String>getAs("choice").contains(r.<String>getAs("algorithm") + " kept: ROC"
          + " AUC on a validation fold of the training customers (1 of 3, fitted on the other"
          + " 2)"), r.<String>getAs("choice"));
      // The split chose the class weighting among those configured, and says so.
      String parameters = r.getAs("parameters");
      assertTrue(parameters.matches("(?s).*classWeights=(balanced|none), .*candidates=.*"),
          parameters);
      assertTrue(parameters.contains("classWeights=balanced, maxDepth=3 -> ")
          && parameters.contains("classWeights=none, maxDepth=3 -> "), parameters);
      String importance = r.getAs("feature_importance");
      assertTrue(importance.matches("([a-z0-9_]+=[0-9.]+;)+[a-z0-9_]+=[0-9.]+"), importance);
      Path model = Path.of(r.<String>getAs("model_path"));
      assertTrue(Files.isDirectory(model.resolve("stages")), model.toString());
      Path report = Path.of(r.<String>getAs("report_path"));
      for (String f : List.of("report.md", "roc.png", "pr.png", "lift.png", "calibration.png",
          "importance.png")) {
        assertTrue(Files.size(report.resolve(f)) > 0, report.resolve(f).toString());
      }
      assertTrue(Files.readString(report.resolve("report.md")).contains(o.baselineName));
    }
  }

  @Test
  void crossValidationComparesTheFoldsMeanAndGivesACalibratedModelToo() {
    Dataset<Row> observed = TrainingSplit.observed(
        catalog.read(FeaturesJob.CUSTOMER_FEATURES), Outcome.HIGH_VALUE, AS_OF, 30);
    List<LocalDate> snapshots = observed.select("snapshot_date").distinct()
        .orderBy("snapshot_date").collectAsList().stream()
        .map(r -> r.getDate(0).toLocalDate()).toList();
    TrainingSplit split = TrainingSplit.of(observed, snapshots, Outcome.HIGH_VALUE, 0.3,
        "brightstar", 3).orElseThrow();
    ModelSettings cv = ModelSettings.from(config.with("brightstar.ml.validation",
        ModelSettings.CROSS_VALIDATION));
    List<String> steps = new ArrayList<>();
    ModelTrainer.Trained t = new ModelTrainer(cv, ModelFeatures.standard())
        .train(split, Outcome.HIGH_VALUE, steps::add);
    assertTrue(t.choice().contains(" kept: mean ROC AUC over 3 cross-validation folds of the"
        + " training customers "), t.choice());
    assertTrue(steps.get(0).startsWith("high_value: logistic_regression cross-validated, 3"
        + " folds x 2 candidates, best mean ROC AUC 0."), steps.toString());
    assertEquals(2, t.kept().tried().size());
    assertEquals(2, t.other().tried().size());
    // The same held-out customers as the split's run; cross-validation also beats the
    // baseline and its Platt scaling, on every fold's unseen margins, calibrates.
    ModelTrainer.Trained bySplit = trained(Outcome.HIGH_VALUE);
    assertEquals(bySplit.model().rows(), t.model().rows());
    assertTrue(t.model().rocAuc() > t.baseline().rocAuc() + 0.05, t.choice());
    assertTrue(t.model().calibrationError() < 0.08, t.choice());
    assertEquals(t.kept().algorithm().equals("logistic_regression"),
        t.pipeline() == t.explainer());
  }

  @Test
  void scoreCountsTheCustomersItLeavesOut() {
    assertEquals("gold.customer_360_history as of 2024-12-31: 391 of 1,000,548 customers have no"
        + " purchase yet and are not scored (their p_high_value and p_dissatisfied stay null)",
        ModelJobs.unscoredNote(1_000_548, 1_000_157, LocalDate.parse("2024-12-31")).get());
    assertFalse(ModelJobs.unscoredNote(1_000, 1_000, AS_OF).isPresent());
  }

  @Test
  void scoreSaysWhetherTheDateHasNoCustomerOrNoBuyer(@TempDir Path dir) {
    BrightstarConfig empty = SharedSpark.config(dir.resolve("warehouse"));
    TableCatalog target = new TableCatalog(spark, empty.warehouse());
    // The date's customers, none of whom has bought yet.
    catalog.read(Customer360Job.HISTORY).where("as_of_date = date'" + AS_OF + "'")
        .withColumn("first_purchase_date", lit(null).cast("date"))
        .write().format("delta").save(target.path(Customer360Job.HISTORY));
    target.register(Customer360Job.HISTORY);
    long customers = target.read(Customer360Job.HISTORY).count();
    Progress quiet = new Progress("test", new PrintStream(new ByteArrayOutputStream()));

    BrightstarException noBuyer = assertThrows(BrightstarException.class,
        () -> ModelJobs.score(spark, empty, AS_OF, quiet));
    assertEquals(String.format(Locale.ROOT, "cannot score as of %s: none of the %,d customers"
        + " of gold.customer_360_history as of that date has a first purchase yet. Fix: score"
        + " a later date, once customers have bought (the models score buyers only)", AS_OF,
        customers), noBuyer.getMessage());
    LocalDate before = AS_OF.minusDays(1);
    BrightstarException noCustomer = assertThrows(BrightstarException.class,
        () -> ModelJobs.score(spark, empty, before, quiet));
    assertEquals("cannot score as of " + before + ": gold.customer_360_history has no customer"
        + " as of that date. Fix: run 'bin/brightstar customer360 --as-of " + before
        + "' first", noCustomer.getMessage());
  }

  @Test
  void everyCustomerOfTheDateIsScoredByBothModelsWithDecilesAndReasons() {
    long customers = catalog.read(Customer360Job.HISTORY)
        .where("as_of_date = date'" + AS_OF + "' and first_purchase_date is not null").count();
    assertEquals(Map.of(Outcome.HIGH_VALUE, customers, Outcome.DISSATISFACTION, customers),
        scored);
    Dataset<Row> scores = catalog.read(ModelJobs.SCORES);
    assertEquals(0, scores.where("probability not between 0 and 1 or decile not between 1 and 10"
        + " or version <> '20241231'").count());
    for (Outcome o : Outcome.values()) {
      // Ten groups of about a tenth each, ordered by probability; customers with the same
      // probability share a decile (boosted trees give many customers the same leaves), so a
      // decile may be larger by its ties, and the deciles its ties span are then empty.
      List<Row> deciles = spark.sql("select decile, count(*), min(probability),"
          + " max(probability), max(tied) from (select decile, probability, count(*) over"
          + " (partition by probability) as tied from delta.`" + catalog.path(ModelJobs.SCORES)
          + "` where model = '" + o.model + "') group by decile order by decile")
          .collectAsList();
      String what = o.model + " (" + trained(o).choice() + ") deciles " + deciles;
      assertEquals(10, deciles.get(deciles.size() - 1).getInt(0), what);
      assertTrue(deciles.size() >= 5, what);
      for (int i = 0; i < deciles.size(); i++) {
        Row d = deciles.get(i);
        long untied = d.getLong(1) - d.getLong(4) + 1;
        assertTrue(untied < customers / 10.0 + customers * 0.05, what);
        if (d.getLong(4) == 1) {
          assertTrue(Math.abs(d.getLong(1) - customers / 10.0) < customers * 0.05, what);
        }
        if (i > 0) {
          assertTrue(deciles.get(i - 1).getDouble(3) < d.getDouble(2), what);
        }
      }
      // The most likely decile is explained: positive contributions, in decreasing order.
      assertEquals(0, scores.where("model = '" + o.model + "' and decile = 10 and (reason_1 is"
          + " null or contribution_1 <= 0 or contribution_2 > contribution_1"
          + " or contribution_3 > contribution_2)").count());
    }
    // Customers without a purchase are left out, and score says how many (never silently).
    long all = catalog.read(Customer360Job.HISTORY)
        .where("as_of_date = date'" + AS_OF + "'").count();
    assertEquals(all > customers, scoreLog.contains("have no purchase yet and are not scored"),
        scoreLog);
    ModelJobs.unscoredNote(all, customers, AS_OF).ifPresent(
        note -> assertTrue(scoreLog.contains(note), scoreLog));
    // The probabilities reached gold.customer_360 of the date, and score said so.
    for (String table : List.of("gold.customer_360_history", "gold.customer_360")) {
      assertTrue(scoreLog.contains(String.format(Locale.ROOT, "%s as of %s:"
          + " p_high_value and p_dissatisfied set for %,d customers", table, AS_OF,
          customers)), scoreLog);
    }
    Row joined = spark.sql("select count(*), count(c.p_high_value), count(c.p_dissatisfied),"
        + " sum(if(abs(c.p_high_value - s.probability) < 1e-12, 1, 0))"
        + " from delta.`" + catalog.path(Customer360Job.CUSTOMER_360) + "` c"
        + " join delta.`" + catalog.path(ModelJobs.SCORES) + "` s"
        + " on s.customer_id = c.customer_id and s.model = 'high_value'").first();
    assertEquals(customers, joined.getLong(0));
    assertEquals(customers, joined.getLong(1));
    assertEquals(customers, joined.getLong(2));
    assertEquals(customers, joined.getLong(3));
  }
}
