package brightstar.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brightstar.config.BrightstarConfig;
import brightstar.testing.SharedSpark;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Identity resolution on small named fixtures: deterministic links, fuzzy attachment with its
 * ambiguity rule, the chaining guard, and ids that survive new deliveries and merges.
 */
class IdentityResolutionTest {
  private final SparkSession spark = SharedSpark.get();
  private final IdentitySettings settings = IdentitySettings.from(BrightstarConfig.defaults());
  private final NameNormalizer nz = new NameNormalizer(settings);
  private final IdentityGraph graph = new IdentityGraph(nz);

  private Dataset<Row> accounts(String... rows) {
    return values("account_id, company_name, domain, country, created_date", rows)
        .selectExpr("account_id", "company_name", "domain", "country",
            "cast(created_date as date) created_date");
  }

  private Dataset<Row> invoices(String... rows) {
    return values("billing_account, bill_to_name, bill_to_email, issue_date", rows)
        .selectExpr("billing_account", "bill_to_name", "bill_to_email",
            "cast(issue_date as date) issue_date");
  }

  private Dataset<Row> leads(String... rows) {
    return values("lead_id, email, company, country, created_date", rows)
        .selectExpr("lead_id", "email", "company", "country",
            "cast(created_date as date) created_date");
  }

  private Dataset<Row> activities(String... rows) {
    return values("activity_id, account_id, contact_email, activity_date", rows)
        .selectExpr("activity_id", "account_id", "contact_email",
            "cast(activity_date as date) activity_date");
  }

  private Dataset<Row> tickets(String... rows) {
    return values("ticket_id, requester_email, company, opened_at", rows)
        .selectExpr("ticket_id", "requester_email", "company",
            "cast(opened_at as timestamp) opened_at");
  }

  private Dataset<Row> values(String columns, String... rows) {
    return spark.sql("select * from values " + String.join(", ", rows) + " as t(" + columns
        + ")");
  }

  /** Two companies that share the word "Bluepeak", each with a domain and a billing account. */
  private Map<String, Dataset<Row>> twoBluepeaks() {
    Map<String, Dataset<Row>> b = new HashMap<>();
    b.put("sales_accounts", accounts(
        "('ACC-A', 'Bluepeak Analytics GmbH', 'www.bluepeakanalytics.de', 'DE', '2024-01-02')",
        "('ACC-S', 'Bluepeak Systems Ltd', 'bluepeaksystems.co.uk', 'GB', '2024-01-05')"));
    b.put("finance_invoices", invoices(
        "('BA-A', 'BLUEPEAK ANALYTICS GMBH', 'ap@bluepeakanalytics.de', '2024-01-10')",
        "('BA-S', 'Bluepeak Systems Limited - Accounts Payable', 'billing@bluepeaksystems.co.uk',"
            + " '2024-01-12')"));
    return b;
  }

  private Dataset<Row> crosswalk(Map<String, Dataset<Row>> bronze, Dataset<Row> prior,
      String date) {
    Dataset<Row> members = graph.members(bronze);
    Resolver.Resolution r =
        Resolver.resolve(members, graph.edges(bronze), graph.names(bronze), settings, nz);
    return StableIds.assign(members.join(r.nodes(), "node"), prior, LocalDate.parse(date))
        .crosswalk().localCheckpoint();
  }

  private static Row row(Dataset<Row> crosswalk, String entity, String key) {
    List<Row> rows = crosswalk.where("entity = '" + entity + "' and source_key = '" + key + "'")
        .collectAsList();
    assertEquals(1, rows.size(), entity + " " + key + " rows");
    return rows.get(0);
  }

  private static String id(Dataset<Row> crosswalk, String entity, String key) {
    return row(crosswalk, entity, key).getAs("customer_id");
  }

  @Test
  void accountsAndBillingAccountsMeetThroughTheirDomains() {
    Dataset<Row> x = crosswalk(twoBluepeaks(), null, "2024-01-31");
    assertEquals(id(x, "accounts", "ACC-A"), id(x, "billing_accounts", "BA-A"));
    assertEquals(id(x, "accounts", "ACC-S"), id(x, "billing_accounts", "BA-S"));
    assertNotEquals(id(x, "accounts", "ACC-A"), id(x, "accounts", "ACC-S"));
    assertEquals("crm_domain", row(x, "accounts", "ACC-A").getAs("match_rule"));
    assertEquals(StableIdsTestSupport.idOf("acct:ACC-A"), id(x, "accounts", "ACC-A"));
  }

  @Test
  void aWebmailLeadAttachesByItsTypedNameEvenWithATypo() {
    Map<String, Dataset<Row>> b = twoBluepeaks();
    b.put("marketing_leads", leads(
        "('LD-1', 'anna.schmidt42@gmail.com', 'Bleupeak Analytics', 'Germany', '2024-01-01')",
        "('LD-2', 'Tom.Baker@BluepeakSystems.co.uk', 'whatever', 'UK', '2024-01-03')"));
    Dataset<Row> x = crosswalk(b, null, "2024-01-31");
    Row typo = row(x, "leads", "LD-1");
    assertEquals(id(x, "accounts", "ACC-A"), typo.getAs("customer_id"));
    assertEquals("name_fuzzy", typo.getAs("match_rule"));
    assertEquals(1 - 2.0 / 17, (double) typo.getAs("match_score"), 1e-9);
    Row work = row(x, "leads", "LD-2");
    assertEquals(id(x, "accounts", "ACC-S"), work.getAs("customer_id"));
    assertEquals("lead_email", work.getAs("match_rule"));
  }

  @Test
  void aWordSharedByTwoCustomersIsAmbiguousAndGoesToReviewNotToEither() {
    Map<String, Dataset<Row>> b = twoBluepeaks();
    b.put("marketing_leads", leads(
        "('LD-9', 'j.doe7@outlook.com', 'Bluepeak', null, '2024-01-01')"));
    Dataset<Row> members = graph.members(b);
    Resolver.Resolution r =
        Resolver.resolve(members, graph.edges(b), graph.names(b), settings, nz);
    Dataset<Row> x = StableIds.assign(members.join(r.nodes(), "node"), null,
        LocalDate.parse("2024-01-31")).crosswalk();
    Row lead = row(x, "leads", "LD-9");
    assertNull(lead.getAs("customer_id"));
    assertEquals(Resolver.UNRESOLVED, lead.getAs("match_rule"));
    assertEquals(0.95, (double) lead.getAs("match_score"), 1e-9);
    List<Row> review = r.candidates().where("unit_node = 'lead:LD-9'").collectAsList();
    assertEquals(2, review.size(), "both Bluepeaks are offered for review");
    assertTrue(r.comparedPairs() > 0);
  }

  @Test
  void aChainOfWeakLinksNeverGluesTwoCompaniesTogether() {
    // One webmail person names both companies, and an account without a domain sits between:
    // each could glue Analytics and Systems together if weak links chained.
    Map<String, Dataset<Row>> b = twoBluepeaks();
    b.put("marketing_leads", leads(
        "('LD-1', 'pat.lee3@gmail.com', 'Bluepeak Analytics', null, '2024-01-01')"));
    b.put("support_tickets", tickets(
        "('TKT-1', 'pat.lee3@gmail.com', 'Bluepeak Systems', '2024-02-01 10:00:00')",
        "('TKT-2', 'sam.k9@gmail.com', 'Bluepeak Systems Ltd', '2024-02-02 10:00:00')"));
    b.put("sales_accounts", b.get("sales_accounts").unionByName(accounts(
        "('ACC-X', 'Bluepeak Analytics', null, 'DE', '2024-03-01')")));
    b.put("sales_activities", activities(
        "('ACT-1', 'ACC-X', 'pat.lee3@gmail.com', '2024-03-02')"));
    Dataset<Row> x = crosswalk(b, null, "2024-03-31");
    String analytics = id(x, "accounts", "ACC-A");
    String systems = id(x, "accounts", "ACC-S");
    assertNotEquals(analytics, systems);
    assertEquals(2, x.select("customer_id").where("customer_id is not null").distinct().count());
    assertEquals(analytics, id(x, "accounts", "ACC-X"), "the domainless account attaches by name");
    // The person names both: ambiguous, so the person stays unlinked rather than bridging.
    assertNull(id(x, "requesters", "pat.lee3@gmail.com"));
    assertNull(id(x, "leads", "LD-1"));
    assertEquals(systems, id(x, "requesters", "sam.k9@gmail.com"));
  }

  @Test
  void aWebmailContactOfACrmActivityJoinsThatAccount() {
    Map<String, Dataset<Row>> b = twoBluepeaks();
    b.put("sales_activities", activities(
        "('ACT-1', 'ACC-S', 'kim.wu12@yahoo.com', '2024-01-20')"));
    Dataset<Row> x = crosswalk(b, null, "2024-01-31");
    Row contact = row(x, "contacts", "kim.wu12@yahoo.com");
    assertEquals(id(x, "accounts", "ACC-S"), contact.getAs("customer_id"));
    assertEquals("activity_contact", contact.getAs("match_rule"));
  }

  @Test
  void aLaterDeliveryKeepsEveryIdAndANewCompanyGetsANewOne() {
    Map<String, Dataset<Row>> day1 = twoBluepeaks();
    Dataset<Row> first = crosswalk(day1, null, "2024-01-31");
    Map<String, Dataset<Row>> day2 = twoBluepeaks();
    // An earlier-looking duplicate account typed without domain, a new customer, new contacts.
    day2.put("sales_accounts", day2.get("sales_accounts").unionByName(accounts(
        "('ACC-A2', 'BLUEPEAK ANALYTICS', null, 'DE', '2024-02-01')",
        "('ACC-N', 'Northwave Foods SAS', 'northwavefoods.fr', 'FR', '2024-02-03')")));
    day2.put("sales_activities", activities(
        "('ACT-1', 'ACC-A2', 'Lena.Fischer@bluepeakanalytics.de', '2024-02-02')"));
    Dataset<Row> second = crosswalk(day2, first, "2024-02-29");
    for (String[] k : new String[][] {{"accounts", "ACC-A"}, {"accounts", "ACC-S"},
        {"billing_accounts", "BA-A"}, {"billing_accounts", "BA-S"}}) {
      assertEquals(id(first, k[0], k[1]), id(second, k[0], k[1]), k[1] + " keeps its id");
    }
    assertEquals(id(second, "accounts", "ACC-A"), id(second, "accounts", "ACC-A2"));
    String fresh = id(second, "accounts", "ACC-N");
    assertNotNull(fresh);
    assertEquals(3, second.select("customer_id").distinct().count());
    // A full rebuild from the second day's bronze gives the same ids.
    Dataset<Row> rebuilt = crosswalk(day2, null, "2024-02-29");
    assertEquals(0, rebuilt.select("source", "entity", "source_key", "customer_id")
        .exceptAll(second.select("source", "entity", "source_key", "customer_id")).count());
  }

  @Test
  void newEvidenceMergesTwoCustomersAndTheOlderIdSurvives() {
    Map<String, Dataset<Row>> day1 = twoBluepeaks();
    day1.put("sales_accounts", day1.get("sales_accounts").unionByName(accounts(
        "('ACC-Z', 'Zorblax Holdings', null, 'DE', '2023-12-01')")));
    Dataset<Row> first = crosswalk(day1, null, "2024-01-31");
    String older = id(first, "accounts", "ACC-Z");
    String analytics = id(first, "accounts", "ACC-A");
    assertNotEquals(older, analytics);
    Map<String, Dataset<Row>> day2 = new HashMap<>(day1);
    day2.put("sales_activities", activities(
        "('ACT-7', 'ACC-Z', 'ap@bluepeakanalytics.de', '2024-02-05')"));
    Dataset<Row> members = graph.members(day2);
    Resolver.Resolution r =
        Resolver.resolve(members, graph.edges(day2), graph.names(day2), settings, nz);
    StableIds.Assignment a = StableIds.assign(members.join(r.nodes(), "node"), first,
        LocalDate.parse("2024-02-29"));
    Dataset<Row> second = a.crosswalk();
    assertEquals(older, id(second, "accounts", "ACC-A"), "ACC-Z's id is older: it survives");
    assertEquals(older, id(second, "billing_accounts", "BA-A"));
    List<Row> merges = a.merges().collectAsList();
    assertEquals(1, merges.size());
    assertEquals(analytics, merges.get(0).getAs("merged_id"));
    assertEquals(older, merges.get(0).getAs("surviving_id"));
    assertEquals(LocalDate.parse("2024-02-29"),
        ((java.sql.Date) merges.get(0).getAs("run_date")).toLocalDate());
  }
}
