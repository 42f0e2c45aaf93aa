package brightstar.identity;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.min;

import brightstar.BrightstarException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Connected components of an undirected graph in Spark by iterative min-label propagation:
 * every node starts with its own id as label and takes the smallest label among itself and its
 * neighbours until no label changes. Nothing is collected to the driver; each round is one
 * join and one aggregation, and the rounds needed equal the longest shortest path in a
 * component (a handful for identity graphs, which are stars around domains).
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
    Dataset<Row> both =
        edges.select(col("a").as("src"), col("b").as("dst"))
            .unionByName(edges.select(col("b").as("src"), col("a").as("dst")))
            .where(col("src").notEqual(col("dst")))
            .distinct()
            .localCheckpoint();
    Dataset<Row> labels =
        nodes.select(col("node"))
            .unionByName(both.select(col("src").as("node")))
            .distinct()
            .withColumn("component", col("node"))
            .localCheckpoint();
    for (int round = 1; round <= maxIterations; round++) {
      Dataset<Row> offered =
          both.join(labels, both.col("src").equalTo(labels.col("node")))
              .select(both.col("dst").as("node"), labels.col("component").as("offer"));
      Dataset<Row> next =
          labels.join(offered.groupBy("node").agg(min("offer").as("offer")), "node", "left")
              .select(col("node"), least(col("component"), col("offer")).as("component"),
                  col("component").as("previous"))
              .localCheckpoint();
      long changed = next.where(col("component").notEqual(col("previous"))).count();
      labels = next.select("node", "component");
      if (changed == 0) {
        return labels;
      }
    }
    throw new BrightstarException(
        "identity graph did not settle in " + maxIterations + " rounds",
        "some component is longer than the rounds allowed (a chain of links)",
        "raise brightstar.identity.max-iterations, or look for a chain of links in "
            + "silver.customer_crosswalk");
  }
}
