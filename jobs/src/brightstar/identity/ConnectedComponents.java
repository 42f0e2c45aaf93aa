package brightstar.identity;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.monotonically_increasing_id;

import brightstar.BrightstarException;
import java.util.Locale;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Connected components of an undirected graph in Spark by iterative min-label propagation:
 * every node starts with its own number as label and takes the smallest label among itself and
 * its neighbours until no label changes. Nothing is collected to the driver; each round is one
 * join and one aggregation, and the rounds needed equal the longest shortest path in a
 * component (a handful for identity graphs, which are stars around domains).
 *
 * <p>The rounds run on numbers, not on the node strings (an address or an account key is 20-40
 * characters): the nodes are numbered once, the edges translated once, and each component is
 * named by its smallest node string at the end.
 */
public final class ConnectedComponents {
  private ConnectedComponents() {}

  /**
   * @param nodes one column {@code node} (every node, including those without edges)
   * @param edges columns {@code a}, {@code b}
   * @param maxIterations rounds allowed before failing
   * @return node, component (the smallest node id of its component)
   */
  public static Dataset<Row> of(Dataset<Row> nodes, Dataset<Row> edges, int maxIterations) {
    return of(nodes, edges, maxIterations, message -> { });
  }

  /** As {@link #of(Dataset, Dataset, int)}, telling {@code progress} how each round went. */
  public static Dataset<Row> of(Dataset<Row> nodes, Dataset<Row> edges, int maxIterations,
      Consumer<String> progress) {
    Dataset<Row> numbered =
        nodes.select(col("node"))
            .unionByName(edges.select(col("a").as("node")))
            .unionByName(edges.select(col("b").as("node")))
            .distinct()
            .withColumn("id", monotonically_increasing_id())
            .localCheckpoint();
    Dataset<Row> ida = numbered.select(col("node").as("a"), col("id").as("ia"));
    Dataset<Row> idb = numbered.select(col("node").as("b"), col("id").as("ib"));
    Dataset<Row> pairs =
        edges.select("a", "b").join(ida, "a").join(idb, "b").select("ia", "ib");
    Dataset<Row> both =
        pairs.select(col("ia").as("src"), col("ib").as("dst"))
            .unionByName(pairs.select(col("ib").as("src"), col("ia").as("dst")))
            .where(col("src").notEqual(col("dst")))
            .distinct()
            .localCheckpoint();
    Dataset<Row> labels = numbered.select(col("id"), col("id").as("label"));
    for (int round = 1; round <= maxIterations; round++) {
      Dataset<Row> offered =
          both.join(labels, both.col("src").equalTo(labels.col("id")))
              .select(both.col("dst").as("id"), labels.col("label").as("offer"));
      Dataset<Row> next =
          labels.join(offered.groupBy("id").agg(min("offer").as("offer")), "id", "left")
              .select(col("id"), least(col("label"), col("offer")).as("label"),
                  col("label").as("previous"))
              .localCheckpoint();
      long changed = next.where(col("label").notEqual(col("previous"))).count();
      progress.accept(String.format(Locale.ROOT,
          "connected components, round %d: %,d labels changed", round, changed));
      labels = next.select("id", "label");
      if (changed == 0) {
        Dataset<Row> named = numbered.join(labels, "id");
        Dataset<Row> names =
            named.groupBy("label").agg(min("node").as("component"));
        return named.join(names, "label").select("node", "component");
      }
    }
    throw new BrightstarException(
        "identity graph did not settle in " + maxIterations + " rounds",
        "some component is longer than the rounds allowed (a chain of links)",
        "raise brightstar.identity.max-iterations, or look for a chain of links in "
            + "silver.customer_crosswalk");
  }
}
