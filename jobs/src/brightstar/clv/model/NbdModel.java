package brightstar.clv.model;

import java.util.List;
import org.apache.commons.math3.special.Gamma;

/**
 * The NBD model (Ehrenberg 1959): every customer buys as a Poisson process with rate lambda ~
 * Gamma(r, alpha) and never drops out. It is the limit of BG/NBD as the dropout probability
 * goes to 0 (a -&gt; 0 or b -&gt; infinity) and of Pareto/NBD as the dropout rate does (s -&gt; 0
 * or beta -&gt; infinity with s / beta -&gt; 0): the fit a boundary optimum of either continues
 * with (see {@link MaximumLikelihood.Limit}).
 *
 * <p>Likelihood of x repeat purchases at given times in (0, T]: Gamma(r+x) alpha^r /
 * (Gamma(r) (alpha+T)^(r+x)); the purchase times beyond their count carry no information, so
 * t_x drops out. Predictions: P(alive) = 1; E[purchases in (T, T+t] | x, T] = (r+x) t /
 * (alpha+T); E[purchases in (0, t]] = r t / alpha.
 */
public final class NbdModel implements PurchaseModel {
  public static final String NAME = "NBD";
  public static final List<String> PARAMETERS = List.of("r", "alpha");

  private final double r;
  private final double alpha;

  public NbdModel(double r, double alpha) {
    this.r = Checks.positive(NAME, "r", r);
    this.alpha = Checks.positive(NAME, "alpha", alpha);
  }

  /** Maximum-likelihood fit. */
  public static FitResult fit(RfmTuples data, FitOptions options) {
    return MaximumLikelihood.fit(new Likelihood(data), options);
  }

  public double r() {
    return r;
  }

  public double alpha() {
    return alpha;
  }

  @Override
  public double probabilityAlive(int x, double tx, double age) {
    Checks.customer(NAME, x, tx, age);
    return 1.0;
  }

  @Override
  public double conditionalExpectedPurchases(double t, int x, double tx, double age) {
    Checks.customer(NAME, x, tx, age);
    Checks.horizon(NAME, t);
    return (r + x) * t / (alpha + age);
  }

  @Override
  public double expectedPurchases(double t) {
    Checks.horizon(NAME, t);
    return r * t / alpha;
  }

  @Override
  public String toString() {
    return NAME + "(r=" + r + ", alpha=" + alpha + ")";
  }

  /** The weighted log-likelihood, log-gamma terms once per distinct x, one log per tuple. */
  static final class Likelihood implements MaximumLikelihood.LogLikelihood {
    private final RfmTuples data;
    private final double customers;
    private final double maxAge;
    private final int[] xs;
    private final double[] weightOfX;
    private final int[] frequency;
    private final double[] age;
    private final double[] weight;

    Likelihood(RfmTuples data) {
      this.data = data;
      int n = data.size();
      customers = data.totalWeight();
      maxAge = data.maxAge();
      frequency = new int[n];
      age = new double[n];
      weight = new double[n];
      for (int i = 0; i < n; i++) {
        frequency[i] = data.frequency(i);
        age[i] = data.age(i);
        weight[i] = data.weight(i);
      }
      Dedup.Groups g = Dedup.group(n, i -> frequency[i], (i, j) -> frequency[i] == frequency[j]);
      xs = new int[g.count()];
      weightOfX = new double[xs.length];
      for (int k = 0; k < xs.length; k++) {
        xs[k] = frequency[g.firstRow()[k]];
      }
      for (int i = 0; i < n; i++) {
        weightOfX[g.groupOfRow()[i]] += weight[i];
      }
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
      return new double[] {1, Math.max(maxAge, 1e-3) / 10};
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
    public double value(double[] p, double[] gradient) {
      double r = p[0];
      double alpha = p[1];
      boolean grad = gradient != null;
      double logAlpha = Math.log(alpha);
      double lgR = Gamma.logGamma(r);
      double psiR = grad ? Gamma.digamma(r) : 0;
      double ll = customers * (r * logAlpha - lgR);
      double dr = customers * (logAlpha - psiR);
      double dAlpha = customers * r / alpha;
      for (int k = 0; k < xs.length; k++) {
        ll += weightOfX[k] * Gamma.logGamma(r + xs[k]);
        if (grad) {
          dr += weightOfX[k] * Gamma.digamma(r + xs[k]);
        }
      }
      double[] totals = Chunks.sum(weight.length, 3, (from, to, acc) -> {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        for (int i = from; i < to; i++) {
          double w = weight[i];
          double u = r + frequency[i];
          double la = Math.log(alpha + age[i]);
          s0 -= w * u * la;
          if (grad) {
            s1 -= w * la;
            s2 -= w * u / (alpha + age[i]);
          }
        }
        acc[0] += s0;
        acc[1] += s1;
        acc[2] += s2;
      });
      if (grad) {
        gradient[0] = dr + totals[1];
        gradient[1] = dAlpha + totals[2];
      }
      return ll + totals[0];
    }
  }
}
