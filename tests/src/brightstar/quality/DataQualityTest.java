package brightstar.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;

import brightstar.testing.SharedSpark;
import java.sql.Date;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class DataQualityTest {
  static final StructType SCHEMA = new StructType()
      .add("day", DataTypes.DateType).add("id", DataTypes.StringType)
      .add("email", DataTypes.StringType).add("amount", DataTypes.IntegerType);

  private static Dataset<Row> rows(Object[]... values) {
    return SharedSpark.get().createDataFrame(
        java.util.Arrays.stream(values).map(RowFactory::create).toList(), SCHEMA);
  }

  private static Object[] r(String day, String id, String email, Integer amount) {
    return new Object[] {Date.valueOf(day), id, email, amount};
  }

  private static List<String> evaluate(Dataset<Row> batch, Dataset<Row> others, DqRule rule) {
    return DataQuality.evaluate(batch, others, List.of(rule), "day")
        .selectExpr("concat_ws(' | ', cast(run_date as string), status, message)")
        .orderBy("run_date").as(Encoders.STRING()).collectAsList();
  }

  private static DqRule rule(DqRule.Check check, String column, String min, String max,
      String expression, double minRatio, DqRule.Level level) {
    return new DqRule("r", check, column == null ? List.of() : List.of(column), min, max,
        expression, minRatio, level);
  }

  Dataset<Row> batch = rows(
      r("2024-01-05", "A", "a@x", 5), r("2024-01-05", "B", null, 50),
      r("2024-01-06", "C", "c@x", null), r("2024-01-06", "A", "a@x", 7));

  @Test
  void completenessWarnsOrFailsByLevelPerDay() {
    assertEquals(List.of(
        "2024-01-05 | warn | 1 of 2 rows lack email: 50.00% ok, the rule needs 90.00%",
        "2024-01-06 | pass | 0 of 2 rows lack email: 100.00% ok, the rule needs 90.00%"),
        evaluate(batch, null, rule(DqRule.Check.COMPLETENESS, "email", null, null, null, 0.9,
            DqRule.Level.WARN)));
    assertEquals("fail", DataQuality.evaluate(batch, null, List.of(rule(
        DqRule.Check.COMPLETENESS, "email", null, null, null, 0.9, DqRule.Level.FAIL)), "day")
        .orderBy("run_date").first().getAs("status"));
  }

  @Test
  void rangeCountsOnlyPresentValues() {
    assertEquals(List.of(
        "2024-01-05 | warn | 1 of 2 amount values are outside 1..10: 50.00% ok, the rule needs "
            + "100.00%",
        "2024-01-06 | pass | 0 of 1 amount values are outside 1..10: 100.00% ok, the rule needs "
            + "100.00%"),
        evaluate(batch, null, rule(DqRule.Check.RANGE, "amount", "1", "10", null, 1.0,
            DqRule.Level.WARN)));
  }

  @Test
  void uniquenessSeesKeysOfOtherDaysAndOfTheRestOfTheTable() {
    Dataset<Row> others = rows(r("2024-01-01", "C", "c@x", 1));
    assertEquals(List.of(
        "2024-01-05 | fail | 1 of 2 rows share their id with another row of the table: 50.00% "
            + "ok, the rule needs 100.00%",
        "2024-01-06 | fail | 2 of 2 rows share their id with another row of the table: 0.00% "
            + "ok, the rule needs 100.00%"),
        evaluate(batch, others, new DqRule("r", DqRule.Check.UNIQUENESS, List.of("id"), null,
            null, null, 1.0, DqRule.Level.FAIL)));
  }

  @Test
  void satisfiesTreatsAnUnknownResultAsABreak() {
    assertEquals(List.of(
        "2024-01-05 | pass | 0 of 2 rows break amount > 0: 100.00% ok, the rule needs 50.00%",
        "2024-01-06 | pass | 1 of 2 rows break amount > 0: 50.00% ok, the rule needs 50.00%"),
        evaluate(batch, null, rule(DqRule.Check.SATISFIES, null, null, null, "amount > 0", 0.5,
            DqRule.Level.WARN)));
  }

  @Test
  void noRulesGiveNoResults() {
    assertEquals(0, DataQuality.evaluate(batch, null, List.of(), "day").count());
  }
}
