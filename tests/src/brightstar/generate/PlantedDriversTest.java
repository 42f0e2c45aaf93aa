package brightstar.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The planted behaviours on 2,000 customers over two years: each flag is exactly what the silos
 * show in the first 90 days, and the flags really move churn, dissatisfaction and later spend.
 */
class PlantedDriversTest {
  private static final LocalDate END = LocalDate.of(2025, 12, 31);

  @TempDir
  static Path root;

  private static List<Map<String, String>> customers;
  private static Map<String, Map<String, String>> byId;
  private static Map<String, String> customerOf;
  private static Set<String> malformed;

  @BeforeAll
  static void generate() throws IOException {
    Generator.run(new GeneratorSpec(2000, 20240101, LocalDate.of(2024, 1, 1), END, root),
        line -> {});
    customers = LandingReader.truth(root, "customers.csv");
    byId = new HashMap<>();
    for (Map<String, String> c : customers) {
      byId.put(c.get("customer_id"), c);
    }
    malformed = LandingContractTest.malformedLines(root).keySet();
    customerOf = new HashMap<>();
    for (Map<String, String> r : LandingReader.truth(root, "records.csv")) {
      customerOf.put(r.get("entity") + "|" + r.get("record_id"), r.get("customer_id"));
    }
  }

  /** Customers acquired in the first year: their early window and a year after are observed. */
  private static List<Map<String, String>> cohort() {
    return customers.stream()
        .filter(c -> LocalDate.parse(c.get("acquired_date")).isBefore(LocalDate.of(2025, 1, 1)))
        .toList();
  }

  private static double rate(List<Map<String, String>> rows, String outcome,
      Predicate<Map<String, String>> group) {
    List<Map<String, String>> in = rows.stream().filter(group).toList();
    assertTrue(in.size() >= 40, "group large enough: " + in.size());
    return in.stream().filter(c -> c.get(outcome).equals("true")).count() / (double) in.size();
  }

  private static double meanRevenueAfter90(List<Map<String, String>> rows,
      Predicate<Map<String, String>> group) {
    return rows.stream().filter(group)
        .mapToDouble(c -> Double.parseDouble(c.get("revenue_after_90d_usd"))).average()
        .orElseThrow();
  }

  private static Predicate<Map<String, String>> flag(String column) {
    return c -> c.get(column).equals("true");
  }

  @Test
  void manyEarlyTicketsMakeChurnClearlyMoreLikely() {
    List<Map<String, String>> cohort = cohort();
    double with = rate(cohort, "churned", flag("many_tickets_90d"));
    double without = rate(cohort, "churned", flag("many_tickets_90d").negate());
    assertTrue(with > 1.5 * without && with - without > 0.15,
        "churn with many tickets " + with + " vs without " + without);
  }

  @Test
  void badEarlyExperiencesMakeChurnAndDissatisfactionMoreLikely() {
    List<Map<String, String>> cohort = cohort();
    for (String driver : List.of("onboarding_unfinished", "low_nps_90d", "returned_90d")) {
      double churnWith = rate(cohort, "churned", flag(driver));
      double churnWithout = rate(cohort, "churned", flag(driver).negate());
      assertTrue(churnWith > churnWithout + 0.1, driver + " churn " + churnWith + " vs "
          + churnWithout);
      double dissatisfiedWith = rate(cohort, "dissatisfied", flag(driver));
      double dissatisfiedWithout = rate(cohort, "dissatisfied", flag(driver).negate());
      assertTrue(dissatisfiedWith > dissatisfiedWithout + 0.1, driver + " dissatisfied "
          + dissatisfiedWith + " vs " + dissatisfiedWithout);
    }
  }

  @Test
  void goodEarlyBehavioursRaiseLaterSpendAndLowerChurn() {
    List<Map<String, String>> cohort = cohort();
    for (String driver : List.of("second_purchase_90d", "seats_used_60d", "webinar_90d",
        "conference_90d")) {
      double spendWith = meanRevenueAfter90(cohort, flag(driver));
      double spendWithout = meanRevenueAfter90(cohort, flag(driver).negate());
      assertTrue(spendWith > 1.5 * spendWithout, driver + " spend " + spendWith + " vs "
          + spendWithout);
      double churnWith = rate(cohort, "churned", flag(driver));
      double churnWithout = rate(cohort, "churned", flag(driver).negate());
      assertTrue(churnWith < churnWithout - 0.1, driver + " churn " + churnWith + " vs "
          + churnWithout);
    }
  }

  /** A well-formed row of an entity with its customer and event day. */
  private record Seen(Map<String, String> row, Map<String, String> customer, LocalDate day) {
    long age() {
      return day.toEpochDay() - LocalDate.parse(customer.get("acquired_date")).toEpochDay();
    }
  }

  private static List<Seen> rows(Entity entity) {
    List<Seen> out = new ArrayList<>();
    for (Path file : LandingReader.dataFiles(root)) {
      if (LandingReader.entityOf(file) != entity) {
        continue;
      }
      List<String> lines = LandingReader.lines(root.resolve(file));
      for (int n = entity.format == Entity.Format.CSV ? 2 : 1; n <= lines.size(); n++) {
        if (malformed.contains(file + ":" + n)) {
          continue;
        }
        Map<String, String> row = LandingReader.row(entity, lines.get(n - 1));
        StringBuilder key = new StringBuilder();
        for (int k : entity.keyIndexes) {
          key.append(key.length() == 0 ? "" : "|").append(row.get(entity.columns[k]));
        }
        String customer = customerOf.get(entity.entityName + "|" + key);
        if (customer != null && !customer.isEmpty()) {
          out.add(new Seen(row, byId.get(customer), LocalDate.parse(
              row.get(entity.columns[entity.eventIndex]).substring(0, 10))));
        }
      }
    }
    return out;
  }

  /** Customers whose flag disagrees with what the files show, among those fully observed. */
  private static int disagreements(String flagColumn, Predicate<String> shown,
      String description) {
    int wrong = 0;
    int observed = 0;
    for (Map<String, String> c : customers) {
      if (!c.get("early_window_observed").equals("true")) {
        continue;
      }
      observed++;
      boolean planted = c.get(flagColumn).equals("true");
      if (planted != shown.test(c.get("customer_id"))) {
        wrong++;
      }
    }
    assertTrue(observed > 1500, "observed customers " + observed);
    assertTrue(wrong <= observed / 100, flagColumn + " disagrees with " + description + " for "
        + wrong + " of " + observed);
    return wrong;
  }

  @Test
  void plantedFlagsAreWhatTheSilosShowInTheFirst90Days() {
    Map<String, Integer> earlyTickets = new HashMap<>();
    Map<String, Boolean> onboardingOpen = new HashMap<>();
    for (Seen t : rows(Entity.TICKETS)) {
      String id = t.customer().get("customer_id");
      if (t.age() >= 1 && t.age() <= 90) {
        earlyTickets.merge(id, 1, Integer::sum);
      }
      if (t.row().get("category").equals("onboarding") && t.row().get("closed_at").isEmpty()) {
        onboardingOpen.put(id, true);
      }
    }
    Map<String, Integer> earlyOrders = new HashMap<>();
    for (Seen o : rows(Entity.ORDERS)) {
      if (o.age() >= 1 && o.age() <= 90) {
        earlyOrders.merge(o.customer().get("customer_id"), 1, Integer::sum);
      }
    }
    Map<String, Boolean> webinar = new HashMap<>();
    for (Seen t : rows(Entity.TOUCHES)) {
      if (t.row().get("touch_type").equals("webinar") && t.age() >= 1 && t.age() <= 90) {
        webinar.put(t.customer().get("customer_id"), true);
      }
    }
    Map<String, Integer> firstNps = new HashMap<>();
    for (Seen s : rows(Entity.SURVEYS)) {
      if (s.row().get("survey_type").equals("nps") && s.age() <= 90) {
        firstNps.put(s.customer().get("customer_id"), Integer.parseInt(s.row().get("score")));
      }
    }
    disagreements("many_tickets_90d", id -> earlyTickets.getOrDefault(id, 0) >= 4,
        ">= 4 tickets opened in days 1-90");
    disagreements("onboarding_unfinished", id -> onboardingOpen.containsKey(id),
        "an onboarding ticket without closed_at");
    disagreements("second_purchase_90d", id -> earlyOrders.containsKey(id),
        "an order in days 1-90");
    disagreements("webinar_90d", id -> webinar.containsKey(id), "a webinar touch in days 1-90");
    disagreements("low_nps_90d", id -> firstNps.getOrDefault(id, 10) <= 6,
        "a first NPS of 0-6");
  }

  @Test
  void seatsUsedFlagMatchesWeeklyUsageInTheFirst60Days() {
    Map<String, Integer> seats = new HashMap<>();
    for (Seen s : rows(Entity.SUBSCRIPTIONS)) {
      seats.put(s.row().get("subscription_id"), Integer.parseInt(s.row().get("seats_purchased")));
    }
    Map<String, Double> bestShare = new HashMap<>();
    for (Seen u : rows(Entity.SEAT_USAGE)) {
      Integer purchased = seats.get(u.row().get("subscription_id"));
      if (purchased != null && u.age() <= 60) {
        double share = Integer.parseInt(u.row().get("seats_active")) / (double) purchased;
        bestShare.merge(u.customer().get("customer_id"), share, Math::max);
      }
    }
    disagreements("seats_used_60d", id -> bestShare.getOrDefault(id, 0.0) >= 0.8,
        "a Monday with >= 80% of seats active in days 0-60");
  }

  @Test
  void repeatOrdersStopByTheChurnDateAndVaryByCustomer() {
    int checked = 0;
    for (Seen o : rows(Entity.ORDERS)) {
      String churnDate = o.customer().get("churn_date");
      if (!churnDate.isEmpty()) {
        assertTrue(!o.day().isAfter(LocalDate.parse(churnDate)), o.row() + " after " + churnDate);
        checked++;
      }
    }
    assertTrue(checked > 100, "orders of churned customers checked: " + checked);
    double[] counts = cohort().stream().mapToDouble(c -> Double.parseDouble(c.get("orders")))
        .toArray();
    double mean = java.util.Arrays.stream(counts).average().orElseThrow();
    double variance = java.util.Arrays.stream(counts).map(x -> (x - mean) * (x - mean))
        .average().orElseThrow();
    assertTrue(variance > 2 * mean, "orders over-dispersed across customers: mean " + mean
        + ", variance " + variance);
  }

  @Test
  void prospectsLookLikeTheArchetypeTheyWereDrawnFrom() {
    Map<String, String> archetype = new HashMap<>();
    for (Map<String, String> p : LandingReader.truth(root, "prospects.csv")) {
      archetype.put(p.get("prospect_id"), p.get("archetype"));
    }
    assertEquals(500, archetype.size());
    List<Integer> champions = new ArrayList<>();
    List<Integer> atRisk = new ArrayList<>();
    for (Path file : LandingReader.dataFiles(root)) {
      if (LandingReader.entityOf(file) != Entity.COMPANIES) {
        continue;
      }
      assertEquals(END.toString(), file.getName(2).toString());
      List<String> lines = LandingReader.lines(root.resolve(file));
      for (String line : lines.subList(1, lines.size())) {
        Map<String, String> row = LandingReader.row(Entity.COMPANIES, line);
        if (row == null || !row.get("employees").matches("\\d+")) {
          continue;
        }
        String a = archetype.get(row.get("prospect_id"));
        int employees = Integer.parseInt(row.get("employees"));
        if ("champion".equals(a)) {
          champions.add(employees);
        } else if ("at_risk".equals(a)) {
          atRisk.add(employees);
        }
      }
    }
    assertTrue(median(champions) > 10 * median(atRisk),
        "champion median " + median(champions) + " vs at-risk " + median(atRisk));
  }

  private static int median(List<Integer> values) {
    List<Integer> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }
}
