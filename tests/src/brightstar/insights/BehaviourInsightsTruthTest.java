package brightstar.insights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brightstar.Progress;
import brightstar.io.TableCatalog;
import brightstar.io.TableWriter;
import brightstar.io.Tables;
import brightstar.ml.Outcome;
import brightstar.testing.DemoWarehouse;
import brightstar.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The insights against the generator's truth (docs/generator.md, "Early behaviours" and
 * "Outcomes") on the shared generated warehouse: the planted drivers must lead the adjusted
 * ranking; the markers (app download, referral: no direct effect) are reported, not ranked by
 * the test, because where a marker lands is what the insight is for.
 */
class BehaviourInsightsTruthTest {
  private static InsightsJob.Result result;

  @BeforeAll
  static void runOnACopyOfTheSharedFeatures(@TempDir Path dir) {
    SparkSession spark = SharedSpark.get();
    DemoWarehouse.Built demo = DemoWarehouse.get();
    TableCatalog mine = new TableCatalog(spark, dir.toString());
    new TableWriter(mine).overwrite(demo.catalog(spark).read(Tables.CUSTOMER_FEATURES.id()),
        Tables.CUSTOMER_FEATURES.id());
    result = InsightsJob.run(spark, SharedSpark.config(dir), DemoWarehouse.END,
        List.of(Outcome.values()),
        new Progress("truth", new PrintStream(new ByteArrayOutputStream())));
    // The measured table, for docs/models.md and anyone reading the test log.
    System.out.print(InsightsReport.render(result));
  }

  private static Map<String, Row> rows(Outcome outcome) {
    return result.rows().get(outcome).stream()
        .collect(Collectors.toMap(r -> r.getAs("behaviour"), Function.identity()));
  }

  private static int rank(Map<String, Row> rows, String behaviour) {
    Integer rank = rows.get(behaviour).getAs("adjusted_rank");
    return rank == null ? Integer.MAX_VALUE : rank;
  }

  @Test
  void theThreeStrongestDissatisfactionDriversAreInTheTopFour() {
    Map<String, Row> rows = rows(Outcome.DISSATISFACTION);
    for (String driver : List.of("many_support_tickets_first_90d", "onboarding_unfinished",
        "low_nps")) {
      assertTrue(rank(rows, driver) <= 4, driver + " ranked " + rank(rows, driver));
      assertTrue((double) rows.get(driver).getAs("adjusted_effect") > 0, driver);
    }
  }

  /**
   * Early seat use is the strongest high-value driver (seat growth at renewal on top of order
   * value) and must be in the top three. An early second purchase (repeat rate x e^0.6) must
   * be in the top four, ahead of the markers: with 509 customers and 100 high-value ones its
   * interval (about +-0.8 log-odds) overlaps those of the conference (rate x e^0.4, value
   * x e^0.25) and webinar (rate x e^0.3) drivers, so on this warehouse it ranks 4th
   * (docs/models.md gives the measured numbers and the 2,000-customer run).
   */
  @Test
  void earlySeatUseAndASecondPurchaseLeadTheHighValueRanking() {
    Map<String, Row> rows = rows(Outcome.HIGH_VALUE);
    assertTrue(rank(rows, "all_seats_used_60d") <= 3,
        "seats ranked " + rank(rows, "all_seats_used_60d"));
    int secondPurchase = rank(rows, "second_purchase_within_90d");
    assertTrue(secondPurchase <= 4, "second purchase ranked " + secondPurchase);
    assertTrue(secondPurchase < rank(rows, "app_downloaded_within_90d"),
        "second purchase ahead of the app-download marker");
  }

  @Test
  void theAppDownloadMarkerHasALiftButNoAdjustedEffect() {
    // Planted with no direct effect: what it shows raw comes through the latent propensity.
    Row app = rows(Outcome.HIGH_VALUE).get("app_downloaded_within_90d");
    assertTrue((double) app.getAs("lift") > 1, "raw lift " + app.getAs("lift"));
    assertTrue((double) app.getAs("adjusted_low") < 0
        && (double) app.getAs("adjusted_high") > 0, "adjusted interval covers 0");
  }

  @Test
  void everyCustomerIsComparedOnceWithClosedWindows() {
    for (Outcome o : Outcome.values()) {
      List<Row> rows = result.rows().get(o);
      assertEquals(InsightsSettings.defaults().flags().size(), rows.size());
      long customers = rows.get(0).getAs("customers");
      for (Row r : rows) {
        assertEquals(customers, (long) r.getAs("n_with") + (long) r.getAs("n_without"));
      }
      assertTrue(customers > 200 && customers < DemoWarehouse.CUSTOMERS, o + ": " + customers);
    }
  }
}
