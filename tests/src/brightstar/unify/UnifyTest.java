package brightstar.unify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import brightstar.testing.SharedSpark;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

class UnifyTest {
  private final SparkSession spark = SharedSpark.get();

  private Dataset<Row> accounts() {
    return spark.sql(
        "select account_id, company_name, domain, industry, country, employees, founded_year,"
            + " cast(created_date as date) created_date from values"
            + " ('A1', 'Acme Inc.', 'https://www.ACME.com/', 'software', 'US', 120, 2001, '2023-02-01'),"
            + " ('A2', 'ACME', 'acme.com', 'software', 'US', 130, 2001, '2023-01-15'),"
            + " ('A3', 'Globex GmbH', null, 'retail', 'DE', 40, 1999, '2023-03-01'),"
            + " ('A4', 'globex', '', 'retail', 'DE', 40, 1999, '2023-04-01'),"
            + " ('A5', 'Initech Ltd', 'initech.co.uk', 'finance', 'GB', 15, 2010, '2023-05-01'),"
            + " ('A6', 'INITECH L.T.D.', null, 'finance', 'GB', 15, 2010, '2023-06-01')"
            + " as t(account_id, company_name, domain, industry, country, employees,"
            + " founded_year, created_date)");
  }

  private static String normalized(SparkSession spark, String fn, String value) {
    Row r =
        spark
            .sql("select '" + value + "' as v")
            .select(
                fn.equals("domain")
                    ? Unify.normalizedDomain(functions.col("v"))
                    : Unify.normalizedName(functions.col("v")))
            .first();
    return r.isNullAt(0) ? null : r.getString(0);
  }

  @Test
  void domainsAndNamesNormaliseCaseSchemesAndLegalSuffixes() {
    assertEquals("acme.com", normalized(spark, "domain", " HTTPS://www.Acme.com/about "));
    assertNull(normalized(spark, "domain", "  "));
    assertEquals("acmeholdings", normalized(spark, "name", "ACME Holdings, Inc."));
    assertEquals("globex", normalized(spark, "name", "Globex GmbH"));
    assertEquals("initech", normalized(spark, "name", "Initech Ltd."));
    assertEquals("harbordatatechnologies", normalized(spark, "name", "Harbordata Technologies S.L."));
    assertEquals("oakfield", normalized(spark, "name", "Oakfield B.V."));
  }

  @Test
  void accountsOfOneCompanyShareOneStableCustomerId() {
    Map<String, String> ids =
        Unify.accountCrosswalk(accounts()).collectAsList().stream()
            .collect(
                java.util.stream.Collectors.toMap(r -> r.getString(3), r -> r.getString(0)));
    assertEquals(6, ids.size());
    assertEquals(ids.get("A1"), ids.get("A2"), "same domain");
    assertEquals(ids.get("A3"), ids.get("A4"), "no domain: same normalised name");
    assertNotEquals(ids.get("A1"), ids.get("A5"));
    assertEquals(ids.get("A5"), ids.get("A6"), "no domain: joins the company of the same name");
    // Deterministic: the id depends on the company key only, not on run order.
    String again =
        Unify.accountCrosswalk(accounts().orderBy(functions.desc("account_id")))
            .where("source_key = 'A1'")
            .first()
            .getString(0);
    assertEquals(ids.get("A1"), again);
  }

  @Test
  void customersTakeFirmographicsFromTheEarliestAccount() {
    Dataset<Row> crosswalk = Unify.accountCrosswalk(accounts());
    List<Row> acme =
        Unify.customers(accounts(), crosswalk).where("domain = 'acme.com'").collectAsList();
    assertEquals(1, acme.size());
    assertEquals("ACME", acme.get(0).getAs("company_name"));
    assertEquals(130, (int) acme.get(0).<Integer>getAs("employees"));
    assertEquals(2, (int) acme.get(0).<Integer>getAs("crm_accounts"));
    assertEquals(3, Unify.customers(accounts(), crosswalk).count());
  }

  @Test
  void ordersAreConvertedToUsdAndNeverDropped() {
    Dataset<Row> crosswalk = Unify.accountCrosswalk(accounts());
    Dataset<Row> orders =
        spark.sql(
            "select order_id, account_id, cast(order_date as date) order_date, product,"
                + " quantity, cast(amount as decimal(18,2)) amount, currency from values"
                + " ('O1', 'A1', '2023-02-02', 'core', 1, 100.00, 'EUR'),"
                + " ('O2', 'A5', '2023-05-02', 'core', 2, 50.00, 'JPY'),"
                + " ('O3', 'A9', '2023-05-03', 'core', 1, 10.00, 'USD'),"
                + " ('O1', 'A1', '2023-02-02', 'core', 1, 100.00, 'EUR')"
                + " as t(order_id, account_id, order_date, product, quantity, amount, currency)");
    Map<String, Row> byId =
        Unify.orders(orders, crosswalk, Map.of("USD", 1.0, "EUR", 1.1)).collectAsList().stream()
            .collect(java.util.stream.Collectors.toMap(r -> r.getString(0), r -> r));
    assertEquals(3, byId.size(), "the exact duplicate O1 collapses, the others stay");
    assertEquals(110.0, byId.get("O1").<Double>getAs("amount_usd"), 1e-9);
    assertNull(byId.get("O2").getAs("amount_usd"), "no JPY rate: kept with a null amount_usd");
    assertNull(byId.get("O3").getAs("customer_id"), "unknown account: kept, unattributed");
  }
}
