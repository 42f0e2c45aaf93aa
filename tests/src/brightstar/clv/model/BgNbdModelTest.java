package brightstar.clv.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brightstar.bench.SyntheticPopulation;
import brightstar.clv.Cdnow;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** BG/NBD against Fader, Hardie and Lee (2005) on the CDNOW calibration summary. */
class BgNbdModelTest {
  private static RfmTuples cdnow;
  private static FitResult fit;
  private static BgNbdModel model;

  @BeforeAll
  static void fitCdnow() {
    cdnow = Cdnow.summaryTuples();
    fit = BgNbdModel.fit(cdnow);
    model = BgNbdModel.of(fit);
  }

  @Test
  void fitReproducesThePaperEstimatesToThreeDecimals() {
    assertEquals(0.243, fit.param("r"), 5e-4);
    assertEquals(4.414, fit.param("alpha"), 5e-4);
    assertEquals(0.793, fit.param("a"), 5e-4);
    assertEquals(2.426, fit.param("b"), 5e-4);
    assertEquals(-9582.4, fit.logLikelihood(), 0.05);
    assertEquals(2357, fit.customers());
    assertTrue(fit.converged());
  }

  @Test
  void tuplesAreFewerThanCustomers() {
    assertEquals(2357, cdnow.totalWeight());
    assertEquals(1016, cdnow.size());
  }

  @Test
  void standardErrorsArePositiveAndMatchLifetimes() {
    // lifetimes' documented summary on the same file: se(r, alpha, a, b).
    double[] lifetimes = {0.012557, 0.378221, 0.185719, 0.705345};
    double[] se = fit.standardErrors();
    for (int i = 0; i < se.length; i++) {
      assertTrue(se[i] > 0 && Double.isFinite(se[i]), "se " + i + " = " + se[i]);
      assertEquals(lifetimes[i], se[i], lifetimes[i] * 2e-3, "se of " + fit.names().get(i));
    }
  }

  @Test
  void conditionalExpectationMatchesThePaper() {
    // Section 4: a customer with x = 2, t_x = 30.43, T = 38.86 expects 1.226 purchases in
    // the next 39 weeks.
    assertEquals(1.226, model.conditionalExpectedPurchases(39, 2, 30.43, 38.86), 5e-4);
  }

  @Test
  void unconditionalExpectationMatchesHardiesSpreadsheet() {
    double[] weeks = {0.1429, 1.0, 3.0, 31.8571, 32.0, 78.0};
    double[] expected = {0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576};
    for (int i = 0; i < weeks.length; i++) {
      assertEquals(expected[i], model.expectedPurchases(weeks[i]), 5e-4, "t=" + weeks[i]);
    }
  }

  @Test
  void newCustomerExpectsWhatThePopulationExpects() {
    // With no history (x = 0, T = 0), equation 10 reduces to equation 9.
    for (double t : new double[] {1, 10, 52, 520}) {
      assertEquals(model.expectedPurchases(t),
          model.conditionalExpectedPurchases(t, 0, 0, 0), 1e-10);
    }
  }

  @Test
  void probabilityAliveFollowsTheNoteAndStaysInRange() {
    assertEquals(1.0, model.probabilityAlive(0, 0, 38.86));
    // Note 021, by hand: 1 / (1 + a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x)).
    double r = fit.param("r");
    double alpha = fit.param("alpha");
    double a = fit.param("a");
    double b = fit.param("b");
    double byHand = 1 / (1 + a / (b + 1) * Math.pow((alpha + 38.86) / (alpha + 30.43), r + 2));
    assertEquals(byHand, model.probabilityAlive(2, 30.43, 38.86), 1e-14);
    for (int x = 1; x <= 100; x += 9) {
      for (double tx = 0; tx <= 39; tx += 3) {
        double p = model.probabilityAlive(x, tx, 39);
        assertTrue(p >= 0 && p <= 1, "P(alive) " + p);
      }
    }
  }

  @Test
  void predictionsStayFiniteForHundredsOfPurchases() {
    // A lapsed heavy buyer: the dead-odds term is about exp(600), beyond double range.
    assertEquals(0.0, model.probabilityAlive(600, 1, 37), 1e-200);
    assertEquals(0.0, model.conditionalExpectedPurchases(39, 600, 1, 37), 1e-200);
    // An active heavy buyer keeps buying at about x / T per week.
    double e = model.conditionalExpectedPurchases(10, 600, 37, 37);
    assertTrue(e > 100 && e < 170, "expected " + e);
    assertTrue(model.probabilityAlive(600, 37, 37) > 0.99);
  }

  @Test
  void expectationIsContinuousAcrossTheRemovableSingularityAtAEqualsOne() {
    BgNbdModel below = new BgNbdModel(0.3, 4, 1 - 2e-6, 2.5);
    BgNbdModel at = new BgNbdModel(0.3, 4, 1, 2.5);
    BgNbdModel above = new BgNbdModel(0.3, 4, 1 + 2e-6, 2.5);
    double e = at.conditionalExpectedPurchases(39, 3, 20, 38);
    assertTrue(Double.isFinite(e) && e > 0);
    assertEquals(below.conditionalExpectedPurchases(39, 3, 20, 38), e, 1e-5);
    assertEquals(above.conditionalExpectedPurchases(39, 3, 20, 38), e, 1e-5);
  }

  @Test
  void groupedTuplesGiveTheSameLikelihoodAsOneRowPerCustomer() {
    List<Cdnow.SummaryRow> rows = Cdnow.summary();
    int n = rows.size();
    int[] x = new int[n];
    double[] tx = new double[n];
    double[] t = new double[n];
    double[] ones = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = rows.get(i).frequency();
      tx[i] = rows.get(i).recency();
      t[i] = rows.get(i).age();
      ones[i] = 1;
    }
    RfmTuples perCustomer = RfmTuples.weighted(x, tx, t, ones);
    assertEquals(2357, perCustomer.size());
    assertEquals(BgNbdModel.logLikelihood(perCustomer, 0.243, 4.414, 0.793, 2.426),
        BgNbdModel.logLikelihood(cdnow, 0.243, 4.414, 0.793, 2.426), 1e-8);
    assertEquals(-9582.43, BgNbdModel.logLikelihood(cdnow, 0.243, 4.414, 0.793, 2.426), 0.01);
  }

  @Test
  void penaltyShrinksTheParameters() {
    FitResult penalised = BgNbdModel.fit(cdnow, FitOptions.DEFAULT.withPenalty(0.1));
    double sumPlain = 0;
    double sumPenalised = 0;
    for (int i = 0; i < 4; i++) {
      sumPlain += fit.params()[i] * fit.params()[i];
      sumPenalised += penalised.params()[i] * penalised.params()[i];
    }
    assertTrue(sumPenalised < sumPlain, sumPenalised + " vs " + sumPlain);
    assertTrue(penalised.logLikelihood() < fit.logLikelihood());
    assertEquals(0.1, penalised.penalty());
  }

  @Test
  void recoversTheTrueParametersOfASimulatedPopulation() {
    BgNbdModel truth = new BgNbdModel(0.5, 6, 0.8, 2.5);
    SyntheticPopulation pop = SyntheticPopulation.draw(truth,
        new GammaGammaModel(6, 4, 15), 40_000, 365, PeriodUnit.WEEK, 7);
    FitResult simulated = BgNbdModel.fit(
        RfmTuples.aggregate(pop.frequency(), pop.recency(), pop.age()));
    double[] trueParams = {0.5, 6, 0.8, 2.5};
    for (int i = 0; i < 4; i++) {
      double z = (simulated.params()[i] - trueParams[i]) / simulated.standardErrors()[i];
      assertTrue(Math.abs(z) < 4, simulated.names().get(i) + " off by " + z + " se");
    }
  }

  @Test
  void largeInputsFitThroughTheSampleStartToTheSameOptimum() {
    // Over 50,000 distinct tuples: sample fit, then Newton steps on the full data.
    BgNbdModel truth = new BgNbdModel(0.243, 4.414, 0.793, 2.426);
    SyntheticPopulation pop = SyntheticPopulation.draw(truth,
        new GammaGammaModel(6.25, 3.74, 15.44), 200_000, 730, PeriodUnit.WEEK, 11);
    RfmTuples tuples = RfmTuples.aggregate(pop.frequency(), pop.recency(), pop.age());
    assertTrue(tuples.size() > 50_000, "tuples " + tuples.size());
    FitResult large = BgNbdModel.fit(tuples);
    assertTrue(large.evaluations() < 25, "evaluations " + large.evaluations());
    // The optimum: no direction improves the likelihood by more than rounding.
    double[] p = large.params();
    double best = BgNbdModel.logLikelihood(tuples, p[0], p[1], p[2], p[3]);
    for (int i = 0; i < 4; i++) {
      for (double f : new double[] {1 - 1e-4, 1 + 1e-4}) {
        double[] q = p.clone();
        q[i] *= f;
        assertTrue(BgNbdModel.logLikelihood(tuples, q[0], q[1], q[2], q[3]) < best + 1e-6,
            "moving " + large.names().get(i) + " by " + f + " improves the fit");
      }
      double z = (p[i] - new double[] {0.243, 4.414, 0.793, 2.426}[i])
          / large.standardErrors()[i];
      // Day-level observation shifts the estimates a little from the continuous truth.
      assertTrue(Math.abs(z) < 15, large.names().get(i) + " off by " + z + " se");
    }
  }

  @Test
  void tooFewEvaluationsRaiseTheDocumentedError() {
    ClvException e = assertThrows(ClvException.class,
        () -> BgNbdModel.fit(cdnow, FitOptions.DEFAULT.withMaxEvaluations(15)));
    assertTrue(e.getMessage().startsWith("BG/NBD fit on 2357.0 customers did not converge"),
        e.getMessage());
    assertTrue(e.getMessage().contains(": the optimiser stopped"), e.getMessage());
    assertTrue(e.getMessage().contains("Fix: "), e.getMessage());
    FitResult unconverged = BgNbdModel.fit(cdnow,
        FitOptions.DEFAULT.withMaxEvaluations(15).withRequireConvergence(false));
    assertFalse(unconverged.converged());
  }

  @Test
  void dataWithoutRepeatPurchasesHasNoMaximum() {
    // Nobody came back: the likelihood rises forever as r goes to 0.
    RfmTuples noRepeats = RfmTuples.aggregate(new int[] {0, 0, 0},
        new double[] {0, 0, 0}, new double[] {10, 20, 30});
    ClvException e = assertThrows(ClvException.class, () -> BgNbdModel.fit(noRepeats));
    assertTrue(e.getMessage().contains("did not converge"), e.getMessage());
  }

  @Test
  void invalidInputIsRejectedWithTheRowAndTheFix() {
    ClvException late = assertThrows(ClvException.class, () -> RfmTuples.aggregate(
        new int[] {1, 2}, new double[] {3, 40}, new double[] {10, 38.86}));
    assertEquals("Customer tuple 1 (x=2, t_x=40.0, T=38.86, weight=1.0) has recency greater "
        + "than age: the last purchase cannot come after the end of the calibration "
        + "period. Fix: measure age T up to the calibration end and drop purchases after it",
        late.getMessage());
    ClvException negative = assertThrows(ClvException.class,
        () -> RfmTuples.aggregate(new int[] {-1}, new double[] {0}, new double[] {5}));
    assertTrue(negative.getMessage().contains("negative or non-finite"));
    ClvException empty = assertThrows(ClvException.class,
        () -> RfmTuples.aggregate(new int[0], new double[0], new double[0]));
    assertTrue(empty.getMessage().startsWith("No customers to fit"));
    assertThrows(ClvException.class, () -> new BgNbdModel(-0.2, 4, 0.8, 2));
    assertThrows(ClvException.class, () -> model.probabilityAlive(2, 40, 38));
  }
}
