package brightstar.interventions;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brightstar.Progress;
import brightstar.config.BrightstarConfig;
import brightstar.customer360.Customer360Job;
import brightstar.customer360.SilverFacts;
import brightstar.io.TableCatalog;
import brightstar.io.TableWriter;
import brightstar.testing.Datasets;
import brightstar.testing.DemoWarehouse;
import brightstar.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configured rules on the shared generated warehouse as of its last day, with scores made
 * from simple deterministic probabilities: per rule, the stored actions and holdouts are the
 * customers a direct SQL query of the rule's condition finds, split by the documented hash.
 */
class InterventionsDemoTest {
  private static final LocalDate DAY = DemoWarehouse.END;
  private final SparkSession spark = SharedSpark.get();

  private static Progress quiet() {
    return new Progress("test", new PrintStream(new ByteArrayOutputStream()));
  }

  /**
   * gold.customer_scores of the day in the contract's shape: probability and decile. High value
   * grows with head count (not with tenure or tier, so new customers can be in the top
   * deciles); dissatisfaction with recent tickets, complaints and a low last NPS.
   */
  private Dataset<Row> scores() {
    return spark.sql(String.join("\n",
        "WITH p AS (",
        "  SELECT customer_id, as_of_date, 'high_value' AS model,",
        "    coalesce(employees, 0) / (coalesce(employees, 0) + 400.0D) AS probability",
        "  FROM demo_c360",
        "  UNION ALL",
        "  SELECT customer_id, as_of_date, 'dissatisfaction' AS model,",
        "    least(1.0D, (tickets_90d + 2 * complaints_90d + 10 - coalesce(last_nps, 7)) / 20.0D)",
        "    AS probability FROM demo_c360)",
        "SELECT customer_id, as_of_date, model, date_format(as_of_date, 'yyyyMMdd') AS version,",
        "  probability, ntile(10) OVER (PARTITION BY model ORDER BY probability, customer_id)",
        "  AS decile FROM p"));
  }

  @Test
  void eachRuleActsOnTheCustomersItsConditionFindsMinusTheHoldout(@TempDir Path dir) {
    TableCatalog demo = DemoWarehouse.get().catalog(spark);
    Dataset<Row> history = demo.read(Customer360Job.HISTORY)
        .where(col("as_of_date").equalTo(DAY.toString()));
    Dataset<Row> tickets = demo.read(SilverFacts.TICKETS);
    TableCatalog catalog = new TableCatalog(spark, dir.toString());
    TableWriter writer = new TableWriter(catalog);
    writer.replace(history, Customer360Job.HISTORY, "as_of_date = DATE'" + DAY + "'",
        List.of("as_of_date"));
    writer.overwrite(tickets, SilverFacts.TICKETS);
    catalog.read(Customer360Job.HISTORY).createOrReplaceTempView("demo_c360");
    catalog.read(SilverFacts.TICKETS).createOrReplaceTempView("demo_tickets");
    scores().write().format("delta").save(catalog.path(InterventionsJob.CUSTOMER_SCORES));
    catalog.read(InterventionsJob.CUSTOMER_SCORES).createOrReplaceTempView("demo_scores");
    BrightstarConfig config = SharedSpark.config(dir);
    InterventionSettings settings = InterventionSettings.from(config);

    InterventionsJob.Result result = InterventionsJob.run(spark, config, DAY, 5, quiet());

    assertNull(result.notice());
    spark.sql(String.join("\n",
        "SELECT c.*, s.p_high_value, s.high_value_decile, s.p_dissatisfied,",
        "  s.dissatisfaction_decile, coalesce(o.n, 0) AS open_complaints",
        "FROM demo_c360 c",
        "LEFT JOIN (SELECT customer_id,",
        "    max(CASE WHEN model = 'high_value' THEN probability END) AS p_high_value,",
        "    max(CASE WHEN model = 'high_value' THEN decile END) AS high_value_decile,",
        "    max(CASE WHEN model = 'dissatisfaction' THEN probability END) AS p_dissatisfied,",
        "    max(CASE WHEN model = 'dissatisfaction' THEN decile END) AS dissatisfaction_decile",
        "  FROM demo_scores WHERE as_of_date = DATE'" + DAY + "' GROUP BY customer_id) s",
        "  ON s.customer_id = c.customer_id",
        "LEFT JOIN (SELECT customer_id, count(*) AS n FROM demo_tickets",
        "  WHERE category = 'complaint' AND to_date(opened_at) <= DATE'" + DAY + "'",
        "    AND (closed_at IS NULL OR to_date(closed_at) > DATE'" + DAY + "')",
        "  GROUP BY customer_id) o ON o.customer_id = c.customer_id",
        "WHERE c.as_of_date = DATE'" + DAY + "'")).createOrReplaceTempView("demo_rows");
    Dataset<Row> stored = catalog.read(InterventionsJob.INTERVENTIONS);
    long total = 0;
    for (int i = 0; i < settings.rules().size(); i++) {
      InterventionRule rule = settings.rules().get(i);
      Set<String> matching = new HashSet<>(spark.sql("SELECT customer_id FROM demo_rows WHERE "
          + rule.condition()).as(Encoders.STRING()).collectAsList());
      Set<String> held = matching.stream()
          .filter(id -> InterventionsTest.heldOut(id, settings.holdoutSalt(),
              settings.holdoutShare()))
          .collect(Collectors.toSet());
      Set<String> acted = new HashSet<>(matching);
      acted.removeAll(held);
      if (rule.name().equals("detractor-escalation")) {
        // The generator closes complaints within a few days: few are open on any one day, and
        // their customers need not be detractors (the rule's firing: InterventionsTest).
        assertTrue(spark.sql("SELECT * FROM demo_rows WHERE open_complaints > 0").count() > 0,
            "a complaint open on the last day");
      } else {
        assertTrue(matching.size() >= 3, rule.name() + " finds " + matching.size()
            + " customers on the demo data");
      }
      assertEquals(acted, ids(stored, rule.name(), "action"), rule.name() + " actions");
      assertEquals(held, ids(stored, rule.name(), "holdout"), rule.name() + " holdouts");
      InterventionsJob.RuleCount counted = result.rules().get(i);
      assertEquals(new InterventionsJob.RuleCount(rule.name(), acted.size(), held.size(), 0,
          false), counted);
      total += matching.size();
    }
    assertEquals(total, stored.count());
    assertEquals(5, result.top().size());

    // The whole day again: the same rows.
    Dataset<Row> before = stored.localCheckpoint();
    InterventionsJob.run(spark, config, DAY, 5, quiet());
    Datasets.assertSameRows(before, catalog.read(InterventionsJob.INTERVENTIONS));
  }

  private static Set<String> ids(Dataset<Row> stored, String rule, String status) {
    return new HashSet<>(stored.where(col("rule").equalTo(rule)
            .and(col("status").equalTo(status)))
        .select("customer_id").as(Encoders.STRING()).collectAsList());
  }
}
