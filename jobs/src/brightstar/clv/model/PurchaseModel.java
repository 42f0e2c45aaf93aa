package brightstar.clv.model;

/**
 * A fitted model of purchase counts (BG/NBD or Pareto/NBD) as the CLV calculation uses it.
 * Times are in the period unit of the data the model was fitted on.
 */
public interface PurchaseModel {
  /** P(customer still active at T | x repeat purchases, last at t_x, age T). */
  double probabilityAlive(int x, double tx, double age);

  /** E[repeat purchases in (T, T + t] | x, t_x, T]. */
  double conditionalExpectedPurchases(double t, int x, double tx, double age);

  /** E[repeat purchases in (0, t]] for a customer just acquired. */
  double expectedPurchases(double t);
}
