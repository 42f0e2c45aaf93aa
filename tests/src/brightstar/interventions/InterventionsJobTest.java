package brightstar.interventions;

import static brightstar.interventions.InterventionFixtures.customer;
import static brightstar.interventions.InterventionFixtures.history;
import static brightstar.interventions.InterventionFixtures.score;
import static brightstar.interventions.InterventionFixtures.scores;
import static brightstar.interventions.InterventionFixtures.ticket;
import static brightstar.interventions.InterventionFixtures.tickets;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brightstar.BrightstarException;
import brightstar.Progress;
import brightstar.cli.Main;
import brightstar.config.BrightstarConfig;
import brightstar.customer360.Customer360Job;
import brightstar.customer360.SilverFacts;
import brightstar.io.TableCatalog;
import brightstar.io.TableWriter;
import brightstar.io.Tables;
import brightstar.testing.Datasets;
import brightstar.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job and the command on a warehouse of hand-made customers. */
class InterventionsJobTest {
  private static final LocalDate DAY = InterventionFixtures.DAY;
  private static final LocalDate LATER = DAY.plusDays(10);
  private final SparkSession spark = SharedSpark.get();

  private static Progress quiet() {
    return new Progress("test", new PrintStream(new ByteArrayOutputStream()));
  }

  private static InterventionFixtures.Customer[] customers(int daysLater) {
    return new InterventionFixtures.Customer[] {
      customer("C-sp").tenure(60 + daysLater).onePurchase(),
      customer("C-ob").tenure(45 + daysLater).seats(10, 2),
      customer("C-ar"),
      customer("C-npsd").nps(3),
      customer("C-none").tenure(300)};
  }

  private TableCatalog warehouse(Path dir) {
    TableCatalog catalog = new TableCatalog(spark, dir.toString());
    TableWriter writer = new TableWriter(catalog);
    writer.replace(history(DAY, customers(0)), Customer360Job.HISTORY,
        "as_of_date = DATE'" + DAY + "'", List.of("as_of_date"));
    writer.overwrite(tickets(ticket("C-npsd", "T1", DAY.minusDays(3), null, "complaint")),
        SilverFacts.TICKETS);
    return catalog;
  }

  /** gold.customer_scores in the contract's shape (not yet the declared one: written as is). */
  private void writeScores(TableCatalog catalog, LocalDate day) {
    scores(score("C-sp", day, Interventions.HIGH_VALUE_MODEL, 0.8, 10),
        score("C-ar", day, Interventions.DISSATISFACTION_MODEL, 0.7, 10),
        score("C-none", day, Interventions.HIGH_VALUE_MODEL, 0.1, 1))
        .write().format("delta").mode("overwrite")
        .save(catalog.path(InterventionsJob.CUSTOMER_SCORES));
  }

  private static Set<String> rows(Dataset<Row> table, LocalDate day) {
    return table.where(col("as_of_date").equalTo(day.toString()))
        .select("customer_id", "rule", "status").collectAsList().stream()
        .map(r -> r.getString(0) + " " + r.getString(1) + " " + r.getString(2))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static String status(String customer, BrightstarConfig config) {
    InterventionSettings s = InterventionSettings.from(config);
    return InterventionsTest.heldOut(customer, s.holdoutSalt(), s.holdoutShare())
        ? "holdout" : "action";
  }

  @Test
  void writesTheDaysRowsRunsFlagRulesWithoutScoresAndARerunReplacesTheDay(@TempDir Path dir) {
    TableCatalog catalog = warehouse(dir);
    BrightstarConfig config = SharedSpark.config(dir)
        .with("brightstar.interventions.holdout-share", 0.5);
    // With this salt and share, C-ob and C-ar are held out, C-sp and C-npsd are not.
    assertEquals(List.of("action", "holdout", "holdout", "action"),
        List.of(status("C-sp", config), status("C-ob", config), status("C-ar", config),
            status("C-npsd", config)));

    InterventionsJob.Result first = InterventionsJob.run(spark, config, DAY, 10, quiet());
    assertEquals("gold.customer_scores does not exist: skipping the score-based rules"
        + " second-purchase-call, account-review (run bin/brightstar score --as-of " + DAY
        + " first); the other rules run", first.notice());
    assertEquals(List.of(
        new InterventionsJob.RuleCount("second-purchase-call", 0, 0, 0, true),
        new InterventionsJob.RuleCount("onboarding-help", 0, 1, 0, false),
        new InterventionsJob.RuleCount("account-review", 0, 0, 0, true),
        new InterventionsJob.RuleCount("detractor-escalation", 1, 0, 0, false)), first.rules());
    Dataset<Row> table = catalog.read(InterventionsJob.INTERVENTIONS);
    assertEquals(Set.of("C-ob onboarding-help holdout", "C-npsd detractor-escalation action"),
        rows(table, DAY));
    assertEquals(Tables.INTERVENTIONS.columnNames(), List.of(table.columns()));
    assertEquals(Tables.INTERVENTIONS.column("status").orElseThrow().comment(),
        table.schema().apply("status").getComment().get());
    Row detail = spark.sql("DESCRIBE DETAIL delta.`"
        + catalog.path(InterventionsJob.INTERVENTIONS) + "`").first();
    assertEquals(List.of("as_of_date"), detail.getList(detail.fieldIndex("partitionColumns")));
    assertEquals(1, first.top().size());
    assertEquals("C-npsd", first.top().get(0).getAs("customer_id"));

    // Scores arrive; the day is re-run: its rows are replaced, the score rules now fire.
    writeScores(catalog, DAY);
    InterventionsJob.Result second = InterventionsJob.run(spark, config, DAY, 10, quiet());
    assertNull(second.notice());
    Set<String> expected = Set.of("C-sp second-purchase-call action",
        "C-ob onboarding-help holdout", "C-ar account-review holdout",
        "C-npsd detractor-escalation action");
    Dataset<Row> stored = catalog.read(InterventionsJob.INTERVENTIONS);
    assertEquals(expected, rows(stored, DAY));
    assertEquals(4, stored.count());
    assertEquals(2, second.actions());
    assertEquals(2, second.holdouts());
    List<String> lines = second.lines();
    assertEquals("gold.interventions as of " + DAY + ": 2 actions, 2 holdouts", lines.get(0));
    assertEquals("second-purchase-call                1        0          0", lines.get(2));
    assertEquals("C-sp  second-purchase-call   sales              phone     call to propose the"
        + " second purchase: p_high_value 0.80 (decile 10), no second purchase 60 days after"
        + " the first on 2024-05-01", lines.get(8));

    // Re-running the day once more writes exactly the same rows.
    Dataset<Row> before = stored.localCheckpoint();
    InterventionsJob.run(spark, config, DAY, 10, quiet());
    Datasets.assertSameRows(before, catalog.read(InterventionsJob.INTERVENTIONS));

    // Ten days later every condition still holds; the cool-downs (30 to 90 days) hold them
    // all back, and the day has no scores: its score rules are skipped.
    new TableWriter(catalog).replace(history(LATER, customers(10)), Customer360Job.HISTORY,
        "as_of_date = DATE'" + LATER + "'", List.of("as_of_date"));
    InterventionsJob.Result later = InterventionsJob.run(spark, config, LATER, 10, quiet());
    assertTrue(later.notice().startsWith("gold.customer_scores has no rows for " + LATER),
        later.notice());
    assertEquals(List.of(
        new InterventionsJob.RuleCount("second-purchase-call", 0, 0, 0, true),
        new InterventionsJob.RuleCount("onboarding-help", 0, 0, 1, false),
        new InterventionsJob.RuleCount("account-review", 0, 0, 0, true),
        new InterventionsJob.RuleCount("detractor-escalation", 0, 0, 1, false)), later.rules());
    assertEquals(Set.of(), rows(catalog.read(InterventionsJob.INTERVENTIONS), LATER));
    assertEquals(4, catalog.read(InterventionsJob.INTERVENTIONS).count());
  }

  @Test
  void aBadRuleStopsTheJobBeforeAnythingIsWritten(@TempDir Path dir) {
    TableCatalog catalog = warehouse(dir);
    BrightstarConfig config = SharedSpark.config(dir).with("brightstar.interventions.rules",
        List.of(Map.of("name", "typo", "condition", "seat_utilization < 0.5",
            "action", "a", "owner-team", "t", "channel", "c", "cool-down-days", 7,
            "reason", "r")));
    BrightstarException e = assertThrows(BrightstarException.class,
        () -> InterventionsJob.run(spark, config, DAY, 10, quiet()));
    assertTrue(e.getMessage().startsWith("intervention rule typo is invalid: its condition"
        + " `seat_utilization < 0.5` fails: [UNRESOLVED_COLUMN.WITH_SUGGESTION]"),
        e.getMessage());
    assertTrue(e.getMessage().contains("`seat_utilisation`"), e.getMessage());
    assertFalse(catalog.exists(InterventionsJob.INTERVENTIONS));
  }

  @Test
  void aDayWithoutCustomer360SaysWhichJobToRun(@TempDir Path dir) {
    warehouse(dir);
    BrightstarException e = assertThrows(BrightstarException.class,
        () -> InterventionsJob.run(spark, SharedSpark.config(dir), LATER, 10, quiet()));
    assertEquals("no gold.customer_360_history rows as of " + LATER + ": the interventions of"
        + " a day read the customers as of that day. Fix: run bin/brightstar customer360"
        + " --as-of " + LATER + " first", e.getMessage());
  }

  @Test
  void theCommandPrintsTheRuleCountsAndTheDaysActions(@TempDir Path dir) {
    TableCatalog catalog = warehouse(dir);
    writeScores(catalog, DAY);
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Main.execute("interventions", "--as-of", DAY.toString(), "--top", "1",
          "--warehouse", dir.toString(), "--master", "local[2]",
          "--conf", "brightstar.interventions.holdout-share=0");
    } finally {
      System.setOut(old);
    }
    List<String> out = buf.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(0, code, String.join("\n", out));
    assertEquals(List.of(
        "gold.interventions as of " + DAY + ": 4 actions, 0 holdouts",
        "rule                          actions holdouts  cool-down",
        "second-purchase-call                1        0          0",
        "onboarding-help                     1        0          0",
        "account-review                      1        0          0",
        "detractor-escalation                1        0          0",
        "",
        "the day's actions (first 1):",
        "C-sp  second-purchase-call   sales              phone     call to propose the second"
            + " purchase: p_high_value 0.80 (decile 10), no second purchase 60 days after the"
            + " first on 2024-05-01"), out);
  }
}
