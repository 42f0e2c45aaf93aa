package brightstar.lookalike;

import brightstar.BrightstarException;
import brightstar.config.BrightstarConfig;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;

/**
 * The {@code brightstar.lookalike} section: how prospects are compared with customers and
 * when a prospect counts as looking like the customers to avoid.
 *
 * @param neighbours k: a prospect's p_tier_a and p_tier_d are the shares of the good and the
 *     bad tier among its k nearest customers (all tiers)
 * @param explain how many nearest good-tier customers nearest_a_customers lists
 * @param goodTier the gold.customer_360 tier to look like (A)
 * @param badTier the tier to turn away (D)
 * @param badTierShare resembles_tier_d is true when p_tier_d reaches this share
 * @param employeesWeight weight of the squared difference of standardised log(employees)
 * @param ageWeight weight of the squared difference of standardised log(1 + company age)
 * @param industryWeight what an industry mismatch adds to the squared distance
 * @param countryWeight what a country mismatch adds to the squared distance
 * @param missingPenalty what a comparison with an unknown value (either side) adds to the
 *     squared distance, before the feature's weight
 */
public record LookalikeSettings(
    int neighbours,
    int explain,
    String goodTier,
    String badTier,
    double badTierShare,
    double employeesWeight,
    double ageWeight,
    double industryWeight,
    double countryWeight,
    double missingPenalty) {

  public static final String SECTION = "brightstar.lookalike";

  public LookalikeSettings {
    check(neighbours >= 1, "neighbours", neighbours, "a count >= 1");
    check(explain >= 1, "explain", explain, "a count >= 1");
    check(goodTier != null && !goodTier.isBlank(), "good-tier", goodTier, "a tier name");
    check(badTier != null && !badTier.isBlank(), "bad-tier", badTier, "a tier name");
    check(!goodTier.equals(badTier), "bad-tier", badTier, "a tier other than good-tier");
    check(badTierShare > 0 && badTierShare <= 1, "bad-tier-share", badTierShare,
        "a share in (0, 1]");
    check(employeesWeight >= 0, "weights.employees", employeesWeight, "a weight >= 0");
    check(ageWeight >= 0, "weights.age", ageWeight, "a weight >= 0");
    check(industryWeight >= 0, "weights.industry", industryWeight, "a weight >= 0");
    check(countryWeight >= 0, "weights.country", countryWeight, "a weight >= 0");
    check(employeesWeight + ageWeight + industryWeight + countryWeight > 0, "weights",
        "all 0", "at least one weight > 0");
    check(missingPenalty >= 0, "missing-penalty", missingPenalty, "a value >= 0");
  }

  /** The embedded defaults' settings. */
  public static LookalikeSettings defaults() {
    return from(BrightstarConfig.defaults());
  }

  /**
   * Reads {@code brightstar.lookalike}.
   *
   * @throws BrightstarException when a key is missing or a value is out of range
   */
  public static LookalikeSettings from(BrightstarConfig config) {
    try {
      Config c = config.raw().getConfig(SECTION);
      Config w = c.getConfig("weights");
      return new LookalikeSettings(
          c.getInt("neighbours"),
          c.getInt("explain"),
          c.getString("good-tier").trim(),
          c.getString("bad-tier").trim(),
          c.getDouble("bad-tier-share"),
          w.getDouble("employees"),
          w.getDouble("age"),
          w.getDouble("industry"),
          w.getDouble("country"),
          c.getDouble("missing-penalty"));
    } catch (ConfigException e) {
      throw new BrightstarException("invalid " + SECTION + " configuration", e.getMessage(),
          "see the " + SECTION + " section of conf/brightstar.conf", e);
    }
  }

  /** The method as written to gold.prospect_scores.method, e.g. {@code knn(k=25)}. */
  public String method() {
    return "knn(k=" + neighbours + ")";
  }

  private static void check(boolean ok, String key, Object value, String expected) {
    if (!ok) {
      throw new BrightstarException("invalid setting " + SECTION + "." + key + " = " + value,
          "it must be " + expected,
          "fix it in the config file, an environment variable or --conf");
    }
  }
}
