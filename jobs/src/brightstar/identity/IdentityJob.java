package brightstar.identity;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.substring_index;
import static org.apache.spark.sql.functions.when;

import brightstar.BrightstarException;
import brightstar.Progress;
import brightstar.config.BrightstarConfig;
import brightstar.io.TableCatalog;
import brightstar.io.TableId;
import brightstar.io.TableWriter;
import brightstar.io.Tables;
import io.delta.tables.DeltaTable;
import java.sql.Date;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * bronze -> silver.customer_crosswalk, silver.customer_match_candidates and
 * silver.customer_merges, as of a run date: the records delivered up to that day are resolved
 * against the ids already issued (the crosswalk of the previous run), so ids stay stable and
 * merges are recorded. Re-running a date gives the same tables.
 */
public final class IdentityJob {
  public static final TableId CROSSWALK = Tables.CUSTOMER_CROSSWALK.id();
  public static final TableId CANDIDATES = Tables.CUSTOMER_MATCH_CANDIDATES.id();
  public static final TableId MERGES = Tables.CUSTOMER_MERGES.id();

  private IdentityJob() {}

  /** What one run resolved, for the unify summary. */
  public record Summary(LocalDate runDate, long identities, long resolved, long customers,
      long comparedPairs, long candidates, long newMerges, Map<String, long[]> bySource) {

    public List<String> lines() {
      List<String> out = new java.util.ArrayList<>();
      out.add(String.format(Locale.ROOT,
          "identities as of %s: %,d, %,d resolved to %,d customers; %,d name pairs compared "
              + "after blocking; %,d pairs to review; %,d merges", runDate, identities, resolved,
          customers, comparedPairs, candidates, newMerges));
      bySource.forEach((k, v) -> out.add(String.format(Locale.ROOT,
          "  %-28s %,9d identities  %,9d resolved  %,9d unresolved", k, v[0], v[1],
          v[0] - v[1])));
      return out;
    }
  }

  /**
   * Resolves identities and writes the three tables.
   *
   * @param runDate records delivered on or before this day count; null for all of bronze (the
   *     run date is then the latest CRM delivery)
   */
  public static Summary run(SparkSession spark, BrightstarConfig config, LocalDate runDate,
      Progress progress) {
    TableCatalog catalog = new TableCatalog(spark, config.warehouse());
    IdentitySettings settings = IdentitySettings.from(config);
    NameNormalizer nz = new NameNormalizer(settings);
    IdentityGraph graph = new IdentityGraph(nz);
    Map<String, Dataset<Row>> bronze = bronze(catalog, runDate);
    LocalDate date = runDate != null ? runDate : latestDelivery(bronze);

    // Each is read more than once by the resolver: built from bronze once, kept on the
    // executors.
    Dataset<Row> members = graph.members(bronze).localCheckpoint();
    Dataset<Row> edges = graph.edges(bronze).localCheckpoint();
    Dataset<Row> names = graph.names(bronze).localCheckpoint();
    progress.log(String.format(Locale.ROOT,
        "identity graph: %,d records, %,d edges, %,d company names", members.count(),
        edges.count(), names.count()));
    Resolver.Resolution r = Resolver.resolve(members, edges, names, settings, nz, progress::log);
    Dataset<Row> resolved = members.join(r.nodes(), "node");
    Dataset<Row> prior = catalog.exists(CROSSWALK) ? catalog.read(CROSSWALK) : null;
    if (prior != null && !List.of(prior.columns()).contains("first_seen")) {
      // A crosswalk written before stable ids (no first_seen): its ids were hashes of domains
      // and names, not anchors; nothing downstream keeps them, so they are issued afresh.
      progress.log(CROSSWALK + " predates stable ids; issuing ids afresh");
      prior = null;
    }
    StableIds.Assignment a = StableIds.assign(resolved, prior, date);
    Dataset<Row> crosswalk = a.crosswalk().localCheckpoint();

    // Merges first: they are read from the previous crosswalk, which the next write replaces.
    long newMerges = 0;
    if (a.merges() != null) {
      newMerges = appendMerges(spark, catalog, shaped(a.merges(), Tables.CUSTOMER_MERGES.schema()));
    }
    TableWriter writer = new TableWriter(catalog);
    progress.rows(CROSSWALK.qualified(),
        writer.overwrite(shaped(crosswalk, Tables.CUSTOMER_CROSSWALK.schema()), CROSSWALK));
    if (!catalog.exists(MERGES)) {
      writer.overwrite(shaped(spark.createDataFrame(List.of(), Tables.CUSTOMER_MERGES.schema()),
          Tables.CUSTOMER_MERGES.schema()), MERGES);
    }
    Dataset<Row> ids = catalog.read(CROSSWALK);
    Dataset<Row> candidates = candidates(r.candidates(), members, ids, date);
    long review = writer.overwrite(shaped(candidates, Tables.CUSTOMER_MATCH_CANDIDATES.schema()), CANDIDATES);
    progress.rows(CANDIDATES.qualified(), review);
    Summary s = summary(ids, date, r.comparedPairs(), review, newMerges);
    s.lines().forEach(progress::log);
    return s;
  }

  /**
   * Compares the crosswalk with a generator's truth ({@code DIR/records.csv}) over the bronze
   * records delivered up to the run date.
   */
  public static Evaluation.Report evaluate(SparkSession spark, BrightstarConfig config,
      String truthDir, LocalDate runDate) {
    TableCatalog catalog = new TableCatalog(spark, config.warehouse());
    String records = truthDir + "/records.csv";
    Dataset<Row> truth;
    try {
      truth = spark.read().option("header", "true").csv(records);
      truth.schema();
    } catch (RuntimeException e) {
      throw new BrightstarException("cannot read the truth " + records, String.valueOf(
          e.getMessage()).split("\\R")[0],
          "pass --evaluate-against the _truth folder the generator wrote (e.g. landing/_truth)",
          e);
    }
    IdentityGraph graph = new IdentityGraph(new NameNormalizer(IdentitySettings.from(config)));
    Dataset<Row> predicted =
        Crosswalk.recordCustomers(bronze(catalog, runDate), catalog.read(CROSSWALK), graph);
    return Evaluation.evaluate(predicted, truth);
  }

  /** The bronze tables the graph reads that exist, limited to deliveries up to the run date. */
  public static Map<String, Dataset<Row>> bronze(TableCatalog catalog, LocalDate runDate) {
    Map<String, Dataset<Row>> bronze = new LinkedHashMap<>();
    for (String name : IdentityGraph.TABLES) {
      TableId id = TableId.bronze(name);
      if (catalog.exists(id)) {
        Dataset<Row> rows = catalog.read(id);
        bronze.put(name, runDate == null ? rows
            : rows.where(col("_run_date").leq(lit(Date.valueOf(runDate)))));
      }
    }
    if (!bronze.containsKey("sales_accounts")) {
      throw new BrightstarException(
          "cannot resolve identities: bronze.sales_accounts does not exist",
          "customers are the companies with CRM accounts, and none were ingested",
          "run bin/brightstar ingest --source sales (or all) first");
    }
    return bronze;
  }

  private static LocalDate latestDelivery(Map<String, Dataset<Row>> bronze) {
    Row r = bronze.get("sales_accounts").agg(max("_run_date")).first();
    if (r.isNullAt(0)) {
      throw new BrightstarException("cannot resolve identities: bronze.sales_accounts is empty",
          "no CRM account has been delivered", "ingest the sales extracts first");
    }
    return r.getDate(0).toLocalDate();
  }

  /** Inserts merges not recorded yet (a merged id is retired once, so it is the key). */
  private static long appendMerges(SparkSession spark, TableCatalog catalog,
      Dataset<Row> merges) {
    Dataset<Row> rows = merges.localCheckpoint();
    long n = rows.count();
    if (n == 0) {
      return 0;
    }
    if (!catalog.exists(MERGES)) {
      new TableWriter(catalog).overwrite(rows, MERGES);
      return n;
    }
    long before = catalog.read(MERGES).count();
    DeltaTable.forPath(spark, catalog.path(MERGES)).as("m")
        .merge(rows.as("n"), "m.merged_id = n.merged_id")
        .whenNotMatched().insertAll()
        .execute();
    return catalog.read(MERGES).count() - before;
  }

  private static Dataset<Row> candidates(Dataset<Row> pairs, Dataset<Row> members,
      Dataset<Row> crosswalk, LocalDate date) {
    Dataset<Row> customerOf =
        crosswalk.where(col("entity").isin("accounts", "billing_accounts"))
            .select(nodeOf(col("entity"), col("source_key")).as("n"),
                col("customer_id").as("customer_id_b"));
    return pairs.join(customerOf, pairs.col("target_node").equalTo(col("n")), "left")
        .select(
            kindSource(col("unit_node")).as("source_a"),
            kindEntity(col("unit_node")).as("entity_a"),
            substring_index(col("unit_node"), ":", -1).as("key_a"),
            col("unit_name").as("name_a"),
            kindSource(col("target_node")).as("source_b"),
            kindEntity(col("target_node")).as("entity_b"),
            substring_index(col("target_node"), ":", -1).as("key_b"),
            col("target_name").as("name_b"),
            col("customer_id_b"),
            col("score"),
            col("rule"),
            lit(Date.valueOf(date)).as("run_date"));
  }

  private static Column nodeOf(Column entity, Column key) {
    return org.apache.spark.sql.functions.concat(
        when(entity.equalTo("accounts"), lit(IdentityGraph.ACCOUNT))
            .otherwise(lit(IdentityGraph.BILLING)), key);
  }

  private static Column kindSource(Column node) {
    Column k = substring_index(node, ":", 1);
    return when(k.equalTo("acct"), lit("sales")).when(k.equalTo("bill"), lit("finance"))
        .when(k.equalTo("lead"), lit("marketing")).when(k.equalTo("dom"), lit("web"))
        .otherwise(lit("email"));
  }

  private static Column kindEntity(Column node) {
    Column k = substring_index(node, ":", 1);
    return when(k.equalTo("acct"), lit("accounts"))
        .when(k.equalTo("bill"), lit("billing_accounts"))
        .when(k.equalTo("lead"), lit("leads")).when(k.equalTo("dom"), lit("domain"))
        .otherwise(lit("address"));
  }

  private static Summary summary(Dataset<Row> crosswalk, LocalDate date, long compared,
      long review, long merges) {
    Row totals =
        crosswalk.agg(count(lit(1)), count(col("customer_id")), countDistinct(col("customer_id")))
            .first();
    Map<String, long[]> bySource = new LinkedHashMap<>();
    for (Row row : crosswalk.groupBy("source", "entity")
        .agg(count(lit(1)), count(col("customer_id"))).orderBy("source", "entity")
        .collectAsList()) {
      bySource.put(row.getString(0) + "." + row.getString(1),
          new long[] {row.getLong(2), row.getLong(3)});
    }
    return new Summary(date, totals.getLong(0), totals.getLong(1), totals.getLong(2), compared,
        review, merges, bySource);
  }

  /** The rows in the declared column order and types, with each column's comment. */
  static Dataset<Row> shaped(Dataset<Row> rows, StructType schema) {
    Column[] cols = new Column[schema.fields().length];
    for (int i = 0; i < cols.length; i++) {
      StructField f = schema.fields()[i];
      cols[i] = col(f.name()).cast(f.dataType()).as(f.name(), f.metadata());
    }
    return rows.select(cols);
  }
}
