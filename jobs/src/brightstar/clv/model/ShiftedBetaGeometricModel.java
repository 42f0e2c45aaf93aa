package brightstar.clv.model;

import java.util.List;

/**
 * The shifted-beta-geometric (sBG) model of contract renewals (Fader and Hardie 2007, "How to
 * Project Customer Retention"): at the end of each term a subscriber renews with probability 1
 * - theta, the same every term for one subscriber, and theta ~ Beta(alpha, beta) across
 * subscribers. The retention rate of the population rises with tenure because the subscribers
 * likely to leave leave first.
 *
 * <p>With T the number of terms a subscriber stays (T = t: renewed t - 1 times, then left):
 * P(T = 1) = alpha / (alpha + beta), P(T = t) = (beta + t - 2) / (alpha + beta + t - 1) P(T =
 * t - 1) (paper, equation 7), S(t) = P(T &gt; t) = S(t - 1) - P(T = t), and the retention rate
 * S(t) / S(t - 1) = (beta + t - 1) / (alpha + beta + t - 1). A subscriber in term n (n - 1
 * renewals so far) renews at its end with probability (beta + n - 1) / (alpha + beta + n - 1).
 *
 * <p>Fitting ({@link #fit(RenewalCounts, FitOptions)}): the weighted log-likelihood sums ln
 * P(T = t) over subscribers who left after term t and ln S(t) over those still under contract
 * after t renewals (right-censored), computed by the recursions above in O(max t).
 * Equivalently P(T = t) = B(alpha + 1, beta + t - 1) / B(alpha, beta) and S(t) = B(alpha,
 * beta + t) / B(alpha, beta) (equations 5 and 6).
 */
public final class ShiftedBetaGeometricModel {
  public static final String NAME = "sBG";
  public static final List<String> PARAMETERS = List.of("alpha", "beta");

  private final double alpha;
  private final double beta;

  public ShiftedBetaGeometricModel(double alpha, double beta) {
    this.alpha = Checks.positive(NAME, "alpha", alpha);
    this.beta = Checks.positive(NAME, "beta", beta);
  }

  /** The model with a fit's estimates. */
  public static ShiftedBetaGeometricModel of(FitResult fit) {
    return new ShiftedBetaGeometricModel(fit.param("alpha"), fit.param("beta"));
  }

  /** Where nobody has left: every subscriber renews; reported at alpha = 1e-10, beta = 1. */
  public static final String NO_CHURN = "no churn observed: every subscriber renews (sBG with "
      + "alpha -> 0), reported at alpha = 1e-10, beta = 1";
  /** Where alpha and beta run off to infinity together: one churn probability for everyone. */
  public static final String COMMON_CHURN = "churn probability does not vary across "
      + "subscribers (alpha and beta run off to infinity): sBG reduces to the geometric, "
      + "reported at alpha + beta = 1e10";
  /** Where no history has more than one renewal decision, only alpha / (alpha + beta) shows. */
  public static final String ONE_DECISION = "one renewal decision per subscription observed: "
      + "only alpha / (alpha + beta) is identified, so sBG reduces to the geometric, reported "
      + "at alpha + beta = 1e10";
  private static final double LIMIT_SCALE = 1e10;

  /**
   * Maximum-likelihood fit. Two boundaries are named rather than failed on: no churn at all
   * ({@link #NO_CHURN}), and a churn probability that does not vary, typical of histories with
   * a single renewal decision, where only alpha / (alpha + beta) is identified ({@link
   * #COMMON_CHURN}: the geometric model, theta = churns / renewal decisions in closed form,
   * accepted when it fits as well as anything the sBG reached).
   *
   * @throws ClvException when the fit does not converge and the options require it
   */
  public static FitResult fit(RenewalCounts data, FitOptions options) {
    double churns = 0;
    double decisions = 0;
    for (int i = 0; i < data.size(); i++) {
      churns += data.churned(i) ? data.weight(i) : 0;
      decisions += data.weight(i) * data.terms(i);
    }
    Likelihood ll = new Likelihood(data);
    if (churns == 0) {
      double[] p = {1e-10, 1};
      return new FitResult(NAME, PARAMETERS, p, new double[] {Double.NaN, Double.NaN},
          ll.value(p, null), data.totalWeight(), options.penalty(), 0, true, NO_CHURN,
          new double[2][2]);
    }
    double theta = churns / decisions;
    double[] p = {LIMIT_SCALE * theta, LIMIT_SCALE * (1 - theta)};
    double logLik = ll.value(p, null);
    // With at most one decision per history the likelihood is a function of alpha / (alpha +
    // beta) alone: a ridge, on which the optimiser may stop anywhere.
    boolean oneDecision = data.maxTerms() <= 1;
    FitResult fit = oneDecision ? null
        : MaximumLikelihood.fit(ll, options.withRequireConvergence(false));
    if (fit != null && fit.converged()) {
      return fit;
    }
    if (theta < 1 && (oneDecision
        || logLik >= fit.logLikelihood() - 1e-6 * Math.max(1, Math.abs(logLik)))) {
      // var(theta) = theta (1 - theta) / decisions, mapped through alpha = K theta, beta = K
      // (1 - theta).
      double v = LIMIT_SCALE * LIMIT_SCALE * theta * (1 - theta) / decisions;
      double[][] cov = {{v, -v}, {-v, v}};
      return new FitResult(NAME, PARAMETERS, p, new double[] {Math.sqrt(v), Math.sqrt(v)},
          logLik, data.totalWeight(), options.penalty(), oneDecision ? 0 : fit.evaluations(),
          true, oneDecision ? ONE_DECISION : COMMON_CHURN, cov);
    }
    if (fit == null) {
      // Everyone who decided left (theta = 1): nobody renews.
      fit = MaximumLikelihood.fit(ll, options.withRequireConvergence(false));
    }
    if (options.requireConvergence()) {
      throw ClvException.of(NAME + " fit on " + data.totalWeight() + " subscriptions did not "
              + "converge (last parameters " + fit.paramMap() + ")",
          "the likelihood has no maximum inside the parameter space or at a known boundary",
          "check that the renewal histories have churned and renewed subscriptions");
    }
    return fit;
  }

  /** The weighted log-likelihood of the data at the given parameters. */
  public static double logLikelihood(RenewalCounts data, double alpha, double beta) {
    ShiftedBetaGeometricModel m = new ShiftedBetaGeometricModel(alpha, beta);
    return new Likelihood(data).value(new double[] {m.alpha, m.beta}, null);
  }

  public double alpha() {
    return alpha;
  }

  public double beta() {
    return beta;
  }

  /** S(t) = P(T &gt; t): the share of a new cohort still subscribed after t renewals. */
  public double survival(int t) {
    if (t < 0) {
      throw new IllegalArgumentException("t must be >= 0, not " + t);
    }
    double s = 1;
    for (int k = 1; k <= t; k++) {
      s *= renewalProbability(k);
    }
    return s;
  }

  /**
   * P(a subscriber in term n renews at its end | it renewed n - 1 times) = (beta + n - 1) /
   * (alpha + beta + n - 1).
   *
   * @param term n &gt;= 1, the subscriber's current term (1 = the first)
   */
  public double renewalProbability(int term) {
    if (term < 1) {
      throw ClvException.of(NAME + " renewal probability of term " + term + " is undefined",
          "terms are counted from 1 (the first term of a subscription)",
          "pass the number of renewals so far plus one");
    }
    return (beta + term - 1) / (alpha + beta + term - 1);
  }

  /**
   * Discounted expected residual lifetime in terms (Fader and Hardie 2010, "Customer-Base
   * Valuation in a Contractual Setting", equation 6): the expected number of further terms a
   * subscriber now in term n pays for, the next one counted from the coming renewal and each
   * later one discounted by one more term, sum over k &gt;= 1 of P(renews k more times) / (1 +
   * d)^(k-1). It values the renewals only: the rest of the current term is already committed.
   * The series is summed until its terms fall below 1e-12 of the total (at most 100,000 terms).
   *
   * @param term n &gt;= 1
   * @param termDiscountRate d per term, &gt; 0
   */
  public double discountedExpectedResidualTerms(int term, double termDiscountRate) {
    if (!(termDiscountRate > 0) || !Double.isFinite(termDiscountRate)) {
      throw ClvException.of("Discount rate " + termDiscountRate + " per term is not allowed",
          "the residual lifetime of a subscriber who may never leave is finite only with "
              + "discounting", "pass a rate > 0, e.g. (1 + monthly rate)^term months - 1");
    }
    double total = 0;
    double alive = 1;
    double discount = 1;
    for (int k = 0; k < 100_000; k++) {
      alive *= renewalProbability(term + k);
      double add = alive * discount;
      total += add;
      if (add < 1e-12 * total) {
        break;
      }
      discount /= 1 + termDiscountRate;
    }
    return total;
  }

  @Override
  public String toString() {
    return NAME + "(alpha=" + alpha + ", beta=" + beta + ")";
  }

  /** The weighted log-likelihood over churned-after-t and still-active-after-t counts. */
  static final class Likelihood implements MaximumLikelihood.LogLikelihood {
    private final RenewalCounts data;
    private final double customers;
    private final int maxTerm;

    Likelihood(RenewalCounts data) {
      this.data = data;
      this.customers = data.totalWeight();
      this.maxTerm = data.maxTerms();
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
      return new double[] {1, 1};
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
      // A few hundred counts at most: never large enough to need a warm start.
      return this;
    }

    @Override
    public boolean hasGradient() {
      return false;
    }

    @Override
    public double value(double[] p, double[] gradient) {
      double a = p[0];
      double b = p[1];
      // ln P(T = t) and ln S(t) for t = 0..maxTerm by the recursions: P(T = t) = S(t - 1) a /
      // (a + b + t - 1), S(t) = S(t - 1) (b + t - 1) / (a + b + t - 1). Ratios, not log-gamma
      // differences, so they stay exact where a and b are huge (the geometric limit).
      double[] logP = new double[maxTerm + 1];
      double[] logS = new double[maxTerm + 1];
      double logA = Math.log(a);
      for (int t = 1; t <= maxTerm; t++) {
        double logDen = Math.log(a + b + t - 1);
        logP[t] = logS[t - 1] + logA - logDen;
        logS[t] = logS[t - 1] + Math.log(b + t - 1) - logDen;
      }
      double ll = 0;
      for (int i = 0; i < data.size(); i++) {
        int t = data.terms(i);
        ll += data.weight(i) * (data.churned(i) ? logP[t] : logS[t]);
      }
      return ll;
    }
  }
}
