package brightstar.clv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brightstar.clv.model.BgNbdModel;
import brightstar.clv.model.ClvException;
import brightstar.clv.model.CustomerSummary;
import brightstar.clv.model.FitResult;
import brightstar.clv.model.PeriodUnit;
import brightstar.clv.model.RfmTuples;
import brightstar.clv.model.SpendTuples;
import brightstar.testing.SharedSpark;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The Spark summariser against the plain-Java reference, CDNOW and a few obvious rows. */
class SparkSummariserTest {
  private final SparkSession spark = SharedSpark.get();

  private static Map<String, Row> byCustomer(Dataset<Row> summary) {
    return summary.collectAsList().stream()
        .collect(Collectors.toMap(r -> String.valueOf(r.get(0)), Function.identity()));
  }

  private Dataset<Row> cdnowLog() {
    Dataset<Row> raw = spark.read().option("header", "true")
        .csv(Cdnow.dir().resolve("CDNOW_sample.csv").toString());
    return TransactionLog.normalise(raw,
        new TransactionLog.Columns("customer_id", "date", "amount", null));
  }

  @Test
  void cdnowSummaryEqualsTheReferenceRowForRowAndThePapersFile() {
    Dataset<Row> summary =
        SparkSummariser.summarise(cdnowLog(), PeriodUnit.WEEK, Cdnow.CALIBRATION_END).cache();
    assertEquals(SparkSummariser.SUMMARY_COLUMNS, List.of(summary.columns()));
    Map<String, Row> spark = byCustomer(summary);
    List<CustomerSummary> reference = TransactionSummariser.summarise(
        Cdnow.transactions(), PeriodUnit.WEEK, Cdnow.CALIBRATION_END);
    assertEquals(2357, reference.size());
    assertEquals(reference.size(), spark.size());
    for (CustomerSummary c : reference) {
      Row r = spark.get(c.customerId());
      String who = "customer " + c.customerId();
      assertEquals(c.firstPurchase(), r.getDate(1).toLocalDate(), who);
      assertEquals(c.frequency(), r.getInt(2), who);
      assertEquals(c.recency(), r.getDouble(3), 0.0, who);
      assertEquals(c.age(), r.getDouble(4), 0.0, who);
      // Decimal sums against the reference's double sums: equal to the last bits or so.
      assertEquals(c.monetary(), r.getDouble(5), 1e-12 * Math.max(1, c.monetary()), who);
      assertEquals(c.frequency(), r.getInt(6), who);
    }
    for (Cdnow.SummaryRow row : Cdnow.summary()) {
      Row r = spark.get(row.id());
      assertEquals(row.frequency(), r.getInt(2));
      assertEquals(row.recency(), Math.round(r.getDouble(3) * 100) / 100.0, 1e-9);
      assertEquals(row.age(), Math.round(r.getDouble(4) * 100) / 100.0, 1e-9);
    }

    RfmTuples rfm = SparkSummariser.rfmTuples(summary);
    assertEquals(1016, rfm.size());
    assertEquals(2357, rfm.totalWeight());
    SpendTuples spend = SparkSummariser.spendTuples(summary);
    assertEquals(946, spend.totalWeight());
    FitResult fit = BgNbdModel.fit(rfm);
    assertEquals(0.243, fit.param("r"), 5e-4);
    assertEquals(4.414, fit.param("alpha"), 5e-4);
    assertEquals(0.793, fit.param("a"), 5e-4);
    assertEquals(2.426, fit.param("b"), 5e-4);
    assertEquals(LocalDate.of(1998, 6, 30), SparkSummariser.latestDay(cdnowLog()));
    summary.unpersist();
  }

  @Test
  void unknownValuesReturnsAndHoldoutFollowTheRules() {
    // a: 5 on day 0; 50 - 20 on day 3; a return on day 5; an order of unknown value on
    //    day 7; 12 on day 9; 8 on day 12 (holdout).
    // b: only a return. c: unknown first order, then 10 on day 4. d: first buys in holdout.
    Dataset<Row> log = spark.sql("select customer_id, date_add(date'2024-01-01', d) day,"
        + " amount from values ('a', 0, 5d), ('a', 3, 50d), ('a', 3, -20d), ('a', 5, -9d),"
        + " ('a', 7, null), ('a', 9, 12d), ('a', 12, 8d), ('b', 1, -4d), ('c', 0, null),"
        + " ('c', 4, 10d), ('d', 11, 3d) as t(customer_id, d, amount)");
    LocalDate end = LocalDate.of(2024, 1, 10);
    Map<String, Row> s = byCustomer(SparkSummariser.summarise(log, PeriodUnit.DAY, end));
    assertEquals(List.of("a", "c"), s.keySet().stream().sorted().toList());
    Row a = s.get("a");
    assertEquals(3, a.getInt(2), "days 3, 7 and 9 are repeat purchases; day 5 is a return");
    assertEquals(9.0, a.getDouble(3));
    assertEquals(9.0, a.getDouble(4));
    assertEquals((30 + 12) / 2.0, a.getDouble(5), 1e-12, "mean of the valued repeat days");
    assertEquals(2, a.getInt(6));
    Row c = s.get("c");
    assertEquals(1, c.getInt(2));
    assertEquals(10.0, c.getDouble(5));
    assertEquals(1, c.getInt(6), "the unknown first day is no repeat day either way");

    Map<String, Row> holdout = byCustomer(
        SparkSummariser.summariseWithHoldout(log, PeriodUnit.DAY, end, end.plusDays(5)));
    assertEquals(List.of("a", "c"), holdout.keySet().stream().sorted().toList(),
        "d first bought in the holdout, so it has no calibration summary");
    for (int i = 0; i < SparkSummariser.SUMMARY_COLUMNS.size(); i++) {
      assertEquals(a.get(i), holdout.get("a").get(i), SparkSummariser.SUMMARY_COLUMNS.get(i));
    }
    assertEquals(1, holdout.get("a").<Integer>getAs("holdout_purchases"));
    assertEquals(0, holdout.get("c").<Integer>getAs("holdout_purchases"));

    RfmTuples rfm = SparkSummariser.rfmTuples(SparkSummariser.summarise(log, PeriodUnit.DAY,
        end));
    assertEquals(2, rfm.size());
    assertEquals(1, rfm.frequency(0), "tuples come sorted by frequency");
    assertNull(SparkSummariser.latestDay(log.where("customer_id = 'none'")));
    ClvException noSpend = assertThrows(ClvException.class, () -> SparkSummariser.spendTuples(
        SparkSummariser.summarise(log.where("customer_id = 'b'"), PeriodUnit.DAY, end)));
    assertTrue(noSpend.getMessage().startsWith("No customers with repeat purchases"));
  }

  @Test
  void datesAreReadFromTextWithAPatternOrFromTimestamps() {
    Dataset<Row> raw = spark.sql("select * from values (' 7 ', '31/12/2023', ' 4.5 '),"
        + " ('8', '01/01/2024', ''), (null, 'junk', 'junk') as t(Customer, Day, Value)");
    TransactionLog.Columns columns =
        new TransactionLog.Columns("customer", "day", "value", "dd/MM/yyyy");
    TransactionLog.requireReadable(raw, columns);
    List<Row> log = TransactionLog.normalise(raw, columns).orderBy("customer_id")
        .collectAsList();
    assertEquals(2, log.size(), "the row without a customer is left out");
    assertEquals("7", log.get(0).getString(0));
    assertEquals(LocalDate.of(2023, 12, 31), log.get(0).getDate(1).toLocalDate());
    assertEquals(4.5, log.get(0).getDouble(2));
    assertTrue(log.get(1).isNullAt(2), "an empty amount is an unknown value");

    Dataset<Row> stamps = spark.sql("select 1 as c, timestamp'2024-03-31 23:59:00' as t");
    Row day = TransactionLog.normalise(stamps,
        new TransactionLog.Columns("c", "t", null, null)).first();
    assertEquals(LocalDate.of(2024, 3, 31), day.getDate(1).toLocalDate());
    assertTrue(day.isNullAt(2));
  }
}
