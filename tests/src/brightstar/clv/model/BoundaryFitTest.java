package brightstar.clv.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brightstar.bench.SyntheticPopulation;
import brightstar.clv.Cdnow;
import brightstar.clv.TransactionSummariser;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Fits whose likelihood peaks on a boundary of the parameter space: they are named and
 * continue with the limiting model instead of failing.
 */
class BoundaryFitTest {
  /** 2,000 customers who buy as Poisson processes (rates ~ Gamma(0.8, 16) a week), never leave. */
  private static RfmTuples neverChurning() {
    // a = 1e-9: the dropout probability Beta(a, 1) is 0 to double precision.
    SyntheticPopulation p = SyntheticPopulation.draw(new BgNbdModel(0.8, 16, 1e-9, 1),
        new GammaGammaModel(6, 4, 15), 2000, 546, PeriodUnit.WEEK, 11);
    return RfmTuples.aggregate(p.frequency(), p.recency(), p.age());
  }

  @Test
  void bgNbdOnANeverChurningPopulationReducesToTheNbd() {
    RfmTuples data = neverChurning();
    // The default options require convergence: a boundary optimum no longer throws.
    FitResult fit = BgNbdModel.fit(data);
    assertTrue(fit.converged(), fit.toString());
    assertEquals(BgNbdModel.NO_DROPOUT, fit.boundary());
    assertEquals("no dropout observed: BG/NBD reduces to NBD", fit.boundary());
    assertEquals(NbdModel.NAME, fit.model());
    assertEquals(NbdModel.PARAMETERS, fit.names());
    // The NBD recovers the true purchase process.
    assertEquals(0.8, fit.param("r"), 4 * fit.standardError("r"));
    assertEquals(16, fit.param("alpha"), 4 * fit.standardError("alpha"));
    // The limit is the supremum: BG/NBD near it fits no better, and moving inwards is worse.
    double nbd = fit.logLikelihood();
    double nearLimit = BgNbdModel.logLikelihood(data, fit.param("r"), fit.param("alpha"),
        1e-8, 1);
    double inside = BgNbdModel.logLikelihood(data, fit.param("r"), fit.param("alpha"), 0.5, 2);
    assertTrue(nearLimit <= nbd + 1e-6 && nearLimit > nbd - 1e-3, nearLimit + " vs " + nbd);
    assertTrue(inside < nbd - 1, inside + " vs " + nbd);
    // The model the scorer builds: P(alive) = 1, purchases at the posterior mean rate.
    PurchaseModel model = PurchaseModelType.BGNBD.model(fit.model(), fit.params());
    assertEquals(1.0, model.probabilityAlive(5, 10, 60));
    assertEquals((fit.param("r") + 5) * 4 / (fit.param("alpha") + 60),
        model.conditionalExpectedPurchases(4, 5, 10, 60), 1e-12);
    double[][] c = fit.covariance();
    assertEquals(2, c.length);
    assertEquals(fit.standardError("r"), Math.sqrt(c[0][0]), 1e-12);
  }

  @Test
  void paretoNbdOnANeverChurningPopulationReducesToTheNbd() {
    FitResult fit = ParetoNbdModel.fit(neverChurning());
    assertTrue(fit.converged(), fit.toString());
    assertEquals(ParetoNbdModel.NO_DROPOUT, fit.boundary());
    assertEquals(NbdModel.NAME, fit.model());
    assertEquals(1.0, PurchaseModelType.PARETO.model(fit.model(), fit.params())
        .probabilityAlive(3, 20, 50));
  }

  @Test
  void anInteriorOptimumNamesNoBoundary() {
    FitResult fit = BgNbdModel.fit(RfmTuples.of(TransactionSummariser.summarise(
        Cdnow.transactions(), PeriodUnit.WEEK, Cdnow.CALIBRATION_END)));
    assertTrue(fit.converged());
    assertFalse(fit.atBoundary());
    assertNull(fit.boundary());
    assertEquals(BgNbdModel.NAME, fit.model());
  }

  @Test
  void gammaGammaWithOneSpendRateForEveryoneReducesToOneGamma() {
    // Every customer's values are Gamma(3, 0.01): mean 300, no spread in the customer means.
    SplittableRandom random = new SplittableRandom(5);
    int n = 3000;
    int[] x = new int[n];
    double[] m = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = 1 + random.nextInt(6);
      double total = 0;
      for (int k = 0; k < x[i]; k++) {
        total += SyntheticPopulation.gamma(random, 3) / 0.01;
      }
      m[i] = total / x[i];
    }
    FitResult fit = GammaGammaModel.fit(SpendTuples.aggregate(x, m));
    assertTrue(fit.converged(), fit.toString());
    assertEquals(GammaGammaModel.COMMON_SPEND, fit.boundary());
    assertEquals(GammaGammaModel.NAME, fit.model());
    assertEquals(3, fit.param("p"), 4 * fit.standardError("p"));
    assertEquals(GammaGammaModel.LIMIT_Q, fit.param("q"));
    // gamma / q = 1 / nu.
    assertEquals(0.01, fit.param("q") / fit.param("gamma"), 0.0005);
    // Everyone is expected to spend the population mean, whatever their own mean.
    GammaGammaModel model = GammaGammaModel.of(fit);
    assertEquals(model.populationMeanValue(), model.conditionalExpectedAverageValue(5, 900),
        1e-6 * model.populationMeanValue());
  }

  @Test
  void dataWithoutRepeatPurchasesIsStillAFailure() {
    RfmTuples noRepeats = RfmTuples.aggregate(new int[] {0, 0, 0},
        new double[] {0, 0, 0}, new double[] {10, 20, 30});
    ClvException e = org.junit.jupiter.api.Assertions.assertThrows(ClvException.class,
        () -> BgNbdModel.fit(noRepeats));
    assertTrue(e.getMessage().contains("did not converge"), e.getMessage());
  }

  @Test
  void paretoNbdWithOneDropoutRateForEveryoneHoldsSAtItsLimit() {
    // Rates ~ Gamma(0.8, 16) a week, and everyone drops out at the same rate, 0.02 a week.
    SplittableRandom random = new SplittableRandom(7);
    int n = 500;
    int[] x = new int[n];
    double[] tx = new double[n];
    double[] t = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = 1 + random.nextInt(104);
      double lambda = SyntheticPopulation.gamma(random, 0.8) / 16;
      double alive = Math.min(t[i], -Math.log(1 - random.nextDouble()) / 0.02);
      for (double time = -Math.log(1 - random.nextDouble()) / lambda; time <= alive;
          time += -Math.log(1 - random.nextDouble()) / lambda) {
        x[i]++;
        tx[i] = time;
      }
    }
    FitResult fit = ParetoNbdModel.fit(RfmTuples.aggregate(x, tx, t));
    assertTrue(fit.converged(), fit.toString());
    assertEquals(ParetoNbdModel.COMMON_DROPOUT_RATE, fit.boundary(), fit.toString());
    assertEquals(0.0, fit.penalty());
    assertEquals(ParetoNbdModel.NAME, fit.model());
    assertEquals(ParetoNbdModel.LIMIT_S, fit.param("s"));
    // The common dropout rate s / beta and the purchase process are recovered.
    assertEquals(0.02, fit.param("s") / fit.param("beta"), 0.006, fit.toString());
    assertEquals(0.8, fit.param("r"), 4 * fit.standardError("r"), fit.toString());
  }
}
