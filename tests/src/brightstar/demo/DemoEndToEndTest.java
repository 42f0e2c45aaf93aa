package brightstar.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brightstar.Progress;
import brightstar.config.BrightstarConfig;
import brightstar.generate.GeneratorSpec;
import brightstar.identity.Evaluation;
import brightstar.identity.IdentityJob;
import brightstar.io.LocalFolders;
import brightstar.io.TableCatalog;
import brightstar.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on a tiny generated population, checked against the generator's truth:
 * every data line lands in bronze or quarantine, exactly the planted lines are quarantined,
 * no two true customers are merged, and every stage's table is there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoEndToEndTest {
  private final SparkSession spark = SharedSpark.get();
  private Demo.Result result;
  private Path landing;
  private BrightstarConfig config;

  @BeforeAll
  void runTheDemo(@TempDir Path dir) throws IOException {
    landing = dir.resolve("landing");
    config =
        SharedSpark.config(dir.resolve("warehouse"))
            .with("brightstar.landing", landing.toString())
            // Nine months: a few monthly feature snapshots, too young for any label.
            .with("brightstar.features.start", "2024-06-30")
            // 90 customers over nine months: the documented L2 penalty for small samples.
            .with("brightstar.clv.penalty", 0.01)
            .with("brightstar.clv.holdout-weeks", 13);
    GeneratorSpec spec =
        new GeneratorSpec(
            90, 11, LocalDate.parse("2024-01-01"), LocalDate.parse("2024-09-30"), landing);
    result =
        Demo.run(spark, config, spec, new Progress("demo-test", new PrintStream(new ByteArrayOutputStream())));
  }

  private List<String[]> truth(String file) throws IOException {
    return Files.readAllLines(landing.resolve("_truth").resolve(file)).stream()
        .skip(1)
        .map(line -> line.split(",", -1))
        .toList();
  }

  private long count(String sql) {
    return spark.sql(sql).first().getLong(0);
  }

  @Test
  void everyDataLineIsInBronzeOrQuarantineAndOnlyPlantedLinesAreQuarantined() throws IOException {
    Map<String, Long> truthLines = new TreeMap<>();
    for (String[] r : truth("records.csv")) {
      if (!r[0].equals("prospects")) {
        truthLines.merge(r[0] + "_" + r[1], 1L, Long::sum);
      }
    }
    Map<String, Long> landed = new TreeMap<>();
    for (String table : truthLines.keySet()) {
      String[] se = table.split("_", 2);
      long quarantined =
          count(
              "select count(*) from bronze.quarantine where source = '"
                  + se[0]
                  + "' and entity = '"
                  + se[1]
                  + "'");
      landed.put(table, count("select count(*) from bronze." + table) + quarantined);
    }
    assertEquals(truthLines, landed, "rows per entity: bronze + quarantine = lines written");

    Set<String> planted = new TreeSet<>();
    for (String[] r : truth("malformed.csv")) {
      if (!r[0].equals("prospects")) {
        planted.add(r[2] + ":" + r[3]);
      }
    }
    Set<String> quarantined = new TreeSet<>();
    for (Row r :
        spark.sql("select file, line from bronze.quarantine where source <> 'prospects'").collectAsList()) {
      // The quarantine names files relative to the landing root, as the truth does.
      quarantined.add(r.getString(0) + ":" + r.get(1));
    }
    assertEquals(planted, quarantined, "exactly the planted malformed lines are quarantined");
    assertEquals(
        0,
        count(
            "select count(*) from bronze.ingest_log"
                + " where rows_read <> rows_accepted + rows_quarantined"));
  }

  @Test
  void noTwoTrueCustomersAreMergedAndDuplicatesMostlyAre() throws IOException {
    Map<String, String> accountOwner = new HashMap<>();
    for (String[] r : truth("records.csv")) {
      if (r[0].equals("sales") && r[1].equals("accounts")) {
        accountOwner.put(r[2], r[3]);
      }
    }
    Map<String, Set<String>> truthPerCustomer = new HashMap<>();
    for (Row r :
        spark.sql("select customer_id, source_key from silver.customer_crosswalk"
            + " where entity = 'accounts'").collectAsList()) {
      truthPerCustomer
          .computeIfAbsent(r.getString(0), k -> new HashSet<>())
          .add(accountOwner.get(r.getString(1)));
    }
    truthPerCustomer.forEach(
        (id, owners) -> assertEquals(1, owners.size(), id + " merges true customers " + owners));
    long trueCustomers = truth("customers.csv").size();
    long customers = count("select count(*) from silver.customers");
    assertTrue(
        customers >= trueCustomers && customers <= trueCustomers * 1.05,
        customers + " customers for " + trueCustomers + " true ones");
    assertEquals(customers, count("select count(*) from gold.customer_360"));
  }

  @Test
  void identityResolutionMeetsItsTargetsAgainstTheTruth() {
    Evaluation.Report report =
        IdentityJob.evaluate(spark, config, landing.resolve("_truth").toString(), null);
    assertEquals(0, report.mergingIds(), String.join("\n", report.lines()));
    assertTrue(report.overall().precision() >= 0.995, String.join("\n", report.lines()));
    assertTrue(report.overall().recall() >= 0.98, String.join("\n", report.lines()));
    assertEquals(90, report.trueCustomers());
    assertTrue(report.splitCustomers() <= 1, String.join("\n", report.lines()));
  }

  @Test
  void aSecondDayOfDeliveriesChangesNoIssuedIdAndARebuildGivesTheSameIds(@TempDir Path dir)
      throws IOException {
    // The demo's bronze, copied twice: unified day by day, and once from scratch.
    Path daily = copyBronze(dir.resolve("daily"));
    Path fresh = copyBronze(dir.resolve("fresh"));
    Progress quiet = new Progress("unify-test", new PrintStream(new ByteArrayOutputStream()));
    BrightstarConfig dailyConfig = config.with("brightstar.warehouse", daily.toString());
    IdentityJob.run(spark, dailyConfig, LocalDate.parse("2024-06-30"), quiet);
    Map<String, String> first = ids(daily);
    IdentityJob.run(spark, dailyConfig, LocalDate.parse("2024-09-30"), quiet);
    Map<String, String> second = ids(daily);
    Map<String, String> merged = new HashMap<>();
    for (Row r : spark.read().format("delta").load(daily + "/silver/customer_merges")
        .collectAsList()) {
      merged.put(r.getString(0), r.getString(1));
    }
    int kept = 0;
    for (Map.Entry<String, String> e : first.entrySet()) {
      if (e.getValue() != null) {
        assertEquals(merged.getOrDefault(e.getValue(), e.getValue()), second.get(e.getKey()),
            e.getKey() + " changed its customer id without a recorded merge");
        kept++;
      }
    }
    assertTrue(kept > 300, kept + " identities resolved on the first day");
    assertTrue(second.size() > first.size(), "the second day brings new identities");
    IdentityJob.run(spark, dailyConfig, LocalDate.parse("2024-09-30"), quiet);
    assertEquals(second, ids(daily), "re-running a day changes nothing");
    IdentityJob.run(spark, config.with("brightstar.warehouse", fresh.toString()),
        LocalDate.parse("2024-09-30"), quiet);
    try {
      assertEquals(second, ids(fresh), "a full rebuild gives the ids issued day by day");
    } finally {
      // The runs above registered the names silver.* at these copies: back to the demo's.
      new TableCatalog(spark, config.warehouse()).registerExisting();
    }
  }

  private Path copyBronze(Path warehouse) throws IOException {
    LocalFolders.copy(Path.of(config.warehouse()).resolve("bronze"), warehouse.resolve("bronze"));
    return warehouse;
  }

  private Map<String, String> ids(Path warehouse) {
    Map<String, String> ids = new HashMap<>();
    for (Row r : spark.read().format("delta").load(warehouse + "/silver/customer_crosswalk")
        .collectAsList()) {
      ids.put(r.getAs("source") + "/" + r.getAs("entity") + "/" + r.getAs("source_key"),
          r.getAs("customer_id"));
    }
    return ids;
  }

  @Test
  void everyStageLeavesItsTableAndTooYoungAHistorySkipsTheModelsWithTheReason() {
    for (String table :
        List.of(
            "bronze.quarantine",
            "bronze.ingest_log",
            "bronze.dq_results",
            "silver.customers",
            "silver.orders",
            "gold.customer_360",
            "gold.customer_features")) {
      assertTrue(result.tableRows().containsKey(table), table + " missing: " + result.tableRows());
    }
    // Nine months of history: no 12-month (high value) or 6-month + 30 days (dissatisfaction)
    // window has passed for two snapshots, so neither model trains, nothing is scored, and
    // the demo still finishes (a young warehouse is not an error).
    assertEquals(2, result.models().size());
    for (brightstar.ml.ModelJobs.Run run : result.models()) {
      assertTrue(run.trained().isEmpty(), run.summary());
      assertTrue(run.summary().contains("not trained:") && run.summary().contains("snapshot"),
          run.summary());
    }
    // gold.clv has the profit after cost to serve for every customer, and its tiers the sums.
    assertEquals(0, count("select count(*) from gold.clv where clv_profit_12m is null"
        + " or abs(clv_profit_12m - (clv_gross_margin_12m - clv_cost_to_serve_12m)) > 1e-6"));
    assertTrue(count("select count(*) from gold.clv where clv_gross_margin_12m <> 0") > 0);
    assertTrue(count("select count(*) from gold.clv where clv_cost_to_serve_12m > 0") > 0);
    assertEquals(0, count("select count(*) from gold.clv_by_tier"
        + " where total_clv_profit_12m is null or negative_clv_profit_customers is null"));
    assertEquals(0, count("select count(*) from (select sum(clv_profit_12m) s from gold.clv)"
        + " c, (select sum(total_clv_profit_12m) t from gold.clv_by_tier) b"
        + " where abs(c.s - b.t) > 1e-6 * abs(c.s)"));
    assertFalse(result.tableRows().containsKey("gold.model_runs"), result.tableRows().toString());
    assertFalse(result.tableRows().containsKey("gold.customer_scores"),
        result.tableRows().toString());
  }
}
