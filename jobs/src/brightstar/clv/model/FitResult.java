package brightstar.clv.model;

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
 * @param converged whether a maximum was found: the optimiser met its tolerance at an interior
 *     maximum (the penalised objective's Hessian positive definite and no parameter run off to
 *     0 or infinity), or on a boundary whose limiting model was then fitted (see {@code
 *     boundary})
 * @param boundary null for an interior maximum; otherwise what the boundary means and which
 *     model the estimates belong to, e.g. "no dropout observed: BG/NBD reduces to NBD". The
 *     {@code model}, {@code names} and {@code params} are then those of the limiting model
 * @param covariance the asymptotic covariance of {@code params} (inverse observed information,
 *     n x n in the order of {@code names}); NaN throughout when the information matrix is not
 *     positive definite; rows and columns of zeros for parameters a limit holds fixed
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
    boolean converged,
    String boundary,
    double[][] covariance) {

  public FitResult {
    names = List.copyOf(names);
    params = params.clone();
    standardErrors = standardErrors.clone();
    covariance = copy(covariance);
  }

  @Override
  public double[][] covariance() {
    return copy(covariance);
  }

  /** Whether the maximum lies on a boundary of the parameter space (see {@code boundary}). */
  public boolean atBoundary() {
    return boundary != null;
  }

  /** This result with another model name, boundary and evaluation count. */
  FitResult asLimitOf(String limitBoundary, int totalEvaluations) {
    return new FitResult(model, names, params, standardErrors, logLikelihood, customers,
        penalty, totalEvaluations, converged, limitBoundary, covariance);
  }

  /** This result under another model name, e.g. "sBG (12-month terms)". */
  public FitResult withModel(String name) {
    return new FitResult(name, names, params, standardErrors, logLikelihood, customers, penalty,
        evaluations, converged, boundary, covariance);
  }

  private static double[][] copy(double[][] m) {
    double[][] out = new double[m.length][];
    for (int i = 0; i < m.length; i++) {
      out[i] = m[i].clone();
    }
    return out;
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
        .append(", converged=").append(converged)
        .append(boundary == null ? "" : ", boundary: " + boundary).toString();
  }
}
