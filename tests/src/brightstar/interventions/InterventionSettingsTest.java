package brightstar.interventions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brightstar.BrightstarException;
import brightstar.config.BrightstarConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** brightstar.interventions as configured, and the one-line errors of bad settings. */
class InterventionSettingsTest {
  private static Map<String, Object> rule(String name) {
    return new HashMap<>(Map.of("name", name, "condition", "tenure_days > 1",
        "action", "a", "owner-team", "t", "channel", "c", "cool-down-days", 7, "reason", "r"));
  }

  @Test
  void theDefaultsHoldTheFourRulesOfTheIssue() {
    InterventionSettings s = InterventionSettings.defaults();
    assertEquals(0.1, s.holdoutShare());
    assertEquals("brightstar-interventions-1", s.holdoutSalt());
    assertEquals(List.of("complaint"), s.complaintCategories());
    assertEquals(List.of("second-purchase-call", "onboarding-help", "account-review",
        "detractor-escalation"), s.rules().stream().map(InterventionRule::name).toList());
    InterventionRule escalation = s.rules().get(3);
    assertEquals("nps_class = 'detractor' AND open_complaints > 0", escalation.condition());
    assertEquals("support", escalation.ownerTeam());
    assertEquals(30, escalation.coolDownDays());
  }

  @Test
  void aHoldoutShareOfOneIsRefused() {
    BrightstarException e = assertThrows(BrightstarException.class,
        () -> InterventionSettings.from(BrightstarConfig.defaults()
            .with("brightstar.interventions.holdout-share", 1.0)));
    assertEquals("invalid setting brightstar.interventions.holdout-share = 1.0: it must be a"
        + " share in [0, 1). Fix: fix it in the config file, an environment variable or --conf",
        e.getMessage());
  }

  @Test
  void ruleNamesAreUniqueAndEveryKeyIsRequired() {
    BrightstarException twice = assertThrows(BrightstarException.class,
        () -> InterventionSettings.from(BrightstarConfig.defaults()
            .with("brightstar.interventions.rules", List.of(rule("x"), rule("x")))));
    assertTrue(twice.getMessage().startsWith("invalid setting"
        + " brightstar.interventions.rules[x].name = x: it must be unique among the rules"),
        twice.getMessage());

    Map<String, Object> noChannel = rule("y");
    noChannel.remove("channel");
    BrightstarException missing = assertThrows(BrightstarException.class,
        () -> InterventionSettings.from(BrightstarConfig.defaults()
            .with("brightstar.interventions.rules", List.of(noChannel))));
    assertTrue(missing.getMessage().startsWith("invalid brightstar.interventions configuration"),
        missing.getMessage());
    assertTrue(missing.getMessage().contains("channel"), missing.getMessage());

    Map<String, Object> negative = rule("z");
    negative.put("cool-down-days", -1);
    BrightstarException cool = assertThrows(BrightstarException.class,
        () -> InterventionSettings.from(BrightstarConfig.defaults()
            .with("brightstar.interventions.rules", List.of(negative))));
    assertTrue(cool.getMessage().startsWith("invalid setting"
        + " brightstar.interventions.rules[z].cool-down-days = -1: it must be days >= 0"),
        cool.getMessage());
  }
}
