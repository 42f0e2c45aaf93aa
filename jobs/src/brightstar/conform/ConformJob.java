package brightstar.conform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.lit;

import brightstar.BrightstarException;
import brightstar.Progress;
import brightstar.config.BrightstarConfig;
import brightstar.io.TableCatalog;
import brightstar.io.TableId;
import brightstar.io.TableSpec;
import brightstar.io.TableWriter;
import brightstar.io.Tables;
import brightstar.spark.DriverThreads;
import brightstar.spark.ObservedCounts;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * bronze + silver.customer_crosswalk -> the twelve conformed silver facts and
 * silver.customers, each rebuilt whole from bronze (a re-run, or a re-delivered bronze day,
 * gives the same tables). Runs after identity resolution has written the crosswalk.
 */
public final class ConformJob {
  /** Silver facts conformed at once. */
  public static final String PARALLELISM_KEY = "brightstar.unify.parallelism";
  public static final TableId CROSSWALK = Tables.CUSTOMER_CROSSWALK.id();
  public static final TableId ACCOUNTS = TableId.bronze("sales_accounts");

  /**
   * What the job wrote.
   *
   * @param facts one entry per fact, in {@link Fact} order
   * @param customers rows of silver.customers
   */
  public record Summary(List<FactCounts> facts, long customers) {
    public Summary {
      facts = List.copyOf(facts);
    }

    /** Fact rows without a customer, over all facts. */
    public long unresolved() {
      return facts.stream().mapToLong(FactCounts::unresolved).sum();
    }
  }

  private ConformJob() {}

  /**
   * Writes every silver fact and silver.customers.
   *
   * @throws BrightstarException when the crosswalk or bronze.sales_accounts is missing, or the
   *     crosswalk holds an identity twice
   */
  public static Summary run(SparkSession spark, BrightstarConfig config, Progress progress) {
    ConformSettings settings = ConformSettings.from(config);
    TableCatalog catalog = new TableCatalog(spark, config.warehouse());
    TableWriter writer = new TableWriter(catalog);
    Dataset<Row> crosswalk = catalog.read(CROSSWALK).cache();
    try {
      requireOneRowPerIdentity(crosswalk);
      // The facts are independent: several at once (brightstar.unify.parallelism) overlap
      // their per-job overhead, which dominates small daily deliveries.
      List<FactCounts> counts = DriverThreads.map(spark, "brightstar-unify",
          config.raw().getInt(PARALLELISM_KEY), List.of(Fact.values()), fact -> {
            // Rows in and rows without a customer are counted as the fact is written (metrics
            // of the write's own job), not by jobs of their own.
            ObservedCounts.Pending in = ObservedCounts.pending(spark);
            ObservedCounts.Pending out = ObservedCounts.pending(spark);
            Dataset<Row> bronze = in.on(bronze(spark, catalog, fact), count(lit(1)).as("rows"));
            TableId table = fact.silver().id();
            long rowsOut = writer.overwrite(out.on(
                Conform.fact(fact, bronze, crosswalk, settings.fxToUsd()),
                count_if(col(Tables.CUSTOMER_ID).isNull()).as("unresolved")), table);
            long rowsIn = in.get("rows", () -> bronze(spark, catalog, fact).count());
            long unresolved = out.get("unresolved",
                () -> catalog.read(table).where(col(Tables.CUSTOMER_ID).isNull()).count());
            FactCounts c = new FactCounts(table, rowsIn, rowsIn - rowsOut, rowsOut, unresolved);
            progress.log(c.describe());
            return c;
          });
      // The invoices and leads as just conformed: de-duplicated, their customers resolved.
      Dataset<Row> customers = Customers.build(crosswalk, catalog.read(ACCOUNTS),
          catalog.read(Fact.INVOICES.silver().id()), catalog.read(Fact.LEADS.silver().id()),
          settings);
      long customerRows = writer.overwrite(customers, Tables.CUSTOMERS.id());
      progress.rows(Tables.CUSTOMERS.id().qualified(), customerRows);
      return new Summary(counts, customerRows);
    } finally {
      crosswalk.unpersist();
    }
  }

  /** The fact's bronze table; an entity never delivered is an empty table, not an error. */
  static Dataset<Row> bronze(SparkSession spark, TableCatalog catalog, Fact fact) {
    if (catalog.exists(fact.bronze())) {
      return catalog.read(fact.bronze());
    }
    StructType schema = new StructType();
    for (TableSpec.Column c : fact.bronzeColumns()) {
      schema = schema.add(c.name(), c.type());
    }
    return spark.createDataFrame(List.of(), schema);
  }

  /** A crosswalk with an identity twice would give a fact row two customers: refuse it. */
  static void requireOneRowPerIdentity(Dataset<Row> crosswalk) {
    List<Row> twice = crosswalk.groupBy("source", "entity", "source_key")
        .agg(count(lit(1)).as("n")).where(col("n").gt(1))
        .orderBy("source", "entity", "source_key").limit(3).collectAsList();
    if (!twice.isEmpty()) {
      throw new BrightstarException(
          "cannot conform the silver facts: " + CROSSWALK + " lists an identity more than once",
          twice.stream().map(r -> r.get(0) + "/" + r.get(1) + "/" + r.get(2) + " x" + r.get(3))
              .collect(Collectors.joining(", ")),
          "fix identity resolution so each (source, entity, source_key) has one row, then"
              + " re-run unify");
    }
  }
}
