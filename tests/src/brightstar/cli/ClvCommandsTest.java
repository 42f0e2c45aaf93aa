package brightstar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brightstar.testing.SharedSpark;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code clv fit} and {@code bench clv} through Main, as a user runs them. */
class ClvCommandsTest {
  private static String cdnow;
  @TempDir Path dir;

  /** Exit code, stdout and stderr of one CLI run. */
  private record Run(int code, String out, String err) {
    JsonNode json() throws IOException {
      return new ObjectMapper().readTree(out);
    }
  }

  @BeforeAll
  static void startSpark() {
    // Main joins the shared session (and leaves it running) instead of starting its own.
    SharedSpark.get();
    cdnow = Path.of(System.getProperty("brightstar.shared.data"), "cdnow", "CDNOW_sample.csv")
        .toString();
  }

  private Run run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    if (all.size() > 1 && !all.get(1).startsWith("-")) {
      all.addAll(List.of("--master", "local[2]", "--warehouse", dir.toString(),
          "--conf", "brightstar.spark.shuffle-partitions=2"));
    }
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = Main.execute(all.toArray(String[]::new));
      return new Run(code, out.toString(StandardCharsets.UTF_8),
          err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  private Run fitCdnow(String... extra) {
    List<String> args = new ArrayList<>(List.of("clv", "fit", "--transactions", cdnow,
        "--customer-col", "customer_id", "--date-col", "date", "--amount-col", "amount",
        "--calibration-end", "1997-09-30"));
    args.addAll(List.of(extra));
    return run(args.toArray(String[]::new));
  }

  private static void assertParam(JsonNode json, String name, double expected, double tol) {
    assertEquals(expected, json.get("parameters").get(name).asDouble(), tol, name);
    double se = json.get("standard_errors").get(name).asDouble();
    assertTrue(se > 0 && Double.isFinite(se), "standard error of " + name + ": " + se);
  }

  @Test
  void fitPrintsThePublishedCdnowEstimatesForEachModel() throws IOException {
    Run bgnbd = fitCdnow();
    assertEquals(0, bgnbd.code(), bgnbd.err());
    JsonNode json = bgnbd.json();
    assertEquals("bgnbd", json.get("model").asText());
    assertParam(json, "r", 0.243, 5e-4);
    assertParam(json, "alpha", 4.414, 5e-4);
    assertParam(json, "a", 0.793, 5e-4);
    assertParam(json, "b", 2.426, 5e-4);
    assertEquals(-9582.4, json.get("log_likelihood").asDouble(), 0.05);
    assertEquals(2357, json.get("customers").asLong());
    assertEquals(1016, json.get("tuples").asInt());
    assertTrue(json.get("converged").asBoolean());
    assertEquals("week", json.get("period").asText());
    assertEquals("1997-09-30", json.get("calibration_end").asText());

    JsonNode pareto = fitCdnow("--model", "pareto").json();
    assertParam(pareto, "r", 0.553, 5e-4);
    assertParam(pareto, "alpha", 10.578, 5e-3);
    assertParam(pareto, "s", 0.606, 5e-4);
    assertParam(pareto, "beta", 11.665, 0.01);
    assertEquals(-9594.98, pareto.get("log_likelihood").asDouble(), 0.01);

    JsonNode spend = fitCdnow("--model", "gamma-gamma").json();
    assertParam(spend, "p", 6.25, 5e-3);
    assertParam(spend, "q", 3.74, 5e-3);
    assertParam(spend, "gamma", 15.44, 5e-3);
    assertEquals(946, spend.get("customers").asLong());
  }

  @Test
  void sbgReproducesThePublishedHighEndEstimates() throws IOException {
    String survivors = Path.of(System.getProperty("brightstar.shared.data"), "retention",
        "high_end_survivors.csv").toString();
    Run sbg = run("clv", "fit", "--model", "sbg", "--survivors", survivors);
    assertEquals(0, sbg.code(), sbg.err());
    JsonNode json = sbg.json();
    assertEquals("sbg", json.get("model").asText());
    // Fader and Hardie (2007), High End: alpha = 0.668, beta = 3.806.
    assertParam(json, "alpha", 0.668, 5e-4);
    assertParam(json, "beta", 3.806, 5e-4);
    assertEquals(1000, json.get("customers").asLong());
    assertTrue(json.get("converged").asBoolean());
    assertTrue(json.get("boundary") == null, json.toString());

    Run missing = run("clv", "fit", "--model", "sbg");
    assertEquals(2, missing.code(), missing.err());
    assertTrue(missing.err().contains("--model sbg needs --survivors FILE"), missing.err());
    Run noTransactions = run("clv", "fit", "--customer-col", "c", "--date-col", "d");
    assertTrue(noTransactions.err().contains("Missing required option: '--transactions'"),
        noTransactions.err());
  }

  @Test
  void onlineRetailPeaksOnTheNoDropoutBoundary() throws IOException {
    // UCI Online Retail: BG/NBD's a and b run off to the NBD limit; before, the same
    // parameters came out as "did not converge".
    String retail = Path.of(System.getProperty("brightstar.shared.data"), "online_retail",
        "online_retail_tx.csv.gz").toString();
    Run fit = run("clv", "fit", "--transactions", retail, "--customer-col", "customer_id",
        "--date-col", "date", "--amount-col", "amount");
    assertEquals(0, fit.code(), fit.err());
    JsonNode json = fit.json();
    assertEquals("no dropout observed: BG/NBD reduces to NBD", json.get("boundary").asText());
    assertEquals("NBD", json.get("model_name").asText());
    assertTrue(json.get("converged").asBoolean());
    assertEquals(4338, json.get("customers").asLong());
    assertParam(json, "r", 0.828, 1e-3);
    assertParam(json, "alpha", 9.95, 0.01);
    assertTrue(fit.err().contains("the likelihood peaks on a boundary of the parameter space"),
        fit.err());
    assertTrue(!fit.err().contains("did not converge"), fit.err());
  }

  @Test
  void badInputIsOneLineNamingTheColumnOrValue() throws IOException {
    Run missing = run("clv", "fit", "--transactions", cdnow, "--customer-col", "client",
        "--date-col", "date");
    assertEquals(1, missing.code());
    assertEquals(1, missing.err().strip().lines().count(), missing.err());
    assertTrue(missing.err().startsWith("brightstar: Column 'client' (the customer column) is"
        + " not in the transactions: the columns are [customer_id, date, cds, amount]"),
        missing.err());

    Path bad = dir.resolve("bad.csv");
    Files.writeString(bad, "id,when,value\n1,2024-01-01,5\n1,2024-02-30x,7\n");
    Run date = run("clv", "fit", "--transactions", bad.toString(), "--customer-col", "id",
        "--date-col", "when");
    assertEquals(1, date.code());
    assertEquals(1, date.err().strip().lines().count(), date.err());
    assertTrue(date.err().startsWith(
        "brightstar: Cannot read date '2024-02-30x' in column 'when' (customer '1')"),
        date.err());

    Path badAmount = dir.resolve("amount.csv");
    Files.writeString(badAmount, "id,when,value\n1,01/02/2024,5\n2,02/02/2024,5 EUR\n");
    Run amount = run("clv", "fit", "--transactions", badAmount.toString(), "--customer-col",
        "id", "--date-col", "when", "--date-format", "dd/MM/yyyy", "--amount-col", "value");
    assertEquals(1, amount.code());
    assertTrue(amount.err().startsWith(
        "brightstar: Cannot read amount '5 EUR' in column 'value' (customer '2')"),
        amount.err());

    Run noAmount = run("clv", "fit", "--transactions", cdnow, "--customer-col", "customer_id",
        "--date-col", "date", "--model", "gamma-gamma");
    assertEquals(2, noAmount.code());
    assertTrue(noAmount.err().contains("--model gamma-gamma needs --amount-col"),
        noAmount.err());

    Run noDate = run("clv", "--master", "local[2]");
    assertEquals(2, noDate.code());
    assertTrue(noDate.err().contains("Missing required option: '--as-of=YYYY-MM-DD'"),
        noDate.err());
  }

  @Test
  void benchClvTimesEachStageAndRecoversTheTrueParameters() {
    Run bench = run("bench", "clv", "--customers", "20000", "--seed", "3", "--no-job");
    assertEquals(0, bench.code(), bench.err());
    List<String> lines = bench.out().lines().toList();
    assertTrue(lines.get(0).startsWith("customers 20,000, transactions "), bench.out());
    for (String stage : List.of("summary stage", "fit stage", "prediction stage", "total")) {
      assertTrue(lines.stream().anyMatch(l -> l.startsWith(stage) && l.contains(" s")),
          stage + " missing from\n" + bench.out());
    }
    assertTrue(bench.out().contains("BG/NBD fitted (true): r "), bench.out());
    assertTrue(bench.out().contains("true parameters recovered within 10%: yes"), bench.out());
  }
}
