package brightstar.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brightstar.cli.Main;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's smoke test ({@code bin/brightstar bench} on a tiny population), which keeps
 * it working; the benchmark itself is not part of the test suite. One month of 100
 * customers, the stages ingest, unify and customer360 each in its own JVM, both peers
 * (Parquet for ingest, its default; TableCatalogTest covers Parquet tables further).
 */
class PipelineBenchmarkTest {
  @Test
  void benchmarksTheStagesAndBothPeersOnTheSameFilesAndWritesTheReport(@TempDir Path dir)
      throws IOException {
    Path work = dir.resolve("work");
    Path out = dir.resolve("out");
    Path docs = dir.resolve("benchmarks.md");
    Files.writeString(docs, "# Benchmarks\n\n" + BenchReport.DOCS_START + "\nold figures\n"
        + BenchReport.DOCS_END + "\n\nafter\n");

    int exit = Main.execute("bench", "--customers", "100", "--start", "2024-12-01", "--end",
        "2024-12-31", "--stages", "ingest,unify,customer360", "--work", work.toString(),
        "--out", out.toString(), "--heap", "1g", "--warehouse", dir.resolve("wh").toString(),
        // Tiny data: C1 only (C2's compile threads cost more CPU than these stages' work).
        "--stage-java-options", "-XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=240m",
        "--update-docs", docs.toString());
    assertEquals(0, exit, "bench failed; stage logs in " + work.resolve("100/logs"));

    Path json;
    try (Stream<Path> files = Files.list(out)) {
      json = files.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
    }
    JsonNode result = new ObjectMapper().readTree(json.toFile());
    Map<String, JsonNode> runs = new HashMap<>();
    result.get("runs").forEach(r -> runs.put(r.get("stage").asText() + "/"
        + r.get("variant").asText(), r));
    assertEquals(List.of("customer360/delta", "customer360/duckdb", "generate/delta",
            "ingest/delta", "ingest/duckdb", "ingest/parquet", "unify/delta"),
        runs.keySet().stream().sorted().toList());

    // Ingest read every data line of the landing zone, and both formats kept the same rows.
    long landingRows = dataLines(work);
    JsonNode ingest = runs.get("ingest/delta");
    assertEquals(landingRows, ingest.get("rows_in").asLong());
    assertEquals(landingRows, ingest.get("rows_out").asLong());
    // Unify reads what ingest wrote (the same bronze versions, counted once).
    assertEquals(landingRows, runs.get("unify/delta").get("rows_in").asLong());
    assertEquals(landingRows, runs.get("ingest/parquet").get("rows_out").asLong());
    for (String stage : List.of("ingest/delta", "unify/delta", "customer360/delta")) {
      JsonNode r = runs.get(stage);
      assertTrue(r.get("wall_seconds").asDouble() > 0 && r.get("cpu_seconds").asDouble() > 0,
          stage);
      assertTrue(r.get("peak_heap_bytes").asLong() > 0
          && r.get("peak_heap_bytes").asLong() <= 1L << 30, stage + " within its 1g heap");
      assertTrue(r.get("bytes_written").asLong() > 0, stage);
    }
    assertTrue(result.get("slopes").isEmpty(), "one size has no slope");

    // The peer did the same work: same rows kept and set aside, same customer_360 values.
    List<String> checks = new ArrayList<>();
    result.get("checks").forEach(c -> checks.add(c.asText()));
    assertEquals(2, checks.size(), checks.toString());
    assertTrue(checks.get(0).contains("same rows as Brightstar in 14 of 14 entities"),
        checks.get(0));
    assertTrue(checks.get(1).matches(".*DuckDB's 4\\d columns equal gold.customer_360's for"
        + " all of \\d+ customers"), checks.get(1));

    String markdown = Files.readString(docs, StandardCharsets.UTF_8);
    assertTrue(markdown.startsWith("# Benchmarks\n\n" + BenchReport.DOCS_START + "\nMachine: "));
    assertTrue(markdown.endsWith(BenchReport.DOCS_END + "\n\nafter\n"), markdown);
    assertTrue(markdown.contains("| Delta / Parquet | Brightstar / DuckDB |"), markdown);
    assertTrue(markdown.matches("(?s).*\\| 100 \\| ingest \\|[^\\n]*\\| [\\d.]+ \\([\\d.]+ s\\)"
        + " \\| [\\d.,]+ \\([\\d.]+ s\\) \\|\\n.*"), markdown);
    byte[] png = Files.readAllBytes(dir.resolve("benchmarks-pipeline.png"));
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'},
        java.util.Arrays.copyOf(png, 4));

    // A stage that fails stops the run with a non-zero exit and a one-line reason, and the
    // run's figures file is still written (with the stages before it; none here, as a stage's
    // JVM costs the suite ~20 s). The bench's --conf reaches the stage: its invalid setting is
    // the reason train gives.
    Path partial = dir.resolve("partial");
    int failed = Main.execute("bench", "--customers", "100", "--start", "2024-12-01", "--end",
        "2024-12-31", "--stages", "train", "--work", work.toString(),
        "--out", partial.toString(), "--heap", "1g", "--no-duckdb", "--parquet-stages", "none",
        "--warehouse", dir.resolve("wh").toString(), "--conf", "brightstar.ml.folds=1",
        "--stage-java-options", "-XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=240m");
    assertEquals(1, failed);
    JsonNode stopped;
    try (Stream<Path> files = Files.list(partial)) {
      stopped = new ObjectMapper().readTree(files.filter(p -> p.toString().endsWith(".json"))
          .findFirst().orElseThrow().toFile());
    }
    assertEquals(0, stopped.get("runs").size(), stopped.get("runs").toString());
    String failure = stopped.get("failure").asText();
    assertTrue(failure.startsWith("benchmark stage train-delta failed: exit 1: brightstar:"
        + " invalid brightstar.ml.folds: must be at least 2, not 1"), failure);
  }

  @Test
  void aDeltaTableVersionIsItsPathAndLatestCommit(@TempDir Path dir) throws IOException {
    Path table = dir.resolve("silver/orders");
    Files.createDirectories(table.resolve("_delta_log"));
    assertEquals(java.util.Optional.empty(), PipelineBenchmark.deltaVersion(dir.resolve("none")));
    for (String f : List.of("00000000000000000000.json", "00000000000000000009.json",
        "00000000000000000010.json", "00000000000000000010.checkpoint.parquet",
        "_last_checkpoint", ".00000000000000000011.json.crc")) {
      Files.writeString(table.resolve("_delta_log").resolve(f), "");
    }
    assertEquals(java.util.Optional.of(table.toAbsolutePath() + "@00000000000000000010"),
        PipelineBenchmark.deltaVersion(table));
    // Parquet (the Delta / Parquet peer): no log, no version, counted every time.
    Files.createDirectories(dir.resolve("parquet/orders"));
    assertEquals(java.util.Optional.empty(),
        PipelineBenchmark.deltaVersion(dir.resolve("parquet/orders")));
  }

  /** Data lines of every landing file: CSV lines after the header, every JSON line. */
  private static long dataLines(Path work) throws IOException {
    Path landing;
    try (Stream<Path> dirs = Files.list(work)) {
      landing = dirs.filter(p -> p.getFileName().toString().startsWith("landing-"))
          .findFirst().orElseThrow();
    }
    long rows = 0;
    try (Stream<Path> files = Files.walk(landing)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        if (f.toString().contains("/_truth/") || f.getFileName().toString().startsWith(".")) {
          continue;
        }
        long lines;
        try (Stream<String> l = Files.lines(f)) {
          lines = l.filter(s -> !s.isEmpty()).count();
        }
        rows += f.toString().endsWith(".csv") ? lines - 1 : lines;
      }
    }
    return rows;
  }
}
