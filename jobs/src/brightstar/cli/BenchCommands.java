package brightstar.cli;

import brightstar.bench.ClvBenchmark;
import brightstar.config.BrightstarConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench <what>}: benchmarks that print measured times (not tests). */
final class BenchCommands {
  private BenchCommands() {}

  @Command(
      name = "bench",
      mixinStandardHelpOptions = true,
      description = "Benchmarks that print their measured times.",
      subcommands = {Clv.class})
  static final class Bench implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "Missing benchmark (e.g. 'bench clv')");
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
          deleteRecursively(scratch);
        }
      }
    }

    private static void deleteRecursively(Path dir) throws IOException {
      try (Stream<Path> paths = Files.walk(dir)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
