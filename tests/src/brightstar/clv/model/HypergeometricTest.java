package brightstar.clv.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.api.Test;

/**
 * 2F1 against closed forms (Abramowitz and Stegun 15.1) and against values computed with
 * mpmath.hyp2f1 at 30 significant digits for the same double inputs.
 */
class HypergeometricTest {
  private static void assertRelative(double expected, double actual, double tolerance) {
    assertEquals(expected, actual, Math.abs(expected) * tolerance, "relative to " + expected);
  }

  @Test
  void logarithmClosedFormHoldsFromNegativeArgumentsToNearOne() {
    // 2F1(1, 1; 2; z) = -ln(1 - z) / z; c-a-b = 0 is an integer, so z > 0.9 stays on the series.
    for (double z : new double[] {-5, -0.5, 0.3, 0.9, 0.95, 0.999}) {
      assertRelative(-Math.log1p(-z) / z, Hypergeometric.hyp2f1(1, 1, 2, z), 1e-13);
    }
  }

  @Test
  void binomialClosedFormHolds() {
    // 2F1(a, b; b; z) = (1 - z)^-a
    assertRelative(Math.pow(0.4, -2.5), Hypergeometric.hyp2f1(2.5, 3.3, 3.3, 0.6), 1e-13);
    assertRelative(Math.pow(4.0, -2.5), Hypergeometric.hyp2f1(2.5, 3.3, 3.3, -3), 1e-13);
    assertRelative(Math.pow(0.02, -2.5), Hypergeometric.hyp2f1(2.5, 3.3, 3.3, 0.98), 1e-12);
  }

  @Test
  void arcsineClosedFormHoldsOnTheConnectionFormulaBranch() {
    // 2F1(1/2, 1/2; 3/2; x^2) = asin(x) / x; x^2 = 0.98 takes the 1-z connection formula.
    for (double x : new double[] {0.5, 0.97, Math.sqrt(0.98), 0.9999}) {
      assertRelative(Math.asin(x) / x, Hypergeometric.hyp2f1(0.5, 0.5, 1.5, x * x), 1e-12);
    }
  }

  @Test
  void arctangentClosedFormHoldsForLargeNegativeArguments() {
    // 2F1(1/2, 1; 3/2; -x^2) = atan(x) / x, through Pfaff's transformation.
    for (double x : new double[] {0.3, 2, 10, 1000}) {
      assertRelative(Math.atan(x) / x, Hypergeometric.hyp2f1(0.5, 1, 1.5, -x * x), 1e-12);
    }
  }

  @Test
  void trigonometricClosedFormHolds() {
    // 2F1(a, 1-a; 3/2; sin^2 x) = sin((2a-1)x) / ((2a-1) sin x)
    double a = 0.3;
    for (double x : new double[] {0.4, 1.2, 1.4}) {
      double z = Math.sin(x) * Math.sin(x);
      double expected = Math.sin((2 * a - 1) * x) / ((2 * a - 1) * Math.sin(x));
      assertRelative(expected, Hypergeometric.hyp2f1(a, 1 - a, 1.5, z), 1e-12);
    }
  }

  @Test
  void gaussSummationGivesTheValueAtOne() {
    double expected = Math.exp(Gamma.logGamma(2.5) + Gamma.logGamma(1.5)
        - Gamma.logGamma(2.2) - Gamma.logGamma(1.8));
    assertRelative(expected, Hypergeometric.hyp2f1(0.3, 0.7, 2.5, 1), 1e-14);
    assertRelative(expected, Hypergeometric.hyp2f1(0.3, 0.7, 2.5, 1 - 1e-9), 1e-7);
  }

  @Test
  void terminatingSeriesIsTheExactPolynomial() {
    // 2F1(-3, 2; 5; z) has four terms.
    double z = 0.7;
    double expected = 1 - 6.0 / 5 * z + 36.0 / 60 * z * z - 144.0 / 1260 * z * z * z;
    assertRelative(expected, Hypergeometric.hyp2f1(-3, 2, 5, z), 1e-14);
  }

  @Test
  void matchesMpmathWhereTheValueIsFarBeyondTheDoubleRange() {
    // Shapes met in the models: Pareto/NBD A0 with x = 400, BG/NBD expectation with x = 200.
    double z1 = (2.82 - 0.00798565181) / (2.82 + 5);
    assertRelative(182.49752048155329256,
        Hypergeometric.logHyp2f1(413.5516, 410.5, 414.5516, z1), 1e-13);
    double z2 = 39 / (4.414 + 38.86 + 39);
    assertRelative(128.78879400563487268,
        Hypergeometric.logHyp2f1(200.243, 202.426, 202.219, z2), 1e-13);
    assertRelative(457.74729627833124738, Hypergeometric.logHyp2f1(500, 500, 1001, 0.93), 1e-13);
    assertRelative(6.2679407113713733806e198, Hypergeometric.hyp2f1(500, 500, 1001, 0.93), 1e-12);
  }

  @Test
  void matchesMpmathOnOrdinaryArguments() {
    assertRelative(5678.9411542555228937, Hypergeometric.hyp2f1(2.5, 1.5, 1.2, 0.95), 1e-12);
    assertRelative(6.8260108573670774173, Hypergeometric.hyp2f1(0.3, 0.4, 0.2, 0.97), 1e-12);
    assertRelative(1209.3257012991438096, Hypergeometric.hyp2f1(-2.5, 3.7, 1.3, -7.0), 1e-12);
    assertRelative(-0.1364387666691341829, Hypergeometric.hyp2f1(1.7, 2.3, 0.6, -0.5), 1e-12);
  }

  @Test
  void rejectsArgumentsOutsideTheDomainWithTheReason() {
    ClvException pole = assertThrows(ClvException.class,
        () -> Hypergeometric.hyp2f1(1, 1, -2, 0.5));
    assertTrue(pole.getMessage().contains("must not be zero or a negative integer"));
    ClvException outside = assertThrows(ClvException.class,
        () -> Hypergeometric.hyp2f1(1, 1, 2, 1.5));
    assertTrue(outside.getMessage().contains("only real z <= 1"));
    ClvException divergent = assertThrows(ClvException.class,
        () -> Hypergeometric.hyp2f1(1, 1, 1.5, 1));
    assertTrue(divergent.getMessage().contains("c - a - b > 0"));
    assertThrows(ClvException.class, () -> Hypergeometric.logHyp2f1(1.7, 2.3, 0.6, -0.5));
  }
}
