package brightstar.clv.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brightstar.clv.Cdnow;
import org.apache.commons.math3.analysis.integration.IterativeLegendreGaussIntegrator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pareto/NBD against Fader and Hardie, "A Note on Implementing the Pareto/NBD Model in
 * MATLAB" (2005), on the CDNOW calibration summary.
 */
class ParetoNbdModelTest {
  private static RfmTuples cdnow;
  private static FitResult fit;
  private static ParetoNbdModel model;

  @BeforeAll
  static void fitCdnow() {
    cdnow = Cdnow.summaryTuples();
    fit = ParetoNbdModel.fit(cdnow);
    model = ParetoNbdModel.of(fit);
  }

  @Test
  void likelihoodAtThePublishedEstimatesIsThePublishedValue() {
    assertEquals(-9594.98,
        ParetoNbdModel.logLikelihood(cdnow, 0.5533, 10.5776, 0.6061, 11.6650), 0.01);
  }

  @Test
  void fitReproducesThePublishedEstimates() {
    assertEquals(0.5533, fit.param("r"), 5e-4);
    assertEquals(10.5776, fit.param("alpha"), 5e-3);
    assertEquals(0.6061, fit.param("s"), 5e-4);
    // beta is weakly identified (standard error about 6), so the note's optimiser and ours
    // stop a few thousandths apart on a likelihood that differs there by under 1e-5.
    assertEquals(11.6650, fit.param("beta"), 0.01);
    assertEquals(-9594.98, fit.logLikelihood(), 0.01);
    for (double se : fit.standardErrors()) {
      assertTrue(se > 0 && Double.isFinite(se), "se " + se);
    }
  }

  @Test
  void a0MatchesDirectIntegrationOnBothBranches() {
    // A0 = (r+s+x) * integral from t_x to T of (alpha+u)^-(r+x) (beta+u)^-(s+1) du, an
    // independent route to what the 2F1 formula computes. Both alpha < beta and alpha > beta.
    double[][] cases = {
        {0.55, 10.6, 0.61, 11.7, 2, 30.43, 38.86},
        {0.55, 11.7, 0.61, 10.6, 2, 30.43, 38.86},
        {1.3, 0.5, 2.0, 20, 0, 0, 30},
        {10.465, 7.98565181e-03, 3.0516, 2.820, 400, 5, 6},
    };
    for (double[] c : cases) {
      double r = c[0];
      double alpha = c[1];
      double s = c[2];
      double beta = c[3];
      int x = (int) c[4];
      double tx = c[5];
      double t = c[6];
      // Integrate relative to the integrand's value at t_x so that x = 400 does not underflow.
      double logAtTx = -(r + x) * Math.log(alpha + tx) - (s + 1) * Math.log(beta + tx);
      double integral = new IterativeLegendreGaussIntegrator(16, 1e-13, 1e-300).integrate(
          1_000_000,
          u -> Math.exp(-(r + x) * Math.log(alpha + u) - (s + 1) * Math.log(beta + u)
              - logAtTx),
          tx, t);
      double expected = Math.log(r + s + x) + logAtTx + Math.log(integral);
      assertEquals(expected, ParetoNbdModel.logA0(r, alpha, s, beta, x, tx, t),
          1e-9 * Math.abs(expected), "case x=" + x);
    }
  }

  @Test
  void heavyBuyersFromLifetimesOverflowCaseStayFinite() {
    ParetoNbdModel heavy = new ParetoNbdModel(10.465, 7.98565181e-03, 3.0516, 2.820);
    int[] x = {400, 500, 500};
    double[] tx = {5, 1, 4};
    double[] t = {6, 37, 37};
    for (int i = 0; i < 3; i++) {
      double logA0 = ParetoNbdModel.logA0(10.465, 7.98565181e-03, 3.0516, 2.820, x[i], tx[i],
          t[i]);
      assertTrue(Double.isFinite(logA0) && logA0 < 0, "ln A0 " + logA0);
      assertTrue(Double.isFinite(heavy.logLikelihood(x[i], tx[i], t[i])));
      double p = heavy.probabilityAlive(x[i], tx[i], t[i]);
      assertTrue(p >= 0 && p <= 1, "P(alive) " + p);
    }
  }

  @Test
  void newCustomerExpectsWhatThePopulationExpects() {
    for (double t : new double[] {1, 39, 520}) {
      assertEquals(model.expectedPurchases(t),
          model.conditionalExpectedPurchases(t, 0, 0, 0), 1e-10);
    }
  }

  @Test
  void customerWhoBoughtAtTheEndIsCertainlyAlive() {
    assertEquals(1.0, model.probabilityAlive(5, 38.86, 38.86), 1e-15);
    double p = model.probabilityAlive(2, 30.43, 38.86);
    assertTrue(p > 0.5 && p < 1, "P(alive) " + p);
    assertTrue(model.probabilityAlive(2, 5, 38.86) < p);
  }

  @Test
  void expectationAtSEqualsOneIsTheLogarithmicLimit() {
    // [1 - (beta/(beta+t))^(s-1)] / (s-1) tends to ln((beta+t)/beta) as s tends to 1.
    ParetoNbdModel one = new ParetoNbdModel(0.5, 10, 1, 12);
    assertEquals(0.5 / 10 * 12 * Math.log((12 + 39.0) / 12), one.expectedPurchases(39), 1e-12);
    ParetoNbdModel near = new ParetoNbdModel(0.5, 10, 1 + 1e-9, 12);
    assertEquals(one.expectedPurchases(39), near.expectedPurchases(39), 1e-8);
  }
}
