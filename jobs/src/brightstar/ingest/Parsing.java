package brightstar.ingest;

import static org.apache.spark.sql.functions.col;

import brightstar.io.LandingZone;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The parse step as a Dataset transform: extract files in, one row per data line plus one row
 * per file out, each line with its typed contract columns and its problems.
 *
 * <p>Input ({@link #FILES}): {@code file} (path relative to the landing root), {@code run_date}
 * DATE (the extract day), {@code content} BINARY. Output ({@link #schema}): {@code _record}
 * ("line" or "file"); for lines {@code _file, _run_date, _line, _raw, _problems
 * ARRAY<STRUCT<kind,message>>, _extra MAP<STRING,STRING>} and the contract's columns, typed; for
 * files {@code _file, _run_date, _bytes, _sha256, _rows_read, _columns, _notes, _error,
 * _parse_ms}. Whole files are parsed in one task, which is what makes line numbers exact.
 */
public final class Parsing {
  public static final String RECORD = "_record";
  public static final String FILE = "_file";
  public static final String RUN_DATE = "_run_date";
  public static final String LINE = "_line";
  public static final String RAW = "_raw";
  public static final String PROBLEMS = "_problems";
  public static final String EXTRA = "_extra";

  /** The input schema: one row per extract file, as {@link LandingZone#read} returns it. */
  public static final StructType FILES = LandingZone.FILES;

  static final StructType PROBLEM =
      new StructType().add("kind", DataTypes.StringType).add("message", DataTypes.StringType);

  private static final List<StructField> FILE_FIELDS =
      List.of(
          DataTypes.createStructField("_bytes", DataTypes.LongType, true),
          DataTypes.createStructField("_sha256", DataTypes.StringType, true),
          DataTypes.createStructField("_rows_read", DataTypes.LongType, true),
          DataTypes.createStructField(
              "_columns", DataTypes.createArrayType(DataTypes.StringType), true),
          DataTypes.createStructField(
              "_notes", DataTypes.createArrayType(DataTypes.StringType), true),
          DataTypes.createStructField("_error", DataTypes.StringType, true),
          DataTypes.createStructField("_parse_ms", DataTypes.LongType, true));

  private Parsing() {}

  /** The parsed rows' schema for a contract. */
  public static StructType schema(EntityContract c) {
    StructType s =
        new StructType()
            .add(RECORD, DataTypes.StringType, false)
            .add(FILE, DataTypes.StringType, false)
            .add(RUN_DATE, DataTypes.DateType, false)
            .add(LINE, DataTypes.IntegerType, true)
            .add(RAW, DataTypes.StringType, true)
            .add(PROBLEMS, DataTypes.createArrayType(PROBLEM, false), true)
            .add(EXTRA, DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType), true);
    for (StructField f : c.schema().fields()) {
      s = s.add(f.name(), f.dataType(), true);
    }
    for (StructField f : FILE_FIELDS) {
      s = s.add(f);
    }
    return s;
  }

  /** Parses every file of {@code files} (schema {@link #FILES}) against the contract. */
  public static Dataset<Row> parse(Dataset<Row> files, EntityContract c, int typeDriftMinValues) {
    return files.flatMap(new ParseFile(c, typeDriftMinValues), Encoders.row(schema(c)));
  }

  /** The line rows: lineage, problems, extra columns and the typed contract columns. */
  public static Dataset<Row> lines(Dataset<Row> parsed, EntityContract c) {
    List<Column> cols = new ArrayList<>();
    for (String n : List.of(FILE, RUN_DATE, LINE, RAW, PROBLEMS, EXTRA)) {
      cols.add(col(n));
    }
    c.columnNames().forEach(n -> cols.add(col(n)));
    return parsed.filter(col(RECORD).equalTo("line")).select(cols.toArray(Column[]::new));
  }

  /** The file rows, as the driver-side summaries the job checks before writing anything. */
  public static List<FileSummary> summaries(List<Row> fileRows) {
    List<FileSummary> out = new ArrayList<>();
    for (Row r : fileRows) {
      out.add(new FileSummary(r.getAs(FILE), localDate(r.getAs(RUN_DATE)), r.getAs("_bytes"),
          r.getAs("_sha256"), r.getAs("_rows_read"),
          CollectionConverters.asJava(r.<scala.collection.Seq<String>>getAs("_columns")),
          CollectionConverters.asJava(r.<scala.collection.Seq<String>>getAs("_notes")),
          r.getAs("_error"), r.getAs("_parse_ms")));
    }
    return out;
  }

  /** The file rows of a parsed dataset (collect them with {@link #summaries}). */
  public static Dataset<Row> fileRows(Dataset<Row> parsed) {
    List<Column> cols = new ArrayList<>(List.of(col(FILE), col(RUN_DATE)));
    FILE_FIELDS.forEach(f -> cols.add(col(f.name())));
    return parsed.filter(col(RECORD).equalTo("file")).select(cols.toArray(Column[]::new));
  }

  /** Per file: {@code file, run_date, sha256} of its bytes (no parsing). */
  public static Dataset<Row> hashes(Dataset<Row> files) {
    return files.select(col("file"), col("run_date"),
        org.apache.spark.sql.functions.sha2(col("content"), 256).as("sha256"));
  }

  static LocalDate localDate(Object value) {
    return value instanceof Date d ? d.toLocalDate() : (LocalDate) value;
  }

  /** Parses one file into its line rows and its file row. */
  private static final class ParseFile implements FlatMapFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final EntityContract contract;
    private final int typeDriftMinValues;

    ParseFile(EntityContract contract, int typeDriftMinValues) {
      this.contract = contract;
      this.typeDriftMinValues = typeDriftMinValues;
    }

    @Override
    public java.util.Iterator<Row> call(Row in) {
      String file = in.getString(0);
      LocalDate day = localDate(in.get(1));
      Date runDate = Date.valueOf(day);
      FileParser.Parsed parsed =
          FileParser.parse(contract, file, day, (byte[]) in.get(2), typeDriftMinValues);
      int width = contract.schema().size();
      List<Row> out = new ArrayList<>(parsed.lines().size() + 1);
      for (FileParser.Line l : parsed.lines()) {
        Object[] v = new Object[7 + width + FILE_FIELDS.size()];
        v[0] = "line";
        v[1] = file;
        v[2] = runDate;
        v[3] = l.line();
        v[4] = l.raw();
        List<Row> problems = new ArrayList<>();
        l.problems().forEach(p -> problems.add(RowFactory.create(p.kind(), p.message())));
        v[5] = CollectionConverters.asScala(problems).toSeq();
        v[6] = CollectionConverters.asScala(l.extra());
        System.arraycopy(l.values(), 0, v, 7, width);
        out.add(RowFactory.create(v));
      }
      FileSummary s = parsed.summary();
      Object[] v = new Object[7 + width + FILE_FIELDS.size()];
      v[0] = "file";
      v[1] = file;
      v[2] = runDate;
      Object[] f = {
        s.bytes(), s.sha256(), s.rowsRead(),
        CollectionConverters.asScala(s.columns()).toSeq(),
        CollectionConverters.asScala(s.notes()).toSeq(),
        s.error(), s.parseMillis()
      };
      System.arraycopy(f, 0, v, 7 + width, f.length);
      out.add(RowFactory.create(v));
      return out.iterator();
    }
  }

  /** One input row of {@link #FILES}. */
  public static Row fileRow(String file, LocalDate runDate, byte[] content) {
    return RowFactory.create(file, Date.valueOf(runDate), content);
  }
}
