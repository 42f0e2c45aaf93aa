package brightstar.unify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import brightstar.testing.SharedSpark;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
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

  /** The crosswalk identity resolution gives these accounts: Acme, Globex, Initech. */
  private Dataset<Row> crosswalk() {
    return spark.sql(
        "select customer_id, 'sales' source, 'accounts' entity, source_key from values"
            + " ('C-acme', 'A1'), ('C-acme', 'A2'), ('C-globex', 'A3'), ('C-globex', 'A4'),"
            + " ('C-initech', 'A5'), ('C-initech', 'A6') as t(customer_id, source_key)");
  }

  @Test
  void customersTakeFirmographicsFromTheEarliestAccount() {
    Dataset<Row> crosswalk = crosswalk();
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
    Dataset<Row> crosswalk = crosswalk();
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
