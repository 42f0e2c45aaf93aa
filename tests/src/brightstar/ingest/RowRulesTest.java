package brightstar.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import brightstar.testing.SharedSpark;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

/** The Dataset transforms from extract files to checked rows, on in-memory files. */
class RowRulesTest {
  static final LocalDate DAY = LocalDate.of(2024, 1, 5);
  static final String HEADER =
      "payment_id,invoice_id,billing_account,paid_date,amount,currency,method\n";

  private static Dataset<Row> checked(EntityContract c, Row... files) {
    Dataset<Row> in = SharedSpark.get().createDataFrame(List.of(files), Parsing.FILES);
    Dataset<Row> lines = Parsing.lines(Parsing.parse(in, c, 5), c)
        .withColumn(BronzeTables.BATCH_ID, functions.lit("b1"));
    return RowRules.check(lines, c);
  }

  private static Row file(String name, LocalDate day, String text) {
    return Parsing.fileRow(name, day, text.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> reasons(Dataset<Row> checked) {
    return checked.filter("_reason is not null")
        .selectExpr("concat_ws(' ', _file, _line, _kind, _reason)")
        .orderBy("_file", "_line").as(Encoders.STRING()).collectAsList();
  }

  @Test
  void aKeyRepeatedInAnotherFileOfTheSameDayPointsToTheFirstCopy() {
    EntityContract payments = FileParserTest.contract("finance", "payments");
    Dataset<Row> checked = checked(payments,
        file("p/a.csv", DAY, HEADER + "PAY-1,INV-1,BA-1,2024-01-05,1.00,USD,card\n"),
        file("p/b.csv", DAY, HEADER + "PAY-2,INV-2,BA-2,2024-01-05,2.00,USD,card\n"
            + "PAY-1,INV-1,BA-1,2024-01-05,1.00,USD,card\n"),
        file("p/c.csv", DAY.plusDays(1), HEADER + "PAY-1,INV-1,BA-1,2024-01-06,1.00,USD,card\n"));
    assertEquals(List.of("p/b.csv 3 duplicate_key duplicate business key payment_id=PAY-1 "
        + "(first at line 2 of p/a.csv)"), reasons(checked));
    assertEquals(3, BronzeTables.accepted(checked, payments, java.util.Map.of(),
        java.time.Instant.EPOCH).count());
  }

  @Test
  void everyProblemOfARowIsListedAndTheFirstNamesItsKind() {
    EntityContract payments = FileParserTest.contract("finance", "payments");
    Dataset<Row> checked = checked(payments, file("p.csv", DAY, HEADER
        + "PAY-1,INV-1,BA-1,2024-13-01,-4.00,XYZ,card\n"
        + "PAY-2,INV-2,BA-2,2024-01-05,3.00,USD,card\n"
        + "PAY-2,INV-2,BA-2,2024-01-05,-3.00,USD,card\n"));
    assertEquals(List.of(
        "p.csv 2 bad_date paid_date: '2024-13-01' is not a date (yyyy-MM-dd); currency: 'XYZ' is "
            + "not one of USD, EUR, GBP; amount: -4.00 is below 0",
        "p.csv 4 out_of_range amount: -3.00 is below 0"), reasons(checked));
  }

  @Test
  void conditionalRangesApplyOnlyWhereTheirConditionHolds() {
    EntityContract surveys = FileParserTest.contract("support", "surveys");
    Dataset<Row> checked = checked(surveys, file("s.csv", DAY,
        "response_id,respondent_email,survey_type,score,responded_date,comment\n"
            + "R-1,a@x.example,nps,0,2024-01-05,\n"
            + "R-2,a@x.example,csat,0,2024-01-05,\n"
            + "R-3,a@x.example,nps,10,2024-01-05,\n"
            + "R-4,a@x.example,csat,6,2024-01-05,\n"));
    assertEquals(List.of(
        "s.csv 3 out_of_range score: 0 is outside 1..5 (when survey_type = 'csat')",
        "s.csv 5 out_of_range score: 6 is outside 1..5 (when survey_type = 'csat')"),
        reasons(checked));
  }
}
