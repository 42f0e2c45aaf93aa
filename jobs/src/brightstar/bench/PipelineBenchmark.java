package brightstar.bench;

import brightstar.BrightstarException;
import brightstar.Progress;
import brightstar.ingest.SourceContract;
import brightstar.io.LocalFolders;
import brightstar.io.TableCatalog;
import brightstar.io.TableId;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The pipeline benchmark ({@code bin/brightstar bench}): per population size, a generated (or
 * reused) landing zone, then every stage on a fresh warehouse, each in its own JVM as a
 * scheduler runs it ({@link StageMain}); then the peers on the same files and machine: the same
 * stages writing plain Parquet instead of Delta, and DuckDB ({@link DuckDbPeer}) doing the same
 * ingest and the core of customer_360. The driver (this process) only starts the stages and
 * counts rows between them.
 */
public final class PipelineBenchmark {
  /** The stages in pipeline order; each later one needs the ones before it. */
  public static final List<String> STAGES =
      List.of("ingest", "unify", "clv", "customer360", "features", "train", "score");
  /** The stages the Parquet comparison can run: a first build, no MERGE (TableCatalog). */
  public static final List<String> PARQUET_STAGES =
      List.of("ingest", "unify", "clv", "customer360");
  /** The Parquet comparison's default: ingest, the stage the issue's Delta / Parquet target is on. */
  public static final List<String> DEFAULT_PARQUET_STAGES = List.of("ingest");

  /**
   * What to run.
   *
   * @param sizes customers per population, ascending
   * @param stages the stages to time, in pipeline order
   * @param work where landing zones (kept, reused) and warehouses (rebuilt) go
   * @param landing an existing landing zone to use instead of generating (one size only)
   * @param seed the generator's seed
   * @param start first day of generated history
   * @param end last day of history and the as-of date of every stage
   * @param heap the -Xmx of every stage's JVM, e.g. 8g
   * @param javaOptions more flags for every stage's JVM
   * @param duckdb whether to run the DuckDB peer
   * @param parquet the stages to run again writing Parquet (of {@link #PARQUET_STAGES}; empty
   *     for none)
   * @param stageFlags settings every stage gets, as its command-line flags (the benchmark's
   *     own --config, --conf and --master)
   */
  public record Settings(List<Long> sizes, List<String> stages, Path work, Path landing,
      long seed, LocalDate start, LocalDate end, String heap, List<String> javaOptions,
      boolean duckdb, List<String> parquet, List<String> stageFlags) {}

  /**
   * One stage at one size in one variant.
   *
   * @param variant delta (Brightstar as shipped), parquet, or duckdb
   * @param wall wall-clock seconds, JVM start included
   * @param cpu CPU seconds of the stage's process (NaN for DuckDB, which runs here)
   * @param peakHeap the most heap in use at once, bytes (0 for DuckDB)
   * @param rowsIn rows the stage read (landing rows for ingest)
   * @param rowsOut rows in the tables it wrote
   * @param bytesWritten growth of the warehouse folder, bytes
   */
  public record StageRun(long customers, String stage, String variant, double wall, double cpu,
      double gc, long peakHeap, long rowsIn, long rowsOut, long bytesWritten) {}

  /**
   * Everything measured, with the machine it was measured on.
   *
   * @param failure why the run stopped before its last stage (null when every stage ran): the
   *     runs are then those of the stages before it
   */
  public record Result(Map<String, Object> machine, List<StageRun> runs, List<String> checks,
      String failure) {
    /** A run in which every stage ran. */
    public Result(Map<String, Object> machine, List<StageRun> runs, List<String> checks) {
      this(machine, runs, checks, null);
    }
  }

  private final SparkSession spark;
  private final Settings settings;
  private final Progress progress;
  private final List<SourceContract> contracts;
  private final List<StageRun> runs = new ArrayList<>();
  private final List<String> checks = new ArrayList<>();
  /** Rows of a Delta table version ({@link #deltaVersion}) already counted. */
  private final Map<String, Long> counted = new HashMap<>();

  private PipelineBenchmark(SparkSession spark, Settings settings, Progress progress,
      List<SourceContract> contracts) {
    this.spark = spark;
    this.settings = settings;
    this.progress = progress;
    this.contracts = contracts;
  }

  /**
   * Runs the benchmark.
   *
   * @param spark a session of this process, used only to count rows between stages
   * @param contracts the source contracts the DuckDB peer renders its ingest from
   */
  public static Result run(SparkSession spark, Settings settings, List<SourceContract> contracts,
      Progress progress) throws IOException {
    PipelineBenchmark b = new PipelineBenchmark(spark, settings, progress, contracts);
    double loadAtStart = ClvBenchmark.loadAverage();
    String failure = null;
    try {
      for (long n : settings.sizes()) {
        b.size(n);
      }
    } catch (BrightstarException e) {
      // The stages that finished are still figures (a long run at 10^6 keeps them): the
      // caller writes them and then fails with this reason.
      failure = e.getMessage();
      b.checks.add("stopped: " + failure);
      progress.log("stopped: " + failure);
    }
    Map<String, Object> machine = machine(spark, settings);
    machine.put("load_average_start", loadAtStart);
    machine.put("load_average_end", ClvBenchmark.loadAverage());
    return new Result(machine, List.copyOf(b.runs), List.copyOf(b.checks), failure);
  }

  private void size(long n) throws IOException {
    Path dir = settings.work().resolve(String.valueOf(n));
    Path landing = settings.landing() != null ? settings.landing() : landing(n);
    // Without ingest the stages need the tables a previous run left: the warehouse stays.
    Path warehouse = settings.stages().contains("ingest") ? fresh(dir.resolve("delta"))
        : existing(dir.resolve("delta"));
    for (String stage : settings.stages()) {
      stage(n, stage, "delta", warehouse, landing, dir.resolve("logs"));
    }
    if (settings.duckdb()) {
      duckdb(n, dir, landing, warehouse);
    }
    // The Parquet peer at the largest size only: below it, both variants mostly measure JVM
    // and job start-up, and the run stays shorter.
    long largest = Collections.max(settings.sizes());
    if (!settings.parquet().isEmpty() && n == largest) {
      Path parquet = fresh(dir.resolve("parquet"));
      for (String stage : settings.stages()) {
        if (settings.parquet().contains(stage)) {
          stage(n, stage, "parquet", parquet, landing, dir.resolve("logs"));
        }
      }
    }
  }

  /** The generated landing zone of a size, made once and reused while it is complete. */
  private Path landing(long n) throws IOException {
    Path landing = settings.work().resolve("landing-" + n + "-seed" + settings.seed() + "-"
        + settings.start() + "-" + settings.end());
    Path complete = landing.resolve(".complete");
    if (Files.exists(complete)) {
      progress.log(String.format(Locale.ROOT, "%,d customers: reusing %s", n, landing));
      return landing;
    }
    LocalFolders.delete(landing);
    Path logs = settings.work().resolve(String.valueOf(n)).resolve("logs");
    Metrics m = child(logs, "generate", List.of("generate", "--customers", String.valueOf(n),
        "--seed", String.valueOf(settings.seed()), "--start", settings.start().toString(),
        "--end", settings.end().toString(), "--out", landing.toString()));
    runs.add(new StageRun(n, "generate", "delta", m.wall, m.cpu, m.gc, m.peakHeap, 0,
        0, size(landing)));
    Files.writeString(complete, "generated\n");
    return landing;
  }

  private void stage(long n, String stage, String variant, Path warehouse, Path landing,
      Path logs) {
    List<String> args = new ArrayList<>(List.of(stage));
    if (stage.equals("ingest")) {
      args.addAll(List.of("--source", "all", "--from", settings.start().toString(), "--to",
          settings.end().toString()));
    } else {
      // unify resolves what was delivered up to a day; the later stages are as of a date.
      args.addAll(List.of(stage.equals("unify") ? "--date" : "--as-of",
          settings.end().toString()));
    }
    args.addAll(List.of("--warehouse", warehouse.toString(), "--landing", landing.toString()));
    args.addAll(settings.stageFlags());
    if (!variant.equals("delta")) {
      args.addAll(List.of("--conf", "brightstar.table-format=" + variant));
    }
    long before = size(warehouse);
    Metrics m = child(logs, stage + "-" + variant, args);
    long written = size(warehouse) - before;
    TableCatalog catalog = catalog(warehouse, variant);
    StageRun run = new StageRun(n, stage, variant, m.wall, m.cpu, m.gc, m.peakHeap,
        rowsIn(catalog, stage), rowsOut(catalog, stage), written);
    runs.add(run);
    progress.log(String.format(Locale.ROOT, "%,d customers, %s (%s): %.1f s, %,d rows in,"
        + " %,d rows out, peak heap %.2f GiB", n, stage, variant, m.wall, run.rowsIn(),
        run.rowsOut(), m.peakHeap / 1073741824.0));
  }

  private void duckdb(long n, Path dir, Path landing, Path warehouse) throws IOException {
    Path db = dir.resolve("duckdb");
    LocalFolders.delete(db);
    Files.createDirectories(db);
    int threads = Runtime.getRuntime().availableProcessors();
    try (DuckDbPeer peer = new DuckDbPeer(db.resolve("peer.duckdb").toString(), threads)) {
      TableCatalog delta = catalog(warehouse, "delta");
      if (settings.stages().contains("ingest")) {
        long started = System.nanoTime();
        List<DuckDbPeer.EntityCount> counts = peer.ingest(contracts, landing.toString());
        double wall = (System.nanoTime() - started) / 1e9;
        long accepted = counts.stream().mapToLong(DuckDbPeer.EntityCount::accepted).sum();
        long quarantined = counts.stream().mapToLong(DuckDbPeer.EntityCount::quarantined).sum();
        runs.add(new StageRun(n, "ingest", "duckdb", wall, Double.NaN, Double.NaN, 0,
            accepted + quarantined, accepted + quarantined, size(db)));
        progress.log(String.format(Locale.ROOT, "%,d customers, ingest (duckdb): %.1f s", n,
            wall));
        checks.add(compareIngest(n, delta, counts));
      }
      if (settings.stages().contains("customer360")) {
        Map<String, List<String>> silver = new LinkedHashMap<>();
        for (String t : List.of("customers", "orders", "invoices", "credit_notes", "tickets",
            "surveys", "returns", "touches")) {
          silver.put(t, List.of(delta.read(TableId.silver(t)).inputFiles()));
        }
        long started = System.nanoTime();
        long rows = peer.customer360(silver, settings.end());
        double wall = (System.nanoTime() - started) / 1e9;
        runs.add(new StageRun(n, "customer360", "duckdb", wall, Double.NaN, Double.NaN, 0,
            rowsIn(delta, "customer360"), rows, 0));
        progress.log(String.format(Locale.ROOT, "%,d customers, customer360 (duckdb): %.1f s",
            n, wall));
        checks.add(compareCustomer360(n, peer, delta));
      }
    }
  }

  /** The peer must keep and set aside exactly the rows Brightstar did, entity by entity. */
  private String compareIngest(long n, TableCatalog delta, List<DuckDbPeer.EntityCount> peer) {
    Map<String, long[]> ours = new LinkedHashMap<>();
    for (Row r : delta.read(TableId.bronze("ingest_log")).groupBy("target_table")
        .agg(org.apache.spark.sql.functions.sum("rows_accepted"),
            org.apache.spark.sql.functions.sum("rows_quarantined")).collectAsList()) {
      ours.put(r.getString(0), new long[] {r.getLong(1), r.getLong(2)});
    }
    List<String> differ = new ArrayList<>();
    for (DuckDbPeer.EntityCount c : peer) {
      long[] o = ours.getOrDefault(c.table(), new long[] {0, 0});
      if (o[0] != c.accepted() || o[1] != c.quarantined()) {
        differ.add(String.format(Locale.ROOT, "%s: Brightstar %,d kept / %,d set aside, DuckDB"
            + " %,d / %,d", c.table(), o[0], o[1], c.accepted(), c.quarantined()));
      }
    }
    return String.format(Locale.ROOT, "%,d customers, ingest: DuckDB kept and set aside the"
        + " same rows as Brightstar in %d of %d entities%s", n, peer.size() - differ.size(),
        peer.size(), differ.isEmpty() ? "" : " (" + String.join("; ", differ) + ")");
  }

  /**
   * Every column the peer computes must equal gold.customer_360's; money within 2.5 cents, as
   * each engine sums doubles in its own order before rounding to cents.
   */
  private String compareCustomer360(long n, DuckDbPeer peer, TableCatalog delta) {
    List<String> files = List.of(delta.read(TableId.gold("customer_360")).inputFiles());
    String list = String.join(", ", files.stream().map(f -> "'" + f + "'").toList());
    List<Map<String, Object>> columns = peer.query("SELECT column_name, data_type FROM"
        + " information_schema.columns WHERE table_name = 'peer_customer_360'"
        + " AND column_name <> 'customer_id'");
    StringBuilder sql = new StringBuilder("SELECT count(*) AS customers");
    for (Map<String, Object> column : columns) {
      String c = (String) column.get("column_name");
      String type = (String) column.get("data_type");
      String differs = type.equals("DOUBLE") || type.startsWith("DECIMAL")
          ? "abs(p." + c + " - g." + c + ") > 0.025 OR (p." + c + " IS NULL) <> (g." + c
              + " IS NULL)"
          : "p." + c + " IS DISTINCT FROM g." + c;
      sql.append(", count(*) FILTER (WHERE ").append(differs).append(") AS \"").append(c)
          .append('"');
    }
    sql.append(" FROM peer_customer_360 p FULL JOIN read_parquet([").append(list)
        .append("]) g USING (customer_id)");
    Map<String, Object> result = peer.query(sql.toString()).get(0);
    List<String> differ = new ArrayList<>();
    result.forEach((k, v) -> {
      if (!k.equals("customers") && ((Number) v).longValue() > 0) {
        differ.add(k + " (" + v + " customers)");
      }
    });
    return String.format(Locale.ROOT, "%,d customers, customer360: DuckDB's %d columns equal"
        + " gold.customer_360's for %s of %s customers%s", n, columns.size(),
        differ.isEmpty() ? "all" : "not all", result.get("customers"),
        differ.isEmpty() ? "" : ": differ " + String.join(", ", differ));
  }

  private long rowsIn(TableCatalog c, String stage) {
    return switch (stage) {
      case "ingest" -> sumColumn(c, TableId.bronze("ingest_log"), "rows_read");
      case "unify" -> rows(c, layer(c, TableId.BRONZE, "ingest_log", "dq_results"));
      case "clv", "customer360", "features" -> rows(c, layer(c, TableId.SILVER));
      case "train" -> rows(c, List.of(TableId.gold("customer_features")));
      case "score" -> rows(c, List.of(TableId.gold("customer_360")));
      default -> 0;
    };
  }

  private long rowsOut(TableCatalog c, String stage) {
    return switch (stage) {
      case "ingest" -> rows(c, layer(c, TableId.BRONZE, "ingest_log", "dq_results"));
      case "unify" -> rows(c, layer(c, TableId.SILVER));
      case "clv" -> rows(c, List.of(TableId.gold("clv"), TableId.gold("clv_by_tier"),
          TableId.gold("clv_validation")));
      case "customer360" -> rows(c, List.of(TableId.gold("customer_360"),
          TableId.gold("customer_360_history"), TableId.gold("value_concentration")));
      case "features" -> rows(c, List.of(TableId.gold("customer_features")));
      case "train" -> rows(c, List.of(TableId.gold("model_runs")));
      case "score" -> rows(c, List.of(TableId.gold("customer_scores")));
      default -> 0;
    };
  }

  private static List<TableId> layer(TableCatalog c, String layer, String... except) {
    List<TableId> tables = new ArrayList<>();
    Path dir = Path.of(c.warehouse(), layer);
    if (!Files.isDirectory(dir)) {
      return tables;
    }
    try (Stream<Path> children = Files.list(dir)) {
      for (Path p : children.sorted().toList()) {
        String name = p.getFileName().toString();
        TableId id = new TableId(layer, name);
        if (Files.isDirectory(p) && !List.of(except).contains(name) && c.exists(id)) {
          tables.add(id);
        }
      }
    } catch (IOException e) {
      throw new BrightstarException("cannot list " + dir, e.getMessage(), "check the folder", e);
    }
    return tables;
  }

  private long rows(TableCatalog c, List<TableId> tables) {
    long rows = 0;
    for (TableId t : tables) {
      if (c.exists(t)) {
        // A stage's rows in are the rows out of the stages before it (clv, customer360 and
        // features all read the same silver tables): a Delta version is counted once.
        Optional<String> version = deltaVersion(Path.of(c.path(t)));
        if (version.isPresent()) {
          rows += counted.computeIfAbsent(version.get(), v -> c.read(t).count());
        } else {
          rows += c.read(t).count();
        }
      }
    }
    return rows;
  }

  /** {@code <table path>@<latest commit>} of a local Delta table; empty for anything else. */
  static Optional<String> deltaVersion(Path table) {
    Path log = table.resolve("_delta_log");
    if (!Files.isDirectory(log)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(log)) {
      return files.map(f -> f.getFileName().toString())
          .filter(f -> f.matches("\\d{20}\\.json"))
          .max(Comparator.naturalOrder())
          .map(f -> table.toAbsolutePath() + "@" + f.substring(0, 20));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static long sumColumn(TableCatalog c, TableId table, String column) {
    if (!c.exists(table)) {
      return 0;
    }
    Row r = c.read(table).agg(org.apache.spark.sql.functions.sum(column)).first();
    return r.isNullAt(0) ? 0 : r.getLong(0);
  }

  /** A catalog reading {@code warehouse} in the given format, without registering anything. */
  private TableCatalog catalog(Path warehouse, String variant) {
    return new TableCatalog(spark, warehouse.toAbsolutePath().toString(),
        variant.equals("parquet") ? TableCatalog.PARQUET : TableCatalog.DELTA);
  }

  /** What a stage's JVM reported. */
  private record Metrics(double wall, double cpu, double gc, long peakHeap) {}

  /**
   * Runs {@code brightstar <args>} in a JVM of its own (this JVM's flags, the benchmark's
   * heap), its output in {@code logs/<name>.log}.
   */
  private Metrics child(Path logs, String name, List<String> args) {
    try {
      Files.createDirectories(logs);
      Path metrics = logs.resolve(name + ".metrics");
      Path log = logs.resolve(name + ".log");
      Files.deleteIfExists(metrics);
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
        if (!a.startsWith("-Xmx") && !a.startsWith("-Xms") && !a.startsWith("-agentlib")
            && !a.startsWith("-javaagent") && !a.startsWith("-XX:MaxRAM")) {
          command.add(a);
        }
      }
      command.add("-Xmx" + settings.heap());
      command.addAll(settings.javaOptions());
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(StageMain.class.getName());
      command.add(metrics.toString());
      command.addAll(args);
      long started = System.nanoTime();
      Process p = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      boolean done = p.waitFor(6, TimeUnit.HOURS);
      double wall = (System.nanoTime() - started) / 1e9;
      if (!done) {
        p.destroyForcibly();
      }
      if (!done || p.exitValue() != 0 || !Files.exists(metrics)) {
        // The command's own one-line reason, else the log's last line.
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        String last = lines.stream().filter(l -> l.startsWith("brightstar: ")).reduce(
            (a, b) -> b).orElse(lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1));
        throw new BrightstarException("benchmark stage " + name + " failed",
            (done ? "exit " + p.exitValue() : "still running after 6 hours") + ": " + last,
            "read " + log + "; the stage runs alone as: bin/brightstar " + String.join(" ", args));
      }
      Map<String, String> m = new LinkedHashMap<>();
      for (String kv : Files.readString(metrics).strip().split(" ")) {
        String[] parts = kv.split("=", 2);
        m.put(parts[0], parts[1]);
      }
      return new Metrics(wall, Double.parseDouble(m.get("cpu_seconds")),
          Double.parseDouble(m.get("gc_seconds")), Long.parseLong(m.get("peak_heap_bytes")));
    } catch (IOException e) {
      throw new BrightstarException("cannot run benchmark stage " + name, e.getMessage(),
          "check that " + logs + " is writable", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BrightstarException("benchmark interrupted", "asked to stop during " + name,
          "run it again; finished stages are in " + logs, e);
    }
  }

  private static Map<String, Object> machine(SparkSession spark, Settings settings) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cores", Runtime.getRuntime().availableProcessors());
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      m.put("memory_gib", Math.round(os.getTotalMemorySize() / 1073741824.0 * 10) / 10.0);
    }
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    m.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    m.put("spark", spark.version());
    m.put("spark_master", spark.conf().get("spark.master", "local[*]"));
    m.put("shuffle_partitions", spark.conf().get("spark.sql.shuffle.partitions"));
    m.put("stage_heap", settings.heap());
    List<String> flags = new ArrayList<>(ManagementFactory.getRuntimeMXBean()
        .getInputArguments().stream().filter(a -> a.startsWith("-XX")).toList());
    flags.addAll(settings.javaOptions());
    m.put("stage_jvm_flags", String.join(" ", flags));
    m.put("seed", settings.seed());
    m.put("history", settings.start() + " to " + settings.end());
    return m;
  }

  private static Path existing(Path dir) {
    if (!Files.isDirectory(dir.resolve("bronze"))) {
      throw new BrightstarException("no warehouse to run the stages on at " + dir,
          "the stages asked for start after ingest, so they need a previous run's tables",
          "add ingest to --stages, or point --work at a previous run's folder");
    }
    return dir;
  }

  private static Path fresh(Path dir) throws IOException {
    LocalFolders.delete(dir);
    Files.createDirectories(dir);
    return dir;
  }

  static long size(Path dir) {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    } catch (IOException e) {
      throw new BrightstarException("cannot measure " + dir, e.getMessage(), "check it", e);
    }
  }
}
