package brightstar.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.not;

import brightstar.BrightstarException;
import brightstar.Progress;
import brightstar.config.BrightstarConfig;
import brightstar.io.LandingZone;
import brightstar.io.TableCatalog;
import brightstar.io.TableWriter;
import brightstar.quality.DataQuality;
import brightstar.spark.DriverThreads;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Bronze ingestion: loads the landing zone's extracts of one source (or all) for a day or a
 * range of days into {@code bronze.<source>_<entity>}, driven only by the source contracts.
 *
 * <p>Each extract day of each entity is one batch, identified by a hash of its files and of the
 * contract. Per entity (several entities at once, {@code brightstar.ingest.parallelism}), the
 * run hashes the files, keeps only the days whose batch id differs from the one in
 * {@code bronze.ingest_log} (a re-run of an identical delivery loads nothing), parses those
 * files in one Spark job (each file whole, so line numbers are exact), splits good rows from
 * quarantined ones, proves rows read = accepted + quarantined per file, and evaluates the
 * contract's data-quality rules. Nothing is written until every entity passed: a file that
 * cannot be loaded (empty, wrong format, required column missing, column type changed) or a
 * reconciliation gap fails the run with nothing written; a fail-level DQ miss writes only
 * {@code bronze.dq_results}. Then the loaded days are replaced (Delta {@code replaceWhere}) in
 * the entity tables, {@code bronze.quarantine}, {@code bronze.dq_results} and, last, as the
 * run's commit marker, {@code bronze.ingest_log}. See docs/ingest.md.
 */
public final class IngestJob {
  public static final String TYPE_DRIFT_KEY = "brightstar.ingest.type-drift-min-values";
  public static final String PARALLELISM_KEY = "brightstar.ingest.parallelism";

  private final SparkSession spark;
  private final BrightstarConfig config;
  private final Progress progress;
  private final Instant now;
  private final TableCatalog catalog;
  private final TableWriter writer;
  private final LandingZone landing;

  private IngestJob(SparkSession spark, BrightstarConfig config, Progress progress, Instant now) {
    this.spark = spark;
    this.config = config;
    this.progress = progress;
    this.now = now;
    this.catalog = new TableCatalog(spark, config.warehouse());
    this.writer = new TableWriter(catalog);
    this.landing = new LandingZone(spark, config.landing());
  }

  /**
   * Ingests {@code source} ("all" for every contract) for the extract days {@code from..to}
   * (inclusive) from {@code brightstar.landing} into {@code brightstar.warehouse}.
   *
   * @return what was read, accepted and quarantined per entity table
   * @throws BrightstarException when nothing was found to load, a file cannot be loaded, the
   *     reconciliation does not balance, or a fail-level data-quality rule fails
   */
  public static IngestSummary run(SparkSession spark, BrightstarConfig config, String source,
      LocalDate from, LocalDate to, Progress progress) {
    return run(spark, config, source, from, to, Instant.now(), progress);
  }

  /**
   * As {@link #run(SparkSession, BrightstarConfig, String, LocalDate, LocalDate, Progress)},
   * with the ingest time ({@code _ingested_at}) given.
   */
  public static IngestSummary run(SparkSession spark, BrightstarConfig config, String source,
      LocalDate from, LocalDate to, Instant ingestedAt, Progress progress) {
    if (from.isAfter(to)) {
      throw new BrightstarException("invalid period " + from + " to " + to,
          "the first day is after the last", "pass --from before --to");
    }
    return new IngestJob(spark, config, progress, ingestedAt).ingest(source, from, to);
  }

  /** One entity's work in this run. */
  private static final class Load {
    final EntityContract c;
    final List<LandingZone.Extract> extracts;
    Instant started;
    Dataset<Row> parsed;
    List<FileSummary> files = List.of();
    List<String> fileErrors = List.of();
    Map<LocalDate, String> batchIds = Map.of();
    List<LocalDate> changed = List.of();
    Dataset<Row> checked;
    Dataset<Row> accepted;
    Dataset<Row> quarantined;
    List<Reconciliation.FileCount> counts = List.of();
    List<Row> dq = List.of();

    Load(EntityContract c, List<LandingZone.Extract> extracts) {
      this.c = c;
      this.extracts = extracts;
    }
  }

  private IngestSummary ingest(String source, LocalDate from, LocalDate to) {
    List<SourceContract> sources = Contracts.select(Contracts.load(config), source);
    String period = from.equals(to) ? "on " + from : "from " + from + " to " + to;
    landing.requireRoot();
    List<Load> loads = list(sources, period, from, to);
    Map<String, Map<LocalDate, String>> existing = existingBatches(sources, from, to);
    try {
      parallel(loads, l -> analyse(l, existing.getOrDefault(l.c.label(), Map.of())));
      failOnFileErrors(loads);
      List<Load> changed = loads.stream().filter(l -> !l.changed.isEmpty()).toList();
      failOnDataQuality(changed);
      write(changed);
      return summary(loads);
    } finally {
      for (Load l : loads) {
        unpersist(l.checked);
      }
    }
  }

  private List<Load> list(
      List<SourceContract> sources, String period, LocalDate from, LocalDate to) {
    List<Load> loads = new ArrayList<>();
    for (SourceContract s : sources) {
      int before = loads.size();
      for (EntityContract c : s.entities()) {
        List<LandingZone.Extract> x = landing.list(s.source(), c.entity(), from, to);
        if (!x.isEmpty()) {
          loads.add(new Load(c, x));
        }
      }
      if (loads.size() == before) {
        if (sources.size() == 1) {
          throw new BrightstarException("no extracts for source " + s.source() + " " + period,
              "no folder " + landing.root() + "/" + s.source() + "/<entity>/<YYYY-MM-DD> "
                  + "in that period",
              "check --landing and the date; the extracts may not have landed yet");
        }
        progress.log(s.source() + ": no extracts " + period + ", skipped");
      }
    }
    if (loads.isEmpty()) {
      throw new BrightstarException("no extracts for any source " + period,
          "no day folder under " + landing.root() + " falls in that period",
          "check --landing and the dates");
    }
    return loads;
  }

  /** The batch id the log holds for each (source.entity, day) in the period. */
  private Map<String, Map<LocalDate, String>> existingBatches(
      List<SourceContract> sources, LocalDate from, LocalDate to) {
    Map<String, Map<LocalDate, String>> out = new HashMap<>();
    if (!catalog.exists(BronzeTables.INGEST_LOG)) {
      return out;
    }
    Object[] names = sources.stream().map(SourceContract::source).toArray();
    List<Row> rows = action(() -> catalog.read(BronzeTables.INGEST_LOG)
        .filter(col("source").isin(names)
            .and(col("run_date").between(Date.valueOf(from), Date.valueOf(to))))
        .select("source", "entity", "run_date", "batch_id").distinct().collectAsList());
    for (Row r : rows) {
      out.computeIfAbsent(r.getString(0) + "." + r.getString(1), k -> new HashMap<>())
          .put(Parsing.localDate(r.get(2)), r.getString(3));
    }
    return out;
  }

  /** Everything up to the writes for one entity; side-effect free but for Spark's cache. */
  private void analyse(Load l, Map<LocalDate, String> existing) {
    l.started = Instant.now();
    pickChangedDays(l, existing);
    if (l.changed.isEmpty()) {
      return;
    }
    parse(l);
    if (l.fileErrors.isEmpty()) {
      prepare(l);
    }
  }

  /**
   * Hashes the entity's files (no parsing) to get each day's batch id; the days whose id the
   * log already holds are identical deliveries and are left alone.
   */
  private void pickChangedDays(Load l, Map<LocalDate, String> existing) {
    if (existing.isEmpty()) {
      // Nothing of the period is loaded yet: every day changes, and the parse computes the
      // hashes anyway, so skip the separate hashing pass.
      l.changed = l.extracts.stream().map(LandingZone.Extract::runDate).distinct().toList();
      return;
    }
    List<BatchIds.FileHash> hashes = new ArrayList<>();
    for (Row r : action(() -> Parsing.hashes(landing.read(l.extracts)).collectAsList())) {
      hashes.add(new BatchIds.FileHash(r.getString(0), Parsing.localDate(r.get(1)),
          r.getString(2)));
    }
    l.batchIds = BatchIds.forDays(l.c, hashes);
    l.changed = l.batchIds.entrySet().stream()
        .filter(e -> !e.getValue().equals(existing.get(e.getKey())))
        .map(Map.Entry::getKey).toList();
    if (l.changed.isEmpty()) {
      progress.log(l.c.label() + ": " + l.extracts.size() + " files, all " + l.batchIds.size()
          + " days already loaded unchanged");
    }
  }

  /** Parses the changed days' files; records the files that cannot be loaded at all. */
  private void parse(Load l) {
    List<LandingZone.Extract> files =
        l.extracts.stream().filter(x -> l.changed.contains(x.runDate())).toList();
    // Not cached: parsing twice (here for the file summaries, then for the rows) costs less
    // than Spark's columnar cache of every parsed line.
    l.parsed = Parsing.parse(landing.read(files), l.c, config.raw().getInt(TYPE_DRIFT_KEY));
    l.files = Parsing.summaries(action(() -> Parsing.fileRows(l.parsed).collectAsList()));
    if (l.batchIds.isEmpty()) {
      l.batchIds = BatchIds.forDays(l.c, l.files.stream()
          .map(f -> new BatchIds.FileHash(f.file(), f.runDate(), f.sha256())).toList());
    }
    progress.log(String.format(Locale.ROOT, "%s: parsed %d files, %,d rows", l.c.label(),
        l.files.size(), l.files.stream().mapToLong(FileSummary::rowsRead).sum()));
    l.fileErrors = l.files.stream().map(FileSummary::error).filter(e -> e != null).toList();
  }

  /** Splits the changed days' rows, reconciles them and runs the DQ rules. */
  private void prepare(Load l) {
    // The batch id of each day as a literal map: no join, no extra Spark job.
    List<Column> dayIds = new ArrayList<>();
    l.batchIds.forEach((day, id) -> {
      dayIds.add(lit(Date.valueOf(day)));
      dayIds.add(lit(id));
    });
    Dataset<Row> lines = Parsing.lines(l.parsed, l.c).withColumn(BronzeTables.BATCH_ID,
        element_at(map(dayIds.toArray(Column[]::new)), col(Parsing.RUN_DATE)));
    l.checked = RowRules.check(lines, l.c).persist(StorageLevel.MEMORY_AND_DISK());

    LinkedHashSet<String> extraNames = new LinkedHashSet<>();
    for (FileSummary f : l.files) {
      f.columns().stream().filter(n -> !l.c.columnNames().contains(n)).forEach(extraNames::add);
      f.notes().forEach(n -> progress.log(f.file() + ": " + n));
    }
    Map<String, String> extras =
        BronzeTables.extraColumnNames(new ArrayList<>(extraNames), l.c);
    l.accepted = BronzeTables.accepted(l.checked, l.c, extras, now);
    l.quarantined = BronzeTables.quarantined(l.checked, l.c, now);
    l.counts = Reconciliation.check(l.c.label(), l.files,
        action(() -> Reconciliation.counts(l.accepted, l.quarantined).collectAsList()));

    long read = l.counts.stream().mapToLong(Reconciliation.FileCount::read).sum();
    long accepted = l.counts.stream().mapToLong(Reconciliation.FileCount::accepted).sum();
    progress.log(String.format(Locale.ROOT,
        "%s: %d files, %d of %d days to load, %,d rows read: %,d accepted, %,d quarantined",
        l.c.label(), l.extracts.size(), l.changed.size(), l.batchIds.size(), read, accepted,
        read - accepted));

    String days = BatchIds.dayPredicate(BronzeTables.RUN_DATE, l.changed);
    Dataset<Row> others = catalog.exists(l.c.table())
        ? catalog.read(l.c.table()).filter(not(expr(days))) : null;
    l.dq = action(() -> DataQuality.evaluate(l.accepted, others, l.c.dq(), BronzeTables.RUN_DATE)
        .collectAsList());
    reportDataQuality(l);
  }

  private void reportDataQuality(Load l) {
    Map<String, long[]> missed = new TreeMap<>();
    for (Row r : l.dq) {
      String status = r.getAs("status");
      if (!DataQuality.PASS.equals(status)) {
        missed.computeIfAbsent(status + " " + r.getAs("rule"), k -> new long[1])[0]++;
      }
    }
    missed.forEach((rule, n) -> progress.log(l.c.label() + ": dq " + rule + " missed on " + n[0]
        + " of " + l.changed.size() + " days (see bronze.dq_results)"));
  }

  private void failOnFileErrors(List<Load> loads) {
    List<String> errors = new ArrayList<>();
    String origin = null;
    for (Load l : loads) {
      errors.addAll(l.fileErrors);
      origin = origin == null && !l.fileErrors.isEmpty() ? l.c.origin() : origin;
    }
    if (!errors.isEmpty()) {
      errors.forEach(e -> progress.log("cannot load: " + e));
      throw new BrightstarException(
          "cannot load " + errors.size() + " extract file" + (errors.size() > 1 ? "s" : ""),
          errors.get(0) + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""),
          "correct or re-deliver the file, or update " + origin
              + " if the change is intended; nothing was written");
    }
  }

  /**
   * A fail-level miss: record every result so it can be queried, load nothing, fail. The
   * error names the earliest failing day (then entity and rule), whatever order the results
   * came back in.
   */
  private void failOnDataQuality(List<Load> changed) {
    Row first = null;
    Load at = null;
    String firstKey = null;
    for (Load l : changed) {
      for (Row r : l.dq) {
        String key = r.getAs("run_date") + "|" + l.c.label() + "|" + r.getAs("rule");
        if (DataQuality.FAIL.equals(r.getAs("status"))
            && (firstKey == null || key.compareTo(firstKey) < 0)) {
          first = r;
          at = l;
          firstKey = key;
        }
      }
    }
    if (first != null) {
      writeDataQuality(changed);
      throw new BrightstarException(
          "data-quality rule " + first.getAs("rule") + " failed for " + at.c.label() + " on "
              + first.getAs("run_date"),
          first.getAs("message"),
          "nothing but bronze.dq_results was written; correct and re-deliver the extract, "
              + "or relax the rule in " + at.c.origin());
    }
  }

  private void write(List<Load> changed) {
    if (changed.isEmpty()) {
      progress.log("nothing changed: every table is left as it was");
      return;
    }
    Map<Load, Instant> finished = new java.util.concurrent.ConcurrentHashMap<>();
    parallel(changed, l -> {
      writer.replace(l.accepted, l.c.table(),
          BatchIds.dayPredicate(BronzeTables.RUN_DATE, l.changed), List.of());
      finished.put(l, Instant.now());
      progress.log(l.c.table() + ": " + l.changed.size() + " days replaced");
    });
    Dataset<Row> quarantine = null;
    for (Load l : changed) {
      quarantine = quarantine == null ? l.quarantined : quarantine.unionByName(l.quarantined);
    }
    writer.replace(quarantine, BronzeTables.QUARANTINE, sharedPredicate(changed),
        BronzeTables.SHARED_PARTITIONING);
    writeDataQuality(changed);
    List<Row> log = new ArrayList<>();
    for (Load l : changed) {
      Map<String, FileSummary> byFile = new HashMap<>();
      l.files.forEach(f -> byFile.put(f.file(), f));
      for (Reconciliation.FileCount n : l.counts) {
        FileSummary f = byFile.get(n.file());
        log.add(RowFactory.create(Date.valueOf(f.runDate()), l.c.source(), l.c.entity(),
            l.c.table().qualified(), f.file(), f.bytes(), f.sha256(), n.read(), n.accepted(),
            n.quarantined(), status(n), f.notes().isEmpty() ? null : String.join("; ", f.notes()),
            l.batchIds.get(f.runDate()), f.parseMillis(), Timestamp.from(l.started),
            Timestamp.from(finished.get(l))));
      }
    }
    writer.replace(spark.createDataFrame(log, BronzeTables.INGEST_LOG_SCHEMA),
        BronzeTables.INGEST_LOG, sharedPredicate(changed),
        BronzeTables.SHARED_PARTITIONING);
    progress.log(BronzeTables.INGEST_LOG + ": " + log.size() + " files logged");
  }

  private void writeDataQuality(List<Load> changed) {
    List<Row> rows = new ArrayList<>();
    Timestamp evaluated = Timestamp.from(now);
    for (Load l : changed) {
      for (Row r : l.dq) {
        LocalDate day = Parsing.localDate(r.getAs("run_date"));
        rows.add(RowFactory.create(Date.valueOf(day), l.c.source(), l.c.entity(),
            l.c.table().qualified(), r.getAs("rule"), r.getAs("check_type"), r.getAs("columns"),
            r.getAs("level"), r.getAs("rows_checked"), r.getAs("rows_failing"), r.getAs("ratio"),
            r.getAs("min_ratio"), r.getAs("status"), r.getAs("message"), l.batchIds.get(day),
            evaluated));
      }
    }
    writer.replace(spark.createDataFrame(rows, BronzeTables.DQ_RESULTS_SCHEMA),
        BronzeTables.DQ_RESULTS, sharedPredicate(changed),
        BronzeTables.SHARED_PARTITIONING);
  }

  static String status(Reconciliation.FileCount n) {
    if (n.read() == 0) {
      return "no_rows";
    }
    return n.quarantined() == 0 ? "loaded" : "loaded_with_quarantine";
  }

  /** The shared tables' rows of the loaded days: per entity, its source, name and days. */
  private static String sharedPredicate(List<Load> changed) {
    List<String> parts = new ArrayList<>();
    for (Load l : changed) {
      parts.add("(source = '" + l.c.source() + "' AND entity = '" + l.c.entity() + "' AND "
          + BatchIds.dayPredicate("run_date", l.changed) + ")");
    }
    return String.join(" OR ", parts);
  }

  private IngestSummary summary(List<Load> loads) {
    List<IngestSummary.TableLoad> tables = new ArrayList<>();
    for (Load l : loads) {
      long read = l.counts.stream().mapToLong(Reconciliation.FileCount::read).sum();
      long accepted = l.counts.stream().mapToLong(Reconciliation.FileCount::accepted).sum();
      long quarantined = l.counts.stream().mapToLong(Reconciliation.FileCount::quarantined).sum();
      tables.add(new IngestSummary.TableLoad(l.c.table(), l.extracts.size(), l.batchIds.size(),
          l.changed.size(), read, accepted, quarantined));
    }
    return new IngestSummary(tables);
  }

  /**
   * Runs {@code work} for every load on a few driver threads. Spark runs jobs from several
   * threads side by side, so one entity's planning, code generation and Delta commit overlap
   * another's tasks: with many small per-entity jobs that per-job overhead, not the data,
   * dominates a run. Waits for all, then rethrows the first failure.
   */
  private void parallel(List<Load> loads, Consumer<Load> work) {
    try {
      DriverThreads.map(spark, "brightstar-ingest", config.raw().getInt(PARALLELISM_KEY), loads,
          l -> {
            work.accept(l);
            return l;
          });
    } catch (DriverThreads.Interrupted e) {
      throw new BrightstarException("ingest interrupted", "the job was asked to stop",
          "re-run it: nothing is written until every entity has been checked", e);
    }
  }

  private static void unpersist(Dataset<Row> d) {
    if (d != null) {
      d.unpersist();
    }
  }

  /**
   * Runs a Spark action; a BrightstarException thrown inside a task (e.g. an extract that
   * vanished) reaches the user as itself rather than wrapped in Spark's job-abort message.
   */
  private static <T> T action(Supplier<T> run) {
    try {
      return run.get();
    } catch (RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof BrightstarException b) {
          throw b;
        }
      }
      throw e;
    }
  }
}
