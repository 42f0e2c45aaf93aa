package brightstar.lookalike;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import brightstar.BrightstarException;
import brightstar.Progress;
import brightstar.config.BrightstarConfig;
import brightstar.conform.ConformSettings;
import brightstar.customer360.Customer360Job;
import brightstar.io.TableCatalog;
import brightstar.io.TableId;
import brightstar.io.TableWriter;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * bronze.prospects_companies + gold.customer_360 as of a date -> gold.prospect_scores (that
 * date's rows replaced). The customers are gold.customer_360_history's partition of the date
 * (or gold.customer_360 when it holds the date); the prospects are those delivered on or
 * before it. The scoring itself is {@link Lookalike#score}.
 */
public final class LookalikeJob {
  public static final TableId PROSPECT_SCORES = TableId.gold("prospect_scores");
  public static final TableId PROSPECTS = TableId.bronze("prospects_companies");

  private LookalikeJob() {}

  /**
   * What a run wrote.
   *
   * @param prospects rows written (one per prospect)
   * @param flagged prospects that resemble the bad tier
   * @param top the best-ranked rows (up to ten), rank order
   */
  public record Result(long prospects, long flagged, List<Row> top) {}

  public static Result run(
      SparkSession spark, BrightstarConfig config, LocalDate asOf, Progress progress) {
    LookalikeSettings settings = LookalikeSettings.from(config);
    ConformSettings conform = ConformSettings.from(config);
    TableCatalog catalog = new TableCatalog(spark, config.warehouse());
    Dataset<Row> customers = customers(catalog, asOf).persist();
    try {
      long good = customers.where(col("tier").equalTo(settings.goodTier())).count();
      if (good == 0) {
        throw new BrightstarException("cannot score look-alike prospects as of " + asOf,
            "gold.customer_360 as of " + asOf + " has no tier-" + settings.goodTier()
                + " customer to look like",
            "check brightstar.customer360.tiers and " + LookalikeSettings.SECTION
                + ".good-tier, then re-run customer360 --as-of " + asOf);
      }
      Dataset<Row> prospects =
          Lookalike.prospects(catalog.read(PROSPECTS), conform, asOf).persist();
      try {
        if (prospects.isEmpty()) {
          throw new BrightstarException("no prospect to score as of " + asOf,
              PROSPECTS.qualified() + " has no delivery on or before " + asOf,
              "ingest the prospects extract (bin/brightstar ingest --source prospects) or use a"
                  + " later as-of date");
        }
        Dataset<Row> scored =
            Lookalike.score(customers, prospects, settings, asOf).persist();
        try {
          long rows = new TableWriter(catalog).replaceWhere(scored, PROSPECT_SCORES,
              Lookalike.AS_OF_DATE + " = DATE'" + asOf + "'");
          progress.rows(PROSPECT_SCORES.qualified() + " as of " + asOf, rows);
          long flagged = scored.where(col(Lookalike.RESEMBLES_TIER_D)).count();
          List<Row> top = scored.where(col(Lookalike.RANK).leq(10))
              .orderBy(Lookalike.RANK).collectAsList();
          return new Result(rows, flagged, top);
        } finally {
          scored.unpersist();
        }
      } finally {
        prospects.unpersist();
      }
    } finally {
      customers.unpersist();
    }
  }

  /** gold.customer_360 as of the date: its history partition, else the current table. */
  static Dataset<Row> customers(TableCatalog catalog, LocalDate asOf) {
    org.apache.spark.sql.Column onDate =
        col(Customer360Job.AS_OF_DATE).equalTo(lit(Date.valueOf(asOf)));
    if (catalog.exists(Customer360Job.HISTORY)) {
      Dataset<Row> history = catalog.read(Customer360Job.HISTORY).where(onDate);
      if (!history.isEmpty()) {
        return history;
      }
    }
    if (catalog.exists(Customer360Job.CUSTOMER_360)) {
      Dataset<Row> current = catalog.read(Customer360Job.CUSTOMER_360).where(onDate);
      if (!current.isEmpty()) {
        return current;
      }
    }
    throw new BrightstarException("cannot score look-alike prospects as of " + asOf,
        "gold.customer_360 was not built as of " + asOf,
        "run bin/brightstar customer360 --as-of " + asOf + " first");
  }

  /**
   * The prospects of a generator's truth ({@code DIR/prospects.csv}: prospect_id, archetype)
   * against gold.prospect_scores as of the date: champions should score higher than at-risk
   * companies.
   *
   * @param champions prospects drawn like champion customers that were scored
   * @param atRisk prospects drawn like at-risk customers that were scored
   * @param aucTierA AUC of p_tier_a, champion (positive) vs at_risk
   * @param aucTierD AUC of p_tier_d, at_risk (positive) vs champion
   * @param championsFlagged champions with resembles_tier_d
   * @param atRiskFlagged at-risk prospects with resembles_tier_d
   * @param topDecileChampions champions among the decile-10 prospects
   * @param topDecile prospects in decile 10
   */
  public record Evaluation(long champions, long atRisk, double aucTierA, double aucTierD,
      long championsFlagged, long atRiskFlagged, long topDecileChampions, long topDecile) {
    /** The printed report, one line each. */
    public List<String> lines() {
      return List.of(
          String.format(Locale.ROOT,
              "AUC champion vs at_risk (p_tier_a): %.3f over %d champion and %d at_risk"
                  + " prospects", aucTierA, champions, atRisk),
          String.format(Locale.ROOT,
              "AUC at_risk vs champion (p_tier_d): %.3f", aucTierD),
          String.format(Locale.ROOT,
              "resembles_tier_d: %d of %d at_risk, %d of %d champion prospects",
              atRiskFlagged, atRisk, championsFlagged, champions),
          String.format(Locale.ROOT, "decile 10: %d of %d prospects are champions",
              topDecileChampions, topDecile));
    }
  }

  public static Evaluation evaluate(SparkSession spark, BrightstarConfig config,
      String truthDir, LocalDate asOf) {
    String file = truthDir + "/prospects.csv";
    Dataset<Row> truth;
    try {
      truth = spark.read().option("header", "true").csv(file);
      truth.schema();
    } catch (RuntimeException e) {
      throw new BrightstarException("cannot read the truth " + file,
          String.valueOf(e.getMessage()).split("\\R")[0],
          "pass --evaluate-against the _truth folder the generator wrote (e.g. landing/_truth)",
          e);
    }
    if (!List.of(truth.columns()).containsAll(List.of(Lookalike.PROSPECT_ID, "archetype"))) {
      throw new BrightstarException("cannot evaluate look-alike prospects against " + file,
          "it has no prospect_id and archetype columns",
          "pass the _truth folder the generator wrote (e.g. landing/_truth)");
    }
    TableCatalog catalog = new TableCatalog(spark, config.warehouse());
    List<Row> rows = catalog.read(PROSPECT_SCORES)
        .where(col(Lookalike.AS_OF_DATE).equalTo(lit(Date.valueOf(asOf))))
        .join(truth.select(Lookalike.PROSPECT_ID, "archetype"), Lookalike.PROSPECT_ID)
        .select(col("archetype"), col(Lookalike.P_TIER_A), col(Lookalike.P_TIER_D),
            col(Lookalike.RESEMBLES_TIER_D), col(Lookalike.DECILE))
        .collectAsList();
    List<Double> champA = new ArrayList<>();
    List<Double> riskA = new ArrayList<>();
    List<Double> champD = new ArrayList<>();
    List<Double> riskD = new ArrayList<>();
    long champFlagged = 0;
    long riskFlagged = 0;
    long topChampions = 0;
    long top = 0;
    for (Row r : rows) {
      String archetype = r.getString(0);
      boolean champion = "champion".equals(archetype);
      boolean atRisk = "at_risk".equals(archetype);
      if (r.getInt(4) == 10) {
        top++;
        topChampions += champion ? 1 : 0;
      }
      if (champion) {
        champA.add(r.getDouble(1));
        champD.add(r.getDouble(2));
        champFlagged += r.getBoolean(3) ? 1 : 0;
      } else if (atRisk) {
        riskA.add(r.getDouble(1));
        riskD.add(r.getDouble(2));
        riskFlagged += r.getBoolean(3) ? 1 : 0;
      }
    }
    if (champA.isEmpty() || riskA.isEmpty()) {
      throw new BrightstarException("cannot evaluate look-alike prospects as of " + asOf,
          "gold.prospect_scores as of " + asOf + " has " + champA.size() + " champion and "
              + riskA.size() + " at_risk prospects of " + file,
          "run bin/brightstar lookalike --as-of " + asOf + " on the warehouse the truth was"
              + " generated for");
    }
    return new Evaluation(champA.size(), riskA.size(), RocAuc.of(champA, riskA),
        RocAuc.of(riskD, champD), champFlagged, riskFlagged, topChampions, top);
  }
}
