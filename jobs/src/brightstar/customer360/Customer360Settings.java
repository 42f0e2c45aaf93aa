package brightstar.customer360;

import brightstar.BrightstarException;
import brightstar.config.BrightstarConfig;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code brightstar.customer360} section of the configuration, typed and checked once.
 *
 * @param marginByProduct gross margin (share of gross sales) per product line; the keys
 *     {@code subscription} and {@code default} are required
 * @param costPerTicket support cost in USD per ticket, by priority
 * @param lateAnnualRate yearly financing rate charged on days paid late
 * @param badDebtAfterDays an invoice unpaid this many days after its due date is a loss
 * @param recentDays the window of the "last N days" support figures
 * @param windows behaviour windows in days after the first purchase
 * @param seatsUsedRatio all_seats_used_60d threshold on the peak seat utilisation
 * @param webinarsEngaged three_webinars_first_year threshold
 * @param manyTickets many_support_tickets_first_90d threshold
 * @param communityPostsActive community_active_first_6m threshold
 * @param careCaps counts that earn a CARE part's full 25 points
 * @param paretoValue the column customers are ordered by for the Pareto figures
 * @param topShare share of customers that top20_by_value marks
 * @param weights tier criteria weights
 * @param loyaltyFullDays tenure that earns the full loyalty score
 * @param cutOffBy how tier cut-offs apply
 * @param tiers the tiers from best to worst
 */
public record Customer360Settings(
    Map<String, Double> marginByProduct,
    Map<String, Double> costPerTicket,
    double lateAnnualRate,
    int badDebtAfterDays,
    int recentDays,
    Windows windows,
    double seatsUsedRatio,
    int webinarsEngaged,
    int manyTickets,
    int communityPostsActive,
    CareCaps careCaps,
    ParetoValue paretoValue,
    double topShare,
    Weights weights,
    int loyaltyFullDays,
    CutOffBy cutOffBy,
    List<Tier> tiers) {

  public static final String SECTION = "brightstar.customer360";

  /** Behaviour windows in days after the first purchase. */
  public record Windows(
      int secondPurchase,
      int seatsUsed,
      int appDownload,
      int early,
      int firstYear,
      int community,
      int onboarding) {}

  /** The counts that earn each CARE part its full 25 points. */
  public record CareCaps(double replies, double meetings, double calls, double referrals) {}

  /** Tier criteria weights; they add up to 1. */
  public record Weights(double value, double profitability, double loyalty, double advocacy) {}

  /** A tier: its name, share of customers (cut-off-by share) and minimum score (by score). */
  public record Tier(String name, double share, double minScore) {}

  /** The Pareto order's value column. */
  public enum ParetoValue {
    REVENUE_12M,
    PROFIT_12M,
    CLV_12M;

    public String column() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Tiers by shares of customers or by score thresholds. */
  public enum CutOffBy {
    SHARE,
    SCORE
  }

  public Customer360Settings {
    marginByProduct = Map.copyOf(new TreeMap<>(marginByProduct));
    costPerTicket = Map.copyOf(new TreeMap<>(costPerTicket));
    tiers = List.copyOf(tiers);
    check(marginByProduct.containsKey("subscription") && marginByProduct.containsKey("default"),
        "margin-by-product", marginByProduct, "a map with at least subscription and default");
    for (double m : marginByProduct.values()) {
      check(m >= 0 && m <= 1, "margin-by-product", marginByProduct, "shares in [0, 1]");
    }
    for (double c : costPerTicket.values()) {
      check(c >= 0, "cost-per-ticket", costPerTicket, "USD amounts >= 0");
    }
    check(lateAnnualRate >= 0, "late-payment-annual-rate", lateAnnualRate, "a rate >= 0");
    check(badDebtAfterDays >= 1, "bad-debt-after-days", badDebtAfterDays, "days >= 1");
    check(recentDays >= 1, "recent-days", recentDays, "days >= 1");
    for (int w : new int[] {windows.secondPurchase(), windows.seatsUsed(), windows.appDownload(),
        windows.early(), windows.firstYear(), windows.community(), windows.onboarding()}) {
      check(w >= 1, "windows", windows, "every window >= 1 day");
    }
    check(seatsUsedRatio > 0 && seatsUsedRatio <= 1, "seats-used-ratio", seatsUsedRatio,
        "a share in (0, 1]");
    check(webinarsEngaged >= 1, "webinars-engaged", webinarsEngaged, "a count >= 1");
    check(manyTickets >= 1, "many-tickets", manyTickets, "a count >= 1");
    check(communityPostsActive >= 1, "community-posts-active", communityPostsActive,
        "a count >= 1");
    check(careCaps.replies() > 0 && careCaps.meetings() > 0 && careCaps.calls() > 0
        && careCaps.referrals() > 0, "care-caps", careCaps, "counts > 0");
    check(topShare > 0 && topShare < 1, "pareto.top-share", topShare, "a share in (0, 1)");
    double sum = weights.value() + weights.profitability() + weights.loyalty()
        + weights.advocacy();
    check(weights.value() >= 0 && weights.profitability() >= 0 && weights.loyalty() >= 0
        && weights.advocacy() >= 0 && Math.abs(sum - 1) < 1e-9, "tiers.weights", weights,
        "weights >= 0 adding up to 1");
    check(loyaltyFullDays >= 1, "tiers.loyalty-full-days", loyaltyFullDays, "days >= 1");
    check(!tiers.isEmpty(), "tiers.levels", tiers, "at least one tier");
    double shares = 0;
    double previousMin = Double.POSITIVE_INFINITY;
    for (Tier t : tiers) {
      check(t.name() != null && !t.name().isBlank(), "tiers.levels", tiers, "named tiers");
      check(t.share() > 0, "tiers.levels", tiers, "shares > 0");
      check(t.minScore() < previousMin, "tiers.levels", tiers,
          "min-score falling from the first tier to the last");
      previousMin = t.minScore();
      shares += t.share();
    }
    check(Math.abs(shares - 1) < 1e-9, "tiers.levels", tiers, "shares adding up to 1");
  }

  /** The margin of a product line ({@code default} for a line not configured). */
  public double margin(String productLine) {
    return marginByProduct.getOrDefault(productLine, marginByProduct.get("default"));
  }

  /** The embedded defaults' settings. */
  public static Customer360Settings defaults() {
    return from(BrightstarConfig.defaults());
  }

  /**
   * Reads {@code brightstar.customer360}.
   *
   * @throws BrightstarException when a key is missing or a value is out of range
   */
  public static Customer360Settings from(BrightstarConfig config) {
    Config c = config.raw().getConfig(SECTION);
    try {
      Config w = c.getConfig("windows");
      Config caps = c.getConfig("care-caps");
      Config t = c.getConfig("tiers");
      Config weights = t.getConfig("weights");
      List<Tier> tiers = new ArrayList<>();
      for (Config level : t.getConfigList("levels")) {
        tiers.add(new Tier(level.getString("name"), level.getDouble("share"),
            level.getDouble("min-score")));
      }
      return new Customer360Settings(
          doubles(c.getConfig("margin-by-product")),
          doubles(c.getConfig("cost-per-ticket")),
          c.getDouble("late-payment-annual-rate"),
          c.getInt("bad-debt-after-days"),
          c.getInt("recent-days"),
          new Windows(w.getInt("second-purchase"), w.getInt("seats-used"),
              w.getInt("app-download"), w.getInt("early"), w.getInt("first-year"),
              w.getInt("community"), w.getInt("onboarding")),
          c.getDouble("seats-used-ratio"),
          c.getInt("webinars-engaged"),
          c.getInt("many-tickets"),
          c.getInt("community-posts-active"),
          new CareCaps(caps.getDouble("replies"), caps.getDouble("meetings"),
              caps.getDouble("calls"), caps.getDouble("referrals")),
          parse(ParetoValue.class, c.getString("pareto.value"), "pareto.value"),
          c.getDouble("pareto.top-share"),
          new Weights(weights.getDouble("value"), weights.getDouble("profitability"),
              weights.getDouble("loyalty"), weights.getDouble("advocacy")),
          t.getInt("loyalty-full-days"),
          parse(CutOffBy.class, t.getString("cut-off-by"), "tiers.cut-off-by"),
          tiers);
    } catch (ConfigException e) {
      throw new BrightstarException("invalid " + SECTION + " configuration", e.getMessage(),
          "see the " + SECTION + " section of conf/brightstar.conf", e);
    }
  }

  private static Map<String, Double> doubles(Config section) {
    Map<String, Double> out = new TreeMap<>();
    section.root().keySet().forEach(k -> out.put(k, section.getDouble(k)));
    return out;
  }

  private static <E extends Enum<E>> E parse(Class<E> type, String value, String key) {
    try {
      return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      List<String> allowed = new ArrayList<>();
      for (E v : type.getEnumConstants()) {
        allowed.add(v.name().toLowerCase(Locale.ROOT));
      }
      throw new BrightstarException("invalid setting " + SECTION + "." + key + " = " + value,
          "it must be one of " + allowed, "fix it in the config file or with --conf");
    }
  }

  private static void check(boolean ok, String key, Object value, String expected) {
    if (!ok) {
      throw new BrightstarException("invalid setting " + SECTION + "." + key + " = " + value,
          "it must be " + expected, "fix it in the config file, an environment variable or --conf");
    }
  }
}
