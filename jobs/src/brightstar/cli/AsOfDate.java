package brightstar.cli;

import java.time.LocalDate;
import picocli.CommandLine.Option;

/**
 * The required {@code --as-of} of the stages that work as of one day (customer360, features,
 * train, score, lookalike, interventions). What the date decides in each stage is the last line
 * of that command's description.
 */
final class AsOfDate {
  @Option(names = "--as-of", required = true, paramLabel = "YYYY-MM-DD",
      description = "The day the job runs as of: only what is known on or before it counts"
          + " (the description above says what it decides here).")
  LocalDate asOf;
}
