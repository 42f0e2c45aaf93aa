package brightstar.customer360;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import brightstar.testing.SharedSpark;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class Customer360Test {
  private final SparkSession spark = SharedSpark.get();

  private Dataset<Row> customers() {
    return spark.sql(
        "select customer_id, company_name, domain, industry, country, employees, founded_year,"
            + " cast(first_seen_date as date) first_seen_date, crm_accounts from values"
            + " ('C1', 'Acme', 'acme.com', 'software', 'US', 100, 2000, '2024-01-01', 2),"
            + " ('C2', 'Globex', 'globex.de', 'retail', 'DE', 10, 1990, '2024-02-01', 1),"
            + " ('C3', 'Late', 'late.io', 'retail', 'DE', 10, 1990, '2024-12-01', 1)"
            + " as t(customer_id, company_name, domain, industry, country, employees,"
            + " founded_year, first_seen_date, crm_accounts)");
  }

  private Dataset<Row> orders() {
    return spark.sql(
        "select order_id, customer_id, cast(order_date as date) order_date, amount_usd from"
            + " values ('O1', 'C1', '2024-01-10', 100.0), ('O2', 'C1', '2024-03-10', 50.0),"
            + " ('O3', 'C1', '2024-07-01', 999.0), ('O4', null, '2024-01-10', 5.0)"
            + " as t(order_id, customer_id, order_date, amount_usd)");
  }

  private Map<String, Row> build(LocalDate asOf, Optional<Dataset<Row>> clv) {
    return Customer360.build(customers(), orders(), clv, asOf).collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r));
  }

  @Test
  void onlyFactsUpToTheAsOfDateCount() {
    Map<String, Row> rows = build(LocalDate.parse("2024-06-30"), Optional.empty());
    assertEquals(2, rows.size(), "C3 is not a customer yet on 2024-06-30");
    Row acme = rows.get("C1");
    assertEquals(2, (int) acme.<Integer>getAs("order_count"));
    assertEquals(150.0, acme.<Double>getAs("revenue_usd"), 1e-9);
    assertEquals(75.0, acme.<Double>getAs("avg_order_value_usd"), 1e-9);
    assertEquals(112, (int) acme.<Integer>getAs("days_since_last_order"));
    assertEquals(LocalDate.parse("2024-06-30"), acme.<java.sql.Date>getAs("as_of_date").toLocalDate());
  }

  @Test
  void customersWithoutOrdersHaveZeroRevenueNotMissingRows() {
    Row globex = build(LocalDate.parse("2024-12-31"), Optional.empty()).get("C2");
    assertEquals(0, (int) globex.<Integer>getAs("order_count"));
    assertEquals(0.0, globex.<Double>getAs("revenue_usd"), 0.0);
    assertNull(globex.getAs("last_order_date"));
  }

  @Test
  void lifetimeValueIsJoinedWhenAvailable() {
    Dataset<Row> clv =
        spark.sql(
            "select customer_id, double(clv_12m) clv_12m, double(p_alive) p_alive from values"
                + " ('C1', 1234.5, 0.9) as t(customer_id, clv_12m, p_alive)");
    Map<String, Row> rows = build(LocalDate.parse("2024-12-31"), Optional.of(clv));
    assertEquals(1234.5, rows.get("C1").<Double>getAs("clv_12m"), 1e-9);
    assertNull(rows.get("C2").getAs("p_alive"));
    assertEquals(3, rows.size());
  }
}
