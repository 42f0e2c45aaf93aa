package brightstar.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import brightstar.io.TableId;
import brightstar.quality.DataQuality;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The bronze layer's tables, declared once: the per-entity tables
 * {@code bronze.<source>_<entity>} (the contract's columns, typed, plus lineage) and the three
 * shared tables {@code bronze.quarantine}, {@code bronze.ingest_log} and
 * {@code bronze.dq_results} (partitioned by {@code source}, so ingests of different sources
 * never conflict). Every column is documented in {@code docs/tables.md}.
 */
public final class BronzeTables {
  public static final TableId QUARANTINE = TableId.bronze("quarantine");
  public static final TableId INGEST_LOG = TableId.bronze("ingest_log");
  public static final TableId DQ_RESULTS = TableId.bronze("dq_results");

  /** Lineage columns of every entity table. */
  public static final String SOURCE_FILE = "_source_file";
  public static final String LINE = "_line";
  public static final String BATCH_ID = "_batch_id";
  public static final String INGESTED_AT = "_ingested_at";
  public static final String RUN_DATE = "_run_date";

  /** The shared tables' partition column. */
  public static final List<String> SHARED_PARTITIONING = List.of("source");

  public static final StructType QUARANTINE_SCHEMA =
      new StructType()
          .add("run_date", DataTypes.DateType, false)
          .add("source", DataTypes.StringType, false)
          .add("entity", DataTypes.StringType, false)
          .add("file", DataTypes.StringType, false)
          .add("line", DataTypes.IntegerType, false)
          .add("raw", DataTypes.StringType, true)
          .add("reason", DataTypes.StringType, false)
          .add("kind", DataTypes.StringType, false)
          .add("batch_id", DataTypes.StringType, false)
          .add("ingested_at", DataTypes.TimestampType, false);

  public static final StructType INGEST_LOG_SCHEMA =
      new StructType()
          .add("run_date", DataTypes.DateType, false)
          .add("source", DataTypes.StringType, false)
          .add("entity", DataTypes.StringType, false)
          .add("target_table", DataTypes.StringType, false)
          .add("file", DataTypes.StringType, false)
          .add("bytes", DataTypes.LongType, false)
          .add("sha256", DataTypes.StringType, false)
          .add("rows_read", DataTypes.LongType, false)
          .add("rows_accepted", DataTypes.LongType, false)
          .add("rows_quarantined", DataTypes.LongType, false)
          .add("status", DataTypes.StringType, false)
          .add("schema_drift", DataTypes.StringType, true)
          .add("batch_id", DataTypes.StringType, false)
          .add("parse_ms", DataTypes.LongType, false)
          .add("started_at", DataTypes.TimestampType, false)
          .add("finished_at", DataTypes.TimestampType, false);

  /**
   * bronze.dq_results: where the rows were loaded, then {@link DataQuality#RESULT}'s measured
   * columns, then lineage.
   */
  public static final StructType DQ_RESULTS_SCHEMA = dqResultsSchema();

  private BronzeTables() {}

  private static StructType dqResultsSchema() {
    StructType schema = new StructType()
        .add("run_date", DataTypes.DateType, false)
        .add("source", DataTypes.StringType, false)
        .add("entity", DataTypes.StringType, false)
        .add("target_table", DataTypes.StringType, false);
    for (StructField f : DataQuality.RESULT.fields()) {
      if (!f.name().equals("run_date")) {
        schema = schema.add(f);
      }
    }
    return schema
        .add("batch_id", DataTypes.StringType, false)
        .add("evaluated_at", DataTypes.TimestampType, false);
  }

  /** An entity table's schema before any drift: contract columns (PII tagged), then lineage. */
  public static StructType entitySchema(EntityContract c) {
    return c.taggedSchema()
        .add(SOURCE_FILE, DataTypes.StringType, false)
        .add(LINE, DataTypes.IntegerType, false)
        .add(BATCH_ID, DataTypes.StringType, false)
        .add(INGESTED_AT, DataTypes.TimestampType, false)
        .add(RUN_DATE, DataTypes.DateType, false);
  }

  /**
   * The bronze column name for an extra landing column: lower-case snake_case, no leading
   * underscore (those are lineage), distinct from the contract's columns and from each other.
   * Returns original name to bronze name, in first-seen order.
   */
  public static Map<String, String> extraColumnNames(List<String> extras, EntityContract c) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String original : extras) {
      String base = original.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_")
          .replaceAll("^_+", "");
      base = base.isEmpty() ? "extra" : base;
      String name = c.columnNames().contains(base) ? base + "_extra" : base;
      for (int i = 2; out.containsValue(name); i++) {
        name = base + "_" + i;
      }
      out.put(original, name);
    }
    return out;
  }

  /**
   * The accepted rows as the entity table stores them. Input: {@link RowRules#check} output
   * with a {@code _batch_id} column; {@code extras} maps extra landing columns to bronze names.
   */
  public static Dataset<Row> accepted(
      Dataset<Row> checked, EntityContract c, Map<String, String> extras, Instant ingestedAt) {
    List<Column> cols = new ArrayList<>();
    for (var f : c.taggedSchema().fields()) {
      cols.add(col(f.name()).as(f.name(), f.metadata()));
    }
    extras.forEach((original, name) ->
        cols.add(col(Parsing.EXTRA).getItem(original).as(name)));
    cols.add(col(Parsing.FILE).as(SOURCE_FILE));
    cols.add(col(Parsing.LINE).as(LINE));
    cols.add(col(BATCH_ID));
    cols.add(lit(Timestamp.from(ingestedAt)).as(INGESTED_AT));
    cols.add(col(Parsing.RUN_DATE).as(RUN_DATE));
    return checked.filter(col(RowRules.REASON).isNull()).select(cols.toArray(Column[]::new));
  }

  /** The quarantined rows in {@link #QUARANTINE_SCHEMA} order. */
  public static Dataset<Row> quarantined(
      Dataset<Row> checked, EntityContract c, Instant ingestedAt) {
    return checked
        .filter(col(RowRules.REASON).isNotNull())
        .select(
            col(Parsing.RUN_DATE).as("run_date"),
            lit(c.source()).as("source"),
            lit(c.entity()).as("entity"),
            col(Parsing.FILE).as("file"),
            col(Parsing.LINE).as("line"),
            col(Parsing.RAW).as("raw"),
            col(RowRules.REASON).as("reason"),
            col(RowRules.KIND).as("kind"),
            col(BATCH_ID).as("batch_id"),
            lit(Timestamp.from(ingestedAt)).as("ingested_at"));
  }
}
