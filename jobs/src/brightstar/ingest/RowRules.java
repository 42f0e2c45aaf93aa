package brightstar.ingest;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataType;

/**
 * The contract rules that need typed values or other rows, as a Dataset transform: enum
 * domains, hard ranges (optionally conditional), and duplicate business keys within one extract
 * day (the first copy by file and line stays, later ones are quarantined with a pointer to it).
 *
 * <p>Input: the line rows of {@link Parsing#lines}. Output: the same columns with
 * {@code _problems} completed, plus {@code _reason} (every problem's message joined by "; ",
 * null for a good row) and {@code _kind} (the first problem's kind).
 */
public final class RowRules {
  public static final String REASON = "_reason";
  public static final String KIND = "_kind";

  private RowRules() {}

  public static Dataset<Row> check(Dataset<Row> lines, EntityContract c) {
    List<Column> found = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : c.enums().entrySet()) {
      Column v = col(e.getKey());
      found.add(when(v.isNotNull().and(not(v.isin(e.getValue().toArray()))),
          problem(Problem.UNKNOWN_ENUM, concat(lit(e.getKey() + ": '"), v,
              lit("' is not one of " + String.join(", ", e.getValue()))))));
    }
    for (RangeRule r : c.ranges()) {
      Column v = col(r.column());
      DataType t = c.type(r.column());
      Column outside = lit(false);
      if (r.min() != null) {
        outside = outside.or(v.lt(lit(r.min()).cast(t)));
      }
      if (r.max() != null) {
        outside = outside.or(v.gt(lit(r.max()).cast(t)));
      }
      Column applies = r.when() == null ? lit(true) : coalesce(expr(r.when()), lit(false));
      found.add(when(v.isNotNull().and(applies).and(outside),
          problem(Problem.OUT_OF_RANGE,
              concat(lit(r.column() + ": "), v.cast("string"), lit(" " + r.violation())))));
    }
    Dataset<Row> ruled = found.isEmpty() ? lines : lines.withColumn(Parsing.PROBLEMS,
        concat(col(Parsing.PROBLEMS), array_compact(array(found.toArray(Column[]::new)))));
    return duplicates(ruled, c)
        .withColumn(REASON, when(size(col(Parsing.PROBLEMS)).gt(0),
            array_join(col(Parsing.PROBLEMS).getField("message"), "; ")))
        .withColumn(KIND, when(size(col(Parsing.PROBLEMS)).gt(0),
            col(Parsing.PROBLEMS).getItem(0).getField("kind")));
  }

  /** Later copies of a key already seen among the day's good rows become duplicate_key. */
  private static Dataset<Row> duplicates(Dataset<Row> rows, EntityContract c) {
    List<Column> partition = new ArrayList<>();
    partition.add(col(Parsing.RUN_DATE));
    partition.add(col("_ok"));
    c.businessKey().forEach(k -> partition.add(col(k)));
    WindowSpec w = Window.partitionBy(partition.toArray(Column[]::new))
        .orderBy(col(Parsing.FILE), col(Parsing.LINE));
    List<Column> keyText = new ArrayList<>();
    c.businessKey().forEach(k -> keyText.add(concat(lit(k + "="), col(k).cast("string"))));
    Column firstFile = col("_first_file");
    Column message = concat(lit("duplicate business key "),
        concat_ws(", ", keyText.toArray(Column[]::new)),
        lit(" (first at line "), col("_first_line").cast("string"),
        when(firstFile.notEqual(col(Parsing.FILE)), concat(lit(" of "), firstFile))
            .otherwise(lit("")),
        lit(")"));
    return rows
        .withColumn("_ok", size(col(Parsing.PROBLEMS)).equalTo(0))
        .withColumn("_rank", row_number().over(w))
        .withColumn("_first_line", first(col(Parsing.LINE)).over(w))
        .withColumn("_first_file", first(col(Parsing.FILE)).over(w))
        .withColumn(Parsing.PROBLEMS,
            when(col("_ok").and(col("_rank").gt(1)),
                array(problem(Problem.DUPLICATE_KEY, message)))
                .otherwise(col(Parsing.PROBLEMS)))
        .drop("_ok", "_rank", "_first_line", "_first_file");
  }

  private static Column problem(String kind, Column message) {
    return struct(lit(kind).as("kind"), message.as("message"));
  }
}
