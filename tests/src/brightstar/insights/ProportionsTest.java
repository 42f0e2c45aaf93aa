package brightstar.insights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Rates, lift and intervals against hand-computed values and the worked examples of Newcombe,
 * "Interval estimation for the difference between independent proportions", Statistics in
 * Medicine 17 (1998), Table II, method 10 (four decimals as published).
 */
class ProportionsTest {
  private static final double Z = Proportions.z(0.95);

  @Test
  void theNinetyFivePercentQuantileIsTheFamiliarOne() {
    assertEquals(1.959964, Z, 1e-6);
    assertEquals(2.575829, Proportions.z(0.99), 1e-6);
  }

  @Test
  void wilsonIntervalMatchesThePublishedExample() {
    // 81 of 263: Newcombe (1998, single proportion companion paper) gives 0.2553 to 0.3662.
    Proportions.Interval w = Proportions.wilson(81, 263, Z);
    assertEquals(0.2553, w.low(), 5e-5);
    assertEquals(0.3662, w.high(), 5e-5);
    // 0 of 10 by hand: centre = (z^2/20) / (1 + z^2/10) = half width, so low is exactly 0.
    Proportions.Interval none = Proportions.wilson(0, 10, Z);
    assertEquals(0.0, none.low(), 1e-12);
    assertEquals(2 * (Z * Z / 20) / (1 + Z * Z / 10), none.high(), 1e-12);
  }

  @Test
  void newcombeIntervalMatchesThePublishedExamples() {
    assertInterval(0.0524, 0.3339, Proportions.newcombe(56, 70, 48, 80, Z));
    assertInterval(0.1705, 0.8090, Proportions.newcombe(9, 10, 3, 10, Z));
    assertInterval(0.0582, 0.8062, Proportions.newcombe(6, 7, 2, 7, Z));
    assertInterval(-0.0381, 0.1926, Proportions.newcombe(5, 56, 0, 29, Z));
  }

  @Test
  void compareGivesRatesLiftAndDifference() {
    Proportions.Comparison c = Proportions.compare(30, 100, 10, 100, Z);
    assertEquals(0.30, c.rateWith(), 1e-12);
    assertEquals(0.10, c.rateWithout(), 1e-12);
    assertEquals(3.0, c.lift(), 1e-12);
    assertEquals(0.20, c.diff(), 1e-12);
    // Wider than Wald (0.2 +- 1.96 * sqrt(.3*.7/100 + .1*.9/100) = 0.0926 .. 0.3074) at the
    // bottom, because the rate near 0 is bounded.
    assertTrue(c.diffInterval().low() > 0.08 && c.diffInterval().low() < 0.0926,
        "low " + c.diffInterval().low());
    assertTrue(c.diffInterval().high() < 0.31, "high " + c.diffInterval().high());
  }

  @Test
  void anEmptyGroupHasNoRateLiftOrInterval() {
    Proportions.Comparison nobody = Proportions.compare(0, 0, 10, 100, Z);
    assertTrue(Double.isNaN(nobody.rateWith()));
    assertTrue(Double.isNaN(nobody.lift()));
    assertTrue(Double.isNaN(nobody.diffInterval().low()));
    Proportions.Comparison zeroWithout = Proportions.compare(5, 10, 0, 90, Z);
    assertEquals(0.0, zeroWithout.rateWithout());
    assertTrue(Double.isNaN(zeroWithout.lift()), "lift over a rate of 0 is undefined");
  }

  private static void assertInterval(double low, double high, Proportions.Interval actual) {
    assertEquals(low, actual.low(), 5e-5, "low");
    assertEquals(high, actual.high(), 5e-5, "high");
  }
}
