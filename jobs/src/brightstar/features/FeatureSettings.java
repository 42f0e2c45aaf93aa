package brightstar.features;

import brightstar.BrightstarException;
import brightstar.config.BrightstarConfig;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code brightstar.features} section: when the month-end snapshots of
 * gold.customer_features start, how often they are taken, and how its two labels are
 * defined.
 *
 * @param start the first snapshot is the first month end on or after this date
 * @param everyMonths a snapshot every this many month ends, counted from the first one (1:
 *     monthly, 3: quarterly)
 * @param snapshotsPerPass snapshots built in one plan: each pass reads and shuffles the facts
 *     once, and its tasks hold the aggregates of all its snapshots
 * @param highValueMonths the high-value label looks at net revenue in this many months after
 *     the snapshot
 * @param highValueTopShare share of a snapshot's customers that the label marks (top by that
 *     revenue; a customer with no positive revenue is never high value)
 * @param dissatisfiedMonths the dissatisfied label looks this many months after the snapshot
 * @param parts which events make a customer dissatisfied (any of them)
 * @param renewalGraceDays a term ending in the window whose customer starts no other term
 *     within this many days after its end was not renewed; the label waits for these days too
 * @param seatCutShare a renewal term with at least this share fewer seats than the term before
 *     is a seat cut
 * @param complaintCategories ticket categories that are complaints
 * @param npsMax an NPS answer of at most this score counts as dissatisfied
 */
public record FeatureSettings(
    LocalDate start,
    int everyMonths,
    int snapshotsPerPass,
    int highValueMonths,
    double highValueTopShare,
    int dissatisfiedMonths,
    Set<Part> parts,
    int renewalGraceDays,
    double seatCutShare,
    List<String> complaintCategories,
    int npsMax) {

  public static final String SECTION = "brightstar.features";

  /** The events that make up the dissatisfied label. */
  public enum Part {
    CHURN,
    SEAT_CUT,
    COMPLAINT,
    LOW_NPS;

    /** The name as written in the configuration, e.g. {@code seat-cut}. */
    public String key() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  public FeatureSettings {
    parts = parts.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(parts));
    complaintCategories = List.copyOf(complaintCategories);
    check(start != null, "start", start, "a date (YYYY-MM-DD)");
    check(everyMonths >= 1, "every-months", everyMonths, "months >= 1");
    check(snapshotsPerPass >= 1, "snapshots-per-pass", snapshotsPerPass, "snapshots >= 1");
    check(highValueMonths >= 1, "high-value.window-months", highValueMonths, "months >= 1");
    check(highValueTopShare > 0 && highValueTopShare < 1, "high-value.top-share",
        highValueTopShare, "a share in (0, 1)");
    check(dissatisfiedMonths >= 1, "dissatisfied.window-months", dissatisfiedMonths,
        "months >= 1");
    check(!parts.isEmpty(), "dissatisfied.parts", parts,
        "at least one of churn, seat-cut, complaint, low-nps");
    check(renewalGraceDays >= 0, "dissatisfied.renewal-grace-days", renewalGraceDays,
        "days >= 0");
    check(seatCutShare > 0 && seatCutShare < 1, "dissatisfied.seat-cut-share", seatCutShare,
        "a share in (0, 1)");
    check(!complaintCategories.isEmpty(), "dissatisfied.complaint-categories",
        complaintCategories, "at least one ticket category");
    check(npsMax >= 0 && npsMax <= 10, "dissatisfied.nps-max", npsMax, "a score in 0..10");
  }

  /** The embedded defaults' settings. */
  public static FeatureSettings defaults() {
    return from(BrightstarConfig.defaults());
  }

  /**
   * Reads {@code brightstar.features}.
   *
   * @throws BrightstarException when a key is missing or a value is out of range
   */
  public static FeatureSettings from(BrightstarConfig config) {
    try {
      Config c = config.raw().getConfig(SECTION);
      Config hv = c.getConfig("high-value");
      Config ds = c.getConfig("dissatisfied");
      return new FeatureSettings(
          date(c.getString("start")),
          c.getInt("every-months"),
          c.getInt("snapshots-per-pass"),
          hv.getInt("window-months"),
          hv.getDouble("top-share"),
          ds.getInt("window-months"),
          parts(ds.getStringList("parts")),
          ds.getInt("renewal-grace-days"),
          ds.getDouble("seat-cut-share"),
          ds.getStringList("complaint-categories"),
          ds.getInt("nps-max"));
    } catch (ConfigException e) {
      throw new BrightstarException("invalid " + SECTION + " configuration", e.getMessage(),
          "see the " + SECTION + " section of conf/brightstar.conf", e);
    }
  }

  private static LocalDate date(String value) {
    try {
      return LocalDate.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw new BrightstarException("invalid setting " + SECTION + ".start = " + value,
          "it must be a date (YYYY-MM-DD)", "fix it in the config file or with --conf", e);
    }
  }

  private static Set<Part> parts(List<String> names) {
    Set<Part> out = EnumSet.noneOf(Part.class);
    for (String name : names) {
      Part found = null;
      for (Part p : Part.values()) {
        if (p.key().equals(name.trim().toLowerCase(Locale.ROOT).replace('_', '-'))) {
          found = p;
        }
      }
      if (found == null) {
        List<String> allowed = new ArrayList<>();
        for (Part p : Part.values()) {
          allowed.add(p.key());
        }
        throw new BrightstarException(
            "invalid setting " + SECTION + ".dissatisfied.parts: " + name,
            "a part must be one of " + allowed, "fix it in the config file or with --conf");
      }
      out.add(found);
    }
    return out;
  }

  private static void check(boolean ok, String key, Object value, String expected) {
    if (!ok) {
      throw new BrightstarException("invalid setting " + SECTION + "." + key + " = " + value,
          "it must be " + expected,
          "fix it in the config file, an environment variable or --conf");
    }
  }
}
