package brightstar.identity;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Customer ids that keep their meaning from run to run.
 *
 * <ul>
 *   <li>A cluster none of whose anchors (CRM or billing accounts) had an id gets a new one: a
 *       hash of its earliest anchor (by first record date, then id), so a full rebuild from the
 *       same bronze gives the same ids, and records that arrive later never change it.
 *   <li>A cluster keeps the id its anchors had. When new evidence joins clusters that had
 *       different ids, the oldest id (the one whose records go back furthest) survives and the
 *       others are recorded as merged into it.
 *   <li>If an id's anchors end up in several clusters (a link was withdrawn), the cluster with
 *       the id's earliest anchor keeps it; the others get ids of their own.
 * </ul>
 */
public final class StableIds {
  private StableIds() {}

  /**
   * @param crosswalk silver.customer_crosswalk rows as {@link Crosswalk}, with a {@code cluster}
   * @param merges merged_id, surviving_id, run_date, evidence
   */
  public record Assignment(Dataset<Row> crosswalk, Dataset<Row> merges) {}

  /**
   * @param resolved member rows with their cluster: source, entity, source_key, node, cluster,
   *     anchor, match_rule, match_score, evidence, first_seen, last_seen
   * @param prior the previous silver.customer_crosswalk (source, entity, source_key,
   *     customer_id, first_seen, ...), or null on the first run
   * @param runDate the run date recorded on merges
   */
  public static Assignment assign(Dataset<Row> resolved, Dataset<Row> prior, LocalDate runDate) {
    Dataset<Row> anchors =
        resolved.where(col("anchor").and(col("cluster").isNotNull()))
            .groupBy("node", "cluster")
            .agg(min("first_seen").as("seen"), min("evidence").as("evidence"));
    Dataset<Row> clusterIds;
    Dataset<Row> merges;
    if (prior == null) {
      clusterIds = fresh(anchors, null);
      merges = null;
    } else {
      Dataset<Row> priorAnchors =
          prior.where(col("customer_id").isNotNull()
                  .and(col("entity").isin("accounts", "billing_accounts")))
              .select(nodeOf(col("entity"), col("source_key")).as("node"),
                  col("customer_id").as("prior_id"));
      Dataset<Row> idSince =
          prior.where(col("customer_id").isNotNull()).groupBy(col("customer_id").as("prior_id"))
              .agg(min("first_seen").as("id_since"));
      Dataset<Row> claims = anchors.join(priorAnchors, "node");
      // Each prior id goes to the cluster holding its earliest anchor.
      Dataset<Row> owned =
          claims.groupBy("prior_id", "cluster")
              .agg(min("seen").as("seen"), min("evidence").as("evidence"))
              .withColumn("r", row_number().over(Window.partitionBy("prior_id")
                  .orderBy(col("seen"), col("cluster"))))
              .where(col("r").equalTo(1)).drop("r")
              .join(idSince, "prior_id", "left");
      Dataset<Row> ranked =
          owned.withColumn("r", row_number().over(Window.partitionBy("cluster")
                  .orderBy(col("id_since").asc_nulls_last(), col("prior_id"))))
              .localCheckpoint();
      Dataset<Row> kept =
          ranked.where(col("r").equalTo(1)).select(col("cluster"),
              col("prior_id").as("customer_id"));
      merges =
          ranked.where(col("r").gt(1)).join(kept, "cluster")
              .select(col("prior_id").as("merged_id"), col("customer_id").as("surviving_id"),
                  lit(Date.valueOf(runDate)).as("run_date"), col("evidence"));
      Dataset<Row> unowned = anchors.join(kept, "cluster", "left_anti");
      Dataset<Row> taken = priorAnchors.select(col("prior_id").as("customer_id")).distinct();
      clusterIds = kept.unionByName(fresh(unowned, taken));
    }
    Dataset<Row> crosswalk =
        resolved.join(clusterIds, "cluster", "left")
            .select(col("source"), col("entity"), col("source_key"), col("customer_id"),
                col("match_rule"), col("match_score"), col("first_seen"), col("last_seen"),
                col("cluster"));
    return new Assignment(crosswalk, merges);
  }

  /**
   * New ids for clusters: the hash of the earliest anchor; if that id was already issued to
   * another cluster (only after a split), the hash of the anchor with a suffix.
   */
  private static Dataset<Row> fresh(Dataset<Row> anchors, Dataset<Row> taken) {
    Dataset<Row> first =
        anchors.withColumn("r", row_number().over(Window.partitionBy("cluster")
                .orderBy(col("seen"), col("node"))))
            .where(col("r").equalTo(1))
            .select(col("cluster"), idOf(col("node")).as("customer_id"), col("node"));
    if (taken == null) {
      return first.select("cluster", "customer_id");
    }
    Dataset<Row> clash = first.join(taken, "customer_id", "left_semi");
    return first.join(taken, "customer_id", "left_anti").select("cluster", "customer_id")
        .unionByName(clash.select(col("cluster"),
            idOf(concat(col("node"), lit("#split"))).as("customer_id")));
  }

  /** {@code C-} and 16 hex digits of SHA-256 of the anchor node id. */
  public static Column idOf(Column node) {
    return concat(lit("C-"), substring(sha2(node, 256), 1, 16));
  }

  private static Column nodeOf(Column entity, Column key) {
    return concat(when(entity.equalTo("accounts"), lit(IdentityGraph.ACCOUNT))
        .otherwise(lit(IdentityGraph.BILLING)), key);
  }
}
