package brightstar.interventions;

import static brightstar.interventions.InterventionFixtures.DAY;
import static brightstar.interventions.InterventionFixtures.customer;
import static brightstar.interventions.InterventionFixtures.customerRows;
import static brightstar.interventions.InterventionFixtures.history;
import static brightstar.interventions.InterventionFixtures.noHoldout;
import static brightstar.interventions.InterventionFixtures.score;
import static brightstar.interventions.InterventionFixtures.scores;
import static brightstar.interventions.InterventionFixtures.ticket;
import static brightstar.interventions.InterventionFixtures.tickets;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brightstar.BrightstarException;
import brightstar.testing.Datasets;
import brightstar.testing.SharedSpark;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The rules, cool-down and holdout on hand-made customers of one day. */
class InterventionsTest {
  private final SparkSession spark = SharedSpark.get();

  private static Set<String> fired(Dataset<Row> evaluated, String status) {
    return evaluated.where(col("status").equalTo(status)).select("customer_id", "rule")
        .collectAsList().stream().map(r -> r.getString(0) + " " + r.getString(1))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void eachConfiguredRuleFiresExactlyWhenItsConditionHolds() {
    String hv = Interventions.HIGH_VALUE_MODEL;
    String ds = Interventions.DISSATISFACTION_MODEL;
    Dataset<Row> c360 = history(DAY,
        // second-purchase-call: decile >= 9, days 60..90, nothing bought after the first.
        customer("sp-day60").tenure(60).onePurchase(),
        customer("sp-day90").tenure(90).onePurchase(),
        customer("sp-day59").tenure(59).onePurchase(),
        customer("sp-day91").tenure(91).onePurchase(),
        customer("sp-bought-again").tenure(64),
        customer("sp-decile8").tenure(64).onePurchase(),
        customer("sp-unscored").tenure(64).onePurchase(),
        // onboarding-help: days 45..60, seats bought, under half in use.
        customer("ob-day45").tenure(45).seats(10, 4),
        customer("ob-day59").tenure(59).seats(10, 0),
        customer("ob-day44").tenure(44).seats(10, 4),
        customer("ob-day61").tenure(61).seats(10, 4),
        customer("ob-half-used").tenure(50).seats(10, 5),
        customer("ob-no-seats").tenure(50),
        // account-review: dissatisfaction decile 10.
        customer("ar-decile10"),
        customer("ar-decile9"),
        // detractor-escalation: last NPS 0-6 and a complaint ticket open on the day.
        customer("de-open").nps(3),
        customer("de-closed-later").nps(6),
        customer("de-closed-before").nps(2),
        customer("de-opened-later").nps(2),
        customer("de-open-bug").nps(2),
        customer("de-passive").nps(7),
        customer("de-no-nps"));
    Dataset<Row> scored = scores(
        score("sp-day60", DAY, hv, 0.71, 9), score("sp-day90", DAY, hv, 0.93, 10),
        score("sp-day59", DAY, hv, 0.71, 9), score("sp-day91", DAY, hv, 0.71, 9),
        score("sp-bought-again", DAY, hv, 0.71, 9), score("sp-decile8", DAY, hv, 0.55, 8),
        // A score of another day is not the day's score.
        score("sp-unscored", DAY.minusDays(1), hv, 0.9, 10),
        score("ar-decile10", DAY, ds, 0.81, 10), score("ar-decile9", DAY, ds, 0.6, 9),
        score("ar-decile10", DAY, hv, 0.2, 3));
    Dataset<Row> tix = tickets(
        ticket("de-open", "T1", DAY.minusDays(5), null, "complaint"),
        ticket("de-closed-later", "T2", DAY.minusDays(5), DAY.plusDays(1), "complaint"),
        ticket("de-closed-before", "T3", DAY.minusDays(5), DAY.minusDays(1), "complaint"),
        ticket("de-opened-later", "T4", DAY.plusDays(1), null, "complaint"),
        ticket("de-open-bug", "T5", DAY.minusDays(5), null, "bug"),
        ticket("de-passive", "T6", DAY.minusDays(5), null, "complaint"),
        ticket("de-no-nps", "T7", DAY.minusDays(5), null, "complaint"));
    InterventionSettings settings = noHoldout();
    Dataset<Row> rows = customerRows(DAY, c360, scored, tix, settings);
    Interventions.validate(rows, settings.rules());

    Dataset<Row> evaluated = Interventions.evaluate(rows, null, settings, DAY);

    assertEquals(new TreeSet<>(List.of(
            "sp-day60 second-purchase-call", "sp-day90 second-purchase-call",
            "ob-day45 onboarding-help", "ob-day59 onboarding-help",
            "ar-decile10 account-review",
            "de-open detractor-escalation", "de-closed-later detractor-escalation")),
        fired(evaluated, Interventions.ACTION));
    assertEquals(7, evaluated.count());
    Map<String, String> reasons = new HashMap<>();
    for (Row r : evaluated.select("customer_id", "reason").collectAsList()) {
      reasons.put(r.getString(0), r.getString(1));
    }
    assertEquals("p_high_value 0.71 (decile 9), no second purchase 60 days after the first on"
        + " 2024-05-01", reasons.get("sp-day60"));
    assertEquals("4 of 10 seats in use (utilisation 0.40) on day 45", reasons.get("ob-day45"));
    assertEquals("p_dissatisfied 0.81 (decile 10), 2 tickets and 1 complaints in 90 days,"
        + " tier B", reasons.get("ar-decile10"));
    assertEquals("last NPS 3 on 2024-06-10 (detractor), 1 complaint ticket(s) open",
        reasons.get("de-open"));
    Row sp = evaluated.where(col("customer_id").equalTo("sp-day60")).first();
    assertEquals("sales", sp.getAs("owner_team"));
    assertEquals("phone", sp.getAs("channel"));
    assertEquals("call to propose the second purchase", sp.getAs("action"));
    assertEquals(90, (int) sp.getAs("cool_down_days"));
    assertEquals(0.71, (double) sp.getAs("p_high_value"), 1e-12);
    assertEquals(60, (int) sp.getAs("tenure_days"));
    assertEquals(DAY, ((java.sql.Date) sp.getAs("as_of_date")).toLocalDate());
    // The id is the hash of customer, rule and day, as documented.
    assertEquals("I-" + sha256("sp-day60|second-purchase-call|" + DAY).substring(0, 16),
        sp.getAs("intervention_id"));
    assertEquals(Interventions.COLUMNS.stream().map(c -> c.name()).toList(),
        List.of(Interventions.forDay(evaluated).columns()));
  }

  /** A rule that fires for every customer, to look at cool-down and holdout alone. */
  private static InterventionRule always(String name, int coolDownDays) {
    return new InterventionRule(name, "customer_id IS NOT NULL", "do it", "team", "email",
        coolDownDays, "customer {customer_id}");
  }

  private Dataset<Row> previous(Object[]... rows) {
    List<Row> out = new ArrayList<>();
    for (Object[] r : rows) {
      out.add(org.apache.spark.sql.RowFactory.create(r[0], r[1],
          java.sql.Date.valueOf((LocalDate) r[2]), r[3]));
    }
    return spark.createDataFrame(out, new org.apache.spark.sql.types.StructType()
        .add("customer_id", "string").add("rule", "string").add("as_of_date", "date")
        .add("status", "string"));
  }

  @Test
  void coolDownSuppressesARepeatWithinTheWindowAndAllowsItAfter() {
    InterventionSettings settings = noHoldout().withRules(List.of(always("nudge", 30),
        always("other", 30)));
    Dataset<Row> rows = customerRows(DAY, history(DAY, customer("within"), customer("after"),
            customer("held-out-before"), customer("other-rule"), customer("same-day"),
            customer("later-day"), customer("new")),
        null, tickets(), settings);
    Dataset<Row> before = previous(
        new Object[] {"within", "nudge", DAY.minusDays(29), "action"},
        new Object[] {"within", "nudge", DAY.minusDays(200), "action"},
        new Object[] {"after", "nudge", DAY.minusDays(30), "action"},
        // A holdout counts like an action: the held-out customer is not asked again either.
        new Object[] {"held-out-before", "nudge", DAY.minusDays(1), "holdout"},
        new Object[] {"other-rule", "other", DAY.minusDays(1), "action"},
        // Rows of the day itself (an earlier run) and of later days do not count.
        new Object[] {"same-day", "nudge", DAY, "action"},
        new Object[] {"later-day", "nudge", DAY.plusDays(3), "action"});

    Dataset<Row> evaluated = Interventions.evaluate(rows, before, settings, DAY);

    Set<String> nudged = fired(evaluated.where(col("rule").equalTo("nudge")),
        Interventions.ACTION);
    assertEquals(new TreeSet<>(List.of("after nudge", "other-rule nudge", "same-day nudge",
        "later-day nudge", "new nudge")), nudged);
    assertEquals(new TreeSet<>(List.of("within nudge", "held-out-before nudge",
        "other-rule other")), fired(evaluated, Interventions.COOL_DOWN));
    // The cooled-down are counted, not written.
    assertEquals(14 - 3, Interventions.forDay(evaluated).count());
    assertEquals(0, Interventions.forDay(evaluated)
        .where(col("status").equalTo(Interventions.COOL_DOWN)).count());
  }

  @Test
  void aZeroDayCoolDownFiresEveryDay() {
    InterventionSettings settings = noHoldout().withRules(List.of(always("daily", 0)));
    Dataset<Row> rows = customerRows(DAY, history(DAY, customer("c")), null, tickets(),
        settings);
    Dataset<Row> evaluated = Interventions.evaluate(rows,
        previous(new Object[] {"c", "daily", DAY.minusDays(1), "action"}), settings, DAY);
    assertEquals(Set.of("c daily"), fired(evaluated, Interventions.ACTION));
  }

  private static String sha256(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder();
      for (byte b : d) {
        hex.append(String.format("%02x", b));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The documented draw, computed without Spark. */
  static boolean heldOut(String customerId, String salt, double share) {
    long first8 = Long.parseLong(sha256(salt + "|" + customerId).substring(0, 8), 16);
    return first8 / 4294967296.0 < share;
  }

  @Test
  void theHoldoutIsStablePerCustomerAndCloseToTheConfiguredShare() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      ids.add(String.format("C-%016x", i * 2654435761L));
    }
    Dataset<Row> customers = spark.createDataset(ids, Encoders.STRING()).toDF("customer_id");
    String salt = "brightstar-interventions-1";
    Set<String> held = new HashSet<>(customers
        .where(Interventions.holdoutDraw(col("customer_id"), salt).lt(0.1))
        .as(Encoders.STRING()).collectAsList());
    // 10,000 draws of a 10% share: the standard deviation is 0.3 points; 4 of them either way.
    assertTrue(held.size() >= 880 && held.size() <= 1120, held.size() + " held out");
    Set<String> expected = ids.stream().filter(id -> heldOut(id, salt, 0.1))
        .collect(Collectors.toSet());
    assertEquals(expected, held);
    // Another salt draws another holdout of about the same size.
    Set<String> resalted = ids.stream().filter(id -> heldOut(id, "other", 0.1))
        .collect(Collectors.toSet());
    Set<String> overlap = new HashSet<>(resalted);
    overlap.retainAll(held);
    assertTrue(overlap.size() < 200, overlap.size() + " in both holdouts");

    // The same customers are held out of every rule on every day.
    InterventionSettings settings = new InterventionSettings(0.1, salt, List.of("complaint"),
        List.of(always("a", 0), always("b", 0)));
    List<InterventionFixtures.Customer> some = ids.subList(0, 300).stream()
        .map(InterventionFixtures::customer).toList();
    InterventionFixtures.Customer[] arr = some.toArray(InterventionFixtures.Customer[]::new);
    Set<String> expectedHeld = ids.subList(0, 300).stream().filter(held::contains)
        .collect(Collectors.toSet());
    assertFalse(expectedHeld.isEmpty());
    for (LocalDate day : List.of(DAY, DAY.plusDays(7))) {
      Dataset<Row> evaluated = Interventions.evaluate(
          customerRows(day, history(day, arr), null, tickets(), settings), null, settings, day);
      for (String rule : List.of("a", "b")) {
        Set<String> heldToday = new HashSet<>(evaluated
            .where(col("rule").equalTo(rule).and(col("status").equalTo("holdout")))
            .select("customer_id").as(Encoders.STRING()).collectAsList());
        assertEquals(expectedHeld, heldToday, rule + " on " + day);
      }
      assertEquals(600, evaluated.count());
    }
  }

  @Test
  void reEvaluatingADayWithItsOwnRowsStoredGivesTheSameRows() {
    InterventionSettings settings = InterventionSettings.defaults().withRules(
        List.of(always("nudge", 30)));
    Dataset<Row> rows = customerRows(DAY, history(DAY, customer("a"), customer("b"),
        customer("c")), null, tickets(), settings);
    Dataset<Row> first = Interventions.forDay(Interventions.evaluate(rows, null, settings, DAY));
    Dataset<Row> stored = first.localCheckpoint();
    Dataset<Row> again = Interventions.forDay(Interventions.evaluate(rows, stored, settings,
        DAY));
    Datasets.assertSameRows(stored, again);
    assertEquals(3, again.count());
  }

  private static BrightstarException invalid(String condition, String reason) {
    InterventionSettings settings = noHoldout().withRules(List.of(new InterventionRule(
        "broken", condition, "do it", "team", "email", 7, reason)));
    Dataset<Row> rows = customerRows(DAY, history(DAY, customer("a")), null, tickets(),
        settings);
    return assertThrows(BrightstarException.class,
        () -> Interventions.validate(rows, settings.rules()));
  }

  @Test
  void aBadRuleFailsWithOneLineNamingTheRuleAndTheFix() {
    BrightstarException unknown = invalid("nps_clas = 'detractor'", "r");
    assertTrue(unknown.getMessage().startsWith("intervention rule broken is invalid: its"
        + " condition `nps_clas = 'detractor'` fails: [UNRESOLVED_COLUMN"), unknown.getMessage());
    assertTrue(unknown.getMessage().contains("`nps_class`"), "Spark's suggestion is kept");
    assertTrue(unknown.getMessage().contains(". Fix: fix brightstar.interventions.rules[broken]"
        + ".condition: a Spark SQL boolean expression over the gold.customer_360 columns"),
        unknown.getMessage());
    assertFalse(unknown.getMessage().contains("\n"));

    BrightstarException notBoolean = invalid("open_complaints + 1", "r");
    assertEquals("intervention rule broken is invalid: its condition `open_complaints + 1` is"
        + " int, not boolean. Fix: fix brightstar.interventions.rules[broken].condition: make it"
        + " a comparison, e.g. `open_complaints + 1 > 0`", notBoolean.getMessage());

    BrightstarException syntax = invalid("tenure_days >", "r");
    assertTrue(syntax.getMessage().startsWith("intervention rule broken is invalid: its"
        + " condition `tenure_days >` fails: [PARSE_SYNTAX_ERROR]"), syntax.getMessage());

    BrightstarException reason = invalid("tenure_days > 1", "tenure {tenure_dayz} days");
    assertTrue(reason.getMessage().startsWith("intervention rule broken is invalid: its reason"
        + " `tenure {tenure_dayz} days` fails: [UNRESOLVED_COLUMN"), reason.getMessage());
    assertTrue(reason.getMessage().contains("Fix: fix brightstar.interventions.rules[broken]"
        + ".reason"), reason.getMessage());

    BrightstarException format = invalid("tenure_days > 1", "tenure {tenure_days:%x} days");
    assertEquals("intervention rule broken is invalid: its reason `tenure {tenure_days:%x}"
        + " days` fails: placeholder {tenure_days:%x} has a format other than %d, %s or %f with"
        + " flags, width and precision. Fix: fix brightstar.interventions.rules[broken].reason:"
        + " text with {column} or {column:%.2f} placeholders over the gold.customer_360"
        + " columns (docs/tables.md), p_high_value, high_value_decile, p_dissatisfied,"
        + " dissatisfaction_decile, open_complaints", format.getMessage());
  }

  @Test
  void onlyTheRulesReadingScoresNeedThem() {
    InterventionSettings settings = InterventionSettings.defaults();
    Dataset<Row> rows = customerRows(DAY, history(DAY, customer("a")), null, tickets(),
        settings);
    Map<String, Boolean> uses = new HashMap<>();
    for (InterventionRule r : settings.rules()) {
      uses.put(r.name(), Interventions.usesScores(rows, r));
    }
    assertEquals(Map.of("second-purchase-call", true, "onboarding-help", false,
        "account-review", true, "detractor-escalation", false), uses);
  }

  @Test
  void aReasonTemplateKeepsPercentSignsAndFormatsByConversion() {
    ReasonTemplate t = ReasonTemplate.parse("{a:%.1f}% of {b} ({c:%d})");
    assertEquals("%.1f%% of %s (%d)", t.format());
    assertEquals(List.of("a", "b", "c"), t.columns());
    Row r = spark.sql("SELECT 12.34 AS a, 'x' AS b, 7.9D AS c").select(t.toColumn()).first();
    assertEquals("12.3% of x (7)", r.getString(0));
  }
}
