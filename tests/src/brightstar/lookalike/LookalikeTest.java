package brightstar.lookalike;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brightstar.BrightstarException;
import brightstar.config.BrightstarConfig;
import brightstar.conform.ConformSettings;
import brightstar.io.Tables;
import brightstar.testing.SharedSpark;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The look-alike scoring on a hand-made population of a few named companies. */
class LookalikeTest {
  private static final LocalDate D = LocalDate.parse("2024-12-31");
  private static final String CUSTOMER_DDL = "customer_id STRING, industry STRING,"
      + " country STRING, employees INT, founded_year INT, tier STRING";
  private static final String PROSPECT_DDL = "prospect_id STRING, company_name STRING,"
      + " industry STRING, country STRING, employees INT, founded_year INT";

  /**
   * Three big old software/finance A customers, a mid-size B, a small retail C, three tiny young
   * D companies, and TWIN_A1: A1's firmographics without a tier (not a customer to compare).
   */
  private static Dataset<Row> customers() {
    return table(CUSTOMER_DDL, List.of(
        new Object[] {"A1", "software", "US", 1000, 1994, "A"},
        new Object[] {"A2", "software", "GB", 800, 1990, "A"},
        new Object[] {"A3", "financial_services", "US", 2000, 1980, "A"},
        new Object[] {"B1", "healthcare", "DE", 100, 2005, "B"},
        new Object[] {"C1", "retail", "FR", 30, 2015, "C"},
        new Object[] {"D1", "retail", "US", 10, 2020, "D"},
        new Object[] {"D2", "retail", "DE", 15, 2021, "D"},
        new Object[] {"D3", "hospitality", "GB", 8, 2019, "D"},
        new Object[] {"TWIN_A1", "software", "US", 1000, 1994, null}));
  }

  private static LookalikeSettings settings(String... overrides) {
    BrightstarConfig config = BrightstarConfig.defaults()
        .with("brightstar.lookalike.neighbours", 3)
        .with("brightstar.lookalike.explain", 2)
        .with("brightstar.lookalike.bad-tier-share", 0.5);
    for (int i = 0; i < overrides.length; i += 2) {
      config = config.with(overrides[i], overrides[i + 1]);
    }
    return LookalikeSettings.from(config);
  }

  private static Dataset<Row> table(String ddl, List<Object[]> rows) {
    return SharedSpark.get().createDataFrame(rows.stream().map(RowFactory::create).toList(),
        StructType.fromDDL(ddl));
  }

  private static Map<String, Row> byProspect(Dataset<Row> scored) {
    Map<String, Row> out = new TreeMap<>();
    for (Row r : scored.collectAsList()) {
      out.put(r.getAs("prospect_id"), r);
    }
    return out;
  }

  @Test
  void scoresByTheTiersOfTheNearestCustomersAndExplainsWithTheNearestA() {
    Dataset<Row> prospects = table(PROSPECT_DDL, List.of(
        new Object[] {"P_TWIN", "Twin Inc", "software", "US", 1000, 1994},
        new Object[] {"P_SMALL", "Corner Shop", "retail", "US", 10, 2020},
        new Object[] {"P_MID", "Clinic Ltd", "healthcare", "DE", 120, 2004}));
    Map<String, Row> s = byProspect(Lookalike.score(customers(), prospects, settings(), D));
    assertEquals(3, s.size());

    // The untiered twin of A1 is not a neighbour: else P_TWIN's share of A would be 2/3.
    Row twin = s.get("P_TWIN");
    assertEquals(1.0, twin.<Double>getAs("p_tier_a"));
    assertEquals(0.0, twin.<Double>getAs("p_tier_d"));
    assertEquals(0.0, twin.<Double>getAs("nearest_a_distance"));
    assertTrue(twin.<String>getAs("nearest_a_customers").startsWith("A1:0.000,A2:"),
        twin.<String>getAs("nearest_a_customers"));
    assertEquals(2, twin.<String>getAs("nearest_a_customers").split(",").length);
    assertFalse(twin.<Boolean>getAs("resembles_tier_d"));
    assertEquals(1, twin.<Integer>getAs("rank"));
    assertEquals(10, twin.<Integer>getAs("decile"));
    assertEquals(Date.valueOf(D), twin.getAs("as_of_date"));
    assertEquals("knn(k=3)", twin.getAs("method"));
    assertEquals("Twin Inc", twin.getAs("company_name"));

    // D1's twin: nearest D1 (0), D2 (country), C1 (country, size, age); D3 differs in both
    // industry and country. Two of three neighbours are tier D: flagged at 0.5.
    Row small = s.get("P_SMALL");
    assertEquals(0.0, small.<Double>getAs("p_tier_a"));
    assertEquals(2.0 / 3, small.<Double>getAs("p_tier_d"), 1e-12);
    assertTrue(small.<Boolean>getAs("resembles_tier_d"));
    assertEquals(3, small.<Integer>getAs("rank"));
    assertEquals(8, small.<Integer>getAs("decile"));

    // Next to B1, between the A and the D companies: neither good nor flagged.
    Row mid = s.get("P_MID");
    assertEquals(2, mid.<Integer>getAs("rank"));
    assertEquals(9, mid.<Integer>getAs("decile"));
    assertFalse(mid.<Boolean>getAs("resembles_tier_d"));
    assertTrue(mid.<Double>getAs("nearest_a_distance") > 0);
  }

  @Test
  void headCountsCompareAsStandardisedLogs() {
    // log(10) and log(1000) standardise to -1 and +1: 100 is 1 from both, 1000 is 0 from Big.
    Dataset<Row> customers = table(CUSTOMER_DDL, List.of(
        new Object[] {"BIG", "software", "US", 1000, 1990, "A"},
        new Object[] {"TINY", "retail", "GB", 10, 2020, "D"}));
    Dataset<Row> prospects = table(PROSPECT_DDL, List.of(
        new Object[] {"P100", "Hundred", "media", "FR", 100, 2000},
        new Object[] {"P1000", "Thousand", "media", "FR", 1000, 2000}));
    LookalikeSettings headCountOnly = settings("brightstar.lookalike.neighbours", "2",
        "brightstar.lookalike.weights.age", "0", "brightstar.lookalike.weights.industry", "0",
        "brightstar.lookalike.weights.country", "0");
    Map<String, Row> s = byProspect(Lookalike.score(customers, prospects, headCountOnly, D));
    assertEquals("BIG:1.000", s.get("P100").getAs("nearest_a_customers"));
    assertEquals(1.0, s.get("P100").<Double>getAs("nearest_a_distance"), 1e-9);
    assertEquals("BIG:0.000", s.get("P1000").getAs("nearest_a_customers"));
    assertEquals(0.5, s.get("P100").<Double>getAs("p_tier_a"));
    assertEquals(0.5, s.get("P100").<Double>getAs("p_tier_d"));
    assertTrue(s.get("P100").<Boolean>getAs("resembles_tier_d"));
    // Same shares; the nearer tier-A customer ranks P1000 first.
    assertEquals(1, s.get("P1000").<Integer>getAs("rank"));
    assertEquals(2, s.get("P100").<Integer>getAs("rank"));
  }

  @Test
  void anUnknownValueCostsThePenaltyOnEitherSide() {
    Dataset<Row> prospects = table(PROSPECT_DDL, List.of(
        // A1 without a country: 1 (the penalty) from A1, further from the rest.
        new Object[] {"P_NO_COUNTRY", "Somewhere", "software", null, 1000, 1994},
        // Nothing known: every customer is 2 away (four penalties of 1).
        new Object[] {"P_UNKNOWN", "Mystery", null, null, null, null},
        // Founded after the as-of date is not an age: the penalty.
        new Object[] {"P_FUTURE", "Future", "software", "US", 1000, 2030}));
    Map<String, Row> s = byProspect(Lookalike.score(customers(), prospects, settings(), D));

    Row noCountry = s.get("P_NO_COUNTRY");
    assertEquals(1.0, noCountry.<Double>getAs("nearest_a_distance"), 1e-12);
    assertTrue(noCountry.<String>getAs("nearest_a_customers").startsWith("A1:1.000,"));
    assertNull(noCountry.getAs("country"));

    Row unknown = s.get("P_UNKNOWN");
    assertEquals(2.0, unknown.<Double>getAs("nearest_a_distance"), 1e-12);
    String[] explained = unknown.<String>getAs("nearest_a_customers").split(",");
    assertEquals(2, explained.length);
    for (String e : explained) {
      assertTrue(e.matches("A[123]:2\\.000"), e);
    }
    assertTrue(unknown.<Double>getAs("p_tier_a") >= 0 && unknown.<Double>getAs("p_tier_a") <= 1);
    assertNull(unknown.getAs("employees"));

    assertEquals(1.0, s.get("P_FUTURE").<Double>getAs("nearest_a_distance"), 1e-12);

    // A customer's unknowns cost the same penalty: A1 without a head count is 1 from its twin.
    Dataset<Row> customers = table(CUSTOMER_DDL, List.of(
        new Object[] {"A1", "software", "US", null, 1994, "A"},
        new Object[] {"D1", "retail", "US", 10, 2020, "D"}));
    Dataset<Row> twin = table(PROSPECT_DDL, List.<Object[]>of(
        new Object[] {"P_TWIN", "Twin", "software", "US", 1000, 1994}));
    Row t = Lookalike.score(customers, twin, settings(), D).first();
    assertEquals("A1:1.000", t.getAs("nearest_a_customers"));
  }

  @Test
  void withoutTieredCustomersEveryProspectIsKeptUnscored() {
    Dataset<Row> untiered = customers().where("tier IS NULL");
    Dataset<Row> prospects = table(PROSPECT_DDL, List.of(
        new Object[] {"P1", "One", "software", "US", 10, 2000},
        new Object[] {"P2", "Two", "retail", "GB", 20, 2010}));
    Map<String, Row> s = byProspect(Lookalike.score(untiered, prospects, settings(), D));
    assertEquals(List.of("P1", "P2"), List.copyOf(s.keySet()));
    for (Row r : s.values()) {
      assertNull(r.getAs("p_tier_a"));
      assertNull(r.getAs("nearest_a_customers"));
      assertFalse(r.<Boolean>getAs("resembles_tier_d"));
    }
    assertEquals(1, s.get("P1").<Integer>getAs("rank"));
    assertEquals(2, s.get("P2").<Integer>getAs("rank"));
  }

  @Test
  void theOutputHasTheDeclaredColumns() {
    Dataset<Row> prospects = table(PROSPECT_DDL, List.<Object[]>of(
        new Object[] {"P", "P Ltd", "software", "US", 10, 2000}));
    Dataset<Row> scored = Lookalike.score(customers(), prospects, settings(), D);
    assertEquals(Tables.PROSPECT_SCORES.columnNames(), Arrays.asList(scored.columns()));
    for (var c : Tables.PROSPECT_SCORES.columns()) {
      assertEquals(c.type(), scored.schema().apply(c.name()).dataType(), c.name());
    }
  }

  @Test
  void missingInputColumnsAreNamed() {
    Dataset<Row> noTier = customers().drop("tier");
    Dataset<Row> prospects = table(PROSPECT_DDL, List.<Object[]>of(
        new Object[] {"P", "P Ltd", "software", "US", 10, 2000}));
    BrightstarException e = assertThrows(BrightstarException.class,
        () -> Lookalike.score(noTier, prospects, settings(), D));
    assertTrue(e.getMessage().contains("lack the columns tier"), e.getMessage());
  }

  @Test
  void prospectsAreTheLatestDeliveryUpToTheDateInTheCustomersCodes() {
    String ddl = PROSPECT_DDL + ", domain STRING, _run_date DATE, _source_file STRING,"
        + " _line INT";
    Dataset<Row> bronze = table(ddl, List.of(
        new Object[] {"P1", " Acme Ltd ", "Computer Software", "United Kingdom", 50, 2001,
            "acme.co.uk", Date.valueOf("2024-06-30"), "prospects/companies/2024-06-30/a.csv", 2},
        new Object[] {"P1", "Acme Ltd", "SaaS", "uk", 60, 2001,
            "acme.co.uk", Date.valueOf("2024-12-31"), "prospects/companies/2024-12-31/a.csv", 2},
        new Object[] {"P1", "Acme Ltd", "SaaS", "GB", 70, 2001,
            "acme.co.uk", Date.valueOf("2025-01-31"), "prospects/companies/2025-01-31/a.csv", 2},
        new Object[] {"P2", "Later GmbH", "Banking", "Germany", 5, 2020,
            "later.de", Date.valueOf("2025-01-31"), "prospects/companies/2025-01-31/a.csv", 3},
        new Object[] {"P3", "Odd Co", "Space Mining", "Deutschland", null, null,
            "odd.com", Date.valueOf("2024-12-31"), "prospects/companies/2024-12-31/a.csv", 3}));
    Dataset<Row> p = Lookalike.prospects(bronze, ConformSettings.from(BrightstarConfig.defaults()),
        D);
    assertEquals(Lookalike.PROSPECT_COLUMNS, Arrays.asList(p.columns()));
    Map<String, Row> byId = byProspect(p);
    assertEquals(List.of("P1", "P3"), List.copyOf(byId.keySet()));
    Row p1 = byId.get("P1");
    assertEquals(RowFactory.create("P1", "Acme Ltd", "software", "GB", 60, 2001), p1);
    // An unlisted industry stays visible in snake case, like in silver.customers.
    assertEquals(RowFactory.create("P3", "Odd Co", "space_mining", "DE", null, null),
        byId.get("P3"));
  }

  @Test
  void rocAucCountsTiesHalf() {
    assertEquals(0.875, RocAuc.of(List.of(3.0, 2.0), List.of(1.0, 2.0)), 1e-12);
    assertEquals(1.0, RocAuc.of(List.of(0.9), List.of(0.1, 0.2)), 1e-12);
    assertEquals(0.0, RocAuc.of(List.of(0.1), List.of(0.9)), 1e-12);
    assertEquals(0.5, RocAuc.of(List.of(0.4, 0.4), List.of(0.4)), 1e-12);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RocAuc.of(List.of(), List.of(0.1)));
    assertTrue(e.getMessage().contains("both groups"), e.getMessage());
  }

  @Test
  void settingsAreCheckedWithTheKeyNamed() {
    LookalikeSettings d = LookalikeSettings.defaults();
    assertEquals(25, d.neighbours());
    assertEquals("A", d.goodTier());
    assertEquals("D", d.badTier());
    BrightstarException e = assertThrows(BrightstarException.class,
        () -> settings("brightstar.lookalike.bad-tier-share", "0"));
    assertTrue(e.getMessage().contains("brightstar.lookalike.bad-tier-share = 0.0"),
        e.getMessage());
    e = assertThrows(BrightstarException.class,
        () -> settings("brightstar.lookalike.bad-tier", "A"));
    assertTrue(e.getMessage().contains("a tier other than good-tier"), e.getMessage());
  }
}
