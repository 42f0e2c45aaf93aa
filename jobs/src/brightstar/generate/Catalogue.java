package brightstar.generate;

/** What the company sells: subscription plans priced per seat, and one-off products. */
final class Catalogue {
  static final String[] PLANS = {"starter", "team", "business", "enterprise"};
  /** Per seat per month, USD; local prices are converted at the fixed rates and rounded. */
  static final double[] PLAN_SEAT_USD = {12, 25, 45, 70};

  static final String[] PRODUCTS = {
    "hardware_kit", "training_pack", "consulting_day", "add_on_licence", "premium_support"
  };
  static final int HARDWARE = 0;
  static final double[] PRODUCT_USD = {240, 450, 1100, 35, 950};
  static final double[] PRODUCT_WEIGHTS = {0.15, 0.25, 0.2, 0.3, 0.1};
  static final String[] RETURN_REASONS = {"defective", "not_needed", "wrong_item", "damaged"};

  private Catalogue() {}

  /** The plan a company of this size starts on. */
  static int planFor(int employees) {
    if (employees < 25) {
      return 0;
    }
    if (employees < 150) {
      return 1;
    }
    return employees < 1000 ? 2 : 3;
  }

  /** A USD list price in local cents at the fixed rate, times a customer's price factor. */
  static long localCents(double usd, String currency, double factor) {
    return Math.round(usd / Firmographics.usdPerUnit(currency) * factor * 100.0);
  }

  /** A per-seat price in whole local units (list prices are round numbers). */
  static long seatPriceCents(int plan, String currency) {
    return Math.round(PLAN_SEAT_USD[plan] / Firmographics.usdPerUnit(currency)) * 100L;
  }
}
