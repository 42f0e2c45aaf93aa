package brightstar.insights;

import brightstar.BrightstarException;
import brightstar.config.BrightstarConfig;
import brightstar.customer360.Customer360Columns.Spec;
import brightstar.features.FeatureColumns;
import brightstar.ml.Outcome;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code brightstar.insights} section: which behaviours are compared and how.
 *
 * @param flags the gold.customer_features columns compared, in table order: boolean flags as
 *     they are, whole-number counts as "at least one" (e.g. {@code returns_first_90d})
 * @param minTenureDays a customer enters the comparison at its first snapshot with at least
 *     this tenure, so every flag's window is closed (the longest window of {@link #flags})
 * @param minCustomers a flag shown by fewer customers than this, or missing in fewer, gets no
 *     adjusted effect and stays out of the regression: a coefficient from a handful of
 *     customers is noise that would still take a place in the ranking
 * @param regParam the L2 penalty of the adjusted logistic regression (MLlib
 *     GeneralizedLinearRegression regParam, on standardised features); small, it only keeps the
 *     fit finite when a flag almost separates the outcome
 * @param maxIter iteratively reweighted least squares iterations at most
 * @param confidence the level of every interval, e.g. 0.95
 */
public record InsightsSettings(
    List<String> flags,
    int minTenureDays,
    int minCustomers,
    double regParam,
    int maxIter,
    double confidence) {

  public static final String SECTION = "brightstar.insights";

  public InsightsSettings {
    flags = List.copyOf(flags);
    check(!flags.isEmpty(), "flags", flags, "at least one behaviour column");
    check(new HashSet<>(flags).size() == flags.size(), "flags", flags, "no column twice");
    Set<String> allowed = new HashSet<>();
    for (Spec s : FeatureColumns.COLUMNS) {
      if (s.type().equals("boolean") || s.type().equals("int")) {
        allowed.add(s.name());
      }
    }
    allowed.removeAll(List.of(Outcome.HIGH_VALUE.label(), Outcome.DISSATISFACTION.label(),
        "future_churned", "future_seat_cut", "future_complaint", "future_low_nps"));
    for (String f : flags) {
      check(allowed.contains(f), "flags", f,
          "a boolean or whole-number feature column of gold.customer_features (not a label),"
              + " e.g. second_purchase_within_90d");
    }
    check(minTenureDays >= 0, "min-tenure-days", minTenureDays, "days >= 0");
    check(minCustomers >= 1, "min-customers", minCustomers, "a whole number >= 1");
    check(regParam >= 0 && Double.isFinite(regParam), "reg-param", regParam, "a number >= 0");
    check(maxIter >= 1, "max-iter", maxIter, "a whole number >= 1");
    check(confidence > 0 && confidence < 1, "confidence", confidence,
        "a level in (0, 1), e.g. 0.95");
  }

  /** The embedded defaults' settings. */
  public static InsightsSettings defaults() {
    return from(BrightstarConfig.defaults());
  }

  /**
   * Reads {@code brightstar.insights}.
   *
   * @throws BrightstarException when a key is missing or a value is out of range
   */
  public static InsightsSettings from(BrightstarConfig config) {
    try {
      Config c = config.raw().getConfig(SECTION);
      return new InsightsSettings(
          new ArrayList<>(c.getStringList("flags")),
          c.getInt("min-tenure-days"),
          c.getInt("min-customers"),
          c.getDouble("reg-param"),
          c.getInt("max-iter"),
          c.getDouble("confidence"));
    } catch (ConfigException e) {
      throw new BrightstarException("invalid " + SECTION + " configuration", e.getMessage(),
          "see the " + SECTION + " section of conf/brightstar.conf", e);
    }
  }

  private static void check(boolean ok, String key, Object value, String expected) {
    if (!ok) {
      throw new BrightstarException("invalid setting " + SECTION + "." + key + " = " + value,
          "it must be " + expected,
          "fix it in the config file, an environment variable or --conf");
    }
  }
}
