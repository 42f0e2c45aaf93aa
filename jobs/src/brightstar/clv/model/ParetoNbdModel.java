package brightstar.clv.model;

import java.util.List;
import org.apache.commons.math3.special.Gamma;

/**
 * The Pareto/NBD model of Schmittlein, Morrison and Colombo (1987): while active a customer
 * buys as a Poisson process with rate lambda ~ Gamma(r, alpha) and drops out at an exponential
 * time with rate mu ~ Gamma(s, beta).
 *
 * <p>Likelihood as in Fader and Hardie, "A Note on Deriving the Pareto/NBD Model and Related
 * Expressions" (2005, equations 18-20) and their MATLAB note: L = G(r+x) alpha^r beta^s / G(r)
 * [ (alpha+T)^-(r+x) (beta+T)^-s + s/(r+s+x) A0 ], where A0 = F(t_x) - F(T) with F(y) =
 * 2F1(r+s+x, k; r+s+x+1; |alpha-beta| / (max(alpha,beta)+y)) / (max(alpha,beta)+y)^(r+s+x),
 * k = r+x when alpha &lt; beta and s+1 otherwise, so the argument of 2F1 lies in [0, 1). All of
 * it is computed in log space ({@link Hypergeometric#logHyp2f1}), so customers with hundreds
 * of purchases do not overflow. The likelihood has no practical analytic gradient (it would
 * need derivatives of 2F1 in its parameters), so the fit uses BOBYQA.
 *
 * <p>Predictions (note, equations 36-41): {@link #probabilityAlive}, {@link
 * #conditionalExpectedPurchases} and {@link #expectedPurchases}.
 */
public final class ParetoNbdModel implements PurchaseModel {
  public static final String NAME = "Pareto/NBD";
  public static final List<String> PARAMETERS = List.of("r", "alpha", "s", "beta");
  /** The boundary s -&gt; 0 or beta -&gt; infinity: the fit continues with {@link NbdModel}. */
  public static final String NO_DROPOUT = "no dropout observed: Pareto/NBD reduces to NBD";
  /**
   * The boundary s, beta -&gt; infinity with s / beta finite: everyone drops out at one rate
   * mu = s / beta. The fit continues with s held at {@link #LIMIT_S} (dropout rates with a
   * coefficient of variation of 1 / sqrt(s) = 1%; larger s overflow the hypergeometric series
   * of the likelihood) and r, alpha, beta fitted, accepted when a likelihood-ratio test could
   * not tell it from the best the full model reached (within {@link #LIMIT_SLACK}).
   */
  public static final String COMMON_DROPOUT_RATE = "dropout rates do not vary across "
      + "customers (s and beta run off to infinity together): Pareto/NBD with s held at 1e4, "
      + "one dropout rate s / beta for everyone";
  static final double LIMIT_S = 1e4;
  /** Half the 95% quantile of chi-square with one degree of freedom. */
  static final double LIMIT_SLACK = 1.92;

  private final double r;
  private final double alpha;
  private final double s;
  private final double beta;

  public ParetoNbdModel(double r, double alpha, double s, double beta) {
    this.r = Checks.positive(NAME, "r", r);
    this.alpha = Checks.positive(NAME, "alpha", alpha);
    this.s = Checks.positive(NAME, "s", s);
    this.beta = Checks.positive(NAME, "beta", beta);
  }

  /** The model with a fit's estimates. */
  public static ParetoNbdModel of(FitResult fit) {
    return new ParetoNbdModel(
        fit.param("r"), fit.param("alpha"), fit.param("s"), fit.param("beta"));
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
  public static double logLikelihood(RfmTuples data, double r, double alpha, double s,
      double beta) {
    ParetoNbdModel m = new ParetoNbdModel(r, alpha, s, beta);
    return new Likelihood(data).value(new double[] {m.r, m.alpha, m.s, m.beta}, null);
  }

  public double r() {
    return r;
  }

  public double alpha() {
    return alpha;
  }

  public double s() {
    return s;
  }

  public double beta() {
    return beta;
  }

  /** One customer's log-likelihood. */
  public double logLikelihood(int x, double tx, double age) {
    Checks.customer(NAME, x, tx, age);
    return logLikelihood(r, alpha, s, beta, x, tx, age);
  }

  static double logLikelihood(double r, double alpha, double s, double beta, int x, double tx,
      double age) {
    double head = Gamma.logGamma(r + x) - Gamma.logGamma(r) + r * Math.log(alpha)
        + s * Math.log(beta);
    return head + logAliveAndDeadTerms(r, alpha, s, beta, x, tx, age);
  }

  /** ln[(alpha+T)^-(r+x) (beta+T)^-s + s/(r+s+x) A0]. */
  private static double logAliveAndDeadTerms(double r, double alpha, double s, double beta,
      int x, double tx, double age) {
    double alive = -(r + x) * Math.log(alpha + age) - s * Math.log(beta + age);
    double dead = Math.log(s) - Math.log(r + s + x) + logA0(r, alpha, s, beta, x, tx, age);
    return logAddExp(alive, dead);
  }

  /** ln A0, or -infinity when A0 = 0 (t_x = T: no time in which to have dropped out). */
  static double logA0(double r, double alpha, double s, double beta, int x, double tx,
      double age) {
    double rsx = r + s + x;
    double max = Math.max(alpha, beta);
    double k = alpha < beta ? r + x : s + 1;
    double diff = Math.abs(alpha - beta);
    double atRecency = Hypergeometric.logHyp2f1(rsx, k, rsx + 1, diff / (max + tx))
        - rsx * Math.log(max + tx);
    double atAge = Hypergeometric.logHyp2f1(rsx, k, rsx + 1, diff / (max + age))
        - rsx * Math.log(max + age);
    if (!(atAge < atRecency)) {
      return Double.NEGATIVE_INFINITY;
    }
    return atRecency + Math.log(-Math.expm1(atAge - atRecency));
  }

  private static double logAddExp(double u, double v) {
    double m = Math.max(u, v);
    if (m == Double.NEGATIVE_INFINITY) {
      return m;
    }
    return m + Math.log1p(Math.exp(-Math.abs(u - v)));
  }

  /** Equation 36: 1 / (1 + s/(r+s+x) (alpha+T)^(r+x) (beta+T)^s A0). */
  @Override
  public double probabilityAlive(int x, double tx, double age) {
    Checks.customer(NAME, x, tx, age);
    double logOdds = Math.log(s) - Math.log(r + s + x) + (r + x) * Math.log(alpha + age)
        + s * Math.log(beta + age) + logA0(r, alpha, s, beta, x, tx, age);
    return 1 / (1 + Math.exp(logOdds));
  }

  /**
   * Equation 41: P(alive) (r+x)(beta+T) / ((alpha+T)(s-1)) [1 - ((beta+T)/(beta+T+t))^(s-1)].
   */
  @Override
  public double conditionalExpectedPurchases(double t, int x, double tx, double age) {
    Checks.customer(NAME, x, tx, age);
    Checks.horizon(NAME, t);
    if (t == 0) {
      return 0;
    }
    return probabilityAlive(x, tx, age) * (r + x) / (alpha + age)
        * (beta + age) * survivalIntegral(s, t / (beta + age));
  }

  /** Equation 27: E[X(t)] = r beta / (alpha (s-1)) [1 - (beta/(beta+t))^(s-1)]. */
  @Override
  public double expectedPurchases(double t) {
    Checks.horizon(NAME, t);
    if (t == 0) {
      return 0;
    }
    return r / alpha * beta * survivalIntegral(s, t / beta);
  }

  /**
   * [1 - (1+u)^-(s-1)] / (s-1), continued to its limit ln(1+u) at s = 1 instead of dividing
   * 0 by 0; expm1 keeps the precision when s is close to 1.
   */
  private static double survivalIntegral(double s, double u) {
    double log1pU = Math.log1p(u);
    double k = s - 1;
    if (Math.abs(k * log1pU) < 1e-12) {
      return log1pU;
    }
    return -Math.expm1(-k * log1pU) / k;
  }

  @Override
  public String toString() {
    return NAME + "(r=" + r + ", alpha=" + alpha + ", s=" + s + ", beta=" + beta + ")";
  }

  /** The weighted log-likelihood over distinct tuples. */
  static final class Likelihood implements MaximumLikelihood.LogLikelihood {
    private final RfmTuples data;
    private final double customers;

    Likelihood(RfmTuples data) {
      this.data = data;
      this.customers = data.totalWeight();
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
      double scale = Math.max(data.maxAge(), 1e-3) / 10;
      return new double[] {1, scale, 1, scale};
    }

    @Override
    public double customers() {
      return customers;
    }

    @Override
    public int tuples() {
      return data.size();
    }

    @Override
    public MaximumLikelihood.LogLikelihood sample(int stride) {
      return new Likelihood(data.sample(stride));
    }

    @Override
    public boolean hasGradient() {
      return false;
    }

    @Override
    public List<MaximumLikelihood.Limit> limits() {
      return List.of(
          MaximumLikelihood.Limit.of(NO_DROPOUT, new NbdModel.Likelihood(data)),
          new MaximumLikelihood.Limit(COMMON_DROPOUT_RATE, new FixedShape(this),
              FixedShape::embed, LIMIT_SLACK));
    }

    @Override
    public double value(double[] p, double[] gradient) {
      double r = p[0];
      double alpha = p[1];
      double s = p[2];
      double beta = p[3];
      double head = -Gamma.logGamma(r) + r * Math.log(alpha) + s * Math.log(beta);
      double sum = 0;
      for (int i = 0; i < data.size(); i++) {
        int x = data.frequency(i);
        sum += data.weight(i) * (head + Gamma.logGamma(r + x)
            + logAliveAndDeadTerms(r, alpha, s, beta, x, data.recency(i), data.age(i)));
      }
      return sum;
    }
  }

  /** Pareto/NBD with s held at {@link #LIMIT_S}: parameters r, alpha, beta. */
  static final class FixedShape implements MaximumLikelihood.LogLikelihood {
    private final Likelihood full;

    FixedShape(Likelihood full) {
      this.full = full;
    }

    /** The fit as Pareto/NBD estimates, s fixed (a row and column of zeros). */
    static FitResult embed(FitResult fit) {
      double[] p = fit.params();
      double[] se = fit.standardErrors();
      double[][] c = fit.covariance();
      int[] from = {0, 1, -1, 2};
      double[][] cov = new double[4][4];
      double[] errors = new double[4];
      for (int i = 0; i < 4; i++) {
        errors[i] = from[i] < 0 ? Double.NaN : se[from[i]];
        for (int j = 0; j < 4; j++) {
          cov[i][j] = from[i] < 0 || from[j] < 0 ? 0 : c[from[i]][from[j]];
        }
      }
      return new FitResult(NAME, PARAMETERS, new double[] {p[0], p[1], LIMIT_S, p[2]}, errors,
          fit.logLikelihood(), fit.customers(), fit.penalty(), fit.evaluations(),
          fit.converged(), null, cov);
    }

    @Override
    public String model() {
      return NAME;
    }

    @Override
    public List<String> names() {
      return List.of("r", "alpha", "beta");
    }

    @Override
    public double[] start() {
      double[] s = full.start();
      // beta = s / mu: start from a dropout rate of one over the time scale.
      return new double[] {s[0], s[1], LIMIT_S * s[3]};
    }

    @Override
    public double customers() {
      return full.customers();
    }

    @Override
    public int tuples() {
      return full.tuples();
    }

    @Override
    public MaximumLikelihood.LogLikelihood sample(int stride) {
      return new FixedShape((Likelihood) full.sample(stride));
    }

    @Override
    public boolean hasGradient() {
      return false;
    }

    @Override
    public double value(double[] p, double[] gradient) {
      return full.value(new double[] {p[0], p[1], LIMIT_S, p[2]}, null);
    }
  }
}
