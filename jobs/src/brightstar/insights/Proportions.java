package brightstar.insights;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Outcome rates of two groups and how they differ, in plain Java: Wilson score intervals for
 * each rate and Newcombe's hybrid score interval for their difference (Newcombe 1998, method
 * 10). Unlike the Wald interval it stays inside [-1, 1] and keeps its coverage when a group is
 * small or its rate is near 0 or 1, which is common for rare behaviours.
 */
public final class Proportions {
  private Proportions() {}

  /** A closed interval. */
  public record Interval(double low, double high) {}

  /**
   * The comparison of the customers with a behaviour and those without.
   *
   * @param rateWith outcome rate with the behaviour (NaN when nobody has it)
   * @param rateWithout outcome rate without it (NaN when everybody has it)
   * @param lift rateWith / rateWithout (NaN when rateWithout is 0 or undefined)
   * @param diff rateWith - rateWithout
   * @param diffInterval Newcombe's interval of diff (NaN bounds when a group is empty)
   */
  public record Comparison(
      double rateWith, double rateWithout, double lift, double diff, Interval diffInterval) {}

  /** The two-sided standard normal quantile of a confidence level, e.g. 1.95996 for 0.95. */
  public static double z(double confidence) {
    return new NormalDistribution().inverseCumulativeProbability(1 - (1 - confidence) / 2);
  }

  /** Wilson's score interval of {@code events / n}; NaN bounds when n is 0. */
  public static Interval wilson(long events, long n, double z) {
    if (n == 0) {
      return new Interval(Double.NaN, Double.NaN);
    }
    double p = (double) events / n;
    double z2 = z * z;
    double denominator = 1 + z2 / n;
    double centre = (p + z2 / (2.0 * n)) / denominator;
    double half = z / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
    return new Interval(Math.max(0, centre - half), Math.min(1, centre + half));
  }

  /** Newcombe's hybrid score interval of {@code e1/n1 - e2/n2}. */
  public static Interval newcombe(long e1, long n1, long e2, long n2, double z) {
    if (n1 == 0 || n2 == 0) {
      return new Interval(Double.NaN, Double.NaN);
    }
    double p1 = (double) e1 / n1;
    double p2 = (double) e2 / n2;
    Interval w1 = wilson(e1, n1, z);
    Interval w2 = wilson(e2, n2, z);
    double d = p1 - p2;
    double low = d - Math.sqrt(sq(p1 - w1.low()) + sq(w2.high() - p2));
    double high = d + Math.sqrt(sq(w1.high() - p1) + sq(p2 - w2.low()));
    return new Interval(low, high);
  }

  /**
   * Compares {@code eventsWith} of {@code nWith} customers showing a behaviour with
   * {@code eventsWithout} of {@code nWithout} not showing it.
   */
  public static Comparison compare(
      long eventsWith, long nWith, long eventsWithout, long nWithout, double z) {
    double rateWith = nWith == 0 ? Double.NaN : (double) eventsWith / nWith;
    double rateWithout = nWithout == 0 ? Double.NaN : (double) eventsWithout / nWithout;
    double lift = rateWithout > 0 ? rateWith / rateWithout : Double.NaN;
    return new Comparison(rateWith, rateWithout, lift, rateWith - rateWithout,
        newcombe(eventsWith, nWith, eventsWithout, nWithout, z));
  }

  private static double sq(double x) {
    return x * x;
  }
}
