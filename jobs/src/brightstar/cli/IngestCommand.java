package brightstar.cli;

import brightstar.config.BrightstarConfig;
import brightstar.ingest.IngestJob;
import brightstar.ingest.IngestSummary;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bin/brightstar ingest --source <name|all> (--date D | --from D1 --to D2)
 * [--landing DIR]}: loads the landing zone's extracts into bronze (see docs/ingest.md) and
 * prints, per table, the files and days found, the days loaded and the rows read, accepted and
 * quarantined.
 */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Load a day's (or a range of days') extracts into bronze Delta tables.",
      "Re-running the same day changes nothing; a corrected re-delivery replaces the day."
    })
final class IngestCommand extends SparkCommand {
  @Spec CommandSpec spec;

  @Option(
      names = "--source",
      required = true,
      paramLabel = "NAME",
      description = "A source of conf/sources (finance, sales, ...) or 'all'.")
  String source;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Period period;

  /** Either one day or a range. */
  static final class Period {
    @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "One extract day.")
    LocalDate date;

    @ArgGroup(exclusive = false)
    Range range;
  }

  /** A range of extract days, both ends included. */
  static final class Range {
    @Option(names = "--from", required = true, paramLabel = "YYYY-MM-DD",
        description = "First extract day of a range.")
    LocalDate from;

    @Option(names = "--to", required = true, paramLabel = "YYYY-MM-DD",
        description = "Last extract day of a range (included).")
    LocalDate to;
  }

  @Override
  protected void validate() {
    if (period.range != null && period.range.from.isAfter(period.range.to)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--from " + period.range.from + " is after --to " + period.range.to);
    }
  }

  @Override
  int run(SparkSession spark, BrightstarConfig config) {
    LocalDate from = period.date != null ? period.date : period.range.from;
    LocalDate to = period.date != null ? period.date : period.range.to;
    IngestSummary summary = IngestJob.run(spark, config, source, from, to, progress("ingest"));
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    out.print(summary.render());
    out.flush();
    return 0;
  }
}
