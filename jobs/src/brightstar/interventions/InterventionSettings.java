package brightstar.interventions;

import brightstar.BrightstarException;
import brightstar.config.BrightstarConfig;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code brightstar.interventions} section: the rules that turn gold.customer_360 and the
 * day's scores into dated actions, and the holdout that gets none.
 *
 * @param holdoutShare share of customers held out of every rule (recorded with {@code status =
 *     'holdout'}, never contacted), so the uplift of an action can be measured; in [0, 1)
 * @param holdoutSalt mixed into the hash of the customer id that decides the holdout; changing
 *     it draws a new holdout
 * @param complaintCategories ticket categories that count for {@code open_complaints}
 * @param rules the rules, each evaluated on its own (one customer may get several actions)
 */
public record InterventionSettings(
    double holdoutShare, String holdoutSalt, List<String> complaintCategories,
    List<InterventionRule> rules) {

  public static final String SECTION = "brightstar.interventions";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

  public InterventionSettings {
    complaintCategories = List.copyOf(complaintCategories);
    rules = List.copyOf(rules);
    check(holdoutShare >= 0 && holdoutShare < 1, "holdout-share", holdoutShare,
        "a share in [0, 1)");
    check(holdoutSalt != null && !holdoutSalt.isBlank(), "holdout-salt", holdoutSalt,
        "a non-empty string");
    check(!complaintCategories.isEmpty(), "complaint-categories", complaintCategories,
        "at least one ticket category");
    Set<String> names = new HashSet<>();
    for (InterventionRule r : rules) {
      check(r.name() != null && NAME.matcher(r.name()).matches(), "rules[].name", r.name(),
          "letters, digits, - and _");
      String at = "rules[" + r.name() + "].";
      check(names.add(r.name()), at + "name", r.name(), "unique among the rules");
      check(notBlank(r.condition()), at + "condition", r.condition(),
          "a Spark SQL boolean expression");
      check(notBlank(r.action()), at + "action", r.action(), "a non-empty text");
      check(notBlank(r.ownerTeam()), at + "owner-team", r.ownerTeam(), "a non-empty text");
      check(notBlank(r.channel()), at + "channel", r.channel(), "a non-empty text");
      check(r.coolDownDays() >= 0, at + "cool-down-days", r.coolDownDays(), "days >= 0");
      check(notBlank(r.reason()), at + "reason", r.reason(), "a non-empty template");
    }
  }

  /** The embedded defaults' settings. */
  public static InterventionSettings defaults() {
    return from(BrightstarConfig.defaults());
  }

  /**
   * Reads {@code brightstar.interventions}.
   *
   * @throws BrightstarException when a key is missing or a value is out of range
   */
  public static InterventionSettings from(BrightstarConfig config) {
    try {
      Config c = config.raw().getConfig(SECTION);
      List<InterventionRule> rules = new ArrayList<>();
      for (Config r : c.getConfigList("rules")) {
        rules.add(new InterventionRule(r.getString("name"), r.getString("condition"),
            r.getString("action"), r.getString("owner-team"), r.getString("channel"),
            r.getInt("cool-down-days"), r.getString("reason")));
      }
      return new InterventionSettings(c.getDouble("holdout-share"), c.getString("holdout-salt"),
          c.getStringList("complaint-categories"), rules);
    } catch (ConfigException e) {
      throw new BrightstarException("invalid " + SECTION + " configuration", e.getMessage(),
          "see the " + SECTION + " section of conf/brightstar.conf", e);
    }
  }

  /** A copy with other rules (tests, and a run restricted to some rules). */
  public InterventionSettings withRules(List<InterventionRule> other) {
    return new InterventionSettings(holdoutShare, holdoutSalt, complaintCategories, other);
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }

  private static void check(boolean ok, String key, Object value, String expected) {
    if (!ok) {
      throw new BrightstarException("invalid setting " + SECTION + "." + key + " = " + value,
          "it must be " + expected,
          "fix it in the config file, an environment variable or --conf");
    }
  }
}
