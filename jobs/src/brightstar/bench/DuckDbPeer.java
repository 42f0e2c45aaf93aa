package brightstar.bench;

import brightstar.BrightstarException;
import brightstar.ingest.EntityContract;
import brightstar.ingest.RangeRule;
import brightstar.ingest.SourceContract;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;

/**
 * The single-node tool a user would pick instead, doing the same work on the same files:
 * DuckDB through its JDBC driver.
 *
 * <ul>
 *   <li><b>ingest</b>: per entity of the source contracts, every landing file read as text,
 *       typed with the contract's schema, and each row that breaks the contract (a value that
 *       does not parse, a missing key, event time or required value, a value outside its enum
 *       or range, a repeated business key in one file, a short or broken line) set aside in
 *       {@code quarantine} with its reasons, the others kept in {@code bronze_<source>_<entity>}.
 *       The SQL is rendered from the contracts ({@link #ingestSql}); the shipped contracts'
 *       rendering is {@code bench/duckdb/ingest.sql} in the repository.
 *   <li><b>customer_360</b>: {@code bench/duckdb/customer_360.sql} over views of the silver
 *       tables' Parquet files.
 * </ul>
 *
 * A DuckDB database file holds the results, as a user of the tool would keep them.
 */
public final class DuckDbPeer implements AutoCloseable {
  /** The customer_360 SQL, read from the jar ({@code bench/duckdb/} of the repository). */
  public static final String CUSTOMER_360_RESOURCE = "bench/duckdb/customer_360.sql";

  private final Connection connection;

  /**
   * Opens (creating) a DuckDB database file.
   *
   * @param file the database file; its folder must exist
   * @param threads DuckDB's worker threads (the cores Spark gets, for a fair comparison)
   */
  public DuckDbPeer(String file, int threads) {
    try {
      connection = DriverManager.getConnection("jdbc:duckdb:" + file);
      execute("SET threads = " + threads);
      execute("SET preserve_insertion_order = false");
    } catch (SQLException e) {
      throw new BrightstarException("cannot open DuckDB database " + file, e.getMessage(),
          "check that org.duckdb:duckdb_jdbc is on the class path (bin/brightstar puts it"
              + " there) and the folder is writable", e);
    }
  }

  /** Rows kept and set aside by the peer's ingest of one entity. */
  public record EntityCount(String table, long accepted, long quarantined) {}

  /**
   * Runs the ingest SQL of {@code sources} over {@code landing}; returns the rows per entity.
   */
  public List<EntityCount> ingest(List<SourceContract> sources, String landing) {
    execute(ingestSql(sources).replace("${landing}", landing));
    List<EntityCount> counts = new ArrayList<>();
    for (SourceContract s : sources) {
      for (EntityContract c : s.entities()) {
        String table = tableName(c);
        long accepted = longValue("SELECT count(*) FROM " + table);
        long quarantined = longValue("SELECT count(*) FROM quarantine WHERE source = '"
            + c.source() + "' AND entity = '" + c.entity() + "'");
        counts.add(new EntityCount(c.table().qualified(), accepted, quarantined));
      }
    }
    return counts;
  }

  /**
   * Creates a view {@code silver_<name>} per table over its Parquet files (the files of the
   * table's current Delta snapshot), then runs the customer_360 SQL as of {@code asOf}.
   *
   * @return the rows of {@code peer_customer_360}
   */
  public long customer360(Map<String, List<String>> silverFiles, LocalDate asOf) {
    for (Map.Entry<String, List<String>> e : silverFiles.entrySet()) {
      String files = e.getValue().stream().map(f -> "'" + f.replace("'", "''") + "'")
          .collect(Collectors.joining(", "));
      execute("CREATE OR REPLACE VIEW silver_" + e.getKey() + " AS SELECT * FROM read_parquet(["
          + files + "])");
    }
    execute(customer360Sql().replace("${as_of}", asOf.toString()));
    return longValue("SELECT count(*) FROM peer_customer_360");
  }

  /** Runs a query and returns its rows as maps column -> value (for checks and reports). */
  public List<Map<String, Object>> query(String sql) {
    try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(sql)) {
      List<Map<String, Object>> rows = new ArrayList<>();
      int n = r.getMetaData().getColumnCount();
      while (r.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= n; i++) {
          row.put(r.getMetaData().getColumnLabel(i), r.getObject(i));
        }
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw new BrightstarException("DuckDB query failed", e.getMessage(), "fix the query", e);
    }
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // Closing a read-only use of the file: nothing to keep.
    }
  }

  /** The customer_360 SQL with its {@code ${as_of}} placeholder. */
  public static String customer360Sql() {
    try (InputStream in = DuckDbPeer.class.getClassLoader()
        .getResourceAsStream(CUSTOMER_360_RESOURCE)) {
      if (in == null) {
        throw new BrightstarException("cannot read " + CUSTOMER_360_RESOURCE,
            "it is not on the class path", "build the jar with mvn package (bin/brightstar does)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new BrightstarException("cannot read " + CUSTOMER_360_RESOURCE, e.getMessage(),
          "rebuild the jar", e);
    }
  }

  /**
   * The peer's ingest SQL for the contracts, with a {@code ${landing}} placeholder for the
   * landing root: one block per entity, then nothing else.
   */
  public static String ingestSql(List<SourceContract> sources) {
    StringBuilder sql = new StringBuilder();
    sql.append("""
        -- The benchmark's single-node peer for ingest (bin/brightstar bench; docs/benchmarks.md),
        -- rendered from the source contracts by brightstar.bench.DuckDbPeer.ingestSql: every
        -- landing file of an entity read as text, typed with the contract's schema, rows that
        -- break the contract kept in quarantine with their reasons, the others in
        -- bronze_<source>_<entity>. ${landing} is the landing root.
        CREATE OR REPLACE TABLE quarantine (source VARCHAR, entity VARCHAR, file VARCHAR,
          reasons VARCHAR, record VARCHAR);
        """);
    for (SourceContract s : sources) {
      for (EntityContract c : s.entities()) {
        sql.append('\n').append(entitySql(c));
      }
    }
    return sql.toString();
  }

  private static String entitySql(EntityContract c) {
    String glob = "${landing}/" + c.source() + "/" + c.entity() + "/*/*";
    String raw = "raw_" + c.source() + "_" + c.entity();
    StringBuilder sql = new StringBuilder();
    sql.append("-- ").append(c.label()).append(" (").append(c.format().label())
        .append(")\n");
    List<String> problems = new ArrayList<>();
    if (c.format() == EntityContract.Format.CSV) {
      // Text as it is; a line with too few or too many fields becomes a reject of the reader.
      sql.append("CREATE OR REPLACE TEMP TABLE ").append(raw).append(" AS\nSELECT * FROM read_csv('")
          .append(glob).append(".csv', header = true, all_varchar = true,")
          .append(" filename = true,\n  delim = '").append(c.options().delimiter())
          .append("', quote = '").append(c.options().quote() == '\'' ? "''" : c.options().quote())
          .append("', store_rejects = true, rejects_table = '").append(raw)
          .append("_lines', rejects_scan = '").append(raw).append("_scans');\n");
      // The reader logs one error per broken field: one quarantine row per line.
      sql.append("INSERT INTO quarantine SELECT '").append(c.source()).append("', '")
          .append(c.entity()).append("', s.file_path, string_agg(DISTINCT lower(e.error_type),")
          .append(" '; '), any_value(e.csv_line) FROM ").append(raw).append("_lines e JOIN ")
          .append(raw).append("_scans s USING (scan_id, file_id) GROUP BY s.file_path, e.line;\n");
    } else {
      // One JSON object per line, read as one text column; a broken object is a reject.
      sql.append("CREATE OR REPLACE TEMP TABLE ").append(raw).append(" AS\nSELECT ");
      List<String> fields = new ArrayList<>();
      for (StructField f : c.schema().fields()) {
        fields.add("json_extract_string(CASE WHEN _valid THEN line END, '$." + f.name()
            + "') AS " + f.name());
      }
      sql.append(String.join(",\n  ", fields)).append(",\n  filename, line AS _line_text,")
          .append(" _valid\nFROM (SELECT line, filename, json_valid(line) AS _valid FROM read_csv('")
          .append(glob).append(".json', columns = {'line': 'VARCHAR'}, header = false,")
          .append(" delim = '\\x01', quote = '', escape = '', auto_detect = false,")
          .append(" filename = true));\n");
      problems.add("CASE WHEN NOT _valid THEN 'not a JSON object' END");
    }
    for (StructField f : c.schema().fields()) {
      String type = duckType(f.dataType());
      if (!type.equals("VARCHAR")) {
        problems.add("CASE WHEN " + f.name() + " IS NOT NULL AND TRY_CAST(" + f.name() + " AS "
            + type + ") IS NULL THEN '" + f.name() + ": not a " + type + "' END");
      }
    }
    for (String column : c.mustBePresent()) {
      problems.add("CASE WHEN " + column + " IS NULL OR trim(" + column + ") = '' THEN '"
          + column + ": missing' END");
    }
    c.enums().forEach((column, values) -> problems.add("CASE WHEN " + column + " NOT IN ("
        + values.stream().map(v -> "'" + v + "'").collect(Collectors.joining(", "))
        + ") THEN '" + column + ": not in its domain' END"));
    for (RangeRule r : c.ranges()) {
      String typed = "TRY_CAST(" + r.column() + " AS " + duckType(c.type(r.column())) + ")";
      List<String> outside = new ArrayList<>();
      if (r.min() != null) {
        outside.add(typed + " < " + r.min());
      }
      if (r.max() != null) {
        outside.add(typed + " > " + r.max());
      }
      String when = r.when() == null ? "" : "(" + r.when() + ") AND ";
      problems.add("CASE WHEN " + when + "(" + String.join(" OR ", outside) + ") THEN '"
          + r.column() + " " + r.violation().replace("'", "''") + "' END");
    }
    String key = String.join(", ", c.businessKey());
    problems.add("CASE WHEN row_number() OVER (PARTITION BY filename, " + key
        + ") > 1 THEN 'business key repeated in the file' END");

    String checked = "checked_" + c.source() + "_" + c.entity();
    List<String> typedColumns = new ArrayList<>();
    for (StructField f : c.schema().fields()) {
      String type = duckType(f.dataType());
      typedColumns.add(type.equals("VARCHAR") ? f.name()
          : "TRY_CAST(" + f.name() + " AS " + type + ") AS " + f.name());
    }
    // The quarantined record as it arrived: the JSON line, or the CSV fields as a JSON object.
    String record = c.format() == EntityContract.Format.JSON ? "_line_text"
        : "CAST(to_json(struct_pack(" + List.of(c.schema().fieldNames()).stream()
            .map(n -> n + " := " + n).collect(Collectors.joining(", ")) + ")) AS VARCHAR)";
    sql.append("CREATE OR REPLACE TEMP TABLE ").append(checked).append(" AS\nSELECT *, concat_ws('; ',\n  ")
        .append(String.join(",\n  ", problems)).append(") AS _reasons, ").append(record)
        .append(" AS _record\nFROM ").append(raw).append(";\n");
    sql.append("CREATE OR REPLACE TABLE ").append(tableName(c)).append(" AS\nSELECT ")
        .append(String.join(", ", typedColumns)).append(", filename AS _source_file\nFROM ")
        .append(checked).append(" WHERE _reasons = '';\n");
    sql.append("INSERT INTO quarantine SELECT '").append(c.source()).append("', '")
        .append(c.entity()).append("', filename, _reasons, _record FROM ").append(checked)
        .append(" WHERE _reasons <> '';\n");
    sql.append("DROP TABLE ").append(checked).append(";\nDROP TABLE ").append(raw).append(";\n");
    return sql.toString();
  }

  static String tableName(EntityContract c) {
    return "bronze_" + c.source() + "_" + c.entity();
  }

  static String duckType(DataType t) {
    if (t instanceof DecimalType d) {
      return "DECIMAL(" + d.precision() + "," + d.scale() + ")";
    }
    if (t.equals(DataTypes.StringType)) {
      return "VARCHAR";
    }
    if (t.equals(DataTypes.IntegerType)) {
      return "INTEGER";
    }
    if (t.equals(DataTypes.LongType)) {
      return "BIGINT";
    }
    if (t.equals(DataTypes.DoubleType)) {
      return "DOUBLE";
    }
    if (t.equals(DataTypes.BooleanType)) {
      return "BOOLEAN";
    }
    if (t.equals(DataTypes.DateType)) {
      return "DATE";
    }
    if (t.equals(DataTypes.TimestampType)) {
      return "TIMESTAMP";
    }
    throw new BrightstarException("the DuckDB peer has no type for " + t.sql(),
        "a contract uses a type the benchmark does not map", "add it to DuckDbPeer.duckType");
  }

  private void execute(String sql) {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new BrightstarException("DuckDB failed", e.getMessage().split("\\R")[0],
          "the peer's SQL is in bench/duckdb/ (ingest.sql is rendered from the contracts)", e);
    }
  }

  private long longValue(String sql) {
    try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    } catch (SQLException e) {
      throw new BrightstarException("DuckDB query failed: " + sql, e.getMessage(),
          "see bench/duckdb/", e);
    }
  }
}
