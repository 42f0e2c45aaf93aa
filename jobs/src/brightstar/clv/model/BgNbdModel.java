package brightstar.clv.model;

import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.special.Gamma;

/**
 * The BG/NBD model of Fader, Hardie and Lee (2005), "Counting Your Customers the Easy Way":
 * while active a customer buys as a Poisson process with rate lambda ~ Gamma(r, alpha), and
 * after each repeat purchase drops out with probability p ~ Beta(a, b).
 *
 * <p>Fitting: {@link #fit(RfmTuples, FitOptions)} maximises the weighted log-likelihood
 * (paper, equation 6) over distinct (x, t_x, T) tuples with its analytic gradient. The terms
 * that depend on x alone (the log-gamma and digamma functions) are computed once per distinct
 * frequency and the logarithms once per distinct T and t_x, so an evaluation costs one exp
 * and one log1p per tuple. The two likelihood components are combined as a softplus in log
 * space, which stays finite for frequencies in the thousands.
 *
 * <p>Predictions for a customer (x, t_x, T), times in the fitted period unit: {@link
 * #probabilityAlive} (Fader, Hardie and Lee, note 021), {@link #conditionalExpectedPurchases}
 * (paper, equation 10) and {@link #expectedPurchases} (equation 9).
 */
public final class BgNbdModel implements PurchaseModel {
  public static final String NAME = "BG/NBD";
  public static final List<String> PARAMETERS = List.of("r", "alpha", "a", "b");
  /** The boundary a -&gt; 0 or b -&gt; infinity, where the fit continues with {@link NbdModel}. */
  public static final String NO_DROPOUT = "no dropout observed: BG/NBD reduces to NBD";

  private final double r;
  private final double alpha;
  private final double a;
  private final double b;

  public BgNbdModel(double r, double alpha, double a, double b) {
    this.r = Checks.positive(NAME, "r", r);
    this.alpha = Checks.positive(NAME, "alpha", alpha);
    this.a = Checks.positive(NAME, "a", a);
    this.b = Checks.positive(NAME, "b", b);
  }

  /** The model with a fit's estimates. */
  public static BgNbdModel of(FitResult fit) {
    return new BgNbdModel(fit.param("r"), fit.param("alpha"), fit.param("a"), fit.param("b"));
  }

  /** Maximum-likelihood fit with default options. */
  public static FitResult fit(RfmTuples data) {
    return fit(data, FitOptions.DEFAULT);
  }

  /**
   * Maximum-likelihood fit.
   *
   * @throws ClvException when the fit does not converge and the options require it
   */
  public static FitResult fit(RfmTuples data, FitOptions options) {
    return MaximumLikelihood.fit(new Likelihood(data), options);
  }

  /** The weighted log-likelihood of the data at the given parameters. */
  public static double logLikelihood(RfmTuples data, double r, double alpha, double a,
      double b) {
    BgNbdModel m = new BgNbdModel(r, alpha, a, b);
    return new Likelihood(data).value(new double[] {m.r, m.alpha, m.a, m.b}, null);
  }

  public double r() {
    return r;
  }

  public double alpha() {
    return alpha;
  }

  public double a() {
    return a;
  }

  public double b() {
    return b;
  }

  @Override
  public double probabilityAlive(int x, double tx, double age) {
    Checks.customer(NAME, x, tx, age);
    if (x == 0) {
      return 1.0;
    }
    return 1.0 / (1.0 + Math.exp(logDeadToAliveOdds(x, tx, age)));
  }

  /** ln[a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x)], the odds of having dropped out. */
  private double logDeadToAliveOdds(int x, double tx, double age) {
    return Math.log(a) - Math.log(b + x - 1)
        + (r + x) * (Math.log(alpha + age) - Math.log(alpha + tx));
  }

  /**
   * Equation 10 with Euler's transformation folded in: the paper's 2F1(r+x, b+x; a+b+x-1; z)
   * (alpha+T)^(r+x) / (alpha+T+t)^(r+x) equals (1-z)^(a-1) 2F1(a+b-1-r, a-1; a+b+x-1; z) with
   * z = t / (alpha+T+t), whose parameters stay small for any x, so nothing overflows.
   */
  @Override
  public double conditionalExpectedPurchases(double t, int x, double tx, double age) {
    Checks.customer(NAME, x, tx, age);
    Checks.horizon(NAME, t);
    if (t == 0) {
      return 0;
    }
    double alive = probabilityAlive(x, tx, age);
    return alive * aroundSingularity(aa -> expectedWhileAlive(aa, t, x, age));
  }

  private double expectedWhileAlive(double aa, double t, int x, double age) {
    double z = t / (alpha + age + t);
    double logOneMinusZ = -Math.log1p(t / (alpha + age));
    double product = Hypergeometric.hyp2f1Scaled(
        aa + b - 1 - r, aa - 1, aa + b + x - 1, z, (aa - 1) * logOneMinusZ);
    return (aa + b + x - 1) / (aa - 1) * (1 - product);
  }

  /**
   * Equation 9: E[X(t)] = (a+b-1)/(a-1) [1 - (alpha/(alpha+t))^r 2F1(r, b; a+b-1; t/(alpha+t))].
   */
  @Override
  public double expectedPurchases(double t) {
    Checks.horizon(NAME, t);
    if (t == 0) {
      return 0;
    }
    return aroundSingularity(aa -> {
      double z = t / (alpha + t);
      double product = Hypergeometric.hyp2f1Scaled(
          r, b, aa + b - 1, z, -r * Math.log1p(t / alpha));
      return (aa + b - 1) / (aa - 1) * (1 - product);
    });
  }

  /**
   * The expectations have the form f(a)/(a-1) with f(1) = 0: a removable singularity where
   * both parts vanish and precision is lost. Within 1e-6 of a = 1 the value is taken as the
   * mean of the two sides, exact to O(1e-12) because the expectation is smooth in a.
   */
  private double aroundSingularity(DoubleUnaryOperator inA) {
    double h = 1e-6;
    if (Math.abs(a - 1) >= h) {
      return inA.applyAsDouble(a);
    }
    return 0.5 * (inA.applyAsDouble(1 - h) + inA.applyAsDouble(1 + h));
  }

  @Override
  public String toString() {
    return NAME + "(r=" + r + ", alpha=" + alpha + ", a=" + a + ", b=" + b + ")";
  }

  /**
   * The weighted log-likelihood over distinct tuples, laid out so that an evaluation touches
   * each tuple once with one exp and one log1p.
   */
  static final class Likelihood implements MaximumLikelihood.LogLikelihood {
    private final double customers;
    private final double maxAge;
    // Per distinct frequency.
    private final int[] xs;
    private final double[] weightOfX;
    // Per tuple: indices into the distinct frequencies, ages and recencies.
    private final int[] xOf;
    private final int[] ageOf;
    private final int[] recencyOf;
    private final double[] weight;
    private final double[] ages;
    private final double[] recencies;

    private final RfmTuples data;

    Likelihood(RfmTuples data) {
      this.data = data;
      int n = data.size();
      customers = data.totalWeight();
      maxAge = data.maxAge();
      weight = new double[n];
      int[] x = new int[n];
      double[] tx = new double[n];
      double[] t = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = data.frequency(i);
        tx[i] = data.recency(i);
        t[i] = data.age(i);
        weight[i] = data.weight(i);
      }
      Dedup.Groups gx = Dedup.group(n, i -> x[i], (i, j) -> x[i] == x[j]);
      xs = new int[gx.count()];
      for (int k = 0; k < xs.length; k++) {
        xs[k] = x[gx.firstRow()[k]];
      }
      xOf = gx.groupOfRow();
      weightOfX = new double[xs.length];
      for (int i = 0; i < n; i++) {
        weightOfX[xOf[i]] += weight[i];
      }
      Dedup.Groups gt = Dedup.group(n, i -> Dedup.bits(t[i]),
          (i, j) -> Dedup.bits(t[i]) == Dedup.bits(t[j]));
      ages = pick(t, gt.firstRow());
      ageOf = gt.groupOfRow();
      Dedup.Groups gr = Dedup.group(n, i -> Dedup.bits(tx[i]),
          (i, j) -> Dedup.bits(tx[i]) == Dedup.bits(tx[j]));
      recencies = pick(tx, gr.firstRow());
      recencyOf = gr.groupOfRow();
    }

    private static double[] pick(double[] v, int[] rows) {
      double[] out = new double[rows.length];
      for (int k = 0; k < rows.length; k++) {
        out[k] = v[rows[k]];
      }
      return out;
    }

    @Override
    public String model() {
      return NAME;
    }

    @Override
    public List<String> names() {
      return PARAMETERS;
    }

    @Override
    public double[] start() {
      // Time scale from the data, as lifetimes does by rescaling T to at most 10.
      return new double[] {1, Math.max(maxAge, 1e-3) / 10, 1, 1};
    }

    @Override
    public double customers() {
      return customers;
    }

    @Override
    public int tuples() {
      return weight.length;
    }

    @Override
    public MaximumLikelihood.LogLikelihood sample(int stride) {
      return new Likelihood(data.sample(stride));
    }

    @Override
    public boolean hasGradient() {
      return true;
    }

    @Override
    public List<MaximumLikelihood.Limit> limits() {
      return List.of(MaximumLikelihood.Limit.of(NO_DROPOUT, new NbdModel.Likelihood(data)));
    }

    @Override
    public double value(double[] p, double[] gradient) {
      double r = p[0];
      double alpha = p[1];
      double a = p[2];
      double b = p[3];
      boolean grad = gradient != null;
      double ll = customers * r * Math.log(alpha);
      double dr = customers * Math.log(alpha);
      double dAlpha = customers * r / alpha;
      double da = 0;
      double db = 0;

      double lgR = Gamma.logGamma(r);
      double lgB = Gamma.logGamma(b);
      double lgAb = Gamma.logGamma(a + b);
      double psiR = grad ? Gamma.digamma(r) : 0;
      double psiB = grad ? Gamma.digamma(b) : 0;
      double psiAb = grad ? Gamma.digamma(a + b) : 0;
      double logA = Math.log(a);
      double[] logC = new double[xs.length];
      double[] invBx = new double[xs.length];
      for (int k = 0; k < xs.length; k++) {
        int x = xs[k];
        double w = weightOfX[k];
        ll += w * (Gamma.logGamma(r + x) - lgR + lgAb + Gamma.logGamma(b + x) - lgB
            - Gamma.logGamma(a + b + x));
        if (grad) {
          double psiAbx = Gamma.digamma(a + b + x);
          dr += w * (Gamma.digamma(r + x) - psiR);
          da += w * (psiAb - psiAbx);
          db += w * (psiAb + Gamma.digamma(b + x) - psiB - psiAbx);
        }
        if (x > 0) {
          logC[k] = logA - Math.log(b + x - 1);
          invBx[k] = 1 / (b + x - 1);
        }
      }
      double[] logAge = new double[ages.length];
      double[] invAge = new double[ages.length];
      for (int k = 0; k < ages.length; k++) {
        logAge[k] = Math.log(alpha + ages[k]);
        invAge[k] = 1 / (alpha + ages[k]);
      }
      double[] logRec = new double[recencies.length];
      double[] invRec = new double[recencies.length];
      for (int k = 0; k < recencies.length; k++) {
        logRec[k] = Math.log(alpha + recencies[k]);
        invRec[k] = 1 / (alpha + recencies[k]);
      }
      double[] totals = Chunks.sum(weight.length, 5, (from, to, acc) -> {
        // Sums in locals, not in acc[]: the JIT cannot keep array elements in registers.
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        for (int i = from; i < to; i++) {
          int k = xOf[i];
          int x = xs[k];
          double w = weight[i];
          double u = r + x;
          int age = ageOf[i];
          double la = logAge[age];
          if (x == 0) {
            s0 -= w * u * la;
            if (grad) {
              s1 -= w * la;
              s2 -= w * u * invAge[age];
            }
            continue;
          }
          int rec = recencyOf[i];
          double lr = logRec[rec];
          // ln R: log-odds of the "dropped out after the last purchase" component.
          double logR = logC[k] + u * (la - lr);
          double e = Math.exp(-Math.abs(logR));
          // softplus(ln R) = ln(1 + R); log(1 + e) for e in (0, 1] loses nothing that matters
          // here and, unlike log1p, is a JIT intrinsic.
          s0 += w * (-u * la + Math.max(logR, 0) + Math.log(1 + e));
          if (grad) {
            double inv = 1 / (1 + e);
            double dead = logR > 0 ? inv : e * inv;
            s1 += w * (-la + dead * (la - lr));
            s2 -= w * u * ((1 - dead) * invAge[age] + dead * invRec[rec]);
            s3 += w * dead;
            s4 -= w * dead * invBx[k];
          }
        }
        acc[0] += s0;
        acc[1] += s1;
        acc[2] += s2;
        acc[3] += s3;
        acc[4] += s4;
      });
      double sum = totals[0];
      double sumDr = totals[1];
      double sumDalpha = totals[2];
      double sumDa = totals[3];
      double sumDb = totals[4];
      if (grad) {
        gradient[0] = dr + sumDr;
        gradient[1] = dAlpha + sumDalpha;
        gradient[2] = da + sumDa / a;
        gradient[3] = db + sumDb;
      }
      return ll + sum;
    }
  }
}
