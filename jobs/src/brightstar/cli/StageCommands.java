package brightstar.cli;

import brightstar.config.BrightstarConfig;
import brightstar.customer360.Customer360Job;
import brightstar.ml.ModelJobs;
import brightstar.unify.UnifyJob;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The thin per-stage commands: each parses flags and calls its stage's job. */
final class StageCommands {
  private StageCommands() {}

  @Command(
      name = "unify",
      mixinStandardHelpOptions = true,
      description = "bronze -> silver: customers, crosswalk and orders.")
  static final class Unify extends SparkCommand {
    @Override
    int run(SparkSession spark, BrightstarConfig config) {
      UnifyJob.run(spark, config, progress("unify"));
      return 0;
    }
  }

  @Command(
      name = "customer360",
      mixinStandardHelpOptions = true,
      description =
          "silver -> gold.customer_360 (+ _history), gold.value_concentration as of a date.")
  static final class Customer360 extends SparkCommand {
    @Option(names = "--as-of", required = true, paramLabel = "YYYY-MM-DD",
        description = "Only facts on or before this date count.")
    LocalDate asOf;

    @Override
    int run(SparkSession spark, BrightstarConfig config) {
      Customer360Job.run(spark, config, asOf, progress("customer360"));
      return 0;
    }
  }

  @Command(
      name = "train",
      mixinStandardHelpOptions = true,
      description = "Train the high-value model as of a date; records gold.model_runs.")
  static final class Train extends SparkCommand {
    @Option(names = "--as-of", required = true, paramLabel = "YYYY-MM-DD",
        description = "Train on what was known on this date; it is also the model version.")
    LocalDate asOf;

    @Override
    int run(SparkSession spark, BrightstarConfig config) {
      ModelJobs.train(spark, config, asOf, progress("train"));
      return 0;
    }
  }

  @Command(
      name = "score",
      mixinStandardHelpOptions = true,
      description = "Score customers with the model of an as-of date into gold.customer_scores.")
  static final class Score extends SparkCommand {
    @Option(names = "--as-of", required = true, paramLabel = "YYYY-MM-DD",
        description = "The model version (its as-of date) and the scoring date.")
    LocalDate asOf;

    @Override
    int run(SparkSession spark, BrightstarConfig config) {
      ModelJobs.score(spark, config, asOf, progress("score"));
      return 0;
    }
  }
}
