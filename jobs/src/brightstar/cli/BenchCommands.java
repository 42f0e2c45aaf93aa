package brightstar.cli;

import brightstar.BrightstarException;
import brightstar.bench.BenchReport;
import brightstar.bench.ClvBenchmark;
import brightstar.bench.PipelineBenchmark;
import brightstar.config.BrightstarConfig;
import brightstar.ingest.Contracts;
import brightstar.io.LocalFolders;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code bench <what>}: benchmarks that print measured times (not tests). */
final class BenchCommands {
  private BenchCommands() {}

  @Command(
      name = "bench",
      mixinStandardHelpOptions = true,
      description = {
        "The pipeline benchmark: per population size a generated (or reused) landing zone,"
            + " then every stage on a fresh warehouse, each in its own JVM; then the peers on"
            + " the same files: the same stages writing plain Parquet instead of Delta, and"
            + " DuckDB doing the same ingest and the core of customer_360"
            + " (docs/benchmarks.md). Its --config, --conf and --master reach every"
            + " stage.",
        "Writes <out>/<timestamp>.json, .md and .png and prints the markdown.",
        "'bench clv' is the CLV sub-benchmark; 'bench report' merges results into one report."},
      subcommands = {Clv.class, Report.class})
  static final class Bench extends SparkCommand {
    @Spec CommandSpec spec;

    @Option(names = "--customers", split = ",", defaultValue = "10000,100000",
        paramLabel = "N[,N...]",
        description = "Population sizes (default: ${DEFAULT-VALUE}).")
    List<Long> customers;

    @Option(names = "--stages", split = ",", paramLabel = "STAGE[,STAGE...]",
        description = "Stages to time, in pipeline order; each needs the tables of the ones"
            + " before it (default: all of ingest,unify,clv,customer360,features,train,score)."
            + " Without ingest, the stages run on the size's warehouse as a previous run left"
            + " it.")
    List<String> stages;

    @Mixin ResultFiles results;

    @Option(names = "--work", defaultValue = "bench/work", paramLabel = "DIR",
        description = "Landing zones (kept and reused) and warehouses (rebuilt each run)"
            + " (default: ${DEFAULT-VALUE}).")
    Path work;

    @Option(names = "--reuse-landing", paramLabel = "DIR",
        description = "An existing landing zone instead of generating one (one size only).")
    Path reuseLanding;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S",
        description = "Generator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--start", paramLabel = "YYYY-MM-DD",
        description = "First day of history (default: brightstar.demo.start).")
    LocalDate start;

    @Option(names = "--end", paramLabel = "YYYY-MM-DD",
        description = "Last day of history, the as-of date of every stage"
            + " (default: brightstar.demo.end).")
    LocalDate end;

    @Option(names = "--heap", defaultValue = "8g", paramLabel = "SIZE",
        description = "-Xmx of each stage's JVM (default: ${DEFAULT-VALUE}).")
    String heap;

    @Option(names = "--stage-java-options", paramLabel = "FLAGS", defaultValue = "",
        description = "More JVM flags for each stage, after this JVM's own (e.g. the smoke"
            + " test's -XX:TieredStopAtLevel=1 for tiny data).")
    String stageJavaOptions;

    @Option(names = "--duckdb", negatable = true, defaultValue = "true", fallbackValue = "true",
        description = "Run the DuckDB peer (default: ${DEFAULT-VALUE}).")
    boolean duckdb;

    @Option(names = "--parquet-stages", split = ",", paramLabel = "STAGE[,STAGE...]",
        description = "Stages to run again writing plain Parquet instead of Delta, for Delta"
            + " / Parquet, at the largest size: any of ingest,unify,clv,customer360 (the first"
            + " build of a fresh warehouse), or none (default: ingest).")
    List<String> parquetStages;

    /** The Parquet stages asked for; by default those of the default that are run. */
    private List<String> parquet(List<String> chosen) {
      if (parquetStages == null) {
        return PipelineBenchmark.DEFAULT_PARQUET_STAGES.stream().filter(chosen::contains)
            .toList();
      }
      return parquetStages.equals(List.of("none")) ? List.of() : parquetStages;
    }

    @Override
    protected void validate() {
      List<String> chosen = stages == null ? PipelineBenchmark.STAGES : stages;
      for (String s : chosen) {
        if (!PipelineBenchmark.STAGES.contains(s)) {
          throw new CommandLine.ParameterException(spec.commandLine(), "unknown stage '" + s
              + "' (stages: " + String.join(",", PipelineBenchmark.STAGES) + ")");
        }
      }
      List<String> ordered = PipelineBenchmark.STAGES.stream().filter(chosen::contains).toList();
      if (!ordered.equals(chosen)) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--stages must follow the pipeline order: " + String.join(",", ordered));
      }
      if (customers.stream().anyMatch(n -> n < 1)) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--customers must be positive: " + customers);
      }
      for (String s : parquet(chosen)) {
        if (!PipelineBenchmark.PARQUET_STAGES.contains(s) || !chosen.contains(s)) {
          throw new CommandLine.ParameterException(spec.commandLine(), "--parquet-stages: '" + s
              + "' is not one of the stages run that can write Parquet ("
              + String.join(",", PipelineBenchmark.PARQUET_STAGES) + ")");
        }
      }
      if (reuseLanding != null && customers.size() != 1) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--reuse-landing takes one size in --customers, the landing zone's");
      }
    }

    /**
     * This command's --config, --conf and --master, passed on to every stage's JVM so the
     * stages run with the settings the benchmark was given (its own session only counts rows).
     */
    private List<String> stageFlags() {
      List<String> flags = new ArrayList<>();
      if (common.configFile != null) {
        flags.addAll(List.of("--config", common.configFile.getAbsolutePath()));
      }
      common.conf.forEach((k, v) -> flags.addAll(List.of("--conf", k + "=" + v)));
      if (common.master != null) {
        flags.addAll(List.of("--master", common.master));
      }
      return flags;
    }

    @Override
    int run(SparkSession spark, BrightstarConfig config) throws IOException {
      List<Long> sizes = customers.stream().sorted().distinct().toList();
      LocalDate from = start != null ? start
          : LocalDate.parse(config.raw().getString("brightstar.demo.start"));
      LocalDate to = end != null ? end
          : LocalDate.parse(config.raw().getString("brightstar.demo.end"));
      List<String> settingsStages = stages == null ? PipelineBenchmark.STAGES : stages;
      PipelineBenchmark.Settings settings = new PipelineBenchmark.Settings(sizes,
          settingsStages, work.toAbsolutePath(),
          reuseLanding == null ? null : reuseLanding.toAbsolutePath(), seed, from, to, heap,
          stageJavaOptions.isBlank() ? List.of() : List.of(stageJavaOptions.trim().split("\\s+")),
          duckdb, parquet(settingsStages), stageFlags());
      PipelineBenchmark.Result result = PipelineBenchmark.run(spark, settings,
          Contracts.load(config), progress("bench"));
      Path json = results.write(result);
      if (result.failure() != null) {
        throw new BrightstarException("benchmark stopped; the figures of the stages before it"
            + " are in " + json, result.failure(), null);
      }
      return 0;
    }
  }

  /** Where {@code bench} and {@code bench report} write their results: --out, --update-docs. */
  static final class ResultFiles {
    @Option(names = "--out", defaultValue = "bench/results", paramLabel = "DIR",
        description = "Where the results go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--update-docs", paramLabel = "FILE", arity = "0..1",
        fallbackValue = "docs/benchmarks.md",
        description = "Also put the table and chart into FILE between its pipeline-benchmark"
            + " markers (default FILE: ${FALLBACK-VALUE}).")
    Path docs;

    /**
     * Writes {@code <out>/<timestamp>.json, .md, .png} (and the docs section when asked),
     * prints the markdown, and returns the JSON's path.
     */
    Path write(PipelineBenchmark.Result result) throws IOException {
      String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)
          .withZone(ZoneOffset.UTC).format(Instant.now());
      Files.createDirectories(out);
      Path png = out.resolve(stamp + ".png");
      BenchReport.chart(result, png);
      Path json = out.resolve(stamp + ".json");
      Files.writeString(json, BenchReport.json(result));
      String markdown = BenchReport.markdown(result, png.getFileName().toString());
      Files.writeString(out.resolve(stamp + ".md"), markdown);
      if (docs != null) {
        Path image = docs.toAbsolutePath().getParent().resolve("benchmarks-pipeline.png");
        Files.copy(png, image, StandardCopyOption.REPLACE_EXISTING);
        BenchReport.updateDocs(docs, BenchReport.markdown(result, image.getFileName().toString()));
      }
      PrintStream stdout = new PrintStream(System.out, true, StandardCharsets.UTF_8);
      stdout.print(markdown);
      stdout.println("\nresults: " + json + ", .md, .png"
          + (docs == null ? "" : "; " + docs + " updated"));
      stdout.flush();
      return json;
    }
  }

  @Command(
      name = "report",
      mixinStandardHelpOptions = true,
      description = {
        "Merge the results of several 'bench' runs into one report, e.g. 10,000 and 100,000"
            + " customers from one run and 1,000,000 from a longer one: for each size, stage"
            + " and variant the figures of the last file that has them; slopes between the two"
            + " largest sizes; each run's settings and load listed.",
        "Writes <out>/<timestamp>.json, .md and .png like 'bench', and prints the markdown."})
  static final class Report implements Callable<Integer> {
    @CommandLine.Parameters(arity = "1..*", paramLabel = "RESULT.json",
        description = "Results of 'bench', oldest first.")
    List<Path> inputs;

    @Mixin ResultFiles results;

    @Override
    public Integer call() throws IOException {
      List<PipelineBenchmark.Result> parsed = new ArrayList<>();
      for (Path p : inputs) {
        if (!Files.isRegularFile(p)) {
          throw new BrightstarException("cannot merge " + p, "there is no such file",
              BenchReport.RESULT_FIX);
        }
        parsed.add(BenchReport.parse(Files.readString(p), p.toString()));
      }
      results.write(BenchReport.merge(parsed,
          inputs.stream().map(p -> p.getFileName().toString()).toList()));
      return 0;
    }
  }

  @Command(
      name = "clv",
      mixinStandardHelpOptions = true,
      description = "Generate a seeded synthetic transaction log in Spark and time the CLV "
          + "summary, fit (BG/NBD + Gamma-Gamma) and prediction stages.")
  static final class Clv extends SparkCommand {
    @Option(names = "--customers", defaultValue = "1000000", paramLabel = "N",
        description = "Customers to generate (default: ${DEFAULT-VALUE}).")
    long customers;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S",
        description = "Random seed of the log (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--job", negatable = true, defaultValue = "true", fallbackValue = "true",
        description = "Also time the whole CLV job on the log, in a scratch warehouse that "
            + "is deleted afterwards (default: ${DEFAULT-VALUE}; --no-job skips it).")
    boolean job;

    @Override
    int run(SparkSession spark, BrightstarConfig config) throws IOException {
      Path scratch = job ? Files.createTempDirectory("brightstar-bench-clv") : null;
      try {
        BrightstarConfig jobConfig =
            job ? config.with("brightstar.warehouse", scratch.toString()) : null;
        ClvBenchmark.Report report =
            ClvBenchmark.run(spark, customers, seed, jobConfig, progress("bench"));
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        report.lines().forEach(out::println);
        out.flush();
        return 0;
      } finally {
        if (scratch != null) {
          LocalFolders.delete(scratch);
        }
      }
    }
  }
}
