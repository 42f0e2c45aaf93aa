package brightstar.identity;

import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.format_number;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring_index;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import java.util.Locale;
import java.util.function.Consumer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF4;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Clusters the identity graph into customers in two phases.
 *
 * <ol>
 *   <li><b>Deterministic</b>: connected components over the strong edges (an account's domain,
 *       an address's company domain, a lead's address, a billing account's bill-to address, a
 *       CRM activity's contact at a company address). Webmail addresses never link to a
 *       domain, so two companies can only meet here through a domain they share.
 *   <li><b>Attach</b>: a component without a domain (a person writing from webmail, an account
 *       typed without a domain) is scored against the <em>targets</em>, the components with an
 *       anchor and a domain: by its company names (blocked, then compared with {@link
 *       NameNormalizer#similarity}) and by the weak links its records state (a webmail contact
 *       of a CRM activity, a domain typed as company). It joins the best target only when that
 *       target reaches {@code auto-match} and beats every other by {@code ambiguity-margin}.
 * </ol>
 *
 * <p>The chaining guard is in the shape of phase 2: an attachment joins a component to exactly
 * one target and targets are never joined to each other by a name, so no chain of weak links
 * can glue two companies with domains together. Doubtful pairs go to review instead.
 */
public final class Resolver {
  /** Rule of a node that is in no customer's cluster. */
  public static final String UNRESOLVED = "unresolved";

  private static final StructType SCORE =
      new StructType().add("score", DataTypes.DoubleType).add("rule", DataTypes.StringType);

  private Resolver() {}

  /**
   * What resolution decided, node by node.
   *
   * @param nodes node, cluster (null when the node belongs to no customer), anchor,
   *     match_rule, match_score, evidence
   * @param candidates pairs for review: unit_node, unit_name, target_node, target_name, score,
   *     rule
   * @param comparedPairs name pairs compared after blocking
   */
  public record Resolution(Dataset<Row> nodes, Dataset<Row> candidates, long comparedPairs) {}

  /**
   * @param members {@link IdentityGraph#members}
   * @param edges {@link IdentityGraph#edges}
   * @param names {@link IdentityGraph#names}
   */
  public static Resolution resolve(Dataset<Row> members, Dataset<Row> edges, Dataset<Row> names,
      IdentitySettings settings, NameNormalizer nz) {
    return resolve(members, edges, names, settings, nz, message -> { });
  }

  /**
   * As {@link #resolve(Dataset, Dataset, Dataset, IdentitySettings, NameNormalizer)}, telling
   * {@code progress} what each phase found as it ends (the phases run eagerly: components and
   * pairs are checkpointed).
   */
  public static Resolution resolve(Dataset<Row> members, Dataset<Row> edges, Dataset<Row> names,
      IdentitySettings settings, NameNormalizer nz, Consumer<String> progress) {
    Dataset<Row> strong = edges.where(col("strong")).select("a", "b", "rule").localCheckpoint();
    Dataset<Row> comps =
        ConnectedComponents.of(members.select("node"), strong,
                settings.maxIterations(), progress)
            .withColumn("kind", substring_index(col("node"), ":", 1))
            .localCheckpoint();
    progress.accept(String.format(Locale.ROOT,
        "connected components over %,d strong edges: settled", strong.count()));
    Dataset<Row> info =
        comps.groupBy("component")
            .agg(sum(when(col("kind").isin("acct", "bill"), 1).otherwise(0)).as("anchors"),
                sum(when(col("kind").equalTo("dom"), 1).otherwise(0)).as("domains"));
    Dataset<Row> targets =
        info.where(col("anchors").gt(0).and(col("domains").gt(0))).select("component");
    Dataset<Row> units = info.where(col("domains").equalTo(0)).select("component");

    // Names on both sides: targets by their anchors' names and their domains' stems.
    Dataset<Row> targetNames =
        names.join(comps.where(col("kind").isin("acct", "bill")), "node")
            .join(targets, "component")
            .select(col("component").as("target"), col("node").as("target_node"),
                col("name").as("target_name"), col("raw_name").as("target_raw"),
                col("country").as("target_country"))
            .unionByName(
                comps.where(col("kind").equalTo("dom")).join(targets, "component")
                    .select(col("component").as("target"), col("node").as("target_node"),
                        regexp_replace(substring_index(substring_index(col("node"), ":", -1),
                            ".", 1), "[^a-z0-9]", "").as("target_name"),
                        substring_index(col("node"), ":", -1).as("target_raw"),
                        lit(null).cast("string").as("target_country")))
            .where(col("target_name").notEqual(""));
    Dataset<Row> unitNames =
        names.join(comps, "node").join(units, "component")
            .select(col("component").as("unit"), col("node").as("unit_node"),
                col("name").as("unit_name"), col("raw_name").as("unit_raw"),
                col("country").as("unit_country"));

    // Blocked pairs of distinct names only (narrow rows): counted block by block before the
    // join (the largest block says where the cost is), checkpointed, scored, and only the pairs
    // above the review floor are joined back to the records that typed them.
    Dataset<Row> unitKeys =
        keyed(unitNames.select("unit", "unit_name", "unit_country"), "unit_name", false, nz)
            .localCheckpoint();
    Dataset<Row> targetKeys =
        keyed(targetNames.select("target", "target_name", "target_country"), "target_name",
            true, nz).localCheckpoint();
    Row blocks =
        unitKeys.groupBy("block").count().withColumnRenamed("count", "u")
            .join(targetKeys.groupBy("block").count().withColumnRenamed("count", "t"), "block")
            .select(col("block"), col("u").multiply(col("t")).as("pairs"))
            .agg(sum("pairs"), count(lit(1)), max(struct(col("pairs"), col("block"))))
            .first();
    progress.accept(blocks.isNullAt(0)
        ? "blocking: no block holds both a typed name and a company name"
        : String.format(Locale.ROOT,
            "blocking: %,d typed-name keys, %,d company-name keys, %,d shared blocks, at most "
                + "%,d pairs (largest block %s: %,d)", unitKeys.count(), targetKeys.count(),
            blocks.getLong(1), blocks.getLong(0), blocks.getStruct(2).getString(1),
            blocks.getStruct(2).getLong(0)));
    Dataset<Row> pairs =
        unitKeys.join(targetKeys, "block")
            .drop("block")
            .dropDuplicates("unit", "unit_name", "unit_country", "target", "target_name",
                "target_country")
            .localCheckpoint();
    long compared = pairs.count();
    UserDefinedFunction similarity =
        udf((UDF4<String, String, String, String, Row>) (a, b, ca, cb) -> {
          NameNormalizer.Score s = nz.similarity(a, b, ca, cb);
          return RowFactory.create(s.score(), s.rule());
        }, SCORE);
    Dataset<Row> scored =
        pairs.withColumn("s", similarity.apply(col("unit_name"), col("target_name"),
                col("unit_country"), col("target_country")))
            .select(col("unit"), col("unit_name"), col("unit_country"), col("target"),
                col("target_name"), col("target_country"), col("s.score").as("score"),
                col("s.rule").as("rule"))
            .where(col("score").geq(settings.reviewFloor()))
            .localCheckpoint();
    progress.accept(String.format(Locale.ROOT,
        "%,d name pairs compared, %,d at or above the review floor", compared,
        scored.count()));
    // The records behind each scored name (renamed: both sides descend from the same names,
    // so same-named columns would resolve to one attribute and make the join trivially true).
    Dataset<Row> unitRecords =
        unitNames.groupBy("unit", "unit_name", "unit_country")
            .agg(min("unit_node").as("unit_node"), min("unit_raw").as("unit_raw"))
            .toDF("u_unit", "u_name", "u_country", "unit_node", "unit_raw");
    Dataset<Row> targetRecords =
        targetNames.groupBy("target", "target_name", "target_country")
            .agg(min("target_node").as("target_node"), min("target_raw").as("target_raw"))
            .toDF("t_target", "t_name", "t_country", "target_node", "target_raw");
    Dataset<Row> nameScores =
        scored.join(unitRecords, col("unit").equalTo(col("u_unit"))
                .and(col("unit_name").equalTo(col("u_name")))
                .and(col("unit_country").eqNullSafe(col("u_country"))))
            .join(targetRecords, col("target").equalTo(col("t_target"))
                .and(col("target_name").equalTo(col("t_name")))
                .and(col("target_country").eqNullSafe(col("t_country"))))
            .select(col("unit"), col("target"), col("score"), col("rule"), col("unit_node"),
                col("unit_raw"), col("target_node"), col("target_raw"));

    // Weak links from a unit's node to a target's node count as certain evidence.
    Dataset<Row> weak = edges.where(col("strong").equalTo(false));
    Dataset<Row> c1 = comps.select(col("node").as("n1"), col("component").as("k1"));
    Dataset<Row> c2 = comps.select(col("node").as("n2"), col("component").as("k2"));
    Dataset<Row> linked =
        weak.join(c1, weak.col("a").equalTo(c1.col("n1")))
            .join(c2, weak.col("b").equalTo(c2.col("n2")));
    Dataset<Row> evidence =
        linked.join(units, linked.col("k1").equalTo(units.col("component")))
            .join(targets.withColumnRenamed("component", "t"), col("k2").equalTo(col("t")))
            .select(col("k1").as("unit"), col("k2").as("target"), lit(1.0).as("score"),
                col("rule"), col("a").as("unit_node"), col("a").as("unit_raw"),
                col("b").as("target_node"), col("b").as("target_raw"))
            .unionByName(
                linked.join(units, linked.col("k2").equalTo(units.col("component")))
                    .join(targets.withColumnRenamed("component", "t"),
                        col("k1").equalTo(col("t")))
                    .select(col("k2").as("unit"), col("k1").as("target"), lit(1.0).as("score"),
                        col("rule"), col("b").as("unit_node"), col("b").as("unit_raw"),
                        col("a").as("target_node"), col("a").as("target_raw")));

    // The best evidence of each (unit, target), then each unit's best and runner-up target.
    Dataset<Row> best =
        nameScores.unionByName(evidence)
            .withColumn("r", row_number().over(Window.partitionBy("unit", "target")
                .orderBy(col("score").desc(), col("rule"), col("unit_node"), col("target_node"))))
            .where(col("r").equalTo(1)).drop("r")
            .withColumn("rank", row_number().over(Window.partitionBy("unit")
                .orderBy(col("score").desc(), col("target"))))
            .where(col("rank").leq(2))
            .localCheckpoint();
    Dataset<Row> second =
        best.where(col("rank").equalTo(2)).select(col("unit").as("u2"),
            col("score").as("runner_up"));
    Dataset<Row> decided =
        best.where(col("rank").equalTo(1))
            .join(second, col("unit").equalTo(col("u2")), "left").drop("u2")
            .withColumn("attach", col("score").geq(settings.autoMatch())
                .and(coalesce(col("score").minus(col("runner_up")), lit(1.0))
                    .geq(settings.ambiguityMargin() - 1e-9)))
            .localCheckpoint();
    Row attached = decided.agg(count(lit(1)), count(when(col("attach"), 1))).first();
    progress.accept(String.format(Locale.ROOT,
        "%,d components without a domain have a candidate customer; %,d attach",
        attached.getLong(0), attached.getLong(1)));
    Dataset<Row> candidates =
        best.join(decided.where(col("attach").equalTo(false)).select(col("unit").as("u")),
                col("unit").equalTo(col("u")))
            .select(col("unit_node"), col("unit_raw").as("unit_name"), col("target_node"),
                col("target_raw").as("target_name"), col("score"), col("rule"));

    // Every node's cluster, rule and score.
    Dataset<Row> incident =
        strong.select(col("a").as("node"), col("rule"))
            .unionByName(strong.select(col("b").as("node"), col("rule")))
            .groupBy("node").agg(array_join(array_sort(collect_set("rule")), "+").as("rules"));
    Dataset<Row> attach =
        decided.select(col("unit").as("component"), col("target"), col("attach"),
            col("score").as("best_score"), col("rule").as("best_rule"),
            concat(col("rule"), lit(" "), format_number(col("score"), 3), lit(": '"),
                col("unit_raw"), lit("' ~ '"), col("target_raw"), lit("'")).as("why"));
    Dataset<Row> nodes =
        comps.join(info, "component").join(attach, "component", "left")
            .join(incident, "node", "left")
            .select(
                col("node"),
                when(col("attach"), col("target"))
                    .when(col("anchors").gt(0), col("component")).as("cluster"),
                col("kind").isin("acct", "bill").as("anchor"),
                when(col("attach"), col("best_rule"))
                    .when(col("domains").gt(0).and(col("anchors").gt(0)), col("rules"))
                    .when(col("anchors").gt(0), lit("new_without_domain"))
                    .otherwise(lit(UNRESOLVED)).as("match_rule"),
                when(col("attach"), col("best_score"))
                    .when(col("anchors").gt(0), lit(1.0))
                    .otherwise(col("best_score")).as("match_score"),
                when(col("attach"), col("why"))
                    .when(col("anchors").gt(0), coalesce(col("rules"), lit("own account")))
                    .otherwise(when(col("best_score").isNotNull(), concat(lit("best "),
                        col("why")))).as("evidence"));
    return new Resolution(nodes, candidates, compared);
  }

  /** Adds the blocking keys of a name column, one row per key: {@code block}. */
  private static Dataset<Row> keyed(Dataset<Row> rows, String nameColumn, boolean company,
      NameNormalizer nz) {
    UserDefinedFunction keys =
        udf((UDF1<String, String[]>) name -> nz.blockingKeys(name, company),
            DataTypes.createArrayType(DataTypes.StringType));
    return rows.withColumn("block", explode(keys.apply(col(nameColumn)))).distinct();
  }
}
