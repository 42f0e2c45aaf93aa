package brightstar.clv.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** sBG against Fader and Hardie (2007), "How to Project Customer Retention", High End cohort. */
class ShiftedBetaGeometricModelTest {
  static double[] highEnd() throws IOException {
    Path file = Path.of(System.getProperty("brightstar.shared.data"), "retention",
        "high_end_survivors.csv");
    List<String> lines = Files.readAllLines(file);
    return lines.stream().skip(1).filter(l -> !l.isBlank())
        .mapToDouble(l -> Double.parseDouble(l.split(",")[1])).toArray();
  }

  @Test
  void highEndCohortReproducesThePublishedEstimates() throws IOException {
    RenewalCounts counts = RenewalCounts.fromSurvivors(highEnd());
    assertEquals(1000, counts.totalWeight());
    // Seven years of losses and the 491 still there after seven renewals.
    assertEquals(8, counts.size());
    FitResult fit = ShiftedBetaGeometricModel.fit(counts, FitOptions.DEFAULT);
    assertTrue(fit.converged() && !fit.atBoundary(), fit.toString());
    assertEquals(0.668, fit.param("alpha"), 5e-4);
    assertEquals(3.806, fit.param("beta"), 5e-4);
    for (double se : fit.standardErrors()) {
      assertTrue(se > 0 && Double.isFinite(se), fit.toString());
    }
    // The covariance is symmetric and its diagonal squares the standard errors.
    double[][] c = fit.covariance();
    assertEquals(c[0][1], c[1][0], 1e-12);
    assertEquals(fit.standardError("alpha"), Math.sqrt(c[0][0]), 1e-12);
  }

  @Test
  void survivalAndRetentionFollowTheRecursion() {
    ShiftedBetaGeometricModel m = new ShiftedBetaGeometricModel(0.668, 3.806);
    // Year-1 retention beta / (alpha + beta); it rises with tenure.
    assertEquals(3.806 / 4.474, m.renewalProbability(1), 1e-12);
    assertTrue(m.renewalProbability(5) > m.renewalProbability(1));
    // S(t) = B(alpha, beta + t) / B(alpha, beta) in closed form.
    for (int t = 0; t <= 12; t++) {
      double closed = Math.exp(lnBeta(0.668, 3.806 + t) - lnBeta(0.668, 3.806));
      assertEquals(closed, m.survival(t), 1e-12, "S(" + t + ")");
    }
    // The published model's projection: about 49% still there after seven renewals.
    assertEquals(0.491, m.survival(7), 0.01);
  }

  @Test
  void discountedResidualLifetimeMatchesTheHypergeometricClosedForm() {
    ShiftedBetaGeometricModel m = new ShiftedBetaGeometricModel(0.668, 3.806);
    double d = 0.1;
    for (int n : new int[] {1, 2, 5}) {
      // Fader and Hardie (2010), equation 6.
      double closed = (3.806 + n - 1) / (0.668 + 3.806 + n - 1)
          * Hypergeometric.hyp2f1(1, 3.806 + n, 0.668 + 3.806 + n, 1 / (1 + d));
      assertEquals(closed, m.discountedExpectedResidualTerms(n, d), 1e-8 * closed, "n=" + n);
    }
    ClvException e = assertThrows(ClvException.class,
        () -> m.discountedExpectedResidualTerms(1, 0));
    assertTrue(e.getMessage().contains("only with discounting"), e.getMessage());
  }

  @Test
  void oneRenewalDecisionPerHistoryGivesTheGeometric() {
    // 30 left after their first term, 70 renewed once and are in their second: only the
    // churn share 0.3 is identified.
    FitResult fit = ShiftedBetaGeometricModel.fit(RenewalCounts.of(new int[] {1, 1, 0},
        new boolean[] {true, false, false}, new double[] {30, 70, 25}), FitOptions.DEFAULT);
    assertEquals(ShiftedBetaGeometricModel.ONE_DECISION, fit.boundary());
    ShiftedBetaGeometricModel m = ShiftedBetaGeometricModel.of(fit);
    assertEquals(0.7, m.renewalProbability(1), 1e-9);
    assertEquals(0.7, m.renewalProbability(5), 1e-9);
    // var(theta) = theta (1 - theta) / decisions, scaled by (alpha + beta)^2.
    assertEquals(Math.sqrt(0.3 * 0.7 / 100) * 1e10, fit.standardError("alpha"), 1);
  }

  @Test
  void badSurvivorCurvesAreRejected() {
    ClvException e = assertThrows(ClvException.class,
        () -> RenewalCounts.fromSurvivors(new double[] {1000, 900, 950}));
    assertTrue(e.getMessage().startsWith("Survivor curve rises or is negative at year 2"),
        e.getMessage());
  }

  private static double lnBeta(double a, double b) {
    return org.apache.commons.math3.special.Beta.logBeta(a, b);
  }
}
