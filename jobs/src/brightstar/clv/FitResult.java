package brightstar.clv;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a maximum-likelihood fit.
 *
 * @param model the model's name, e.g. "BG/NBD"
 * @param names parameter names in the model's order, e.g. r, alpha, a, b
 * @param params the estimates, in the order of {@code names}
 * @param standardErrors asymptotic standard errors from the inverse of the observed
 *     information (the numeric Hessian of the unpenalised log-likelihood at the estimates);
 *     NaN when that Hessian is not negative definite
 * @param logLikelihood the unpenalised, weighted log-likelihood at the estimates
 * @param customers the total weight fitted: the number of customers for count weights
 * @param penalty the L2 penalty coefficient used
 * @param evaluations likelihood evaluations spent by the optimiser
 * @param converged whether the optimiser met its tolerance at an interior maximum (the
 *     penalised objective's Hessian positive definite and no parameter run off to 0 or
 *     infinity)
 */
public record FitResult(
    String model,
    List<String> names,
    double[] params,
    double[] standardErrors,
    double logLikelihood,
    double customers,
    double penalty,
    int evaluations,
    boolean converged) {

  public FitResult {
    names = List.copyOf(names);
    params = params.clone();
    standardErrors = standardErrors.clone();
  }

  @Override
  public double[] params() {
    return params.clone();
  }

  @Override
  public double[] standardErrors() {
    return standardErrors.clone();
  }

  /** The estimate of the named parameter. */
  public double param(String name) {
    return params[index(name)];
  }

  /** The standard error of the named parameter. */
  public double standardError(String name) {
    return standardErrors[index(name)];
  }

  /** Name to estimate, in the model's order. */
  public Map<String, Double> paramMap() {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      m.put(names.get(i), params[i]);
    }
    return m;
  }

  private int index(String name) {
    int i = names.indexOf(name);
    if (i < 0) {
      throw ClvException.of("Unknown parameter " + name + " of " + model,
          model + " has the parameters " + names,
          "ask for one of " + names);
    }
    return i;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(model).append(" fit on ").append(customers)
        .append(" customers:");
    for (int i = 0; i < names.size(); i++) {
      b.append(' ').append(names.get(i)).append('=').append(params[i])
          .append(" (se ").append(standardErrors[i]).append(')');
    }
    return b.append(", LL=").append(logLikelihood).append(", evaluations=").append(evaluations)
        .append(", converged=").append(converged).toString();
  }
}
