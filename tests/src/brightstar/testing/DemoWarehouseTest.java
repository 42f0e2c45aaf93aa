package brightstar.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The shared warehouse holds what the tests built on it rely on. */
class DemoWarehouseTest {
  private final SparkSession spark = SharedSpark.get();

  @Test
  void featuresHaveEveryQuarterWithLabelsOnlyWhereTheWindowIsObserved() {
    DemoWarehouse.Built w = DemoWarehouse.get();
    List<Row> rows = w.catalog(spark).read(brightstar.features.FeaturesJob.CUSTOMER_FEATURES)
        .groupBy("snapshot_date").agg(
            org.apache.spark.sql.functions.count("*").as("n"),
            org.apache.spark.sql.functions.count("high_value").as("hv"),
            org.apache.spark.sql.functions.count("dissatisfied").as("ds"))
        .orderBy("snapshot_date").collectAsList();
    assertEquals(DemoWarehouse.SNAPSHOTS.size(), rows.size());
    for (Row r : rows) {
      java.time.LocalDate s = r.getDate(0).toLocalDate();
      long n = r.getLong(1);
      // 12 months of high-value window and 6 months + 30 days of dissatisfaction window.
      assertEquals(s.isAfter(java.time.LocalDate.parse("2023-12-31")) ? 0 : n, r.getLong(2), s + " high_value");
      assertEquals(s.isAfter(java.time.LocalDate.parse("2024-05-31")) ? 0 : n, r.getLong(3), s + " dissatisfied");
      assertTrue(n > 0, s + " has rows");
    }
    long last = rows.get(rows.size() - 1).getLong(1);
    assertTrue(last > DemoWarehouse.CUSTOMERS * 0.9 && last <= DemoWarehouse.CUSTOMERS + 5,
        "customers with a purchase by the end: " + last);
  }
}
