package brightstar.clv.model;

/**
 * How a model is fitted.
 *
 * @param penalty L2 penalty coefficient: the fit minimises -LL / n + penalty * sum(param^2),
 *     with n the number of customers, as lifetimes' {@code penalizer_coef} does, so values of
 *     0.001 to 0.1 shrink parameters of small or degenerate samples; 0 is plain maximum
 *     likelihood
 * @param maxEvaluations the most likelihood evaluations the optimiser may spend
 * @param requireConvergence true to throw when the fit does not converge; false to return the
 *     result with {@code converged = false} for diagnosis
 */
public record FitOptions(double penalty, int maxEvaluations, boolean requireConvergence) {
  /** Plain maximum likelihood, 20,000 evaluations at most, throwing when not converged. */
  public static final FitOptions DEFAULT = new FitOptions(0, 20_000, true);

  public FitOptions {
    if (!(penalty >= 0) || !Double.isFinite(penalty)) {
      throw ClvException.of("Penalty " + penalty + " is not allowed",
          "the L2 penalty coefficient must be a finite number >= 0",
          "pass 0 for plain maximum likelihood or a small positive value such as 0.01");
    }
    if (maxEvaluations < 1) {
      throw ClvException.of("maxEvaluations " + maxEvaluations + " is not allowed",
          "the optimiser needs at least one evaluation",
          "pass a positive number; the default is 20000");
    }
  }

  public FitOptions withPenalty(double newPenalty) {
    return new FitOptions(newPenalty, maxEvaluations, requireConvergence);
  }

  public FitOptions withMaxEvaluations(int newMax) {
    return new FitOptions(penalty, newMax, requireConvergence);
  }

  public FitOptions withRequireConvergence(boolean require) {
    return new FitOptions(penalty, maxEvaluations, require);
  }
}
