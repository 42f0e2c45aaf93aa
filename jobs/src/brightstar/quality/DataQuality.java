package brightstar.quality;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Evaluates declarative {@link DqRule}s per day, as data: one result row per rule and day, with
 * what was measured, the passing share, and pass / warn / fail. A failing rule is a row, not an
 * exception; the caller decides what a {@code fail} stops.
 *
 * <p>Input: {@code batch}, the rows being loaded, with a DATE column {@code dayColumn}; for
 * uniqueness also {@code others}, the rows the table keeps besides the batch (null if none), so
 * a key may not repeat one loaded on another day. Output ({@link #RESULT}): {@code run_date,
 * rule, check_type, columns, level, rows_checked, rows_failing, ratio, min_ratio, status,
 * message}.
 */
public final class DataQuality {
  public static final StructType RESULT =
      new StructType()
          .add("run_date", DataTypes.DateType, false)
          .add("rule", DataTypes.StringType, false)
          .add("check_type", DataTypes.StringType, false)
          .add("columns", DataTypes.StringType, false)
          .add("level", DataTypes.StringType, false)
          .add("rows_checked", DataTypes.LongType, false)
          .add("rows_failing", DataTypes.LongType, false)
          .add("ratio", DataTypes.DoubleType, false)
          .add("min_ratio", DataTypes.DoubleType, false)
          .add("status", DataTypes.StringType, false)
          .add("message", DataTypes.StringType, false);

  public static final String PASS = "pass";
  public static final String WARN = "warn";
  public static final String FAIL = "fail";

  private DataQuality() {}

  public static Dataset<Row> evaluate(
      Dataset<Row> batch, Dataset<Row> others, List<DqRule> rules, String dayColumn) {
    // Every rule but uniqueness is a sum over the day's rows: one aggregation measures them all.
    List<Column> sums = new ArrayList<>();
    List<DqRule> simple = rules.stream().filter(r -> r.check() != DqRule.Check.UNIQUENESS)
        .toList();
    for (int i = 0; i < simple.size(); i++) {
      Column[] m = measure(batch, simple.get(i));
      sums.add(m[0].as("checked_" + i));
      sums.add(m[1].as("failing_" + i));
    }
    Dataset<Row> out = null;
    if (!simple.isEmpty()) {
      Dataset<Row> measured = batch.groupBy(col(dayColumn))
          .agg(sums.get(0), sums.subList(1, sums.size()).toArray(Column[]::new));
      for (int i = 0; i < simple.size(); i++) {
        Dataset<Row> one = measured.select(col(dayColumn),
            col("checked_" + i).as("rows_checked"), col("failing_" + i).as("rows_failing"));
        out = union(out, result(one, simple.get(i)));
      }
    }
    for (DqRule rule : rules) {
      if (rule.check() == DqRule.Check.UNIQUENESS) {
        out = union(out, result(uniqueness(batch, others, rule, dayColumn), rule));
      }
    }
    return out != null ? out
        : batch.sparkSession().createDataFrame(List.<Row>of(), RESULT);
  }

  private static Dataset<Row> union(Dataset<Row> a, Dataset<Row> b) {
    return a == null ? b : a.unionByName(b);
  }

  /** rows_checked and rows_failing of a per-row rule, as aggregate expressions. */
  private static Column[] measure(Dataset<Row> batch, DqRule rule) {
    Column one = lit(1L);
    Column zero = lit(0L);
    switch (rule.check()) {
      case COMPLETENESS: {
        Column anyNull = lit(false);
        for (String c : rule.columns()) {
          anyNull = anyNull.or(col(c).isNull());
        }
        return new Column[] {count(lit(1)), sum(when(anyNull, one).otherwise(zero))};
      }
      case RANGE: {
        String c = rule.columns().get(0);
        DataType t = batch.schema().apply(c).dataType();
        Column outside = lit(false);
        if (rule.min() != null) {
          outside = outside.or(col(c).lt(lit(rule.min()).cast(t)));
        }
        if (rule.max() != null) {
          outside = outside.or(col(c).gt(lit(rule.max()).cast(t)));
        }
        return new Column[] {count(col(c)),
            sum(when(col(c).isNotNull().and(outside), one).otherwise(zero))};
      }
      case SATISFIES: {
        Column holds = coalesce(expr(rule.expression()), lit(false));
        return new Column[] {count(lit(1)), sum(when(holds, zero).otherwise(one))};
      }
      default:
        throw new IllegalStateException("not a per-row check: " + rule.check());
    }
  }

  /** Per day: rows of the batch, and those whose key repeats in batch plus others. */
  private static Dataset<Row> uniqueness(
      Dataset<Row> batch, Dataset<Row> others, DqRule rule, String day) {
    Column[] key = rule.columns().stream().map(org.apache.spark.sql.functions::col)
        .toArray(Column[]::new);
    Dataset<Row> keys = batch.select(key);
    Dataset<Row> all = others == null ? keys : keys.unionByName(others.select(key));
    Dataset<Row> repeated = all.groupBy(key).count().filter(col("count").gt(1))
        .drop("count").withColumn("_repeated", lit(true));
    List<Column> selected = new ArrayList<>(List.of(key));
    selected.add(col(day));
    Dataset<Row> joined = batch.select(selected.toArray(Column[]::new))
        .join(repeated, scala.jdk.javaapi.CollectionConverters.asScala(rule.columns()).toSeq(),
            "left");
    return joined.groupBy(col(day)).agg(
        count(lit(1)).as("rows_checked"),
        sum(when(col("_repeated"), lit(1L)).otherwise(lit(0L))).as("rows_failing"));
  }

  private static Dataset<Row> result(Dataset<Row> measured, DqRule rule) {
    Column checked = col("rows_checked");
    Column failing = col("rows_failing");
    Column ratio = when(checked.equalTo(0), lit(1.0))
        .otherwise(lit(1.0).minus(failing.cast("double").divide(checked)));
    String what = switch (rule.check()) {
      case COMPLETENESS -> "rows lack " + String.join(" or ", rule.columns());
      case UNIQUENESS -> "rows share their " + String.join(", ", rule.columns())
          + " with another row of the table";
      case SATISFIES -> "rows break " + rule.expression();
      case RANGE -> rule.columns().get(0) + " values are "
          + (rule.min() != null && rule.max() != null ? "outside " + rule.min() + ".." + rule.max()
              : rule.min() != null ? "below " + rule.min() : "above " + rule.max());
    };
    String missed = rule.level() == DqRule.Level.FAIL ? FAIL : WARN;
    return measured.select(
        col(measured.columns()[0]).as("run_date"),
        lit(rule.name()).as("rule"),
        lit(rule.check().label()).as("check_type"),
        lit(rule.check() == DqRule.Check.SATISFIES ? rule.expression()
            : String.join(",", rule.columns())).as("columns"),
        lit(rule.level().label()).as("level"),
        checked.as("rows_checked"),
        failing.as("rows_failing"),
        ratio.as("ratio"),
        lit(rule.minRatio()).as("min_ratio"),
        when(ratio.geq(lit(rule.minRatio())), lit(PASS)).otherwise(lit(missed)).as("status"),
        format_string("%d of %d " + what.replace("%", "%%") + ": %.2f%% ok, the rule needs %.2f%%",
            failing, checked, ratio.multiply(100), lit(rule.minRatio() * 100)).as("message"));
  }
}
