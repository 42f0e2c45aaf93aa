package brightstar.io;

import brightstar.BrightstarException;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Where every table lives and how it is known by name. A table is a Delta folder at
 * {@code <warehouse>/<layer>/<name>} (local or s3a://) registered in the session catalog as an
 * external table {@code layer.name}; no metastore is needed because registration is redone at
 * each session start from what is in the warehouse.
 *
 * <p>The table format is Delta. Only the benchmark's Delta / Parquet comparison sets the
 * session's {@value #FORMAT_CONF} to {@code parquet}: the same jobs then write plain Parquet
 * folders, which works for a first build of a fresh warehouse (ingest, unify, clv,
 * customer360) and nothing else, since Parquet has no replaceWhere, MERGE or atomic commit.
 */
public final class TableCatalog {
  public static final List<String> LAYERS = List.of(TableId.BRONZE, TableId.SILVER, TableId.GOLD);
  /** The session setting naming the table format: {@code delta} (default) or {@code parquet}. */
  public static final String FORMAT_CONF = "spark.brightstar.table-format";
  public static final String DELTA = "delta";
  public static final String PARQUET = "parquet";

  private final SparkSession spark;
  private final String warehouse;
  private final String format;

  /** The warehouse's tables in the session's format ({@value #FORMAT_CONF}, Delta by default). */
  public TableCatalog(SparkSession spark, String warehouse) {
    this(spark, warehouse, spark.conf().get(FORMAT_CONF, DELTA));
  }

  /** The warehouse's tables in the given format (the benchmark reads both kinds). */
  public TableCatalog(SparkSession spark, String warehouse, String format) {
    this.spark = spark;
    this.warehouse = warehouse;
    this.format = format;
  }

  public String warehouse() {
    return warehouse;
  }

  /** The table's folder, e.g. {@code ./warehouse/gold/customer_360}. */
  public String path(TableId table) {
    return warehouse + "/" + table.layer() + "/" + table.name();
  }

  /** {@value #DELTA}, or {@value #PARQUET} in the benchmark's comparison (class comment). */
  public String format() {
    return format;
  }

  /** True when the table's folder holds a Delta log (a Parquet table: a finished write). */
  public boolean exists(TableId table) {
    return isTable(new Path(path(table)));
  }

  /** Reads the table by path (the registered name may not exist yet in a fresh session). */
  public Dataset<Row> read(TableId table) {
    if (!exists(table)) {
      throw new BrightstarException(
          "table " + table + " does not exist",
          "no " + (format().equals(DELTA) ? "Delta" : format()) + " table at " + path(table),
          "run the job that builds it first (see README: the pipeline order)");
    }
    return spark.read().format(format()).load(path(table));
  }

  /**
   * Registers the table by name, pointing at its folder. Re-registering replaces a previous
   * registration (a test or a job may switch warehouses within one session); the data is
   * never touched because the tables are external.
   */
  public void register(TableId table) {
    // Drop-then-create is two statements: jobs writing tables from several threads (ingest
    // loads entities side by side) must not interleave them for the same name.
    synchronized (TableCatalog.class) {
      spark.sql("CREATE DATABASE IF NOT EXISTS " + table.layer());
      spark.sql("DROP TABLE IF EXISTS " + table.qualified());
      spark.sql(
          "CREATE TABLE "
              + table.qualified()
              + " USING " + format() + " LOCATION '"
              + qualified(path(table)).replace("'", "\\'")
              + "'");
    }
  }

  /**
   * A relative warehouse (the default {@code ./warehouse}) must become absolute in the
   * catalog: the session catalog would otherwise resolve it against its own warehouse dir.
   */
  private String qualified(String path) {
    try {
      Path p = new Path(path);
      return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).makeQualified(p).toString();
    } catch (IOException e) {
      throw new BrightstarException(
          "cannot resolve table location " + path, e.getMessage(), "check the warehouse path", e);
    }
  }

  /** Registers every Delta table found under the warehouse's layer folders; returns them. */
  public List<TableId> registerExisting() {
    List<TableId> found = new ArrayList<>();
    for (String layer : LAYERS) {
      spark.sql("CREATE DATABASE IF NOT EXISTS " + layer);
      Path dir = new Path(warehouse + "/" + layer);
      for (FileStatus child : list(dir)) {
        String name = child.getPath().getName();
        if (child.isDirectory() && isTable(child.getPath())) {
          TableId id = new TableId(layer, name);
          register(id);
          found.add(id);
        }
      }
    }
    return found;
  }

  private FileStatus[] list(Path dir) {
    try {
      FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
      return fs.exists(dir) ? fs.listStatus(dir) : new FileStatus[0];
    } catch (IOException e) {
      throw new BrightstarException(
          "cannot list warehouse folder " + dir,
          e.getMessage(),
          "check brightstar.warehouse and its credentials",
          e);
    }
  }

  private boolean isTable(Path tableDir) {
    if (format().equals(DELTA)) {
      return isDeltaTable(tableDir);
    }
    try {
      // Spark writes _SUCCESS last: a folder without it holds no finished write.
      Path done = new Path(tableDir, "_SUCCESS");
      return done.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(done);
    } catch (IOException e) {
      throw new BrightstarException(
          "cannot inspect " + tableDir, e.getMessage(), "check the warehouse path", e);
    }
  }

  private boolean isDeltaTable(Path tableDir) {
    try {
      Path log = new Path(tableDir, "_delta_log");
      if (!log.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(log)) {
        return false;
      }
      // A log folder without a first commit is a table another writer is creating right now
      // (parallel ingests of a fresh warehouse): it does not exist yet.
      return DeltaTable.isDeltaTable(spark, tableDir.toString());
    } catch (IOException e) {
      throw new BrightstarException(
          "cannot inspect " + tableDir, e.getMessage(), "check the warehouse path", e);
    }
  }
}
