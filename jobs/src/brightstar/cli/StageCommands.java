package brightstar.cli;

import brightstar.config.BrightstarConfig;
import brightstar.customer360.Customer360Job;
import brightstar.features.FeaturesJob;
import brightstar.identity.IdentityJob;
import brightstar.interventions.InterventionsJob;
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
      description = "bronze -> silver: resolve identities across the silos (crosswalk, "
          + "review candidates, merges) and conform the silver tables.")
  static final class Unify extends SparkCommand {
    @Option(names = "--date", paramLabel = "YYYY-MM-DD",
        description = "Resolve what was delivered up to this day against the ids already "
            + "issued (default: all of bronze, dated by the latest CRM delivery).")
    LocalDate date;

    @Option(names = "--evaluate-against", paramLabel = "DIR",
        description = "After resolving, compare with a generator's truth folder "
            + "(e.g. landing/_truth) and print pairwise precision, recall and F1.")
    String truth;

    @Override
    int run(SparkSession spark, BrightstarConfig config) {
      UnifyJob.run(spark, config, date, progress("unify"));
      if (truth != null) {
        long start = System.nanoTime();
        IdentityJob.evaluate(spark, config, truth, date).lines().forEach(System.out::println);
        System.err.printf(java.util.Locale.ROOT, "evaluated in %.1f s%n",
            (System.nanoTime() - start) / 1e9);
      }
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
      name = "features",
      mixinStandardHelpOptions = true,
      description = "silver -> gold.customer_features: monthly point-in-time snapshots up to a"
          + " date with the high-value and dissatisfied labels of the months after each.")
  static final class Features extends SparkCommand {
    @Option(names = "--as-of", required = true, paramLabel = "YYYY-MM-DD",
        description = "The last snapshot is the last month end on or before this date; labels"
            + " whose window ends after it stay null.")
    LocalDate asOf;

    @Override
    int run(SparkSession spark, BrightstarConfig config) {
      FeaturesJob.Result r = FeaturesJob.run(spark, config, asOf, progress("features"));
      System.out.printf(java.util.Locale.ROOT,
          "gold.customer_features: %d rows in %d snapshots (%s .. %s)%n", r.rows(),
          r.snapshots().size(), r.snapshots().get(0),
          r.snapshots().get(r.snapshots().size() - 1));
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

  @Command(
      name = "interventions",
      mixinStandardHelpOptions = true,
      description = "Rules in brightstar.interventions turn gold.customer_360 and the day's"
          + " scores into gold.interventions (actions and holdouts) and print them.")
  static final class Interventions extends SparkCommand {
    @Option(names = "--as-of", required = true, paramLabel = "YYYY-MM-DD",
        description = "The day: customers as of it (gold.customer_360_history), its scores;"
            + " re-running it replaces its rows.")
    LocalDate asOf;

    @Option(names = "--top", paramLabel = "N", defaultValue = "20",
        description = "How many of the day's actions to print (default: ${DEFAULT-VALUE}).")
    int top;

    @Override
    int run(SparkSession spark, BrightstarConfig config) {
      InterventionsJob.run(spark, config, asOf, top, progress("interventions")).lines()
          .forEach(System.out::println);
      return 0;
    }
  }
}
