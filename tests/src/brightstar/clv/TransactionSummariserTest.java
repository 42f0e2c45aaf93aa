package brightstar.clv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brightstar.clv.model.BgNbdModel;
import brightstar.clv.model.ClvException;
import brightstar.clv.model.CustomerSummary;
import brightstar.clv.model.FitResult;
import brightstar.clv.model.PeriodUnit;
import brightstar.clv.model.RfmTuples;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The reference summariser: CDNOW row for row, then each rule on a few obvious rows. */
class TransactionSummariserTest {
  private static final LocalDate JAN_1 = LocalDate.of(2024, 1, 1);

  private static Transaction tx(String id, int day, double amount) {
    return new Transaction(id, JAN_1.plusDays(day), amount);
  }

  private static CustomerSummary only(List<CustomerSummary> out) {
    assertEquals(1, out.size(), out.toString());
    return out.get(0);
  }

  @Test
  void reproducesEveryRowOfThePapersCalibrationSummary() {
    List<CustomerSummary> out = TransactionSummariser.summarise(
        Cdnow.transactions(), PeriodUnit.WEEK, Cdnow.CALIBRATION_END);
    Map<String, CustomerSummary> byId = out.stream()
        .collect(Collectors.toMap(CustomerSummary::customerId, Function.identity()));
    List<Cdnow.SummaryRow> paper = Cdnow.summary();
    assertEquals(2357, paper.size());
    assertEquals(paper.size(), out.size());
    for (Cdnow.SummaryRow row : paper) {
      CustomerSummary s = byId.get(row.id());
      assertEquals(row.frequency(), s.frequency(), "frequency of " + row.id());
      // The paper's file rounds weeks to two decimals.
      assertEquals(row.recency(), Math.round(s.recency() * 100) / 100.0, 1e-9,
          "recency of " + row.id());
      assertEquals(row.age(), Math.round(s.age() * 100) / 100.0, 1e-9, "T of " + row.id());
    }
  }

  @Test
  void fitOnTheSummarisedLogReproducesThePaperEstimates() {
    FitResult fit = BgNbdModel.fit(RfmTuples.of(TransactionSummariser.summarise(
        Cdnow.transactions(), PeriodUnit.WEEK, Cdnow.CALIBRATION_END)));
    assertEquals(0.243, fit.param("r"), 5e-4);
    assertEquals(4.414, fit.param("alpha"), 5e-4);
    assertEquals(0.793, fit.param("a"), 5e-4);
    assertEquals(2.426, fit.param("b"), 5e-4);
    assertEquals(-9582.4, fit.logLikelihood(), 0.05);
  }

  @Test
  void cdnowCustomerOneHasTheDocumentedSummary() {
    List<CustomerSummary> out = TransactionSummariser.summarise(
        Cdnow.transactions(), PeriodUnit.WEEK, Cdnow.CALIBRATION_END);
    CustomerSummary one = out.stream().filter(c -> c.customerId().equals("1")).findFirst()
        .orElseThrow();
    // Purchases on 1997-01-01 ($29.33), 01-18 ($29.73), 08-02 ($14.96); 12-12 is holdout.
    assertEquals(new CustomerSummary("1", LocalDate.of(1997, 1, 1), 2, 213 / 7.0, 272 / 7.0,
        (29.73 + 14.96) / 2), one);
  }

  @Test
  void purchasesOnOneDayCountOnceAndTheirValuesAdd() {
    CustomerSummary s = only(TransactionSummariser.summarise(List.of(
        tx("a", 0, 5), tx("a", 3, 10), tx("a", 3, 20), tx("a", 7, 6)), PeriodUnit.DAY, null));
    assertEquals(2, s.frequency());
    assertEquals(7, s.recency());
    assertEquals(7, s.age());
    assertEquals((30 + 6) / 2.0, s.monetary());
  }

  @Test
  void returnsAreNettedWithinTheDay() {
    CustomerSummary s = only(TransactionSummariser.summarise(List.of(
        tx("a", 0, 5), tx("a", 3, 50), tx("a", 3, -20)), PeriodUnit.DAY, JAN_1.plusDays(10)));
    assertEquals(1, s.frequency());
    assertEquals(30, s.monetary());
  }

  @Test
  void aReturnDayIsNoPurchaseAndChargesNoOtherDay() {
    CustomerSummary s = only(TransactionSummariser.summarise(List.of(
        tx("a", 0, 5), tx("a", 3, 50), tx("a", 9, -50)), PeriodUnit.DAY, JAN_1.plusDays(10)));
    assertEquals(1, s.frequency());
    assertEquals(3, s.recency());
    assertEquals(50, s.monetary());
  }

  @Test
  void aFreeOrderIsAPurchase() {
    CustomerSummary s = only(TransactionSummariser.summarise(List.of(
        tx("a", 0, 0), tx("a", 14, 12)), PeriodUnit.WEEK, JAN_1.plusDays(21)));
    assertEquals(JAN_1, s.firstPurchase());
    assertEquals(1, s.frequency());
    assertEquals(2, s.recency());
    assertEquals(3, s.age());
  }

  @Test
  void rowsAfterTheCalibrationEndAndReturnOnlyCustomersAreLeftOut() {
    List<CustomerSummary> out = TransactionSummariser.summarise(List.of(
        tx("a", 0, 5), tx("a", 30, 9), tx("late", 30, 9), tx("refunds", 2, -8)),
        PeriodUnit.DAY, JAN_1.plusDays(20));
    CustomerSummary s = only(out);
    assertEquals("a", s.customerId());
    assertEquals(0, s.frequency());
    assertEquals(0, s.monetary());
    assertEquals(20, s.age());
  }

  @Test
  void withoutAnEndDateTheLatestDateInTheLogIsTheEnd() {
    List<CustomerSummary> out = TransactionSummariser.summarise(List.of(
        tx("b", 4, 1), tx("a", 0, 5), tx("b", 12, -3)), PeriodUnit.DAY, null);
    assertEquals(List.of("a", "b"), out.stream().map(CustomerSummary::customerId).toList());
    assertEquals(12, out.get(0).age());
    assertEquals(8, out.get(1).age());
  }

  @Test
  void invalidRowsAreRejectedWithTheirPosition() {
    ClvException noId = assertThrows(ClvException.class, () -> TransactionSummariser.summarise(
        List.of(tx("a", 0, 1), new Transaction(null, JAN_1, 2)), PeriodUnit.DAY, null));
    assertTrue(noId.getMessage().startsWith("Transaction row 1 is incomplete"),
        noId.getMessage());
    ClvException nan = assertThrows(ClvException.class, () -> TransactionSummariser.summarise(
        List.of(tx("a", 0, Double.NaN)), PeriodUnit.DAY, JAN_1));
    assertTrue(nan.getMessage().contains("has amount NaN"), nan.getMessage());
    ClvException empty = assertThrows(ClvException.class,
        () -> TransactionSummariser.summarise(List.of(), PeriodUnit.DAY, null));
    assertTrue(empty.getMessage().startsWith("No transactions to summarise"));
  }
}
