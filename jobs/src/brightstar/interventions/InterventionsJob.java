package brightstar.interventions;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;

import brightstar.BrightstarException;
import brightstar.Progress;
import brightstar.config.BrightstarConfig;
import brightstar.customer360.Customer360Job;
import brightstar.customer360.SilverFacts;
import brightstar.io.TableCatalog;
import brightstar.io.TableId;
import brightstar.io.TableWriter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * gold.customer_360_history as of a day + gold.customer_scores of the day + silver.tickets ->
 * gold.interventions for the day (its partition replaced, so a re-run of the day rewrites the
 * same rows). Rules are {@code brightstar.interventions.rules}; every rule is checked before
 * anything is written. Without scores for the day the rules that read them are skipped with a
 * notice and the others run.
 */
public final class InterventionsJob {
  public static final TableId INTERVENTIONS = TableId.gold("interventions");
  /** Written by {@code score} (the lead's brightstar.ml); read here by name only. */
  public static final TableId CUSTOMER_SCORES = TableId.gold("customer_scores");
  private static final List<String> SCORE_INPUT =
      List.of("customer_id", "as_of_date", "model", "probability", "decile");

  private InterventionsJob() {}

  /** One rule's outcome on the day. */
  public record RuleCount(String rule, long actions, long holdouts, long coolDown,
      boolean skipped) {}

  /**
   * What a run did.
   *
   * @param notice why score-based rules were skipped, or null
   * @param top the day's actions (not holdouts), first rules first, most likely first
   */
  public record Result(LocalDate asOf, List<RuleCount> rules, String notice, List<Row> top) {
    public long actions() {
      return rules.stream().mapToLong(RuleCount::actions).sum();
    }

    public long holdouts() {
      return rules.stream().mapToLong(RuleCount::holdouts).sum();
    }

    /** The report the CLI prints. */
    public List<String> lines() {
      List<String> out = new ArrayList<>();
      if (notice != null) {
        out.add(notice);
      }
      out.add(String.format(Locale.ROOT, "gold.interventions as of %s: %d actions, %d holdouts",
          asOf, actions(), holdouts()));
      out.add(String.format(Locale.ROOT, "%-28s %8s %8s %10s", "rule", "actions", "holdouts",
          "cool-down"));
      for (RuleCount r : rules) {
        out.add(r.skipped()
            ? String.format(Locale.ROOT, "%-28s %8s %8s %10s", r.rule(), "skipped", "-", "-")
            : String.format(Locale.ROOT, "%-28s %8d %8d %10d", r.rule(), r.actions(),
                r.holdouts(), r.coolDown()));
      }
      if (!top.isEmpty()) {
        out.add("");
        out.add(String.format(Locale.ROOT, "the day's actions (first %d):", top.size()));
        for (Row r : top) {
          out.add(String.format(Locale.ROOT, "%s  %-22s %-18s %-9s %s: %s",
              r.getAs("customer_id"), r.getAs("rule"), r.getAs("owner_team"),
              r.getAs("channel"), r.getAs("action"), r.getAs("reason")));
        }
      }
      return out;
    }
  }

  /**
   * Writes the day's interventions.
   *
   * @param top how many of the day's actions the result lists
   * @throws BrightstarException when a rule is invalid, or gold.customer_360_history has no
   *     rows for the day
   */
  public static Result run(SparkSession spark, BrightstarConfig config, LocalDate asOf,
      int top, Progress progress) {
    InterventionSettings settings = InterventionSettings.from(config);
    TableCatalog catalog = new TableCatalog(spark, config.warehouse());
    Dataset<Row> c360 = catalog.read(Customer360Job.HISTORY)
        .where(col(Interventions.AS_OF_DATE).equalTo(lit(asOf)));
    if (c360.isEmpty()) {
      throw new BrightstarException("no " + Customer360Job.HISTORY + " rows as of " + asOf,
          "the interventions of a day read the customers as of that day",
          "run bin/brightstar customer360 --as-of " + asOf + " first");
    }
    String missingScores = scoresMissing(catalog, asOf);
    Dataset<Row> pivoted = missingScores != null ? null
        : Interventions.pivotScores(catalog.read(CUSTOMER_SCORES), asOf);
    Dataset<Row> open = Interventions.openComplaints(catalog.read(SilverFacts.TICKETS),
        settings.complaintCategories(), asOf);
    Dataset<Row> rows = Interventions.customerRows(c360, pivoted, open, asOf).persist();
    try {
      Interventions.validate(rows, settings.rules());
      List<InterventionRule> active = new ArrayList<>();
      List<String> skipped = new ArrayList<>();
      for (InterventionRule r : settings.rules()) {
        if (missingScores != null && Interventions.usesScores(rows, r)) {
          skipped.add(r.name());
        } else {
          active.add(r);
        }
      }
      String notice = skipped.isEmpty() ? null : missingScores + ": skipping the score-based"
          + " rules " + String.join(", ", skipped) + " (run bin/brightstar score --as-of "
          + asOf + " first); the other rules run";
      if (notice != null) {
        progress.log(notice);
      }
      Dataset<Row> previous = catalog.exists(INTERVENTIONS) ? catalog.read(INTERVENTIONS) : null;
      Dataset<Row> evaluated =
          Interventions.evaluate(rows, previous, settings.withRules(active), asOf).persist();
      try {
        Map<String, Long> counts = new HashMap<>();
        for (Row r : evaluated.groupBy("rule", Interventions.STATUS).count().collectAsList()) {
          counts.put(r.getString(0) + "/" + r.getString(1), r.getLong(2));
        }
        List<RuleCount> perRule = new ArrayList<>();
        for (InterventionRule r : settings.rules()) {
          perRule.add(new RuleCount(r.name(),
              counts.getOrDefault(r.name() + "/" + Interventions.ACTION, 0L),
              counts.getOrDefault(r.name() + "/" + Interventions.HOLDOUT, 0L),
              counts.getOrDefault(r.name() + "/" + Interventions.COOL_DOWN, 0L),
              skipped.contains(r.name())));
        }
        List<Row> first = top <= 0 ? List.of() : evaluated
            .where(col(Interventions.STATUS).equalTo(Interventions.ACTION))
            .orderBy(col(Interventions.RULE_ORDER),
                greatest(col(Interventions.P_HIGH_VALUE), col(Interventions.P_DISSATISFIED))
                    .desc_nulls_last(),
                col(Interventions.CUSTOMER_ID))
            .limit(top).collectAsList();
        new TableWriter(catalog).replace(Interventions.forDay(evaluated), INTERVENTIONS,
            Interventions.AS_OF_DATE + " = DATE'" + asOf + "'",
            List.of(Interventions.AS_OF_DATE));
        Result result = new Result(asOf, perRule, notice, first);
        progress.log(String.format(Locale.ROOT, "%s as of %s: %,d actions, %,d holdouts",
            INTERVENTIONS, asOf, result.actions(), result.holdouts()));
        return result;
      } finally {
        evaluated.unpersist();
      }
    } finally {
      rows.unpersist();
    }
  }

  /** Why the day has no usable scores, or null when it has them. */
  private static String scoresMissing(TableCatalog catalog, LocalDate asOf) {
    if (!catalog.exists(CUSTOMER_SCORES)) {
      return CUSTOMER_SCORES + " does not exist";
    }
    Dataset<Row> scores = catalog.read(CUSTOMER_SCORES);
    List<String> have = Arrays.asList(scores.columns());
    List<String> lacking = SCORE_INPUT.stream().filter(c -> !have.contains(c)).toList();
    if (!lacking.isEmpty()) {
      return CUSTOMER_SCORES + " lacks the columns " + String.join(", ", lacking);
    }
    if (scores.where(col(Interventions.AS_OF_DATE).equalTo(lit(asOf))).isEmpty()) {
      return CUSTOMER_SCORES + " has no rows for " + asOf;
    }
    return null;
  }
}
