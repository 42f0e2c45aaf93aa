package brightstar.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brightstar.BrightstarException;
import brightstar.bench.PipelineBenchmark.Result;
import brightstar.bench.PipelineBenchmark.StageRun;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's arithmetic on a hand-made result: slopes, totals and the peer ratios. */
class BenchReportTest {
  private static StageRun run(long n, String stage, String variant, double wall) {
    return new StageRun(n, stage, variant, wall, wall * 1.5, 0.1, 1L << 30, n * 100, n * 100,
        1L << 20);
  }

  private static Result result() {
    Map<String, Object> machine = new LinkedHashMap<>();
    machine.put("cores", 2);
    machine.put("memory_gib", 23.4);
    machine.put("load_average_start", 1.5);
    machine.put("load_average_end", 2.25);
    return new Result(machine, List.of(
        run(10_000, "generate", "delta", 5),
        run(10_000, "ingest", "delta", 40),
        run(10_000, "unify", "delta", 20),
        run(10_000, "ingest", "parquet", 32),
        run(10_000, "ingest", "duckdb", 8),
        run(100_000, "generate", "delta", 50),
        run(100_000, "ingest", "delta", 400),   // linear: slope 1
        run(100_000, "unify", "delta", 63.25),  // sqrt: slope 0.5
        run(100_000, "ingest", "parquet", 320),
        run(100_000, "ingest", "duckdb", 100)), List.of("a check"));
  }

  @Test
  void slopeIsLogTimeOverLogSizeBetweenTheTwoLargestSizes() {
    Map<String, Double> slopes = BenchReport.slopes(result());
    assertEquals(1.0, slopes.get("ingest"), 1e-9);
    assertEquals(0.5, slopes.get("unify"), 1e-3);
    // The pipeline (generate excluded): 60 s -> 463.25 s.
    assertEquals(Math.log(463.25 / 60) / Math.log(10), slopes.get("pipeline"), 1e-9);
  }

  @Test
  void markdownGivesSecondsPerSizeAndBothPeerRatios() {
    String md = BenchReport.markdown(result(), "chart.png");
    assertTrue(md.startsWith("Machine: 2 cores, 23.4 GiB,"), md);
    assertTrue(md.contains("load average 1.50 at the start, 2.25 at the end."), md);
    assertTrue(md.contains("| ingest | 40.0 | 400.0 | 1.00 |"), md);
    assertTrue(md.contains("| **pipeline** (without generate) | **60.0** | **463.3** |"), md);
    // 100,000 ingest: 400 / 320 against Parquet, 400 / 100 against DuckDB; 10^7 rows in
    // over 400 s and 2 cores is 12,500 rows per second per core.
    assertTrue(md.contains("| 100,000 | ingest | 400.0 | 600 | 10,000,000 | 10,000,000 |"
        + " 12,500 | 1.00 | 1 | 1.25 (320.0 s) | 4.0 (100.0 s) |"), md);
    assertTrue(md.contains("- a check\n"));
    assertTrue(md.endsWith("![seconds per stage against customers, log-log](chart.png)\n"));
  }

  @Test
  void jsonHasEveryRunWithItsSpeedPerCore() {
    String json = BenchReport.json(result());
    assertTrue(json.contains("\"rows_per_second_per_core\" : 12500.0"), json);
    assertTrue(json.contains("\"pipeline\" :"), json);
  }

  @Test
  void chartIsA900By560Png(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("chart.png");
    BenchReport.chart(result(), png);
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(900, image.getWidth());
    assertEquals(560, image.getHeight());
  }

  @Test
  void aResultReadBackFromItsJsonGivesTheSameReport() {
    Result back = BenchReport.parse(BenchReport.json(result()), "r.json");
    assertEquals(result().runs(), back.runs());
    assertEquals(List.of("a check"), back.checks());
    assertNull(back.failure());
    assertEquals(BenchReport.markdown(result(), null), BenchReport.markdown(back, null));
  }

  @Test
  void aFileThatIsNotAResultIsRefusedWithItsName() {
    BrightstarException e = assertThrows(BrightstarException.class,
        () -> BenchReport.parse("{\"runs\": 3}", "notes.json"));
    assertTrue(e.getMessage().startsWith("cannot read notes.json: it has no \"machine\""),
        e.getMessage());
    assertThrows(BrightstarException.class, () -> BenchReport.parse("not json", "x.json"));
    BrightstarException field = assertThrows(BrightstarException.class,
        () -> BenchReport.parse("{\"machine\": {}, \"runs\": [{\"stage\": \"ingest\"}]}",
            "old.json"));
    assertTrue(field.getMessage().startsWith("cannot read old.json: a run has no customers"
        + " (missing)"), field.getMessage());
  }

  @Test
  void mergedRunsTakeEachSizeAndStageFromTheLastResultThatHasIt() {
    Map<String, Object> machine = new LinkedHashMap<>(result().machine());
    machine.put("shuffle_partitions", "32");
    machine.put("stage_heap", "8g");
    // A later run at 10^6 (linear ingest) that also re-measured unify at 10^5.
    Result large = new Result(machine, List.of(
        run(100_000, "unify", "delta", 50),
        run(1_000_000, "ingest", "delta", 4000),
        run(1_000_000, "unify", "delta", 500)), List.of("a check", "another"),
        "benchmark stage features-delta failed: exit 1");
    Result merged = BenchReport.merge(List.of(result(), large), List.of("a.json", "b.json"));
    assertEquals(50, merged.runs().stream().filter(r -> r.customers() == 100_000
        && r.stage().equals("unify")).findFirst().orElseThrow().wall());
    assertEquals(12, merged.runs().size());
    // Slopes between 10^5 and 10^6: ingest 400 -> 4000, unify 50 -> 500.
    assertEquals(1.0, BenchReport.slopes(merged).get("ingest"), 1e-9);
    assertEquals(1.0, BenchReport.slopes(merged).get("unify"), 1e-9);
    assertEquals(List.of("a check", "another"), merged.checks());
    assertEquals("b.json: benchmark stage features-delta failed: exit 1", merged.failure());
    String md = BenchReport.markdown(merged, null);
    assertTrue(md.contains("| ingest | 40.0 | 400.0 | 4,000.0 | 1.00 |"), md);
    assertTrue(md.contains("- b.json: 100,000 and 1,000,000 customers; ingest,unify; 32 shuffle"
        + " partitions, -Xmx8g; load average 1.50 at the start, 2.25 at the end\n"), md);
    // And it survives its own JSON.
    assertEquals(md, BenchReport.markdown(
        BenchReport.parse(BenchReport.json(merged), "m.json"), null));
  }
}
