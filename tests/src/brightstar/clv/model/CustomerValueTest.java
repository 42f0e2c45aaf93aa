package brightstar.clv.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import brightstar.clv.Cdnow;
import brightstar.clv.TransactionSummariser;
import org.junit.jupiter.api.Test;

/** Discounted CLV by hand and against lifetimes' documented CDNOW figures. */
class CustomerValueTest {
  /** A purchase model whose customers buy at a constant expected rate per period. */
  private static PurchaseModel constantRate(double perPeriod) {
    return new PurchaseModel() {
      @Override
      public double probabilityAlive(int x, double tx, double age) {
        return 1;
      }

      @Override
      public double conditionalExpectedPurchases(double t, int x, double tx, double age) {
        return perPeriod * t;
      }

      @Override
      public double expectedPurchases(double t) {
        return perPeriod * t;
      }
    };
  }

  @Test
  void eachMonthsPurchasesAreValuedAndDiscounted() {
    // 0.5 purchases a week, 4 weeks a month, $10 each: $20 a month, discounted at 2%.
    double expected = 0;
    for (int i = 1; i <= 3; i++) {
      expected += 20 / Math.pow(1.02, i);
    }
    assertEquals(expected,
        CustomerValue.discountedClv(constantRate(0.5), 1, 1, 2, 10, 3, 0.02, 4), 1e-12);
    assertEquals(0, CustomerValue.discountedClv(constantRate(0.5), 1, 1, 2, 10, 0, 0.02, 4));
  }

  @Test
  void reproducesLifetimesQuickstartOnCdnow() {
    // lifetimes' Quickstart: BG/NBD + Gamma-Gamma on CDNOW, 12 months at 1% a month, with
    // its default freq="D" (30 periods a month) applied to this weekly data.
    BgNbdModel purchases = BgNbdModel.of(BgNbdModel.fit(Cdnow.summaryTuples()));
    GammaGammaModel spend = GammaGammaModel.of(GammaGammaModel.fit(SpendTuples.of(
        TransactionSummariser.summarise(Cdnow.transactions(), PeriodUnit.WEEK,
            Cdnow.CALIBRATION_END))));
    assertEquals(140.096211, CustomerValue.discountedClv(
        purchases, spend, 2, 30.43, 38.86, 22.345, 12, 0.01, 30), 140.1 * 5e-4);
    assertEquals(1003.868107, CustomerValue.discountedClv(
        purchases, spend, 7, 29.43, 38.86, 73.74, 12, 0.01, 30), 1003.9 * 5e-4);
    assertEquals(38.180574, CustomerValue.discountedClv(
        purchases, spend, 0, 0, 38.86, 0, 12, 0.01, 30), 38.18 * 5e-4);
  }

  @Test
  void monthsBecomePeriodsThroughTheMeanGregorianMonth() {
    assertEquals(30.4375, PeriodUnit.DAY.periodsPerMonth(), 1e-12);
    assertEquals(30.4375 / 7, PeriodUnit.WEEK.periodsPerMonth(), 1e-12);
  }

  @Test
  void invalidHorizonOrRateIsRejected() {
    ClvException e = assertThrows(ClvException.class, () -> CustomerValue.discountedClv(
        constantRate(1), 1, 1, 2, 10, -1, 0.01, 4));
    assertEquals(true, e.getMessage().contains("the horizon must be >= 0 months"));
    assertThrows(ClvException.class, () -> CustomerValue.discountedClv(
        constantRate(1), 1, 1, 2, 10, 12, -1, 4));
  }
}
