package brightstar.conform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import brightstar.config.BrightstarConfig;
import brightstar.io.Tables;
import brightstar.testing.SharedSpark;
import java.sql.Date;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

class CustomersTest {
  private final SparkSession spark = SharedSpark.get();
  private final ConformSettings settings = ConformSettings.from(BrightstarConfig.defaults());

  private Map<String, Row> customers() {
    Dataset<Row> out = Customers.build(ConformFixtures.crosswalk(spark),
        ConformFixtures.accounts(spark), silver(Fact.INVOICES, ConformFixtures.invoices(spark)),
        silver(Fact.LEADS, ConformFixtures.leads(spark)), settings);
    assertEquals(ConformFixtures.shape(Tables.CUSTOMERS), ConformFixtures.shape(out));
    return out.collectAsList().stream()
        .collect(Collectors.toMap(r -> r.<String>getAs("customer_id"), r -> r));
  }

  /** The silver fact conform makes of a bronze fixture, as silver.customers reads it. */
  private Dataset<Row> silver(Fact fact, Dataset<Row> bronze) {
    return Conform.fact(fact, bronze, ConformFixtures.crosswalk(spark), settings.fxToUsd());
  }

  @Test
  void oneRowPerResolvedCustomerOfTheCrosswalk() {
    assertEquals(List.of("C-ACME", "C-GLOBEX"), customers().keySet().stream().sorted().toList(),
        "unresolved identities (A-LOST, L3) make no customer");
  }

  @Test
  void twoCrmAccountsAndABillToNameSurviveIntoOneGoldenRecord() {
    Row acme = customers().get("C-ACME");
    // Votes: A1 "Acme Analytics"; A2 "ACME ANALYTICS LTD"; BA1 "Acme Analytics Ltd" (its
    // accounts-payable suffix removed). The two spellings of the legal name vote together.
    assertEquals("Acme Analytics Ltd", acme.getAs("company_name"));
    assertEquals("acme.io", acme.getAs("domain"), "https://www.Acme.io/ and acme.io agree");
    assertEquals("software", acme.getAs("industry"), "SaaS and Software are one code");
    assertEquals("GB", acme.getAs("country"), "UK and gb are GB; the lead's France loses");
    assertEquals(120, (int) acme.<Integer>getAs("employees"), "the first account's head count");
    assertEquals(2001, (int) acme.<Integer>getAs("founded_year"),
        "the first account has none: the next one's");
    assertEquals(Date.valueOf("2023-01-10"), acme.getAs("first_seen_date"));
    assertEquals(2, (int) acme.<Integer>getAs("crm_accounts"));
  }

  @Test
  void aCustomerWithoutCrmAccountTakesFinanceNameAndLeadCountry() {
    Row globex = customers().get("C-GLOBEX");
    assertEquals("Globex GmbH", globex.getAs("company_name"));
    assertEquals("DE", globex.getAs("country"), "the lead's ' germany '");
    assertNull(globex.getAs("domain"));
    assertNull(globex.getAs("industry"));
    assertNull(globex.getAs("employees"));
    assertEquals(0, (int) globex.<Integer>getAs("crm_accounts"));
    assertEquals(Date.valueOf("2022-10-01"), globex.getAs("first_seen_date"),
        "no CRM account: the first event of any identity (the lead)");
  }

  /** The golden name of C-ACME when A1 and A2 are called crmA1, crmA2 and BA1 bills billTo. */
  private String goldenName(String crmA1, String crmA2, String billTo) {
    Dataset<Row> accounts = ConformFixtures.accounts(spark)
        .withColumn("company_name", functions.when(functions.col("account_id").equalTo("A1"),
            functions.lit(crmA1)).otherwise(functions.lit(crmA2)));
    Dataset<Row> invoices = ConformFixtures.invoices(spark)
        .withColumn("bill_to_name", functions.lit(billTo));
    return Customers.build(ConformFixtures.crosswalk(spark), accounts,
            silver(Fact.INVOICES, invoices), silver(Fact.LEADS, ConformFixtures.leads(spark)),
            settings)
        .where("customer_id = 'C-ACME'").first().getAs("company_name");
  }

  @Test
  void spellingsDifferingInCaseOrPunctuationVoteTogether() {
    assertEquals("Lionsail Holdings Ltd.", goldenName("Lionsail Holdings, Ltd.",
        "Lionsail Holdings", "LIONSAIL HOLDINGS LTD."), "comma style and capitals: 2 votes");
    assertEquals("Aquavale Games SL", goldenName("AQUAVALE GAMES S.L.", "Aquavale Games",
        "Aquavale Games SL"), "S.L. and SL are one spelling, shown in mixed case");
    assertEquals("Bluepeak GmbH", goldenName("Bluepeak", "BLUEPEAK GMBH",
        "Bluepeak GmbH - Accounts Payable"));
    assertEquals("Urbanpoint Cloud LLC", goldenName("Urbanpoint Cloud LLC", "Urbanpoint Cloud",
        "Urbanpoint Cloud L.L.C."), "one spelling group: the CRM's spelling shows");
    assertEquals("Peakroot Systems Pty Ltd", goldenName("Peakroot Systems, Pty Ltd",
        "Peakroot Systems", "PEAKROOT SYSTEMS PTY LTD"), "a legal form of two words");
    assertEquals("Oakfield B.V.", goldenName("Oakfield", "Oakfield B.V.", "Oakfield Group"),
        "one vote each: the name with a legal form");
  }

  @Test
  void countriesAndIndustriesNormaliseToCodes() {
    Dataset<Row> typed = spark.sql("select * from values"
        + " ('UK', 'Hospital & Health Care'), ('united  kingdom', 'FinServ'),"
        + " ('de', '  Real Estate '), ('Deutschland', 'financial_services'),"
        + " ('Narnia', 'Space Mining'), ('', '') as t(country, industry)");
    List<String> got = typed.select(
            functions.concat_ws("/",
                Customers.countryCode(functions.col("country"), settings.countries()),
                Customers.industryCode(functions.col("industry"), settings.industries())))
        .collectAsList().stream().map(r -> r.getString(0)).toList();
    assertEquals(Arrays.asList("GB/healthcare", "GB/financial_services", "DE/construction",
        "DE/financial_services", "space_mining", ""), got);
  }
}
