package brightstar.customer360;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brightstar.BrightstarException;
import brightstar.config.BrightstarConfig;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Customer360Test {
  static final LocalDate AS_OF = LocalDate.parse("2024-12-31");
  static final LocalDate LATER = LocalDate.parse("2025-03-31");
  private final Customer360Settings settings = Customer360Settings.defaults();
  private Dataset<Row> built;
  private Map<String, Row> rows;
  private Map<String, Row> later;

  @BeforeAll
  void build() {
    built = Customer360.build(Fixtures.facts(), settings, AS_OF).cache();
    rows = byId(built);
    later = byId(Customer360.build(Fixtures.facts(), settings, LATER));
  }

  private static Map<String, Row> byId(Dataset<Row> rows) {
    return rows.collectAsList().stream()
        .collect(Collectors.toMap(r -> r.<String>getAs("customer_id"), r -> r));
  }

  private static double dbl(Row r, String column) {
    return r.<Double>getAs(column);
  }

  private static int integer(Row r, String column) {
    return r.<Integer>getAs(column);
  }

  private static Boolean flag(Row r, String column) {
    return r.<Boolean>getAs(column);
  }

  @Test
  void onlyCustomersKnownOnTheAsOfDateAndOnlyFactsUpToItCount() {
    assertEquals(new java.util.TreeSet<>(List.of("STAR", "LOSS", "LATE", "REFUND", "TIE1",
        "TIE2", "NEW", "NONE")), new java.util.TreeSet<>(rows.keySet()));
    Row star = rows.get("STAR");
    assertEquals(2, integer(star, "order_count"), "the 2025 order is after the as-of date");
    assertEquals(3000.0, dbl(star, "order_revenue_usd"), 1e-9);
    assertEquals(1500.0, dbl(star, "avg_order_value_usd"), 1e-9);
    assertEquals(LocalDate.parse("2024-01-10"),
        star.<java.sql.Date>getAs("first_purchase_date").toLocalDate());
    assertEquals(356, integer(star, "tenure_days"));
    assertEquals(326, integer(star, "days_since_last_order"));
    assertEquals(AS_OF, star.<java.sql.Date>getAs("as_of_date").toLocalDate());
  }

  @Test
  void profitAfterCostToServeAddsUpForAGoodCustomer() {
    Row star = rows.get("STAR");
    assertEquals(3450.0, dbl(star, "gross_revenue_12m"), 1e-9);
    assertEquals(100.0, dbl(star, "discounts_12m"), 1e-9);
    assertEquals(3350.0, dbl(star, "revenue_12m"), 1e-9);
    // training 1000 x 0.45 + consulting 2000 x 0.65 + subscription 450 x 0.20
    assertEquals(1840.0, dbl(star, "cost_of_sales_12m"), 1e-9);
    assertEquals(1510.0, dbl(star, "gross_margin_12m"), 1e-9);
    assertEquals(60.0, dbl(star, "support_cost_12m"), 1e-9, "one normal ticket");
    assertEquals(1450.0, dbl(star, "profit_12m"), 1e-9);
    assertEquals(0, integer(star, "invoices_paid_late_12m"));
    assertEquals(0.0, dbl(star, "late_invoice_share_12m"), 0.0);
  }

  @Test
  void theProfitabilityColumnsAloneEqualThoseOfTheFullBuild() {
    List<String> columns = new java.util.ArrayList<>(List.of("customer_id"));
    columns.addAll(Customer360.PROFITABILITY);
    Dataset<Row> alone = Customer360.profitability(ProfitFacts.of(Fixtures.facts()), settings,
        AS_OF);
    Dataset<Row> full = built.selectExpr(columns.toArray(String[]::new));

    assertEquals(columns, List.of(alone.columns()));
    assertEquals(8, alone.count(), "one row per customer known on the as-of date");
    assertEquals(0, alone.except(full).count(), "rows only in profitability()");
    assertEquals(0, full.except(alone).count(), "rows only in build()");
    // Not all zeros: the figures the CLV job projects are there.
    Row late = byId(alone).get("LATE");
    assertEquals(5000.0, dbl(late, "gross_revenue_12m"), 1e-9);
    assertEquals(2650.0, dbl(late, "gross_margin_12m"), 1e-9);
    assertEquals(1000.0, dbl(late, "bad_debt_12m"), 1e-9);
  }

  @Test
  void aRefundLowersRevenueAndShowsAsACredit() {
    Row refund = rows.get("REFUND");
    assertEquals(1200.0, dbl(refund, "gross_revenue_12m"), 1e-9);
    assertEquals(300.0, dbl(refund, "credits_refunds_12m"), 1e-9);
    assertEquals(0.0, dbl(refund, "returns_credited_12m"), 0.0);
    assertEquals(900.0, dbl(refund, "revenue_12m"), 1e-9);
    assertEquals(900.0, dbl(refund, "revenue_usd"), 1e-9);
    assertFalse(flag(refund, "second_purchase_within_90d"));
  }

  @Test
  void aLatePayerShowsDaysLateTheShareOfLateInvoicesAndBadDebt() {
    Row late = rows.get("LATE");
    // I6 paid in two parts, in full 30 days late; I7 unpaid 210 days past due; I8 due today.
    assertEquals(3, integer(late, "invoices_due_12m"));
    assertEquals(2, integer(late, "invoices_paid_late_12m"));
    assertEquals(2.0 / 3, dbl(late, "late_invoice_share_12m"), 1e-9);
    assertEquals(120.0, dbl(late, "avg_days_late_12m"), 1e-9);
    assertEquals(Math.round(30 * 3000 * 0.10 / 365 * 100) / 100.0,
        dbl(late, "late_payment_cost_12m"), 1e-9);
    assertEquals(1000.0, dbl(late, "bad_debt_12m"), 1e-9);
    assertEquals(1000.0, dbl(late, "overdue_usd"), 1e-9);
    assertEquals(5000.0 - 1950 - 400 - 24.66 - 1000, dbl(late, "profit_12m"), 1e-6);
  }

  @Test
  void aCustomerThatCostsMoreThanItBringsHasNegativeProfit() {
    Row loss = rows.get("LOSS");
    assertEquals(300.0, dbl(loss, "revenue_12m"), 1e-9);
    assertEquals(200.0, dbl(loss, "returns_credited_12m"), 1e-9);
    assertEquals(1200.0, dbl(loss, "support_cost_12m"), 1e-9, "3 urgent + 2 high tickets");
    assertEquals(-1220.0, dbl(loss, "profit_12m"), 1e-9);
  }

  @Test
  void supportAndSatisfactionOfTheUnhappyCustomer() {
    Row loss = rows.get("LOSS");
    assertEquals(1, integer(loss, "tickets_90d"));
    assertEquals(1, integer(loss, "complaints_90d"));
    assertEquals(1, integer(loss, "open_tickets"), "the onboarding ticket never closed");
    assertEquals(9, integer(loss, "last_nps"));
    assertEquals("promoter", loss.getAs("nps_class"));
    assertEquals(2, integer(loss, "last_csat"));
    assertEquals(1, integer(loss, "returns_12m"));
    assertEquals(6, integer(loss, "seats_purchased"), "the renewal term holds 6 seats");
    assertEquals(0, integer(loss, "seats_active"));
    assertEquals(-4, integer(loss, "seats_change_last_renewal"));
  }

  @Test
  void satisfactionHistoryOfTheYearKeepsWhatTheLatestAnswerHides() {
    Row loss = rows.get("LOSS");
    // The latest NPS (9) looks happy; the year holds two complaints, a 3 and a CSAT of 2.
    assertEquals(2, integer(loss, "complaints_12m"), "K3 in February, K6 in December");
    assertEquals(2, integer(loss, "nps_answers_12m"));
    assertEquals(1, integer(loss, "detractor_answers_12m"));
    assertEquals(3, integer(loss, "min_nps_12m"));
    assertEquals(2, integer(loss, "csat_answers_12m"));
    assertEquals(1, integer(loss, "low_csat_12m"), "the 2 counts, the neutral 3 does not");
    Row star = rows.get("STAR");
    assertEquals(0, integer(star, "complaints_12m"));
    assertEquals(0, integer(star, "low_csat_12m"));
    assertEquals(0, integer(star, "csat_answers_12m"));
    assertEquals(10, integer(star, "min_nps_12m"));
  }

  @Test
  void fadingSeatUseAndTheTermEndShowWhereChurnComesFrom() {
    Row loss = rows.get("LOSS");
    // The renewal term S3 has no usage: 0 seats in use against a peak of 5 in March.
    assertEquals(5, integer(loss, "peak_seats_active_12m"));
    assertEquals(0.0, dbl(loss, "seats_active_vs_peak_12m"), 0.0);
    assertEquals(5, integer(loss, "seats_active_90d_ago"));
    assertEquals(0.0, dbl(loss, "seats_active_trend_90d"), 0.0);
    assertNull(loss.getAs("days_to_term_end"), "the open term S3 has no end given");
    Row star = rows.get("STAR");
    assertEquals(9, integer(star, "peak_seats_active_12m"));
    assertEquals(0.8889, dbl(star, "seats_active_vs_peak_12m"), 1e-9);
    assertEquals(9, integer(star, "seats_active_90d_ago"), "the February snapshot");
    assertEquals(0.8889, dbl(star, "seats_active_trend_90d"), 1e-9);
    Row june = byId(Customer360.build(Fixtures.facts(), settings, LocalDate.parse("2024-06-30")))
        .get("LOSS");
    assertEquals(4, integer(june, "days_to_term_end"), "S2 ends on 2024-07-04");
    assertEquals(1, integer(june, "complaints_12m"), "K6 comes later");
    assertEquals(1.0, dbl(june, "seats_active_trend_90d"), 0.0, "5 seats then and now");
  }

  @Test
  void earlyBehavioursOfTheUnhappyCustomer() {
    Row loss = rows.get("LOSS");
    assertFalse(flag(loss, "second_purchase_within_90d"));
    assertEquals(0.5, dbl(loss, "seats_used_ratio_60d"), 1e-9);
    assertFalse(flag(loss, "all_seats_used_60d"));
    assertEquals(4, integer(loss, "support_tickets_first_90d"));
    assertTrue(flag(loss, "many_support_tickets_first_90d"));
    assertTrue(flag(loss, "onboarding_unfinished"));
    assertEquals(1, integer(loss, "returns_first_90d"));
    assertTrue(flag(loss, "shrinking_seats"));
    assertTrue(flag(loss, "low_nps"), "the first answer was 3, whatever came later");
    assertFalse(flag(loss, "webinar_within_90d"));
    assertFalse(flag(loss, "referral_given"));
  }

  @Test
  void earlyBehavioursOfTheChampion() {
    Row star = rows.get("STAR");
    assertTrue(flag(star, "second_purchase_within_90d"));
    assertEquals(0.9, dbl(star, "seats_used_ratio_60d"), 1e-9);
    assertTrue(flag(star, "all_seats_used_60d"));
    assertTrue(flag(star, "webinar_within_90d"));
    assertTrue(flag(star, "user_conference_within_90d"));
    assertTrue(flag(star, "app_downloaded_60d"));
    assertTrue(flag(star, "app_downloaded_within_90d"));
    assertTrue(flag(star, "community_active_first_6m"));
    assertTrue(flag(star, "referral_given"));
    assertEquals(1, integer(star, "support_tickets_first_90d"));
    assertFalse(flag(star, "many_support_tickets_first_90d"));
    assertFalse(flag(star, "onboarding_unfinished"));
    assertEquals(0, integer(star, "returns_first_90d"));
    assertNull(star.getAs("shrinking_seats"), "no renewal yet");
    assertFalse(flag(star, "low_nps"));
    // The first year closes on 2025-01-09: null on 2024-12-31, counted on 2025-03-31.
    assertNull(star.getAs("webinars_first_year"));
    assertNull(star.getAs("three_webinars_first_year"));
    assertNull(star.getAs("attended_user_conference_first_year"));
    Row starLater = later.get("STAR");
    assertEquals(3, integer(starLater, "webinars_first_year"));
    assertTrue(flag(starLater, "three_webinars_first_year"));
    assertTrue(flag(starLater, "attended_user_conference_first_year"));
  }

  @Test
  void aWindowStillOpenOnTheAsOfDateIsNullNotFalse() {
    Row fresh = rows.get("NEW");
    for (String c : List.of("second_purchase_within_90d", "seats_used_ratio_60d",
        "all_seats_used_60d", "webinar_within_90d", "user_conference_within_90d",
        "app_downloaded_60d", "app_downloaded_within_90d", "community_active_first_6m",
        "support_tickets_first_90d", "many_support_tickets_first_90d", "returns_first_90d",
        "webinars_first_year", "low_nps", "shrinking_seats")) {
      assertNull(fresh.getAs(c), c + " is still open 30 days after the first purchase");
    }
    assertFalse(flag(fresh, "onboarding_unfinished"),
        "its 30-day window closes on the as-of date");
    assertFalse(flag(fresh, "referral_given"), "not a window: nothing given so far");
    Row freshLater = later.get("NEW");
    assertFalse(flag(freshLater, "second_purchase_within_90d"), "closed on 2025-03-01");
    assertEquals(0, integer(freshLater, "support_tickets_first_90d"));
    assertNull(freshLater.getAs("community_active_first_6m"), "open until 2025-06-01");
  }

  @Test
  void aCustomerWithNoOrdersHasZerosAndNoBehaviours() {
    Row none = rows.get("NONE");
    assertEquals(0, integer(none, "order_count"));
    assertEquals(0.0, dbl(none, "revenue_12m"), 0.0);
    assertEquals(0.0, dbl(none, "profit_12m"), 0.0);
    assertNull(none.getAs("first_purchase_date"));
    assertNull(none.getAs("tenure_days"));
    assertNull(none.getAs("avg_order_value_usd"));
    assertNull(none.getAs("second_purchase_within_90d"));
    assertNull(none.getAs("referral_given"));
    assertNull(none.getAs("r_score"));
    assertTrue(none.<String>getAs("rfm_segment").startsWith("0"));
    assertEquals(8, integer(none, "value_rank"));
    assertFalse(flag(none, "top20_by_value"));
    assertEquals("D", none.getAs("tier"));
  }

  @Test
  void sellingMarketingAndCareFiguresOfTheChampion() {
    Row star = rows.get("STAR");
    assertEquals(10, integer(star, "seats_purchased"));
    assertEquals(8, integer(star, "seats_active"));
    assertEquals(0.8, dbl(star, "seat_utilisation"), 1e-9);
    assertEquals(3, integer(star, "webinars_12m"));
    assertEquals(1, integer(star, "user_conferences_12m"));
    assertEquals(1, integer(star, "community_posts_12m"));
    assertTrue(flag(star, "app_downloaded"));
    assertEquals(6, integer(star, "campaign_touches_12m"), "the December 2023 open is older");
    assertEquals("event", star.getAs("first_touch_channel"));
    assertEquals(1, integer(star, "touches_before_first_purchase"));
    assertEquals(40, integer(star, "days_first_contact_to_purchase"));
    assertEquals(12.5, dbl(star, "care_communicative"), 1e-9, "3 of 6 replies");
    assertEquals(12.5, dbl(star, "care_active"), 1e-9, "2 of 4 meetings");
    assertEquals(25.0, dbl(star, "care_responsive"), 1e-9, "7 calls, capped at 6");
    assertEquals(25.0, dbl(star, "care_engaged"), 1e-9);
    assertEquals(75.0, dbl(star, "care_score"), 1e-9);
    assertEquals(5000.0, dbl(star, "clv_12m"), 1e-9);
    assertEquals(0.9, dbl(star, "p_alive"), 1e-9);
    assertNull(rows.get("TIE1").getAs("clv_12m"));
  }

  @Test
  void rfmScoresRankRecencyFrequencyAndMonetaryValue() {
    Row star = rows.get("STAR");
    assertEquals(2, integer(star, "frequency_12m"));
    assertEquals(5, integer(star, "f_score"), "the only customer with two orders");
    assertEquals(5, integer(rows.get("LATE"), "m_score"), "the most revenue");
    assertEquals(5, integer(rows.get("NEW"), "r_score"), "the most recent order");
    for (Row r : rows.values()) {
      for (String s : List.of("f_score", "m_score")) {
        int v = integer(r, s);
        assertTrue(v >= 1 && v <= 5, s + " " + v);
      }
    }
  }

  @Test
  void paretoSharesRankByValueAndTiesShareTheirRank() {
    double total = 3350 + 300 + 5000 + 900 + 500 + 500 + 1000;
    Row top = rows.get("LATE");
    assertEquals(1, integer(top, "value_rank"));
    assertEquals(Math.round(5000 / total * 1e6) / 1e6, dbl(top, "revenue_share_12m"), 1e-9);
    Row tie1 = rows.get("TIE1");
    Row tie2 = rows.get("TIE2");
    assertEquals(5, integer(tie1, "value_rank"));
    assertEquals(5, integer(tie2, "value_rank"));
    assertEquals(dbl(tie1, "cumulative_revenue_share"), dbl(tie2, "cumulative_revenue_share"));
    assertEquals(Math.round(11250 / total * 1e6) / 1e6, dbl(tie1, "cumulative_revenue_share"),
        1e-9);
    assertEquals(1.0, dbl(rows.get("NONE"), "cumulative_revenue_share"), 1e-9);
    // 20% of 8 customers: the top 2 (ceil 1.6).
    assertEquals(List.of("LATE", "STAR"), top20(rows));
    // 60% of 8 is 4.8: rank 5 is in, so both tied customers are.
    Customer360Settings wide = Customer360Settings.from(BrightstarConfig.defaults()
        .with("brightstar.customer360.pareto.top-share", 0.6));
    assertEquals(List.of("LATE", "NEW", "REFUND", "STAR", "TIE1", "TIE2"),
        top20(byId(Customer360.build(Fixtures.facts(), wide, AS_OF))));
  }

  private static List<String> top20(Map<String, Row> rows) {
    return rows.values().stream().filter(r -> r.<Boolean>getAs("top20_by_value"))
        .map(r -> r.<String>getAs("customer_id")).sorted().toList();
  }

  @Test
  void paretoValueCanBeTheClv() {
    Customer360Settings byClv = Customer360Settings.from(BrightstarConfig.defaults()
        .with("brightstar.customer360.pareto.value", "clv_12m"));
    Map<String, Row> r = byId(Customer360.build(Fixtures.facts(), byClv, AS_OF));
    assertEquals(1, integer(r.get("STAR"), "value_rank"));
    assertEquals(5000.0, dbl(r.get("STAR"), "pareto_value"), 0.0);
    assertEquals(0.0, dbl(r.get("NEW"), "pareto_value"), 0.0, "no CLV counts as 0");
  }

  @Test
  void tiersExplainTheirScoreAndTakeTheirShares() {
    Map<String, List<Row>> byTier = rows.values().stream()
        .collect(Collectors.groupingBy(r -> r.<String>getAs("tier"), TreeMap::new,
            Collectors.toList()));
    assertEquals(List.of("A", "B", "C", "D"), List.copyOf(byTier.keySet()));
    byTier.values().forEach(t -> assertEquals(2, t.size(), "20/30/30/20% of 8 customers"));
    for (Row r : rows.values()) {
      double parts = dbl(r, "tier_value_points") + dbl(r, "tier_profitability_points")
          + dbl(r, "tier_loyalty_points") + dbl(r, "tier_advocacy_points");
      assertEquals(parts, dbl(r, "tier_score"), 0.011);
    }
    double minA = byTier.get("A").stream().mapToDouble(r -> dbl(r, "tier_score")).min()
        .orElseThrow();
    double maxB = byTier.get("B").stream().mapToDouble(r -> dbl(r, "tier_score")).max()
        .orElseThrow();
    assertTrue(minA >= maxB);
    assertEquals(List.of("LATE", "STAR"), byTier.get("A").stream()
        .map(r -> r.<String>getAs("customer_id")).sorted().toList());
    // STAR: value percentile 6/7, profit percentile 6/7 (its profit is the 2nd highest),
    // tenure 356/730, advocacy (promoter 1 + referral 1) / 2.
    Row star = rows.get("STAR");
    assertEquals(Math.round(45.0 * 6 / 7 * 100) / 100.0, dbl(star, "tier_value_points"), 1e-9);
    assertEquals(Math.round(15.0 * 356 / 730 * 100) / 100.0, dbl(star, "tier_loyalty_points"),
        1e-9);
    assertEquals(15.0, dbl(star, "tier_advocacy_points"), 1e-9);
    assertEquals(0.0, dbl(rows.get("LOSS"), "tier_profitability_points"), 0.0);
  }

  @Test
  void tiersByScoreThresholds() {
    Customer360Settings byScore = Customer360Settings.from(BrightstarConfig.defaults()
        .with("brightstar.customer360.tiers.cut-off-by", "score"));
    for (Row r : byId(Customer360.build(Fixtures.facts(), byScore, AS_OF)).values()) {
      double score = dbl(r, "tier_score");
      String expected = score >= 70 ? "A" : score >= 50 ? "B" : score >= 30 ? "C" : "D";
      assertEquals(expected, r.getAs("tier"), r.getAs("customer_id") + " at " + score);
    }
  }

  @Test
  void everyColumnHasTheDeclaredNameTypeAndAComment() {
    List<String> names = Customer360Columns.CUSTOMER_360.stream()
        .map(Customer360Columns.Spec::name).toList();
    assertEquals(names, Arrays.asList(built.columns()));
    for (StructField f : built.schema().fields()) {
      assertTrue(f.metadata().contains("comment"), f.name());
      assertFalse(f.metadata().getString("comment").isBlank(), f.name());
    }
    assertEquals(Arrays.stream(Customer360Columns.schema(Customer360Columns.CUSTOMER_360)
            .fields()).map(f -> f.name() + " " + f.dataType().sql()).toList(),
        Arrays.stream(built.schema().fields()).map(f -> f.name() + " " + f.dataType().sql())
            .toList());
  }

  @Test
  void invalidTierWeightsAreRefusedWithTheKeyAndTheFix() {
    BrightstarException e = assertThrows(BrightstarException.class,
        () -> Customer360Settings.from(BrightstarConfig.defaults()
            .with("brightstar.customer360.tiers.weights.value", 0.9)));
    assertTrue(e.getMessage().contains("brightstar.customer360.tiers.weights"), e.getMessage());
    assertTrue(e.getMessage().contains("adding up to 1"), e.getMessage());
    BrightstarException p = assertThrows(BrightstarException.class,
        () -> Customer360Settings.from(BrightstarConfig.defaults()
            .with("brightstar.customer360.pareto.value", "margin")));
    assertTrue(p.getMessage().contains("[revenue_12m, profit_12m, clv_12m]"), p.getMessage());
  }
}
