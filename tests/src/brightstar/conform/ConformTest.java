package brightstar.conform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import brightstar.io.Tables;
import brightstar.testing.SharedSpark;
import java.math.BigDecimal;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class ConformTest {
  private final SparkSession spark = SharedSpark.get();

  private Map<String, Row> ordersById() {
    Dataset<Row> out = Conform.fact(Fact.ORDERS, ConformFixtures.orders(spark),
        ConformFixtures.crosswalk(spark), ConformFixtures.FX);
    return out.collectAsList().stream()
        .collect(Collectors.toMap(r -> r.<String>getAs("order_id"), r -> r));
  }

  @Test
  void aKeyDeliveredTwiceKeepsOnlyItsLatestDelivery() {
    Map<String, Row> orders = ordersById();
    assertEquals(4, orders.size(), "5 bronze rows, O1 twice: 4 orders");
    Row o1 = orders.get("O1");
    assertEquals(new BigDecimal("200.00"), o1.getAs("amount"), "the 01-07 correction wins");
    assertEquals(2, (int) o1.<Integer>getAs("quantity"));
    assertEquals("sales/orders/2024-01-07/part-00000.csv", o1.getAs("_source_file"));
    assertEquals(4, (int) o1.<Integer>getAs("_line"));
    assertEquals("b7", o1.getAs("_batch_id"));
    assertEquals("C-ACME", o1.getAs("customer_id"));
  }

  @Test
  void rowsWithoutAResolvedCustomerAreKeptWithANullCustomerId() {
    Map<String, Row> orders = ordersById();
    assertNull(orders.get("O3").getAs("customer_id"), "account A9 is not in the crosswalk");
    assertNull(orders.get("O4").getAs("customer_id"), "account A-LOST is, unresolved");
    assertEquals(new BigDecimal("19.99"), orders.get("O3").getAs("amount"));
  }

  @Test
  void amountsGetUsdAtTheConfiguredRateAndACurrencyWithoutRateGivesNull() {
    Map<String, Row> orders = ordersById();
    assertEquals(216.0, orders.get("O1").<Double>getAs("amount_usd"), 0.0, "200 EUR x 1.08");
    assertEquals(108.0, orders.get("O1").<Double>getAs("unit_price_usd"), 0.0);
    // 19.99 x 1.27 = 25.3873 and 10.05 x 1.08 = 10.854: rounded to cents.
    assertEquals(25.39, orders.get("O3").<Double>getAs("amount_usd"), 0.0);
    assertEquals(10.85, orders.get("O4").<Double>getAs("amount_usd"), 0.0);
    Row jpy = orders.get("O2");
    assertNull(jpy.getAs("amount_usd"), "no JPY rate");
    assertNull(jpy.getAs("unit_price_usd"));
    assertEquals(new BigDecimal("9999.99"), jpy.getAs("amount"), "kept in its own currency");
    assertEquals("C-ACME", jpy.getAs("customer_id"));
  }

  @Test
  void aFactHasExactlyItsDeclaredColumnsAndTypes() {
    Dataset<Row> out = Conform.fact(Fact.ORDERS, ConformFixtures.orders(spark),
        ConformFixtures.crosswalk(spark), ConformFixtures.FX);
    assertEquals(ConformFixtures.shape(Tables.ORDERS), ConformFixtures.shape(out));
    assertEquals(java.util.List.of("customer_id", "order_id", "account_id", "order_date",
        "product", "quantity", "unit_price", "amount", "currency", "unit_price_usd",
        "amount_usd", "_source_file", "_line", "_batch_id"), java.util.List.of(out.columns()));
  }

  @Test
  void supportFactsFindTheirCustomerByTheNormalisedEmail() {
    Map<String, Row> tickets = Conform.fact(Fact.TICKETS, ConformFixtures.tickets(spark),
            ConformFixtures.crosswalk(spark), ConformFixtures.FX)
        .collectAsList().stream()
        .collect(Collectors.toMap(r -> r.<String>getAs("ticket_id"), r -> r));
    assertEquals("C-ACME", tickets.get("T1").getAs("customer_id"));
    assertEquals(" Jane@Acme.IO ", tickets.get("T1").getAs("requester_email"),
        "the landing value is kept; only the lookup normalises it");
    assertNull(tickets.get("T2").getAs("customer_id"));
  }

  @Test
  void seatUsageIsKeyedBySubscriptionAndDay() {
    Dataset<Row> usage = spark.sql("select subscription_id, account_id,"
        + " cast(usage_date as date) usage_date, cast(seats_active as int) seats_active,"
        + ConformFixtures.lineage() + " from values"
        + " ('S1', 'A1', '2024-01-01', 5, 'u/1.csv', 2, 'b1', '2024-01-01'),"
        + " ('S1', 'A1', '2024-01-08', 6, 'u/8.csv', 2, 'b8', '2024-01-08'),"
        + " ('S1', 'A1', '2024-01-08', 7, 'u/9.csv', 2, 'b9', '2024-01-09')"
        + " as t(subscription_id, account_id, usage_date, seats_active, _source_file, _line,"
        + " _batch_id, _run_date)");
    Map<String, Integer> seats = Conform.fact(Fact.SEAT_USAGE, usage,
            ConformFixtures.crosswalk(spark), ConformFixtures.FX)
        .collectAsList().stream().collect(Collectors.toMap(
            r -> r.getAs("usage_date").toString(), r -> r.<Integer>getAs("seats_active")));
    assertEquals(Map.of("2024-01-01", 5, "2024-01-08", 7), seats);
  }
}
