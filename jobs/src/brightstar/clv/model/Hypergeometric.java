package brightstar.clv.model;

import org.apache.commons.math3.special.Gamma;

/**
 * The Gauss hypergeometric function 2F1(a, b; c; z) for real arguments and z &lt;= 1, which
 * commons-math3 does not provide and the Pareto/NBD and BG/NBD expectations need.
 *
 * <p>Inputs: real a, b, c (c not zero or a negative integer) and z &lt;= 1. Outputs: the value,
 * or its logarithm when the value is positive ({@link #logHyp2f1}); the log form never
 * overflows, which matters for customers with hundreds of purchases, where 2F1 itself exceeds
 * the double range.
 *
 * <p>Method, in the order applied:
 *
 * <ol>
 *   <li>z &lt; 0: Pfaff's transformation 2F1(a,b;c;z) = (1-z)^-a 2F1(a, c-b; c; z/(z-1)) maps
 *       the argument into [0, 1).
 *   <li>c-a-b &lt; 0: Euler's transformation 2F1(a,b;c;z) = (1-z)^(c-a-b) 2F1(c-a, c-b; c; z)
 *       turns a series whose terms grow like (1-z)^(c-a-b) into one whose sum stays bounded as
 *       z approaches 1 (the transformation lifetimes falls back to when the direct value is
 *       infinite).
 *   <li>z &lt;= 0.9, a terminating series, or c-a-b within 1e-3 of an integer: the Gauss series
 *       summed until the terms no longer change the sum, rescaled as it goes so large terms
 *       cannot overflow.
 *   <li>Otherwise the connection formula to 1-z (Abramowitz and Stegun 15.3.6), whose two
 *       series converge in a few dozen terms. It is avoided near integer c-a-b, where its two
 *       halves have poles that cancel and would lose precision.
 *   <li>z = 1: Gauss's summation theorem, defined when c-a-b &gt; 0.
 * </ol>
 */
public final class Hypergeometric {
  /** Beyond this many terms the direct series is declared non-convergent. */
  static final int MAX_TERMS = 20_000_000;

  private static final double DIRECT_SERIES_LIMIT = 0.9;
  private static final double NEAR_INTEGER = 1e-3;
  private static final double RESCALE_ABOVE = 1e200;

  private Hypergeometric() {}

  /** 2F1(a, b; c; z); may be infinite when the true value exceeds the double range. */
  public static double hyp2f1(double a, double b, double c, double z) {
    Scaled s = scaled(a, b, c, z);
    return s.value * Math.exp(s.logScale);
  }

  /**
   * ln 2F1(a, b; c; z) for a positive value.
   *
   * @throws ClvException if the value is zero or negative, where no logarithm exists
   */
  public static double logHyp2f1(double a, double b, double c, double z) {
    Scaled s = scaled(a, b, c, z);
    if (!(s.value > 0)) {
      throw ClvException.of(
          "2F1(" + a + ", " + b + "; " + c + "; " + z + ") = " + s.value + " has no logarithm",
          "the log form is defined only for positive values",
          "call hyp2f1 for arguments where the function can be zero or negative");
    }
    return s.logScale + Math.log(s.value);
  }

  /**
   * 2F1(a, b; c; z) * exp(logFactor), for products whose factors over- or underflow on their
   * own but not together; the sign of 2F1 is kept.
   */
  public static double hyp2f1Scaled(double a, double b, double c, double z, double logFactor) {
    Scaled s = scaled(a, b, c, z);
    return s.value * Math.exp(s.logScale + logFactor);
  }

  /** The value as value * exp(logScale), so that huge results keep their precision. */
  private record Scaled(double logScale, double value) {}

  private static Scaled scaled(double a, double b, double c, double z) {
    validate(a, b, c, z);
    if (z == 0 || a == 0 || b == 0) {
      return new Scaled(0, 1);
    }
    if (z < 0) {
      double w = z / (z - 1);
      Scaled inner = scaled(a, c - b, c, w);
      return new Scaled(inner.logScale - a * Math.log1p(-z), inner.value);
    }
    if (z == 1) {
      return gaussSum(a, b, c);
    }
    if (isNonPositiveInteger(a) || isNonPositiveInteger(b)) {
      return series(a, b, c, z);
    }
    double excess = c - a - b;
    if (excess < 0) {
      Scaled inner = unitInterval(c - a, c - b, c, z);
      return new Scaled(inner.logScale + excess * Math.log1p(-z), inner.value);
    }
    return unitInterval(a, b, c, z);
  }

  /** 0 &lt; z &lt; 1 with c-a-b &gt;= 0, or a terminating series after Euler's transformation. */
  private static Scaled unitInterval(double a, double b, double c, double z) {
    double excess = c - a - b;
    boolean terminates = isNonPositiveInteger(a) || isNonPositiveInteger(b);
    if (z <= DIRECT_SERIES_LIMIT || terminates || nearInteger(excess)) {
      return series(a, b, c, z);
    }
    return connection(a, b, c, z);
  }

  /**
   * A&amp;S 15.3.6: 2F1(a,b;c;z) = G1 2F1(a, b; a+b-c+1; 1-z) + (1-z)^(c-a-b) G2 2F1(c-a, c-b;
   * c-a-b+1; 1-z) with G1 = G(c)G(c-a-b)/(G(c-a)G(c-b)) and G2 = G(c)G(a+b-c)/(G(a)G(b)).
   */
  private static Scaled connection(double a, double b, double c, double z) {
    double w = 1 - z;
    double excess = c - a - b;
    SignedLog g1 = SignedLog.gamma(c).times(SignedLog.gamma(excess))
        .over(SignedLog.gamma(c - a)).over(SignedLog.gamma(c - b));
    SignedLog g2 = SignedLog.gamma(c).times(SignedLog.gamma(-excess))
        .over(SignedLog.gamma(a)).over(SignedLog.gamma(b));
    Scaled s1 = series(a, b, 1 - excess, w);
    Scaled s2 = series(c - a, c - b, 1 + excess, w);
    double log1 = g1.log + s1.logScale;
    double log2 = g2.log + s2.logScale + excess * Math.log(w);
    double shift = Math.max(zeroSafe(log1, g1.sign), zeroSafe(log2, g2.sign));
    double v1 = g1.sign == 0 ? 0 : g1.sign * s1.value * Math.exp(log1 - shift);
    double v2 = g2.sign == 0 ? 0 : g2.sign * s2.value * Math.exp(log2 - shift);
    return new Scaled(shift, v1 + v2);
  }

  private static double zeroSafe(double log, int sign) {
    return sign == 0 ? Double.NEGATIVE_INFINITY : log;
  }

  /** Gauss's theorem: 2F1(a,b;c;1) = G(c)G(c-a-b)/(G(c-a)G(c-b)) for c-a-b &gt; 0. */
  private static Scaled gaussSum(double a, double b, double c) {
    if (!(c - a - b > 0)) {
      throw ClvException.of(
          "2F1(" + a + ", " + b + "; " + c + "; 1) diverges",
          "at z = 1 the series converges only when c - a - b > 0",
          "evaluate at z < 1");
    }
    SignedLog g = SignedLog.gamma(c).times(SignedLog.gamma(c - a - b))
        .over(SignedLog.gamma(c - a)).over(SignedLog.gamma(c - b));
    return g.sign == 0 ? new Scaled(0, 0) : new Scaled(g.log, g.sign);
  }

  /**
   * The Gauss series sum (a)_n (b)_n / ((c)_n n!) z^n, for |z| &lt; 1 or a terminating series.
   * Sum and term are rescaled together when they grow large, the scale kept as a logarithm.
   */
  private static Scaled series(double a, double b, double c, double z) {
    double logScale = 0;
    double term = 1;
    double sum = 1;
    for (int n = 0; n < MAX_TERMS; n++) {
      double an = a + n;
      double bn = b + n;
      if (an == 0 || bn == 0) {
        return new Scaled(logScale, sum);
      }
      term *= an * bn / ((c + n) * (n + 1)) * z;
      double next = sum + term;
      // Stop once the term no longer moves the sum and the terms are shrinking: in the
      // growing phase a small term can still be followed by larger ones.
      if (next == sum && Math.abs((an + 1) * (bn + 1) * z) < Math.abs((c + n + 1) * (n + 2))) {
        return new Scaled(logScale, sum);
      }
      sum = next;
      if (Math.abs(sum) > RESCALE_ABOVE) {
        logScale += Math.log(RESCALE_ABOVE);
        sum /= RESCALE_ABOVE;
        term /= RESCALE_ABOVE;
      }
    }
    throw ClvException.of(
        "2F1(" + a + ", " + b + "; " + c + "; " + z + ") did not converge in " + MAX_TERMS
            + " terms",
        "z is so close to 1 that the series needs more terms than allowed",
        "check the inputs: in the CLV models z this close to 1 means a horizon or age many "
            + "orders of magnitude larger than the scale parameter");
  }

  private static void validate(double a, double b, double c, double z) {
    if (!Double.isFinite(a) || !Double.isFinite(b) || !Double.isFinite(c) || !Double.isFinite(z)) {
      throw ClvException.of(
          "2F1(" + a + ", " + b + "; " + c + "; " + z + ") has a non-finite argument",
          "a, b and c must be finite numbers and z a number",
          "check the model parameters and customer values passed in");
    }
    if (z > 1) {
      throw ClvException.of(
          "2F1 at z = " + z + " is outside the supported range",
          "only real z <= 1 is supported, where the function is real-valued",
          "use an argument z <= 1");
    }
    if (isNonPositiveInteger(c)) {
      throw ClvException.of(
          "2F1 with c = " + c + " is undefined",
          "c must not be zero or a negative integer, where the series has a pole",
          "use a c that is not zero or a negative integer");
    }
  }

  private static boolean isNonPositiveInteger(double v) {
    return v <= 0 && v == Math.rint(v);
  }

  private static boolean nearInteger(double v) {
    return Math.abs(v - Math.rint(v)) < NEAR_INTEGER;
  }

  /** A signed quantity held as sign and ln|value|; sign 0 stands for exactly zero. */
  private record SignedLog(double log, int sign) {
    /** G(x), or 1/G(x) = 0 at the poles x = 0, -1, -2, ... (sign 0 marks a pole). */
    static SignedLog gamma(double x) {
      if (x > 0) {
        return new SignedLog(Gamma.logGamma(x), 1);
      }
      if (isNonPositiveInteger(x)) {
        return new SignedLog(Double.POSITIVE_INFINITY, 0);
      }
      // Reflection: G(x) = pi / (sin(pi x) G(1 - x)) for negative non-integer x.
      double sin = Math.sin(Math.PI * x);
      return new SignedLog(
          Math.log(Math.PI) - Math.log(Math.abs(sin)) - Gamma.logGamma(1 - x),
          sin > 0 ? 1 : -1);
    }

    SignedLog times(SignedLog o) {
      return new SignedLog(log + o.log, sign * o.sign);
    }

    /** Division; a pole in the divisor (sign 0) makes the quotient exactly zero. */
    SignedLog over(SignedLog o) {
      if (o.sign == 0 || sign == 0) {
        return new SignedLog(Double.NEGATIVE_INFINITY, 0);
      }
      return new SignedLog(log - o.log, sign * o.sign);
    }
  }
}
