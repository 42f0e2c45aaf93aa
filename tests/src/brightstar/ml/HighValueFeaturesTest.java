package brightstar.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import brightstar.testing.SharedSpark;
import java.time.LocalDate;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class HighValueFeaturesTest {
  private final SparkSession spark = SharedSpark.get();

  private Dataset<Row> sql(String s) {
    return spark.sql(s);
  }

  private Map<String, Row> build() {
    Dataset<Row> customers =
        sql(
            "select * from values ('C1', 99), ('C2', 0), ('C3', 5), ('C4', 5)"
                + " as t(customer_id, employees)");
    Dataset<Row> orders =
        sql(
            "select order_id, customer_id, cast(order_date as date) order_date,"
                + " double(amount_usd) amount_usd from values"
                + " ('O1', 'C1', '2023-01-01', 100), ('O2', 'C1', '2023-02-01', 100),"
                + " ('O3', 'C1', '2023-06-01', 5000), ('O4', 'C1', '2024-06-01', 7777),"
                + " ('O5', 'C2', '2023-01-01', 100), ('O6', 'C2', '2023-08-01', 10),"
                + " ('O7', 'C3', '2024-11-01', 100), ('O8', 'C4', '2024-06-01', 100),"
                + " ('O9', 'C1', '2025-01-01', 1)"
                + " as t(order_id, customer_id, order_date, amount_usd)");
    Dataset<Row> accountMap =
        sql(
            "select * from values ('C1', 'A1'), ('C2', 'A2'), ('C4', 'A4')"
                + " as t(customer_id, account_id)");
    Dataset<Row> subscriptions =
        sql(
            "select subscription_id, account_id, seats_purchased,"
                + " cast(start_date as date) start_date from values"
                + " ('S1', 'A1', 10, '2023-01-01'), ('S2', 'A2', 10, '2023-01-01')"
                + " as t(subscription_id, account_id, seats_purchased, start_date)");
    Dataset<Row> usage =
        sql(
            "select subscription_id, cast(usage_date as date) usage_date, seats_active from"
                + " values ('S1', '2023-01-02', 4), ('S1', '2023-02-06', 9),"
                + " ('S1', '2023-05-01', 10), ('S2', '2023-01-02', 2)"
                + " as t(subscription_id, usage_date, seats_active)");
    Dataset<Row> activities =
        sql(
            "select account_id, cast(activity_date as date) activity_date, activity_type from"
                + " values ('A1', '2023-01-05', 'referral_given'), ('A1', '2023-01-06', 'meeting'),"
                + " ('A1', '2023-09-06', 'referral_given'), ('A2', '2023-01-05', 'call')"
                + " as t(account_id, activity_date, activity_type)");
    return new HighValueFeatures(90, 365, 0.5)
        .build(customers, orders, accountMap, subscriptions, usage, activities,
            LocalDate.parse("2024-12-31"))
        .collectAsList()
        .stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r));
  }

  @Test
  void earlyBehavioursAreCountedInTheirWindowOnly() {
    Map<String, Row> rows = build();
    assertEquals(3, rows.size(), "C3's first 90 days are not over yet on the as-of date");
    Row c1 = rows.get("C1");
    assertEquals(2.0, c1.<Double>getAs("orders_early"));
    assertEquals(1.0, c1.<Double>getAs("second_purchase_early"));
    assertEquals(200.0, c1.<Double>getAs("revenue_early"));
    assertEquals(0.9, c1.<Double>getAs("seat_utilisation_early"), 1e-9, "peak 9 of 10 in 60 days");
    assertEquals(1.0, c1.<Double>getAs("referrals_early"));
    assertEquals(1.0, c1.<Double>getAs("meetings_early"));
    assertEquals(5000.0, c1.<Double>getAs("later_revenue"), "days 90..365 only");
    assertEquals(Math.log(100), c1.<Double>getAs("log_employees"), 1e-9);
    assertEquals(0.0, rows.get("C2").<Double>getAs("second_purchase_early"));
    assertEquals(0.2, rows.get("C2").<Double>getAs("seat_utilisation_early"), 1e-9);
  }

  @Test
  void labelMarksTheTopShareAndIsNullUntilTheOutcomeIsObservable() {
    Map<String, Row> rows = build();
    assertEquals(1.0, rows.get("C1").<Double>getAs(HighValueFeatures.LABEL));
    assertEquals(0.0, rows.get("C2").<Double>getAs(HighValueFeatures.LABEL));
    assertNull(rows.get("C4").getAs(HighValueFeatures.LABEL), "a year has not passed yet");
    assertEquals(0.0, rows.get("C4").<Double>getAs("seat_utilisation_early"));
  }
}
