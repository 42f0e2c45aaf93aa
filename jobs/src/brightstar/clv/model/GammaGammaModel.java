package brightstar.clv.model;

import brightstar.clv.TransactionSummariser;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.special.Gamma;

/**
 * The Gamma-Gamma model of spend per transaction (Fader and Hardie, "The Gamma-Gamma Model of
 * Monetary Value", 2013; Fader, Hardie and Lee, "RFM and CLV", 2005): a customer's transaction
 * values are Gamma(p, nu) with nu ~ Gamma(q, gamma) across customers, independent of the
 * purchase process.
 *
 * <p>Fitting: {@link #fit(SpendTuples, FitOptions)} maximises the weighted likelihood of the
 * customers' mean repeat values m given their repeat counts x (the note's equation 1a). Every
 * term but ln(x m + gamma) depends on x alone or is constant, so those are summed once per
 * distinct x and an evaluation costs one log per (x, m) pair.
 *
 * <p>Prediction: {@link #conditionalExpectedAverageValue} (the note's equation 5), the
 * weighted mean of the population mean p gamma / (q - 1) and the customer's own mean m.
 */
public final class GammaGammaModel {
  public static final String NAME = "Gamma-Gamma";
  public static final List<String> PARAMETERS = List.of("p", "q", "gamma");
  /**
   * Where q and gamma run off to infinity together the fit continues with one Gamma(p, nu)
   * spend distribution for everyone, reported as a Gamma-Gamma with q at this value and gamma
   * = q / nu: its predictions equal the limit's to about x m nu / q, 1e-10 relative.
   */
  static final double LIMIT_Q = 1e10;
  public static final String COMMON_SPEND = "mean spend does not vary across customers (q and "
      + "gamma run off to infinity): Gamma-Gamma reduces to one Gamma(p, nu) spend "
      + "distribution, reported at q = 1e10, gamma = 1e10 / nu";

  private final double p;
  private final double q;
  private final double gamma;

  public GammaGammaModel(double p, double q, double gamma) {
    this.p = Checks.positive(NAME, "p", p);
    this.q = Checks.positive(NAME, "q", q);
    this.gamma = Checks.positive(NAME, "gamma", gamma);
  }

  /** The model with a fit's estimates. */
  public static GammaGammaModel of(FitResult fit) {
    return new GammaGammaModel(fit.param("p"), fit.param("q"), fit.param("gamma"));
  }

  /** Maximum-likelihood fit with default options. */
  public static FitResult fit(SpendTuples data) {
    return fit(data, FitOptions.DEFAULT);
  }

  /**
   * Maximum-likelihood fit.
   *
   * @throws ClvException when the fit does not converge and the options require it
   */
  public static FitResult fit(SpendTuples data, FitOptions options) {
    return MaximumLikelihood.fit(new Likelihood(data), options);
  }

  /** The weighted log-likelihood of the data at the given parameters. */
  public static double logLikelihood(SpendTuples data, double p, double q, double gamma) {
    GammaGammaModel m = new GammaGammaModel(p, q, gamma);
    return new Likelihood(data).value(new double[] {m.p, m.q, m.gamma}, null);
  }

  public double p() {
    return p;
  }

  public double q() {
    return q;
  }

  public double gamma() {
    return gamma;
  }

  /**
   * E[mean transaction value] of a new customer: p gamma / (q - 1).
   *
   * @throws ClvException when q &lt;= 1, where the population mean is infinite
   */
  public double populationMeanValue() {
    if (!(q > 1)) {
      throw infiniteMean("the population");
    }
    return p * gamma / (q - 1);
  }

  /**
   * E[mean transaction value | x repeat transactions with mean value m] = p (gamma + x m) /
   * (p x + q - 1); for x = 0 the population mean.
   *
   * @throws ClvException for x &lt; 0, a negative or non-finite m, or when the expectation is
   *     infinite (p x + q &lt;= 1)
   */
  public double conditionalExpectedAverageValue(int x, double m) {
    if (x < 0 || !(m >= 0) || !Double.isFinite(m)) {
      throw ClvException.of(
          NAME + " prediction for x=" + x + ", m=" + m + " is undefined",
          "x counts repeat transactions and m is their mean value, both >= 0",
          "pass the customer's frequency and monetary value from TransactionSummariser");
    }
    double denominator = p * x + q - 1;
    if (!(denominator > 0)) {
      throw infiniteMean("a customer with x=" + x);
    }
    return p * (gamma + x * m) / denominator;
  }

  private ClvException infiniteMean(String who) {
    return ClvException.of(
        "The expected spend of " + who + " is infinite under " + this,
        "with p x + q <= 1 the Gamma-Gamma mean does not exist; a fitted q <= 1 means a few "
            + "extreme mean values dominate the fit",
        "check monetary values for outliers or refit with an L2 penalty");
  }

  @Override
  public String toString() {
    return NAME + "(p=" + p + ", q=" + q + ", gamma=" + gamma + ")";
  }

  /** The weighted log-likelihood, with every x-only term summed once per distinct x. */
  static final class Likelihood implements MaximumLikelihood.LogLikelihood {
    private final double customers;
    private final double meanValue;
    private final int[] xs;
    private final double[] weightOfX;
    /** Sum over the pairs with frequency xs[k] of weight * ln m. */
    private final double[] weightedLogMOfX;
    private final double constant;
    // Per pair.
    private final double[] xm;
    private final double[] x;
    private final double[] weight;

    private final SpendTuples data;

    Likelihood(SpendTuples data) {
      this.data = data;
      int n = data.size();
      customers = data.totalWeight();
      xm = new double[n];
      x = new double[n];
      weight = new double[n];
      int[] freq = new int[n];
      double valueSum = 0;
      for (int i = 0; i < n; i++) {
        freq[i] = data.frequency(i);
        x[i] = freq[i];
        xm[i] = x[i] * data.monetary(i);
        weight[i] = data.weight(i);
        valueSum += weight[i] * data.monetary(i);
      }
      meanValue = valueSum / customers;
      Dedup.Groups g = Dedup.group(n, i -> freq[i], (i, j) -> freq[i] == freq[j]);
      xs = new int[g.count()];
      weightOfX = new double[xs.length];
      weightedLogMOfX = new double[xs.length];
      for (int k = 0; k < xs.length; k++) {
        xs[k] = freq[g.firstRow()[k]];
      }
      double c = 0;
      for (int i = 0; i < n; i++) {
        int k = g.groupOfRow()[i];
        double logM = Math.log(data.monetary(i));
        weightOfX[k] += weight[i];
        weightedLogMOfX[k] += weight[i] * logM;
        c -= weight[i] * logM;
      }
      constant = c;
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
      // p = 1, q = 2 makes the population mean equal gamma: start it at the sample mean.
      return new double[] {1, 2, meanValue};
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
      return new Likelihood(data.every(stride));
    }

    @Override
    public boolean hasGradient() {
      return true;
    }

    @Override
    public List<MaximumLikelihood.Limit> limits() {
      return List.of(new MaximumLikelihood.Limit(COMMON_SPEND, new CommonRateLikelihood(data),
          GammaGammaModel::embedCommonRate, Double.NaN));
    }

    @Override
    public double value(double[] params, double[] gradient) {
      double p = params[0];
      double q = params[1];
      double v = params[2];
      boolean grad = gradient != null;
      double logV = Math.log(v);
      double lgQ = Gamma.logGamma(q);
      double psiQ = grad ? Gamma.digamma(q) : 0;
      // ln m terms: (p x - 1) ln m summed as p * sum(x w ln m) - sum(w ln m).
      double ll = constant + customers * (q * logV - lgQ);
      double dp = 0;
      double dq = customers * (logV - psiQ);
      double dv = customers * q / v;
      for (int k = 0; k < xs.length; k++) {
        double xk = xs[k];
        double w = weightOfX[k];
        double px = p * xk;
        double logX = Math.log(xk);
        ll += w * (Gamma.logGamma(px + q) - Gamma.logGamma(px) + px * logX)
            + px * weightedLogMOfX[k];
        if (grad) {
          double psiPxq = Gamma.digamma(px + q);
          dp += w * xk * (psiPxq - Gamma.digamma(px) + logX) + xk * weightedLogMOfX[k];
          dq += w * psiPxq;
        }
      }
      double[] totals = Chunks.sum(weight.length, 4, (from, to, acc) -> {
        for (int i = from; i < to; i++) {
          double w = weight[i];
          double shape = p * x[i] + q;
          double denominator = xm[i] + v;
          double logDen = Math.log(denominator);
          acc[0] -= w * shape * logDen;
          if (grad) {
            acc[1] -= w * x[i] * logDen;
            acc[2] -= w * logDen;
            acc[3] -= w * shape / denominator;
          }
        }
      });
      double sum = totals[0];
      double sumDp = totals[1];
      double sumDq = totals[2];
      double sumDv = totals[3];
      if (grad) {
        gradient[0] = dp + sumDp;
        gradient[1] = dq + sumDq;
        gradient[2] = dv + sumDv;
      }
      return ll + sum;
    }
  }

  /**
   * A fit of the common-rate limit (p, nu) as Gamma-Gamma estimates (p, q, gamma) with q =
   * {@link #LIMIT_Q} and gamma = q / nu; the covariance maps through the Jacobian of that map
   * (q fixed: a row and column of zeros).
   */
  static FitResult embedCommonRate(FitResult limit) {
    double p = limit.param("p");
    double nu = limit.param("nu");
    double[][] c = limit.covariance();
    double dGamma = -LIMIT_Q / (nu * nu);
    double[][] cov = {
        {c[0][0], 0, dGamma * c[0][1]},
        {0, 0, 0},
        {dGamma * c[1][0], 0, dGamma * dGamma * c[1][1]}};
    double[] se = {Math.sqrt(cov[0][0]), Double.NaN, Math.sqrt(cov[2][2])};
    return new FitResult(NAME, PARAMETERS, new double[] {p, LIMIT_Q, LIMIT_Q / nu}, se,
        limit.logLikelihood(), limit.customers(), limit.penalty(), limit.evaluations(),
        limit.converged(), null, cov);
  }

  /**
   * The limit q, gamma -&gt; infinity with gamma / q = 1 / nu: every customer's values are
   * Gamma(p, nu), so x m ~ Gamma(p x, nu) and ln f(m | x) = p x ln(nu x) + (p x - 1) ln m -
   * nu x m - ln Gamma(p x). Every sum but the log-gamma terms is fixed by the data.
   */
  static final class CommonRateLikelihood implements MaximumLikelihood.LogLikelihood {
    private final SpendTuples data;
    private final double customers;
    private final double sumX;
    private final double sumXLogXm;
    private final double sumLogM;
    private final double sumXm;
    private final int[] xs;
    private final double[] weightOfX;

    CommonRateLikelihood(SpendTuples data) {
      this.data = data;
      int n = data.size();
      customers = data.totalWeight();
      double sx = 0;
      double sxl = 0;
      double sl = 0;
      double sxm = 0;
      Map<Integer, Double> byX = new TreeMap<>();
      for (int i = 0; i < n; i++) {
        double w = data.weight(i);
        int x = data.frequency(i);
        double m = data.monetary(i);
        sx += w * x;
        sxl += w * x * (Math.log(x) + Math.log(m));
        sl += w * Math.log(m);
        sxm += w * x * m;
        byX.merge(x, w, Double::sum);
      }
      sumX = sx;
      sumXLogXm = sxl;
      sumLogM = sl;
      sumXm = sxm;
      xs = byX.keySet().stream().mapToInt(Integer::intValue).toArray();
      weightOfX = byX.values().stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Override
    public String model() {
      return "Gamma";
    }

    @Override
    public List<String> names() {
      return List.of("p", "nu");
    }

    @Override
    public double[] start() {
      // p = 1: nu is then one over the mean value per purchase.
      return new double[] {1, sumX / sumXm};
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
      return new CommonRateLikelihood(data.every(stride));
    }

    @Override
    public boolean hasGradient() {
      return true;
    }

    @Override
    public double value(double[] params, double[] gradient) {
      double p = params[0];
      double nu = params[1];
      double logNu = Math.log(nu);
      double ll = p * (sumX * logNu + sumXLogXm) - sumLogM - nu * sumXm;
      double dp = sumX * logNu + sumXLogXm;
      for (int k = 0; k < xs.length; k++) {
        ll -= weightOfX[k] * Gamma.logGamma(p * xs[k]);
        if (gradient != null) {
          dp -= weightOfX[k] * xs[k] * Gamma.digamma(p * xs[k]);
        }
      }
      if (gradient != null) {
        gradient[0] = dp;
        gradient[1] = p * sumX / nu - sumXm;
      }
      return ll;
    }
  }
}
