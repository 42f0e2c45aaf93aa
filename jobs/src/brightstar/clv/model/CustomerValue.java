package brightstar.clv.model;

/**
 * Discounted customer lifetime value over a horizon in months, as lifetimes'
 * {@code customer_lifetime_value} computes it.
 *
 * <p>CLV = sum over months i = 1..H of v * (E[Y(i f)] - E[Y((i-1) f)]) / (1 + d)^i, where
 * E[Y(t)] is the purchase model's conditional expected number of purchases in the next t
 * periods, f the number of periods in a month, v the expected value per purchase (normally
 * the Gamma-Gamma conditional expectation) and d the monthly discount rate: each month's
 * expected purchases are valued and discounted to the calibration end.
 *
 * <p>Months and periods: {@link PeriodUnit#periodsPerMonth()} uses the mean Gregorian month
 * (30.4375 days, 4.348 weeks). lifetimes uses 30 days or 4.345 weeks; pass that number as
 * {@code periodsPerMonth} to reproduce its figures.
 */
public final class CustomerValue {
  private CustomerValue() {}

  /**
   * Discounted CLV of one customer.
   *
   * @param model the fitted purchase model (BG/NBD or Pareto/NBD)
   * @param x frequency
   * @param tx recency, in the model's period unit
   * @param age T, in the model's period unit
   * @param valuePerPurchase expected value of each future purchase
   * @param months horizon in whole months, &gt;= 0
   * @param monthlyDiscountRate d &gt; -1, e.g. 0.01 for about 12.7% a year
   * @param periodsPerMonth the model's periods in one month, e.g. {@link
   *     PeriodUnit#periodsPerMonth()}
   * @return the discounted value, in the currency of {@code valuePerPurchase}
   */
  public static double discountedClv(PurchaseModel model, int x, double tx, double age,
      double valuePerPurchase, int months, double monthlyDiscountRate, double periodsPerMonth) {
    if (!Double.isFinite(valuePerPurchase)) {
      throw undefined(months, monthlyDiscountRate, periodsPerMonth, valuePerPurchase);
    }
    return valuePerPurchase
        * outlook(model, x, tx, age, months, monthlyDiscountRate, periodsPerMonth).discounted();
  }

  /**
   * The purchase side of a customer's CLV over a horizon, shared by every customer with the
   * same (x, t_x, T): CLV = value per purchase * {@code discounted}.
   *
   * @param expected E[purchases in the next {@code months}] (undiscounted)
   * @param discounted the sum over months i of E[purchases in month i] / (1 + d)^i
   */
  public record Outlook(double expected, double discounted) {}

  /**
   * Expected and discounted expected purchases of one customer over a horizon, arguments as
   * in {@link #discountedClv(PurchaseModel, int, double, double, double, int, double, double)}.
   */
  public static Outlook outlook(PurchaseModel model, int x, double tx, double age, int months,
      double monthlyDiscountRate, double periodsPerMonth) {
    if (months < 0 || !(monthlyDiscountRate > -1) || !(periodsPerMonth > 0)
        || !Double.isFinite(monthlyDiscountRate) || !Double.isFinite(periodsPerMonth)) {
      throw undefined(months, monthlyDiscountRate, periodsPerMonth, 1);
    }
    double discounted = 0;
    double previous = 0;
    for (int i = 1; i <= months; i++) {
      double cumulative = model.conditionalExpectedPurchases(i * periodsPerMonth, x, tx, age);
      discounted += (cumulative - previous) / Math.pow(1 + monthlyDiscountRate, i);
      previous = cumulative;
    }
    return new Outlook(previous, discounted);
  }

  private static ClvException undefined(int months, double monthlyDiscountRate,
      double periodsPerMonth, double valuePerPurchase) {
    return ClvException.of(
        "CLV over " + months + " months at monthly rate " + monthlyDiscountRate + " with "
            + periodsPerMonth + " periods a month and value " + valuePerPurchase
            + " is undefined",
        "the horizon must be >= 0 months, the rate > -1, periods per month > 0 and the "
            + "value finite",
        "pass e.g. 12 months, 0.01 and PeriodUnit.WEEK.periodsPerMonth()");
  }

  /**
   * Discounted CLV with the Gamma-Gamma conditional expected value per purchase for a
   * customer whose repeat purchases averaged {@code monetary}.
   */
  public static double discountedClv(PurchaseModel model, GammaGammaModel spend, int x,
      double tx, double age, double monetary, int months, double monthlyDiscountRate,
      double periodsPerMonth) {
    double value = spend.conditionalExpectedAverageValue(x, monetary);
    return discountedClv(model, x, tx, age, value, months, monthlyDiscountRate,
        periodsPerMonth);
  }
}
