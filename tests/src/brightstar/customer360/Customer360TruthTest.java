package brightstar.customer360;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brightstar.io.TableCatalog;
import brightstar.testing.DemoWarehouse;
import brightstar.testing.SharedSpark;
import brightstar.unify.UnifyJob;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * gold.customer_360's behaviour flags against the generator's planted truth, on the shared
 * generated warehouse ({@link DemoWarehouse}: generate -> ingest -> unify -> customer360 as of
 * its end, {@value DemoWarehouse#CUSTOMERS} customers): for every customer whose window is
 * observed, each flag must agree with _truth/customers.csv for at least 97% of them.
 *
 * <p>Silver comes from the real unify (identity resolution and conformed facts), so this
 * measures the whole chain; gold ids map to the truth's through the CRM accounts (records.csv
 * and the crosswalk).
 */
class Customer360TruthTest {
  private static final LocalDate END = DemoWarehouse.END;
  private final SparkSession spark = SharedSpark.get();

  @Test
  void behaviourFlagsAgreeWithThePlantedTruth() {
    DemoWarehouse.Built demo = DemoWarehouse.get();
    Path truthDir = demo.truth();
    TableCatalog catalog = demo.catalog(spark);

    Dataset<Row> truth = spark.read().option("header", true)
        .csv(truthDir.resolve("customers.csv").toString());
    for (String c : truth.columns()) {
      truth = truth.withColumnRenamed(c, "truth_" + c);
    }
    // Each true customer's gold id: the id identity resolution gave its CRM accounts.
    Dataset<Row> accounts = spark.read().option("header", true)
        .csv(truthDir.resolve("records.csv").toString())
        .where("source = 'sales' and entity = 'accounts'")
        .select(col("record_id").as("account_id"), col("customer_id").as("truth_customer_id"));
    Dataset<Row> ids = catalog.read(UnifyJob.CROSSWALK).where("entity = 'accounts'")
        .join(accounts, col("source_key").equalTo(col("account_id")))
        .select("truth_customer_id", "customer_id").distinct();
    assertEquals(ids.select("truth_customer_id").distinct().count(), ids.count(),
        "each true customer has one gold id");
    Dataset<Row> gold = catalog.read(Customer360Job.CUSTOMER_360);
    // Counted some forty times below: joined once.
    Dataset<Row> joined = truth.join(ids, "truth_customer_id").join(gold, "customer_id")
        .localCheckpoint();
    assertEquals(truth.count(), joined.count(), "every true customer has a gold row");

    Column early = col("truth_early_window_observed").equalTo("true");
    Column acquired = col("truth_acquired_date").cast("date");
    // Referrals come on days 100-400 while the customer is still a customer.
    Column referralWindow = acquired.leq(lit(END.minusDays(400)))
        .and(col("truth_churned").equalTo("false").or(col("truth_churn_date").cast("date")
            .gt(org.apache.spark.sql.functions.date_add(acquired, 400))));
    Map<String, Column[]> flags = new LinkedHashMap<>();
    flags.put("second_purchase_90d", pair(early, col("second_purchase_within_90d")));
    flags.put("seats_used_60d", pair(early, col("all_seats_used_60d")));
    flags.put("webinar_90d", pair(early, col("webinar_within_90d")));
    flags.put("conference_90d", pair(early, col("user_conference_within_90d")));
    flags.put("app_download_90d", pair(early, col("app_downloaded_within_90d")));
    flags.put("referral_given", pair(referralWindow, col("referral_given")));
    flags.put("many_tickets_90d", pair(early, col("many_support_tickets_first_90d")));
    flags.put("onboarding_unfinished", pair(early, col("onboarding_unfinished")));
    flags.put("returned_90d", pair(early, col("returns_first_90d").gt(0)));
    flags.put("low_nps_90d", pair(early, col("low_nps")));
    flags.put("seats_shrunk", pair(col("shrinking_seats").isNotNull(), col("shrinking_seats")));

    StringBuilder report = new StringBuilder();
    Map<String, Double> agreement = new LinkedHashMap<>();
    for (Map.Entry<String, Column[]> e : flags.entrySet()) {
      Dataset<Row> observed = joined.where(e.getValue()[0]);
      long n = observed.count();
      Column planted = col("truth_" + e.getKey()).equalTo("true");
      long same = observed.where(coalesce(e.getValue()[1], lit(false)).equalTo(planted)
          .and(e.getValue()[1].isNotNull())).count();
      long positives = observed.where(planted).count();
      agreement.put(e.getKey(), n == 0 ? 0.0 : (double) same / n);
      report.append(String.format(Locale.ROOT, "%-22s observed %4d  planted %4d  agree %5.1f%%%n",
          e.getKey(), n, positives, n == 0 ? 0.0 : 100.0 * same / n));
      assertTrue(n >= 20, e.getKey() + ": too few observed customers (" + n + ")\n" + report);
      assertTrue(positives > 0 && positives < n, e.getKey() + " has both values\n" + report);
    }
    System.out.print(report);
    agreement.forEach((flag, share) ->
        assertTrue(share >= 0.97, flag + " agrees for " + share + "\n" + report));

    // The "done when" on generated data: four tiers, A holding the most revenue, some
    // customers losing money, and a skewed revenue distribution.
    List<Row> tiers = gold.groupBy("tier").agg(sum("revenue_12m").as("revenue"))
        .orderBy(col("revenue").desc()).collectAsList();
    assertEquals(4, tiers.size());
    assertEquals("A", tiers.get(0).getString(0));
    assertTrue(gold.where("profit_12m < 0").count() > 0, "some customers lose money");
    Row all = catalog.read(Customer360Job.VALUE_CONCENTRATION).where("segment = 'all'").first();
    System.out.println(String.join("\n", ConcentrationReport.lines(
        ConcentrationReport.read(catalog, END))));
    assertTrue(all.<Double>getAs("top_revenue_share") > 0.5, "the top 20% hold most revenue");
  }

  private static Column[] pair(Column observed, Column gold) {
    return new Column[] {observed, gold};
  }
}
