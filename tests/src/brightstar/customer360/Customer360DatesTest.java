package brightstar.customer360;

import static brightstar.customer360.Fixtures.d;
import static brightstar.customer360.Fixtures.r;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brightstar.testing.Datasets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.FilterExec;
import org.apache.spark.sql.execution.InputAdapter;
import org.apache.spark.sql.execution.ProjectExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.WholeStageCodegenExec;
import org.apache.spark.sql.execution.exchange.ShuffleExchangeExec;
import org.apache.spark.sql.execution.joins.BroadcastNestedLoopJoinExec;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

/** Many as-of dates in one plan give, date by date, the rows of a build of that date alone. */
class Customer360DatesTest {
  private static final Customer360Settings SETTINGS = Customer360Settings.defaults();
  private static final String BROADCAST = "spark.sql.autoBroadcastJoinThreshold";

  /**
   * Before any customer; a leap day (its year before is 2023-02-28) with STAR's and LOSS's
   * early windows open; LOSS's first term's last day (its seats still count); the fixtures'
   * date; and a date after LATER's arrival and STAR's 2025 order.
   */
  private static final List<LocalDate> DATES = List.of(LocalDate.parse("2023-12-31"),
      LocalDate.parse("2024-02-29"), LocalDate.parse("2024-07-04"),
      LocalDate.parse("2024-12-31"), LocalDate.parse("2025-03-31"));

  /** Each date built and computed on its own (one union of the whole plans plans slower). */
  private static Dataset<Row> alone(SilverFacts facts, List<LocalDate> dates) {
    Dataset<Row> all = null;
    for (LocalDate date : dates) {
      Dataset<Row> one = Customer360.build(facts, SETTINGS, date).localCheckpoint();
      all = all == null ? one : all.unionByName(one);
    }
    return all;
  }

  @Test
  void everyDateOfOnePassEqualsItsBuildAlone() {
    SilverFacts facts = Fixtures.facts();
    Dataset<Row> together = Customer360.build(facts, SETTINGS, DATES).localCheckpoint();
    Dataset<Row> alone = alone(facts, DATES);
    assertEquals(List.of(alone.columns()), List.of(together.columns()));
    Datasets.assertSameRows(alone, together);
    // Each date has its own population (nobody before 2024, LATER only in 2025) and ranks.
    assertEquals(0, together.where(col("as_of_date").equalTo("2023-12-31")).count());
    assertEquals(9, together.where(col("as_of_date").equalTo("2025-03-31")).count());
    assertEquals(3, together.where(col("as_of_date").equalTo("2024-02-29")).count());
    // The top 20% by value: ceil(0.2 x 3) = 1 of 2024-02-29's three, 2 of 2025-03-31's nine.
    assertEquals(1, together.where(col("as_of_date").equalTo("2024-02-29")
        .and(col("top20_by_value"))).count());
    assertEquals(2, together.where(col("as_of_date").equalTo("2025-03-31")
        .and(col("top20_by_value"))).count());
    // An open window is null on the early date and observed later.
    Row starEarly = together.where(col("customer_id").equalTo("STAR")
        .and(col("as_of_date").equalTo("2024-02-29"))).first();
    assertNull(starEarly.getAs("second_purchase_within_90d"));
    Row starLate = together.where(col("customer_id").equalTo("STAR")
        .and(col("as_of_date").equalTo("2024-12-31"))).first();
    assertEquals(Boolean.TRUE, starLate.getAs("second_purchase_within_90d"));
  }

  @Test
  void datedClvRowsJoinTheirOwnDate() {
    SilverFacts f = Fixtures.facts();
    Dataset<Row> clv = Fixtures.table("customer_id STRING, as_of_date DATE, clv_12m DOUBLE,"
            + " p_alive DOUBLE",
        r("STAR", d("2024-07-04"), 100.0, 0.8), r("STAR", d("2024-12-31"), 200.0, 0.9));
    SilverFacts dated = new SilverFacts(f.customers(), f.orders(), f.invoices(), f.payments(),
        f.creditNotes(), f.subscriptions(), f.seatUsage(), f.activities(), f.leads(),
        f.touches(), f.tickets(), f.surveys(), f.returns(), Optional.of(clv));
    List<Row> star = Customer360.build(dated, SETTINGS, DATES)
        .where(col("customer_id").equalTo("STAR")).orderBy("as_of_date")
        .select("clv_12m").collectAsList();
    assertEquals(4, star.size());
    assertNull(star.get(0).get(0));
    assertEquals(100.0, star.get(1).getDouble(0));
    assertEquals(200.0, star.get(2).getDouble(0));
    assertNull(star.get(3).get(0));
  }

  /**
   * What keeps a build of many dates as cheap as one in shuffles: a fact row joined to each
   * date it is known at is aggregated where its copies are made. No shuffle reads the copies
   * themselves (a shuffle right above the date join), so N dates shuffle each fact once.
   */
  @Test
  void theCopiesOfAFactRowForEachDateAreNeverShuffled() {
    SilverFacts facts = Fixtures.facts();
    SparkSession spark = facts.customers().sparkSession();
    String threshold = spark.conf().get(BROADCAST);
    SparkPlan plan;
    try {
      // At scale no fact table is broadcast: plan as there, whatever the fixtures' size.
      spark.conf().set(BROADCAST, "-1");
      plan = Customer360.build(facts, SETTINGS, DATES).queryExecution().executedPlan();
    } finally {
      spark.conf().set(BROADCAST, threshold);
    }
    List<String> copiesShuffled = new ArrayList<>();
    List<SparkPlan> exchanges = new ArrayList<>();
    collect(plan, exchanges);
    for (SparkPlan exchange : exchanges) {
      SparkPlan below = exchange.children().head();
      while (below instanceof ProjectExec || below instanceof FilterExec
          || below instanceof WholeStageCodegenExec || below instanceof InputAdapter) {
        below = below.children().head();
      }
      if (below instanceof BroadcastNestedLoopJoinExec) {
        copiesShuffled.add(exchange.simpleString(200));
      }
    }
    assertTrue(exchanges.size() > 10, "the plan has its shuffles: " + exchanges.size());
    assertEquals(List.of(), copiesShuffled);
  }

  private static void collect(SparkPlan plan, List<SparkPlan> exchanges) {
    if (plan instanceof ShuffleExchangeExec) {
      exchanges.add(plan);
    }
    for (SparkPlan child : CollectionConverters.asJava(plan.children())) {
      collect(child, exchanges);
    }
  }
}
