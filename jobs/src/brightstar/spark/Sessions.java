package brightstar.spark;

import brightstar.config.BrightstarConfig;
import brightstar.io.TableCatalog;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The one place a SparkSession is built: Delta's extension and catalog, an in-memory session
 * catalog (no Derby metastore to fight over: tables are path-based, registered by name at start
 * for the commands whose queries name them), and the configured master and shuffle partitions.
 * Nothing else builds a session.
 */
public final class Sessions {
  private Sessions() {}

  /**
   * Builds (or joins, under spark-submit) the session; with {@code nameTables}, registers every
   * table already in the warehouse by name, so {@code select * from gold.customer_360} works at
   * once. Jobs read and write by path and skip it: registering reads each table's Delta log,
   * about 2 s for the 45 tables of a full warehouse, on every launch.
   */
  public static SparkSession start(BrightstarConfig config, boolean nameTables) {
    SparkSession spark = builder(config).getOrCreate();
    if (nameTables) {
      new TableCatalog(spark, config.warehouse()).registerExisting();
    }
    return spark;
  }

  /** The builder, exposed for the test harness which adds its own local settings. */
  public static SparkSession.Builder builder(BrightstarConfig config) {
    SparkSession.Builder b =
        SparkSession.builder()
            .appName(config.appName())
            .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
            .config(
                "spark.sql.catalog.spark_catalog",
                "org.apache.spark.sql.delta.catalog.DeltaCatalog")
            .config("spark.sql.catalogImplementation", "in-memory")
            .config("spark.sql.shuffle.partitions", config.shufflePartitions())
            .config("spark.ui.enabled", config.uiEnabled())
            .config("spark.sql.session.timeZone", "UTC")
            .config(TableCatalog.FORMAT_CONF, config.tableFormat())
            .config("spark.sql.warehouse.dir", config.warehouse() + "/_spark")
            // Small local jobs: adaptive execution coalesces the few shuffle partitions.
            .config("spark.sql.adaptive.enabled", true)
            .config("spark.databricks.delta.snapshotPartitions", 2)
            .config("spark.databricks.delta.properties.defaults.enableChangeDataFeed", false);
    // spark-submit sets spark.master itself; only a plain `java` launch needs ours.
    if (System.getProperty("spark.master") == null) {
      b = b.master(config.sparkMaster());
    }
    for (Map.Entry<String, String> e : config.sparkExtra().entrySet()) {
      b = b.config(e.getKey(), e.getValue());
    }
    return b;
  }
}
