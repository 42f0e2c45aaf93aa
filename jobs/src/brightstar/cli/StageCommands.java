package brightstar.cli;

import brightstar.config.BrightstarConfig;
import brightstar.customer360.Customer360Job;
import brightstar.features.FeaturesJob;
import brightstar.identity.IdentityJob;
import brightstar.insights.InsightsJob;
import brightstar.insights.InsightsReport;
import brightstar.ml.Outcome;
import brightstar.interventions.InterventionsJob;
import brightstar.lookalike.LookalikeJob;
import brightstar.ml.ModelJobs;
import brightstar.unify.UnifyJob;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
      description = {
          "silver -> gold.customer_360 (+ _history), gold.value_concentration as of a date.",
          "--as-of: only facts on or before this date count."})
  static final class Customer360 extends SparkCommand {
    @Mixin AsOfDate date;

    @Override
    int run(SparkSession spark, BrightstarConfig config) {
      Customer360Job.run(spark, config, date.asOf, progress("customer360"));
      return 0;
    }
  }

  @Command(
      name = "features",
      mixinStandardHelpOptions = true,
      description = {
          "silver -> gold.customer_features: monthly point-in-time snapshots up to a"
          + " date with the high-value and dissatisfied labels of the months after each.",
          "--as-of: the last snapshot is the last month end on or before this date; labels"
            + " whose window ends after it stay null."})
  static final class Features extends SparkCommand {
    @Mixin AsOfDate date;

    @Override
    int run(SparkSession spark, BrightstarConfig config) {
      FeaturesJob.Result r = FeaturesJob.run(spark, config, date.asOf, progress("features"));
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
      description = {
          "Train the high-value and dissatisfaction models on gold.customer_features"
          + " as of a date; saves each PipelineModel and its report, records gold.model_runs.",
          "--as-of: train on what was known on this date; it is also the model version."})
  static final class Train extends SparkCommand {
    @Mixin AsOfDate date;

    @Override
    int run(SparkSession spark, BrightstarConfig config) {
      ModelJobs.train(spark, config, date.asOf, progress("train"))
          .forEach(r -> System.out.println(r.summary()));
      return 0;
    }
  }

  @Command(
      name = "score",
      mixinStandardHelpOptions = true,
      description = {
          "Score gold.customer_360 as of a date with each model's latest version"
          + " trained on or before it into gold.customer_scores (p_high_value and"
          + " p_dissatisfied into gold.customer_360).",
          "--as-of: the scoring date: gold.customer_360 as of it is scored."})
  static final class Score extends SparkCommand {
    @Mixin AsOfDate date;

    @Override
    int run(SparkSession spark, BrightstarConfig config) {
      ModelJobs.score(spark, config, date.asOf, progress("score"));
      return 0;
    }
  }

  @Command(
      name = "insights",
      mixinStandardHelpOptions = true,
      description = "gold.customer_features -> gold.behaviour_insights: which early behaviours go"
          + " with high value and dissatisfaction, raw and adjusted for the others; prints the"
          + " ranked table.")
  static final class Insights extends SparkCommand {
    @Option(names = "--outcome", paramLabel = "high_value|dissatisfaction",
        description = "Only this outcome (default: both).")
    Outcome outcome;

    @Option(names = "--as-of", paramLabel = "YYYY-MM-DD",
        description = "Labels observed by this date count; its rows are replaced (default: the"
            + " date gold.customer_features was built as of).")
    LocalDate asOf;

    @Override
    int run(SparkSession spark, BrightstarConfig config) {
      InsightsJob.Result r = InsightsJob.run(spark, config, asOf,
          outcome == null ? Arrays.asList(Outcome.values()) : List.of(outcome),
          progress("insights"));
      System.out.print(InsightsReport.render(r));
      return 0;
    }
  }

  @Command(
      name = "lookalike",
      mixinStandardHelpOptions = true,
      description = {
          "Score the prospects (bronze.prospects_companies) by how much their"
          + " firmographics look like tier-A customers as of a date, flag those that look like"
          + " tier D: gold.prospect_scores; prints the top 10.",
          "--as-of: compare with gold.customer_360 as of this date (built by customer360)"
            + " and the prospects delivered up to it."})
  static final class Lookalike extends SparkCommand {
    @Mixin AsOfDate date;

    @Option(names = "--evaluate-against", paramLabel = "DIR",
        description = "After scoring, compare with a generator's truth folder (e.g."
            + " landing/_truth): the AUC of the score for champion vs at_risk prospects.")
    String truth;

    @Override
    int run(SparkSession spark, BrightstarConfig config) {
      LookalikeJob.Result r =
          LookalikeJob.run(spark, config, date.asOf, progress("lookalike"));
      System.out.printf(Locale.ROOT,
          "gold.prospect_scores as of %s: %d prospects, %d resemble tier D%n", date.asOf,
          r.prospects(), r.flagged());
      System.out.printf(Locale.ROOT, "%4s  %-14s  %-32s  %-18s  %-2s  %9s  %8s  %s%n", "rank",
          "prospect_id", "company_name", "industry", "cc", "employees", "p_tier_a",
          "nearest tier-A customers");
      for (Row row : r.top()) {
        System.out.printf(Locale.ROOT, "%4d  %-14s  %-32.32s  %-18.18s  %-2s  %9s  %8.2f  %s%n",
            row.<Integer>getAs(brightstar.lookalike.Lookalike.RANK),
            row.<String>getAs(brightstar.lookalike.Lookalike.PROSPECT_ID),
            row.<String>getAs("company_name"), row.<String>getAs("industry"),
            row.<String>getAs("country"), row.<Integer>getAs("employees"),
            row.<Double>getAs(brightstar.lookalike.Lookalike.P_TIER_A),
            row.<String>getAs(brightstar.lookalike.Lookalike.NEAREST_A));
      }
      if (truth != null) {
        LookalikeJob.evaluate(spark, config, truth, date.asOf).lines()
            .forEach(System.out::println);
      }
      return 0;
    }
  }

  @Command(
      name = "interventions",
      mixinStandardHelpOptions = true,
      description = {
          "Rules in brightstar.interventions turn gold.customer_360 and the day's"
          + " scores into gold.interventions (actions and holdouts) and print them.",
          "--as-of: the day: customers as of it (gold.customer_360_history), its scores;"
            + " re-running it replaces its rows."})
  static final class Interventions extends SparkCommand {
    @Mixin AsOfDate date;

    @Option(names = "--top", paramLabel = "N", defaultValue = "20",
        description = "How many of the day's actions to print (default: ${DEFAULT-VALUE}).")
    int top;

    @Override
    int run(SparkSession spark, BrightstarConfig config) {
      InterventionsJob.run(spark, config, date.asOf, top, progress("interventions")).lines()
          .forEach(System.out::println);
      return 0;
    }
  }
}
