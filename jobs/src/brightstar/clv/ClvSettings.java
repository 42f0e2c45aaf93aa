package brightstar.clv;

import brightstar.BrightstarException;
import brightstar.clv.model.ClvException;
import brightstar.clv.model.FitOptions;
import brightstar.clv.model.PeriodUnit;
import brightstar.clv.model.PurchaseModelType;
import brightstar.config.BrightstarConfig;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code brightstar.clv} section of the configuration, typed and checked once.
 *
 * @param model the purchase model of gold.clv
 * @param period the period unit of recency, T and the fits
 * @param horizonMonths the CLV horizon in months
 * @param monthlyDiscountRate the monthly discount rate of future purchases
 * @param margin the share of revenue that is profit, for the allowable retention spend
 * @param holdoutWeeks the validation holdout: the calibration fit ends this many weeks before
 *     the as-of date; 0 skips the holdout
 * @param penalty the L2 penalty of the fits (see {@link FitOptions})
 * @param tiers the CLV tiers from the most valuable down, with their shares of customers
 */
public record ClvSettings(
    PurchaseModelType model,
    PeriodUnit period,
    int horizonMonths,
    double monthlyDiscountRate,
    double margin,
    int holdoutWeeks,
    double penalty,
    List<Tier> tiers) {

  public static final String SECTION = "brightstar.clv";

  /** A CLV tier: its name and the share of customers (by CLV rank) it holds. */
  public record Tier(String name, double share) {}

  public ClvSettings {
    tiers = List.copyOf(tiers);
    check(horizonMonths >= 1, "horizon-months", horizonMonths, "a whole number of months >= 1");
    check(monthlyDiscountRate >= 0 && monthlyDiscountRate < 1, "monthly-discount-rate",
        monthlyDiscountRate, "a rate in [0, 1), e.g. 0.01 for about 12.7% a year");
    check(margin >= 0 && margin <= 1, "margin", margin, "a share of revenue in [0, 1]");
    check(holdoutWeeks >= 0, "holdout-weeks", holdoutWeeks, "a whole number of weeks >= 0");
    check(penalty >= 0 && Double.isFinite(penalty), "penalty", penalty, "a number >= 0");
    double total = 0;
    for (Tier t : tiers) {
      check(t.share() > 0 && t.name() != null && !t.name().isBlank(), "tiers", tiers,
          "a list of {name, share} with non-empty names and shares > 0");
      total += t.share();
    }
    check(!tiers.isEmpty() && Math.abs(total - 1) < 1e-9, "tiers", tiers,
        "shares that add up to 1, e.g. A 0.2, B 0.3, C 0.3, D 0.2");
  }

  /**
   * Reads {@code brightstar.clv}.
   *
   * @throws BrightstarException when a key is missing or has a value out of range
   */
  public static ClvSettings from(BrightstarConfig config) {
    Config c = config.raw().getConfig(SECTION);
    try {
      List<Tier> tiers = new ArrayList<>();
      for (Config t : c.getConfigList("tiers")) {
        tiers.add(new Tier(t.getString("name"), t.getDouble("share")));
      }
      return new ClvSettings(
          PurchaseModelType.parse(c.getString("model")),
          period(c.getString("period")),
          c.getInt("horizon-months"),
          c.getDouble("monthly-discount-rate"),
          c.getDouble("margin"),
          c.getInt("holdout-weeks"),
          c.getDouble("penalty"),
          tiers);
    } catch (ConfigException e) {
      throw new BrightstarException("invalid " + SECTION + " configuration", e.getMessage(),
          "see the " + SECTION + " section of conf/brightstar.conf", e);
    }
  }

  /** {@code day} or {@code week}. */
  public static PeriodUnit period(String name) {
    try {
      return PeriodUnit.valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ClvException.of("Unknown period '" + name + "'",
          "recency and age are counted in days or weeks",
          "use day or week");
    }
  }

  /** The fit options of these settings. */
  public FitOptions fitOptions() {
    return FitOptions.DEFAULT.withPenalty(penalty);
  }

  private static void check(boolean ok, String key, Object value, String expected) {
    if (!ok) {
      throw ClvException.of("Setting " + SECTION + "." + key + " = " + value + " is not allowed",
          "it must be " + expected,
          "fix it in the config file, an environment variable or --conf");
    }
  }
}
