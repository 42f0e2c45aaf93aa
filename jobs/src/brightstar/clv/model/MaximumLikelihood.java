package brightstar.clv.model;

import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.NonSymmetricMatrixException;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;

/**
 * Maximum-likelihood fitting shared by the models: optimiser, penalty, standard errors and
 * the convergence verdict.
 *
 * <p>The optimiser works on log-parameters, so every parameter stays positive without
 * constraints and parameters of different scales (r near 0.2, alpha near 4) are treated
 * alike. It minimises -LL / n + penalty * sum(param^2) with commons-math3's BOBYQA (Powell's
 * trust-region method on a quadratic model of the objective), stopped when the trust region
 * has shrunk to 1e-9 in log-parameters, i.e. relative precision 1e-9 in the parameters. On
 * these smooth low-dimensional likelihoods it converges in about 150 evaluations;
 * commons-math3's nonlinear conjugate gradient, tried with the analytic gradient, needed
 * thousands and stalled short of a tight gradient tolerance.
 *
 * <p>Large inputs (over 50,000 distinct tuples) are first fitted on a sample of about 5,000
 * tuples; from that estimate a model with an analytic gradient takes a few Newton steps on the
 * full data (falling back to BOBYQA if a step fails), and one without runs BOBYQA with a small
 * trust region. Either way convergence is judged on the full data.
 *
 * <p>Standard errors come from the observed information: the Hessian of the unpenalised
 * log-likelihood in the natural parameters, by central differences (of the analytic gradient
 * where there is one), inverted.
 */
final class MaximumLikelihood {
  /** Log-parameters beyond this bound mean a parameter ran off to 0 or infinity. */
  private static final double LOG_BOUND = 30;
  private static final double INITIAL_RADIUS = 0.5;
  private static final double STOPPING_RADIUS = 1e-9;
  /** Inputs with more distinct tuples than this start from a fit on a sample of them. */
  private static final int WARM_START_ABOVE = 50_000;
  private static final int SAMPLE_TUPLES = 5_000;
  /** After a warm start the optimum is within a few sample standard errors. */
  private static final double WARM_RADIUS = 0.1;
  private static final int NEWTON_STEPS = 10;
  private static final double NEWTON_STEP = 1e-6;
  /** On -LL / n in log-parameters: the estimates are then exact to about 1e-9 relative. */
  private static final double NEWTON_GRADIENT_TOLERANCE = 1e-10;
  /** Relative changes of -LL / n below this are rounding noise of a sum over many tuples. */
  private static final double NEWTON_RESOLUTION = 1e-14;
  private static final double GRADIENT_TOLERANCE = 1e-7;
  private static final double VALUE_TOLERANCE = 1e-12;
  /**
   * A limiting model is accepted when its log-likelihood is at most this much (relative) below
   * the best the full model reached: it is the supremum up to optimiser precision.
   */
  private static final double LIMIT_TOLERANCE = 1e-6;

  private MaximumLikelihood() {}

  /** The model-specific part: a weighted log-likelihood over natural parameters. */
  interface LogLikelihood {
    String model();

    List<String> names();

    /** A starting point in natural parameters. */
    double[] start();

    /** Total weight of the data. */
    double customers();

    /** Rows the likelihood sums over (distinct tuples). */
    int tuples();

    /** The same likelihood over every stride-th row, for a cheap starting point. */
    LogLikelihood sample(int stride);

    /**
     * The weighted log-likelihood at natural parameters; when {@code gradient} is non-null and
     * {@link #hasGradient()} holds, fills it with d LL / d param.
     */
    double value(double[] params, double[] gradient);

    boolean hasGradient();

    /**
     * The boundaries on which this model reduces to a simpler one, tried in order when the
     * likelihood has no interior maximum; none by default.
     */
    default List<Limit> limits() {
      return List.of();
    }
  }

  /**
   * A boundary of the parameter space on which a model reduces to a simpler one, e.g. BG/NBD
   * to the NBD as its dropout probability goes to 0.
   *
   * @param boundary what reaching the boundary means, for the fit result and its readers
   * @param likelihood the limiting model's likelihood over its own parameters
   * @param embed turns the limiting model's fit into the reported result (often the identity)
   * @param slack how far (in log-likelihood) the limit may fall short of the best the full
   *     model reached and still be accepted; NaN for 1e-6 relative, i.e. the limit must be
   *     the supremum up to optimiser precision
   */
  record Limit(String boundary, LogLikelihood likelihood, UnaryOperator<FitResult> embed,
      double slack) {
    static Limit of(String boundary, LogLikelihood likelihood) {
      return new Limit(boundary, likelihood, UnaryOperator.identity(), Double.NaN);
    }
  }

  /**
   * The fit; when the likelihood has no interior maximum because it keeps rising towards a
   * boundary (a parameter running off to 0 or infinity, or a flat ridge there), the first of
   * the model's {@link LogLikelihood#limits()} whose fit converges at an interior point of its
   * own parameters and reaches the log-likelihood the full model got to, less the limit's
   * slack (the likelihood no longer improves towards the boundary). A fit stopped by the
   * evaluation cap or with a non-finite log-likelihood is a failure, never a boundary.
   */
  static FitResult fit(LogLikelihood ll, FitOptions options) {
    return fit(ll, options, true);
  }

  /** The fit, trying the limits only when {@code withLimits} (a limit's own fit does not). */
  private static FitResult fit(LogLikelihood ll, FitOptions options, boolean withLimits) {
    Attempt attempt = attempt(ll, options);
    if (attempt.failure == null) {
      return attempt.result(true);
    }
    if (withLimits && attempt.boundaryLike) {
      for (Limit limit : ll.limits()) {
        double slack = Double.isNaN(limit.slack())
            ? LIMIT_TOLERANCE * Math.max(1, Math.abs(attempt.logLik))
            : limit.slack();
        FitResult reduced = fit(limit.likelihood(), options.withRequireConvergence(false),
            false);
        if (reduced.converged() && reduced.logLikelihood() >= attempt.logLik - slack) {
          return limit.embed().apply(reduced).asLimitOf(limit.boundary(),
              attempt.evaluations + reduced.evaluations());
        }
      }
    }
    if (options.requireConvergence()) {
      throw notConverged(ll, attempt.params, attempt.failure, attempt.evaluations);
    }
    return attempt.result(false);
  }

  /** One optimisation of {@code ll} and its verdict. */
  private record Attempt(LogLikelihood ll, double[] params, double[][] hessian, double logLik,
      double penalty, int evaluations, String failure, boolean boundaryLike) {
    FitResult result(boolean converged) {
      double[][] covariance = covariance(hessian);
      double[] se = new double[params.length];
      for (int i = 0; i < se.length; i++) {
        se[i] = Math.sqrt(covariance[i][i]);
      }
      return new FitResult(ll.model(), ll.names(), params, se, logLik, ll.customers(), penalty,
          evaluations, converged, null, covariance);
    }
  }

  private static Attempt attempt(LogLikelihood ll, FitOptions options) {
    Objective objective = new Objective(ll, options.penalty());
    double[] start = log(ll.start());
    double radius = INITIAL_RADIUS;
    if (ll.tuples() > WARM_START_ABOVE) {
      start = warmStart(ll.sample(ll.tuples() / SAMPLE_TUPLES), start, options);
      radius = WARM_RADIUS;
    }
    double[] theta;
    String failure = null;
    boolean boundaryLike = false;
    try {
      double[] polished = radius == WARM_RADIUS && ll.hasGradient()
          ? newton(objective, start)
          : null;
      theta = polished != null
          ? polished
          : bobyqa(objective, start, options.maxEvaluations(), radius);
    } catch (MathIllegalStateException e) {
      // TooManyEvaluations/Iterations and line-search bracketing failures all end here.
      failure = "the optimiser stopped: " + e.getMessage();
      theta = objective.best();
    }
    double[] params = exp(theta);
    int evaluations = objective.evaluations;
    double logLik = ll.value(params, null);
    if (failure == null) {
      failure = driftedParameter(ll.names(), theta);
      boundaryLike = failure != null;
    }
    if (failure == null && !Double.isFinite(logLik)) {
      failure = "the log-likelihood at the estimates is " + logLik;
    }
    double[][] hessian = hessian(ll, params);
    if (failure == null && !penalisedIsConcave(hessian, ll.customers(), options.penalty())) {
      failure = "the likelihood is flat or curves upward at the estimates "
          + Arrays.toString(params) + ", so they are no interior maximum";
      boundaryLike = true;
    }
    return new Attempt(ll, params, hessian, logLik, options.penalty(), evaluations, failure,
        boundaryLike && Double.isFinite(logLik));
  }

  private static ClvException notConverged(
      LogLikelihood ll, double[] params, String failure, int evaluations) {
    return ClvException.of(
        ll.model() + " fit on " + ll.customers() + " customers did not converge after "
            + evaluations + " likelihood evaluations (last parameters " + ll.names() + " = "
            + Arrays.toString(params) + ")",
        failure,
        "check that the data has repeat customers and plausible recency and age; raise "
            + "FitOptions.maxEvaluations; or add an L2 penalty (FitOptions.withPenalty(0.01)) "
            + "to keep parameters finite on small or degenerate samples");
  }

  /**
   * The estimate on a sample of about 5,000 tuples, found to a loose tolerance: on a large
   * input it puts the full fit a short trust-region walk from its optimum, so most of the
   * optimiser's evaluations run on the sample. Where the sample fit stops early its best point
   * still serves as a start; whether the fit converges is decided on the full data only.
   */
  private static double[] warmStart(LogLikelihood sample, double[] start, FitOptions options) {
    Objective objective = new Objective(sample, options.penalty());
    try {
      return bobyqa(objective, start, options.maxEvaluations(), INITIAL_RADIUS, 1e-6);
    } catch (MathIllegalStateException e) {
      return objective.best();
    }
  }

  /**
   * Newton's method with step halving on the log-parameters, from a start near the optimum:
   * analytic gradient, Hessian by forward differences of it. The Hessian is kept while it
   * serves (a modified Newton method): near the optimum it changes little, so a step with the
   * old one still shrinks the gradient many-fold at the price of one gradient evaluation
   * instead of n + 1; it is recomputed only when the gradient shrinks less than tenfold. From a
   * sample fit's estimate this reaches the full-data optimum in about ten evaluations, where
   * BOBYQA spends over a hundred. Returns null when a step cannot be taken (Hessian not
   * positive definite, no descent), and the caller falls back to BOBYQA.
   */
  private static double[] newton(Objective f, double[] start) {
    int n = start.length;
    double[] theta = start.clone();
    CholeskyDecomposition hessian = null;
    double previousGradient = Double.POSITIVE_INFINITY;
    for (int iteration = 0; iteration < NEWTON_STEPS; iteration++) {
      double[] g = f.gradient(theta);
      double value = f.value(theta);
      double gradient = maxAbs(g);
      if (gradient < NEWTON_GRADIENT_TOLERANCE) {
        return theta;
      }
      if (hessian == null || gradient > 0.1 * previousGradient) {
        hessian = hessianAt(f, theta, g);
        if (hessian == null) {
          return null;
        }
      }
      previousGradient = gradient;
      double[] step = hessian.getSolver().solve(new ArrayRealVector(g)).mapMultiply(-1)
          .toArray();
      double slope = 0;
      for (int i = 0; i < n; i++) {
        slope += g[i] * step[i];
      }
      // The quadratic model promises a gain the objective cannot resolve in double precision:
      // a line search would only chase rounding noise (on a million customers it spent 30
      // evaluations doing so), so take the step and stop. The gradient is then near the
      // rounding floor of its sum over the tuples, e.g. 1e-10 where the tolerance is unmet.
      if (-0.5 * slope <= NEWTON_RESOLUTION * Math.max(1, Math.abs(value))) {
        return axpy(theta, 1, step);
      }
      double t = 1;
      double[] next = axpy(theta, t, step);
      // With the gradient: an accepted point's is needed next, and it costs a third more
      // than the value alone where a second evaluation would cost all of it.
      while (f.valueWithGradient(next) > value + 1e-4 * t * slope) {
        t /= 2;
        if (t < 1e-3) {
          return null;
        }
        next = axpy(theta, t, step);
      }
      theta = next;
      if (t * maxAbs(step) < 1e-12) {
        return theta;
      }
    }
    return maxAbs(f.gradient(theta)) < NEWTON_GRADIENT_TOLERANCE ? theta : null;
  }

  /**
   * The objective's Hessian at theta by forward differences of the gradient g there,
   * symmetrised and factorised; null when it is not positive definite.
   */
  private static CholeskyDecomposition hessianAt(Objective f, double[] theta, double[] g) {
    int n = theta.length;
    double[][] h = new double[n][n];
    for (int j = 0; j < n; j++) {
      double[] gj = f.gradient(shift(theta, j, NEWTON_STEP));
      for (int i = 0; i < n; i++) {
        h[i][j] = (gj[i] - g[i]) / NEWTON_STEP;
      }
    }
    RealMatrix m = new Array2DRowRealMatrix(symmetrised(h), false);
    return isPositiveDefinite(m) ? new CholeskyDecomposition(m, 1e-12, 1e-14) : null;
  }

  private static double maxAbs(double[] v) {
    double m = 0;
    for (double x : v) {
      m = Math.max(m, Math.abs(x));
    }
    return m;
  }

  private static double[] axpy(double[] x, double a, double[] y) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i] + a * y[i];
    }
    return out;
  }

  private static double[] bobyqa(Objective f, double[] start, int maxEval, double radius) {
    return bobyqa(f, start, maxEval, radius, STOPPING_RADIUS);
  }

  private static double[] bobyqa(Objective f, double[] start, int maxEval, double radius,
      double stop) {
    int n = start.length;
    double[] lower = new double[n];
    double[] upper = new double[n];
    Arrays.fill(lower, -LOG_BOUND - 1);
    Arrays.fill(upper, LOG_BOUND + 1);
    BOBYQAOptimizer optimizer = new BOBYQAOptimizer(2 * n + 1, radius, stop);
    PointValuePair best = optimizer.optimize(
        new MaxEval(maxEval),
        new ObjectiveFunction(f::value),
        GoalType.MINIMIZE,
        new InitialGuess(start),
        new SimpleBounds(lower, upper));
    return best.getPoint();
  }

  private static String driftedParameter(List<String> names, double[] theta) {
    for (int i = 0; i < theta.length; i++) {
      if (!(Math.abs(theta[i]) < LOG_BOUND)) {
        return "parameter " + names.get(i) + " ran off to " + Math.exp(theta[i])
            + ": the likelihood keeps rising towards a boundary, so it has no finite maximum "
            + "on this data";
      }
    }
    return null;
  }

  /**
   * Hessian of the unpenalised LL in natural parameters by central differences (of the
   * analytic gradient where there is one), with steps proportional to each parameter. Not
   * forward differences: near a boundary (a parameter at 1e-6) their error, of the order of
   * the step times the third derivative, turns the concavity verdict.
   */
  static double[][] hessian(LogLikelihood ll, double[] p) {
    int n = p.length;
    double[][] h = new double[n][n];
    if (ll.hasGradient()) {
      double[] gPlus = new double[n];
      double[] gMinus = new double[n];
      for (int j = 0; j < n; j++) {
        double step = 1e-5 * p[j];
        ll.value(shift(p, j, step), gPlus);
        ll.value(shift(p, j, -step), gMinus);
        for (int i = 0; i < n; i++) {
          h[i][j] = (gPlus[i] - gMinus[i]) / (2 * step);
        }
      }
      return symmetrised(h);
    }
    double f0 = ll.value(p, null);
    double[] step = new double[n];
    for (int i = 0; i < n; i++) {
      step[i] = 1e-4 * p[i];
    }
    for (int i = 0; i < n; i++) {
      double fp = ll.value(shift(p, i, step[i]), null);
      double fm = ll.value(shift(p, i, -step[i]), null);
      h[i][i] = (fp - 2 * f0 + fm) / (step[i] * step[i]);
      for (int j = 0; j < i; j++) {
        double fpp = ll.value(shift(shift(p, i, step[i]), j, step[j]), null);
        double fpm = ll.value(shift(shift(p, i, step[i]), j, -step[j]), null);
        double fmp = ll.value(shift(shift(p, i, -step[i]), j, step[j]), null);
        double fmm = ll.value(shift(shift(p, i, -step[i]), j, -step[j]), null);
        h[i][j] = (fpp - fpm - fmp + fmm) / (4 * step[i] * step[j]);
        h[j][i] = h[i][j];
      }
    }
    return h;
  }

  /** h with each off-diagonal pair replaced by its mean (differences leave them unequal). */
  private static double[][] symmetrised(double[][] h) {
    for (int i = 0; i < h.length; i++) {
      for (int j = 0; j < i; j++) {
        double mean = 0.5 * (h[i][j] + h[j][i]);
        h[i][j] = mean;
        h[j][i] = mean;
      }
    }
    return h;
  }

  private static boolean penalisedIsConcave(double[][] h, double customers, double penalty) {
    int n = h.length;
    double[][] m = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        m[i][j] = -h[i][j] / customers + (i == j ? 2 * penalty : 0);
      }
    }
    return isPositiveDefinite(new Array2DRowRealMatrix(m, false));
  }

  private static boolean isPositiveDefinite(RealMatrix m) {
    for (int i = 0; i < m.getRowDimension(); i++) {
      for (int j = 0; j < m.getColumnDimension(); j++) {
        if (!Double.isFinite(m.getEntry(i, j))) {
          return false;
        }
      }
    }
    try {
      new CholeskyDecomposition(m, 1e-12, 1e-14);
      return true;
    } catch (NonPositiveDefiniteMatrixException | NonSymmetricMatrixException e) {
      // Not positive definite is an answer here, not an error.
      return false;
    }
  }

  /** (-H)^-1, or NaN throughout when -H is not positive definite. */
  private static double[][] covariance(double[][] h) {
    int n = h.length;
    double[][] info = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        info[i][j] = -h[i][j];
      }
    }
    RealMatrix m = new Array2DRowRealMatrix(info, false);
    double[][] out = new double[n][n];
    if (!isPositiveDefinite(m)) {
      for (double[] row : out) {
        Arrays.fill(row, Double.NaN);
      }
      return out;
    }
    return new CholeskyDecomposition(m, 1e-12, 1e-14).getSolver().getInverse().getData();
  }

  private static double[] shift(double[] p, int i, double by) {
    double[] q = p.clone();
    q[i] += by;
    return q;
  }

  private static double[] log(double[] p) {
    double[] t = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      t[i] = Math.log(p[i]);
    }
    return t;
  }

  private static double[] exp(double[] t) {
    double[] p = new double[t.length];
    for (int i = 0; i < t.length; i++) {
      p[i] = Math.exp(t[i]);
    }
    return p;
  }

  /**
   * -LL / n + penalty * sum(p^2) over log-parameters, remembering the last point so that the
   * optimiser's separate value and gradient calls at one point cost one evaluation, and the
   * best point seen so that a stopped optimiser still reports where it got to.
   */
  private static final class Objective {
    private final LogLikelihood ll;
    private final double penalty;
    private final double customers;
    private double[] lastTheta;
    private double lastValue;
    private double[] lastGradient;
    private double[] bestTheta;
    private double bestValue = Double.POSITIVE_INFINITY;
    int evaluations;

    Objective(LogLikelihood ll, double penalty) {
      this.ll = ll;
      this.penalty = penalty;
      this.customers = ll.customers();
    }

    double value(double[] theta) {
      if (!Arrays.equals(theta, lastTheta)) {
        evaluate(theta, false);
      }
      return lastValue;
    }

    /** The value, computing (and remembering) the gradient at theta too. */
    double valueWithGradient(double[] theta) {
      gradient(theta);
      return lastValue;
    }

    double[] gradient(double[] theta) {
      if (!Arrays.equals(theta, lastTheta) || lastGradient == null) {
        evaluate(theta, true);
      }
      return lastGradient.clone();
    }

    double[] best() {
      return bestTheta != null ? bestTheta.clone() : log(ll.start());
    }

    private void evaluate(double[] theta, boolean withGradient) {
      evaluations++;
      double[] p = exp(theta);
      double[] g = withGradient ? new double[p.length] : null;
      double value = -ll.value(p, g) / customers;
      for (double v : p) {
        value += penalty * v * v;
      }
      // The line search treats a non-finite value as very poor rather than failing on it.
      lastValue = Double.isFinite(value) ? value : Double.MAX_VALUE;
      lastTheta = theta.clone();
      lastGradient = null;
      if (g != null) {
        for (int i = 0; i < p.length; i++) {
          g[i] = -g[i] * p[i] / customers + 2 * penalty * p[i] * p[i];
        }
        lastGradient = g;
      }
      if (lastValue < bestValue) {
        bestValue = lastValue;
        bestTheta = theta.clone();
      }
    }
  }
}
