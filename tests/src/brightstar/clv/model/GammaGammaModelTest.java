package brightstar.clv.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brightstar.bench.SyntheticPopulation;
import brightstar.clv.Cdnow;
import brightstar.clv.TransactionSummariser;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Gamma-Gamma against Fader and Hardie, "The Gamma-Gamma Model of Monetary Value" (2013), on
 * the CDNOW customers with repeat purchases in the calibration period.
 */
class GammaGammaModelTest {
  private static List<CustomerSummary> customers;
  private static SpendTuples spend;
  private static FitResult fit;
  private static GammaGammaModel model;

  @BeforeAll
  static void fitCdnow() {
    customers = TransactionSummariser.summarise(
        Cdnow.transactions(), PeriodUnit.WEEK, Cdnow.CALIBRATION_END);
    spend = SpendTuples.of(customers);
    fit = GammaGammaModel.fit(spend);
    model = GammaGammaModel.of(fit);
  }

  @Test
  void meanRepeatDayValueReproducesThePublishedEstimates() {
    // m = mean net value of the repeat purchase days (first purchase day excluded), as in
    // the note and lifetimes' summary_data_from_transaction_data with a monetary column.
    assertEquals(946, spend.totalWeight());
    assertEquals(6.25, fit.param("p"), 5e-3);
    assertEquals(3.74, fit.param("q"), 5e-3);
    assertEquals(15.44, fit.param("gamma"), 5e-3);
    for (double se : fit.standardErrors()) {
      assertTrue(se > 0 && Double.isFinite(se), "se " + se);
    }
  }

  @Test
  void conditionalExpectationsMatchLifetimesQuickstart() {
    // lifetimes' documented values for customers 1 (x=2, m=22.35), 6 (x=7, m=73.74) and any
    // customer without repeat purchases, with its own fit (v = 15.45).
    assertEquals(24.6586, model.conditionalExpectedAverageValue(2, 22.345), 0.01);
    assertEquals(71.4628, model.conditionalExpectedAverageValue(7, 73.74), 0.01);
    assertEquals(35.1710, model.conditionalExpectedAverageValue(0, 0), 0.01);
    assertEquals(model.populationMeanValue(), model.conditionalExpectedAverageValue(0, 0));
  }

  @Test
  void conditionalExpectationIsTheCredibilityWeightedMean() {
    GammaGammaModel m = new GammaGammaModel(6, 4, 15);
    double weight = 6.0 * 3 / (6.0 * 3 + 4 - 1);
    double expected = (1 - weight) * (6.0 * 15 / 3) + weight * 40;
    assertEquals(expected, m.conditionalExpectedAverageValue(3, 40), 1e-12);
  }

  @Test
  void groupedPairsGiveTheSameLikelihoodAsOneRowPerCustomer() {
    List<CustomerSummary> spenders = customers.stream()
        .filter(c -> c.frequency() > 0 && c.monetary() > 0).toList();
    int[] x = spenders.stream().mapToInt(CustomerSummary::frequency).toArray();
    double[] m = spenders.stream().mapToDouble(CustomerSummary::monetary).toArray();
    double[] ones = new double[x.length];
    java.util.Arrays.fill(ones, 1);
    SpendTuples perCustomer = SpendTuples.weighted(x, m, ones);
    assertTrue(spend.size() < perCustomer.size());
    assertEquals(GammaGammaModel.logLikelihood(perCustomer, 6.25, 3.74, 15.44),
        GammaGammaModel.logLikelihood(spend, 6.25, 3.74, 15.44), 1e-8);
  }

  @Test
  void infiniteMeanSpendIsReportedNotReturned() {
    GammaGammaModel heavyTail = new GammaGammaModel(2, 0.8, 10);
    ClvException e = assertThrows(ClvException.class, heavyTail::populationMeanValue);
    assertTrue(e.getMessage().contains("is infinite"), e.getMessage());
    assertTrue(heavyTail.conditionalExpectedAverageValue(1, 20) > 0);
  }

  @Test
  void nonPositiveMeanValuesAreRejected() {
    ClvException e = assertThrows(ClvException.class,
        () -> SpendTuples.aggregate(new int[] {2, 1}, new double[] {10, 0}));
    assertTrue(e.getMessage().startsWith("Spend tuple 1 (x=1, m=0.0, weight=1.0) has a mean "
        + "value that is not a positive number"), e.getMessage());
    assertThrows(ClvException.class,
        () -> SpendTuples.aggregate(new int[] {0}, new double[] {10}));
  }

  @Test
  void largeInputsStopAtTheOptimumWithoutChasingRoundingNoise() {
    // Over 50,000 distinct pairs: sample fit, then Newton steps on the full data. Near the
    // optimum the gradient of a sum over 100,000 pairs cannot fall below its rounding floor;
    // the fit must stop there rather than spend dozens of evaluations on line searches.
    SyntheticPopulation pop = SyntheticPopulation.draw(new BgNbdModel(0.243, 4.414, 0.793,
        2.426), new GammaGammaModel(6.25, 3.74, 15.44), 300_000, 730, PeriodUnit.WEEK, 5);
    int n = (int) java.util.Arrays.stream(pop.frequency()).filter(x -> x > 0).count();
    int[] x = new int[n];
    double[] m = new double[n];
    for (int i = 0, k = 0; i < pop.frequency().length; i++) {
      if (pop.frequency()[i] > 0) {
        x[k] = pop.frequency()[i];
        m[k++] = pop.monetary()[i];
      }
    }
    SpendTuples pairs = SpendTuples.aggregate(x, m);
    assertTrue(pairs.size() > 50_000, "pairs " + pairs.size());
    FitResult large = GammaGammaModel.fit(pairs);
    assertTrue(large.converged());
    assertTrue(large.evaluations() <= 20, "evaluations " + large.evaluations());
    double[] p = large.params();
    double best = GammaGammaModel.logLikelihood(pairs, p[0], p[1], p[2]);
    for (int i = 0; i < 3; i++) {
      for (double f : new double[] {1 - 1e-5, 1 + 1e-5}) {
        double[] q = p.clone();
        q[i] *= f;
        assertTrue(GammaGammaModel.logLikelihood(pairs, q[0], q[1], q[2]) < best + 1e-6,
            "moving " + large.names().get(i) + " by " + f + " improves the fit");
      }
    }
  }
}
