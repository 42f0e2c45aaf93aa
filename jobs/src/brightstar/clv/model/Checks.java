package brightstar.clv.model;

import brightstar.clv.TransactionSummariser;

/** Argument checks shared by the models, with messages in the project's three-part form. */
final class Checks {
  private Checks() {}

  static double positive(String model, String name, double v) {
    if (!(v > 0) || !Double.isFinite(v)) {
      throw ClvException.of(model + " parameter " + name + " = " + v + " is not allowed",
          "every " + model + " parameter is a positive finite number",
          "build the model from a converged fit (FitResult) or positive values");
    }
    return v;
  }

  static void customer(String model, int x, double tx, double age) {
    if (x < 0 || !(tx >= 0) || !(age >= tx) || !Double.isFinite(age)
        || (x == 0 && tx != 0)) {
      throw ClvException.of(
          model + " prediction for x=" + x + ", t_x=" + tx + ", T=" + age + " is undefined",
          "a customer needs x >= 0, 0 <= t_x <= T, finite T, and t_x = 0 when x = 0",
          "pass the customer's summary as produced by TransactionSummariser");
    }
  }

  static void horizon(String model, double t) {
    if (!(t >= 0) || !Double.isFinite(t)) {
      throw ClvException.of(model + " prediction over t=" + t + " periods is undefined",
          "the horizon must be a finite number of periods >= 0",
          "pass a horizon in the period unit the model was fitted in");
    }
  }
}
