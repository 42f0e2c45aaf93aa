package brightstar.clv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brightstar.bench.SyntheticPopulation;
import brightstar.clv.model.BgNbdModel;
import brightstar.clv.model.CustomerValue;
import brightstar.clv.model.FitResult;
import brightstar.clv.model.GammaGammaModel;
import brightstar.clv.model.PeriodUnit;
import brightstar.clv.model.PurchaseModelType;
import brightstar.clv.model.RfmTuples;
import brightstar.clv.model.SpendTuples;
import java.util.Arrays;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

/**
 * The 90% interval of gold.clv (delta method on the log-parameters, log-normal bounds) against
 * brute-force resampling of the parameters from the fits' covariances, on 5,000 customers
 * drawn from the CDNOW estimates.
 */
class ClvIntervalTest {
  @Test
  void deltaMethodBoundsAgreeWithParameterResampling() {
    SyntheticPopulation pop = SyntheticPopulation.draw(
        new BgNbdModel(0.243, 4.414, 0.793, 2.426), new GammaGammaModel(6.25, 3.74, 15.44),
        5000, 730, PeriodUnit.WEEK, 17);
    FitResult purchases = BgNbdModel.fit(RfmTuples.aggregate(pop.frequency(), pop.recency(),
        pop.age()));
    int repeat = (int) Arrays.stream(pop.frequency()).filter(x -> x > 0).count();
    int[] x = new int[repeat];
    double[] m = new double[repeat];
    for (int i = 0, k = 0; i < pop.frequency().length; i++) {
      if (pop.frequency()[i] > 0) {
        x[k] = pop.frequency()[i];
        m[k++] = pop.monetary()[i];
      }
    }
    FitResult spend = GammaGammaModel.fit(SpendTuples.aggregate(x, m));
    ClvScorer scorer = new ClvScorer(PurchaseModelType.BGNBD, purchases, spend,
        PeriodUnit.WEEK, 12, 0.01);

    double[][] p = ClvJobTest.logNormalDraws(purchases, new Well19937c(1), 4000);
    double[][] s = ClvJobTest.logNormalDraws(spend, new Well19937c(2), 4000);
    // Customers: recent frequent buyer, lapsed frequent buyer, one repeat, new-ish.
    double[][] customers = {{8, 90, 100, 40}, {8, 20, 100, 40}, {1, 30, 60, 25},
        {3, 10, 12, 60}};
    for (double[] c : customers) {
      int cx = (int) c[0];
      double[] clvVar = scorer.clvAndVariance(cx, c[1], c[2], cx, c[3]);
      double sigma2 = Math.log1p(clvVar[1] / (clvVar[0] * clvVar[0]));
      double mu = Math.log(clvVar[0]) - sigma2 / 2;
      double low = Math.exp(mu - ClvTables.Z_95 * Math.sqrt(sigma2));
      double high = Math.exp(mu + ClvTables.Z_95 * Math.sqrt(sigma2));

      double[] draws = new double[p.length];
      for (int k = 0; k < draws.length; k++) {
        GammaGammaModel g = new GammaGammaModel(s[k][0], s[k][1], s[k][2]);
        draws[k] = CustomerValue.discountedClv(
            new BgNbdModel(p[k][0], p[k][1], p[k][2], p[k][3]), cx, c[1], c[2],
            g.conditionalExpectedAverageValue(cx, c[3]), 12, 0.01,
            PeriodUnit.WEEK.periodsPerMonth());
      }
      Arrays.sort(draws);
      double mcLow = draws[(int) (0.05 * draws.length)];
      double mcHigh = draws[(int) (0.95 * draws.length)];
      String both = Arrays.toString(c) + ": resampled [" + mcLow + ", " + mcHigh
          + "], delta method [" + low + ", " + high + "], clv " + clvVar[0];
      assertTrue(low < clvVar[0] && clvVar[0] < high, both);
      assertEquals(mcLow, low, 0.02 * mcLow, both);
      assertEquals(mcHigh, high, 0.02 * mcHigh, both);
      System.out.println(both);
    }
  }
}
