package brightstar.bench;

import brightstar.BrightstarException;
import brightstar.bench.PipelineBenchmark.Result;
import brightstar.bench.PipelineBenchmark.StageRun;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The pipeline benchmark's outputs: the figures as JSON, a markdown report (seconds per stage
 * and size with the slope, the detail per stage with both peer ratios, the checks, the
 * machine) and a log-log chart of seconds against customers. Pure functions of the result but
 * for the two file writers.
 */
public final class BenchReport {
  /** Markers around the generated part of docs/benchmarks.md. */
  public static final String DOCS_START = "<!-- pipeline-benchmark:start -->";
  public static final String DOCS_END = "<!-- pipeline-benchmark:end -->";

  /** What to pass instead of a file that is not a benchmark result. */
  public static final String RESULT_FIX = "pass a <timestamp>.json that 'bin/brightstar bench'"
      + " wrote";

  private BenchReport() {}

  /** The result as JSON: machine, one object per stage run (NaN as null), checks. */
  public static String json(Result r) {
    List<Map<String, Object>> runs = new ArrayList<>();
    for (StageRun s : r.runs()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("customers", s.customers());
      m.put("stage", s.stage());
      m.put("variant", s.variant());
      m.put("wall_seconds", finite(s.wall()));
      m.put("cpu_seconds", finite(s.cpu()));
      m.put("gc_seconds", finite(s.gc()));
      m.put("peak_heap_bytes", s.peakHeap());
      m.put("rows_in", s.rowsIn());
      m.put("rows_out", s.rowsOut());
      m.put("rows_per_second_per_core", finite(perCore(s, cores(r))));
      m.put("bytes_written", s.bytesWritten());
      runs.add(m);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("machine", r.machine());
    doc.put("runs", runs);
    doc.put("slopes", slopes(r));
    doc.put("checks", r.checks());
    doc.put("failure", r.failure());
    try {
      return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(doc) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the benchmark as JSON", e);
    }
  }

  /**
   * A result as {@link #json} wrote it.
   *
   * @param source names the JSON in the error when it is not a benchmark result
   */
  @SuppressWarnings("unchecked")
  public static Result parse(String json, String source) {
    Map<String, Object> doc;
    try {
      doc = new ObjectMapper().readValue(json, Map.class);
    } catch (JsonProcessingException e) {
      throw new BrightstarException("cannot read " + source, "it is not JSON: "
          + e.getOriginalMessage(), RESULT_FIX);
    }
    if (!(doc.get("machine") instanceof Map) || !(doc.get("runs") instanceof List)) {
      throw new BrightstarException("cannot read " + source,
          "it has no \"machine\" object and \"runs\" list", RESULT_FIX);
    }
    List<StageRun> runs = new ArrayList<>();
    for (Map<String, Object> m : (List<Map<String, Object>>) doc.get("runs")) {
      runs.add(new StageRun(required(m, "customers", Number.class, source).longValue(),
          required(m, "stage", String.class, source),
          required(m, "variant", String.class, source), orNaN(m, "wall_seconds"),
          orNaN(m, "cpu_seconds"), orNaN(m, "gc_seconds"),
          required(m, "peak_heap_bytes", Number.class, source).longValue(),
          required(m, "rows_in", Number.class, source).longValue(),
          required(m, "rows_out", Number.class, source).longValue(),
          required(m, "bytes_written", Number.class, source).longValue()));
    }
    List<String> checks = doc.get("checks") instanceof List<?> c
        ? c.stream().map(String::valueOf).toList() : List.of();
    return new Result(new LinkedHashMap<>((Map<String, Object>) doc.get("machine")), runs,
        checks, (String) doc.get("failure"));
  }

  /**
   * Several runs' results as one report, e.g. 10^4 and 10^5 from one run and 10^6 from a
   * longer one: for each size, stage and variant the figures of the last result that has
   * them. The checks and failures of all are kept; the machine is the last result's, with
   * each result's own line (its settings and load) under {@code merged_from}.
   *
   * @param names one name per result (its file), in the same order
   */
  public static Result merge(List<Result> results, List<String> names) {
    if (results.isEmpty() || results.size() != names.size()) {
      throw new IllegalArgumentException("one name per result, and at least one result");
    }
    Map<String, StageRun> byKey = new LinkedHashMap<>();
    List<String> checks = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    List<Map<String, Object>> sources = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      Result r = results.get(i);
      for (StageRun s : r.runs()) {
        String key = s.customers() + "/" + s.stage() + "/" + s.variant();
        byKey.put(key, s);
      }
      r.checks().stream().filter(c -> !checks.contains(c)).forEach(checks::add);
      if (r.failure() != null) {
        failures.add(names.get(i) + ": " + r.failure());
      }
      Map<String, Object> source = new LinkedHashMap<>();
      source.put("file", names.get(i));
      source.put("customers", sizes(r));
      source.put("stages", String.join(",", stages(r).stream()
          .sorted(Comparator.comparingInt(BenchReport::pipelineOrder)).toList()));
      source.put("shuffle_partitions", r.machine().get("shuffle_partitions"));
      source.put("stage_heap", r.machine().get("stage_heap"));
      source.put("load_average_start", r.machine().get("load_average_start"));
      source.put("load_average_end", r.machine().get("load_average_end"));
      sources.add(source);
    }
    List<StageRun> runs = new ArrayList<>(byKey.values());
    // Sizes ascending, each size's stages in pipeline order (generate first).
    runs.sort(Comparator.comparingLong(StageRun::customers)
        .thenComparingInt(s -> pipelineOrder(s.stage())));
    Map<String, Object> machine = new LinkedHashMap<>(results.get(results.size() - 1).machine());
    machine.put("merged_from", sources);
    return new Result(machine, runs, checks,
        failures.isEmpty() ? null : String.join("; ", failures));
  }

  /**
   * The report: seconds per stage (rows) and size (columns) with the slope between the two
   * largest sizes, the detail per size and stage with the peer ratios, then the checks.
   *
   * @param chart the chart's file name relative to the report, or null for none
   */
  public static String markdown(Result r, String chart) {
    StringBuilder md = new StringBuilder();
    Map<String, Object> m = r.machine();
    md.append(String.format(Locale.ROOT, "Machine: %s cores, %s GiB, %s, %s; Spark %s, %s,"
            + " %s shuffle partitions; each stage in its own JVM with -Xmx%s %s; seed %s,"
            + " history %s; load average %.2f at the start, %.2f at the end.%n%n",
        m.get("cores"), m.get("memory_gib"), m.get("os"), m.get("jvm"), m.get("spark"),
        m.get("spark_master"), m.get("shuffle_partitions"), m.get("stage_heap"),
        m.get("stage_jvm_flags"), m.get("seed"), m.get("history"), m.get("load_average_start"),
        m.get("load_average_end")));
    if (m.get("merged_from") instanceof List<?> sources) {
      md.append("Merged from ").append(sources.size()).append(" runs (each size, stage and"
          + " variant from the last run that has it):\n\n");
      for (Object o : sources) {
        Map<?, ?> src = (Map<?, ?>) o;
        md.append(String.format(Locale.ROOT, "- %s: %s customers; %s; %s shuffle partitions,"
                + " -Xmx%s; load average %.2f at the start, %.2f at the end%n", src.get("file"),
            customers((List<?>) src.get("customers")), src.get("stages"),
            src.get("shuffle_partitions"), src.get("stage_heap"),
            ((Number) src.get("load_average_start")).doubleValue(),
            ((Number) src.get("load_average_end")).doubleValue()));
      }
      md.append('\n');
    }
    List<Long> sizes = sizes(r);
    List<String> stages = stages(r);
    md.append("Wall seconds per stage (JVM start included):\n\n| stage |");
    sizes.forEach(n -> md.append(String.format(Locale.ROOT, " %,d |", n)));
    md.append(sizes.size() > 1 ? " slope |\n|---|" : "\n|---|");
    sizes.forEach(n -> md.append("---:|"));
    md.append(sizes.size() > 1 ? "---:|\n" : "\n");
    Map<String, Double> slopes = slopes(r);
    for (String stage : stages) {
      md.append("| ").append(stage).append(" |");
      for (long n : sizes) {
        md.append(' ').append(find(r, n, stage, "delta").map(s -> fmt(s.wall(), 1)).orElse(""))
            .append(" |");
      }
      if (sizes.size() > 1) {
        Double slope = slopes.get(stage);
        md.append(' ').append(slope == null ? "" : fmt(slope, 2)).append(" |");
      }
      md.append('\n');
    }
    md.append("| **pipeline** (without generate) |");
    for (long n : sizes) {
      md.append(" **").append(fmt(total(r, n), 1)).append("** |");
    }
    md.append(sizes.size() > 1 ? " " + Optional.ofNullable(slopes.get("pipeline"))
        .map(s -> fmt(s, 2)).orElse("") + " |\n" : "\n");
    md.append("\nSlope: log(seconds) / log(customers) between the two largest sizes;"
        + " 1.0 grows linearly.\n\n");

    md.append("Per stage: rows, speed, memory, bytes, and the peers (Brightstar's time over the"
        + " peer's: above 1, the peer is faster):\n\n| customers | stage | seconds | CPU s |"
        + " rows in | rows out | rows/s/core | peak heap GiB | written MB | Delta / Parquet |"
        + " Brightstar / DuckDB |\n|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    int cores = cores(r);
    for (long n : sizes) {
      for (String stage : stages) {
        Optional<StageRun> delta = find(r, n, stage, "delta");
        if (delta.isEmpty()) {
          continue;
        }
        StageRun s = delta.get();
        String parquet = find(r, n, stage, "parquet")
            .map(p -> fmt(s.wall() / p.wall(), 2) + " (" + fmt(p.wall(), 1) + " s)").orElse("");
        String duck = find(r, n, stage, "duckdb")
            .map(d -> fmt(s.wall() / d.wall(), 1) + " (" + fmt(d.wall(), 1) + " s)").orElse("");
        md.append(String.format(Locale.ROOT, "| %,d | %s | %s | %s | %,d | %,d | %s | %s | %s |"
                + " %s | %s |%n", n, stage, fmt(s.wall(), 1), fmt(s.cpu(), 0), s.rowsIn(),
            s.rowsOut(), s.rowsIn() == 0 ? "" : String.format(Locale.ROOT, "%,.0f",
                perCore(s, cores)), fmt(s.peakHeap() / 1073741824.0, 2),
            String.format(Locale.ROOT, "%,.0f", s.bytesWritten() / 1048576.0), parquet, duck));
      }
    }
    if (!r.checks().isEmpty()) {
      md.append("\nChecks:\n\n");
      r.checks().forEach(c -> md.append("- ").append(c).append('\n'));
    }
    if (chart != null) {
      md.append("\n![seconds per stage against customers, log-log](").append(chart)
          .append(")\n");
    }
    return md.toString();
  }

  /** Seconds per stage against customers on log-log axes, one line per stage. */
  public static void chart(Result r, Path png) throws IOException {
    XYSeriesCollection data = new XYSeriesCollection();
    for (String stage : stages(r)) {
      XYSeries series = new XYSeries(stage);
      for (long n : sizes(r)) {
        find(r, n, stage, "delta").ifPresent(s -> series.add(n, s.wall()));
      }
      data.addSeries(series);
    }
    XYSeries pipeline = new XYSeries("pipeline");
    sizes(r).forEach(n -> pipeline.add(n.doubleValue(), total(r, n)));
    data.addSeries(pipeline);
    // LogarithmicAxis labels its ticks as plain numbers (100, 200, 1,000) where LogAxis
    // printed fractional powers (10^2.05).
    LogarithmicAxis x = new LogarithmicAxis("customers");
    LogarithmicAxis y = new LogarithmicAxis("wall seconds");
    for (LogarithmicAxis a : List.of(x, y)) {
      a.setStrictValuesFlag(true);
      a.setNumberFormatOverride(
          new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT)));
    }
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    renderer.setSeriesStroke(data.getSeriesCount() - 1, new BasicStroke(3f));
    XYPlot plot = new XYPlot(data, x, y, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    JFreeChart chart = new JFreeChart("Brightstar stages: seconds against customers ("
        + r.machine().get("cores") + " cores)", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    Files.createDirectories(png.toAbsolutePath().getParent());
    ChartUtils.saveChartAsPNG(png.toFile(), chart, 900, 560);
  }

  /** Replaces the generated section of docs/benchmarks.md (between the markers). */
  public static void updateDocs(Path docs, String section) throws IOException {
    String text = Files.readString(docs);
    int start = text.indexOf(DOCS_START);
    int end = text.indexOf(DOCS_END);
    if (start < 0 || end < start) {
      throw new BrightstarException("cannot update " + docs,
          "it lacks the markers " + DOCS_START + " and " + DOCS_END,
          "add both markers where the pipeline figures belong");
    }
    Files.writeString(docs, text.substring(0, start + DOCS_START.length()) + "\n" + section
        + text.substring(end));
  }

  /** Slope of log(seconds) against log(customers) between the two largest sizes per stage. */
  static Map<String, Double> slopes(Result r) {
    Map<String, Double> out = new LinkedHashMap<>();
    List<Long> sizes = sizes(r);
    if (sizes.size() < 2) {
      return out;
    }
    long a = sizes.get(sizes.size() - 2);
    long b = sizes.get(sizes.size() - 1);
    for (String stage : stages(r)) {
      Optional<StageRun> sa = find(r, a, stage, "delta");
      Optional<StageRun> sb = find(r, b, stage, "delta");
      if (sa.isPresent() && sb.isPresent()) {
        out.put(stage, Math.log(sb.get().wall() / sa.get().wall()) / Math.log((double) b / a));
      }
    }
    out.put("pipeline", Math.log(total(r, b) / total(r, a)) / Math.log((double) b / a));
    return out;
  }

  private static double total(Result r, long n) {
    return r.runs().stream().filter(s -> s.customers() == n && s.variant().equals("delta")
        && !s.stage().equals("generate")).mapToDouble(StageRun::wall).sum();
  }

  private static List<Long> sizes(Result r) {
    return List.copyOf(new TreeSet<>(r.runs().stream().map(StageRun::customers).toList()));
  }

  /** The stages run, generate first, in the order they ran. */
  private static List<String> stages(Result r) {
    List<String> out = new ArrayList<>();
    for (StageRun s : r.runs()) {
      if (s.variant().equals("delta") && !out.contains(s.stage())) {
        out.add(s.stage());
      }
    }
    return out;
  }

  private static Optional<StageRun> find(Result r, long n, String stage, String variant) {
    return r.runs().stream().filter(s -> s.customers() == n && s.stage().equals(stage)
        && s.variant().equals(variant)).findFirst();
  }

  private static int cores(Result r) {
    return ((Number) r.machine().get("cores")).intValue();
  }

  private static double perCore(StageRun s, int cores) {
    return s.rowsIn() / s.wall() / cores;
  }

  /** Generate first, then the stages in pipeline order. */
  private static int pipelineOrder(String stage) {
    return stage.equals("generate") ? -1 : PipelineBenchmark.STAGES.indexOf(stage);
  }

  private static String customers(List<?> sizes) {
    return sizes.stream().map(n -> String.format(Locale.ROOT, "%,d", ((Number) n).longValue()))
        .collect(Collectors.joining(" and "));
  }

  /** A run's field of the given type, or an error naming the file and the field. */
  private static <T> T required(Map<String, Object> run, String key, Class<T> type,
      String source) {
    Object v = run.get(key);
    if (!type.isInstance(v)) {
      throw new BrightstarException("cannot read " + source, "a run has no " + key + " ("
          + (v == null ? "missing" : "not a " + type.getSimpleName().toLowerCase(Locale.ROOT))
          + "): " + run, RESULT_FIX);
    }
    return type.cast(v);
  }

  private static double orNaN(Map<String, Object> m, String key) {
    return m.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  private static String fmt(double v, int decimals) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%,." + decimals + "f", v) : "";
  }
}
