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

import brightstar.Progress;
import brightstar.config.BrightstarConfig;
import brightstar.generate.Generator;
import brightstar.generate.GeneratorSpec;
import brightstar.ingest.IngestJob;
import brightstar.io.TableCatalog;
import brightstar.io.TableId;
import brightstar.io.TableWriter;
import brightstar.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * gold.customer_360's behaviour flags against the generator's planted truth: generate ->
 * ingest -> silver -> customer360 on a small population; for every customer whose window is
 * observed, each flag must agree with _truth/customers.csv for at least 97% of them.
 *
 * <p>Until the conformed silver facts of issue 8 are merged, the silver step here is
 * test-only glue: each bronze row gets its customer from _truth/records.csv (by business key),
 * so this test measures customer360 alone, with perfect identity resolution. After the merge
 * it should call the real unify instead ({@code UnifyJob.run}).
 */
class Customer360TruthTest {
  private static final LocalDate START = LocalDate.parse("2023-01-01");
  private static final LocalDate END = LocalDate.parse("2024-06-30");
  private final SparkSession spark = SharedSpark.get();

  @Test
  void behaviourFlagsAgreeWithThePlantedTruth(@TempDir Path dir) throws IOException {
    Path landing = dir.resolve("landing");
    BrightstarConfig config = SharedSpark.config(dir.resolve("warehouse"))
        .with("brightstar.landing", landing.toString());
    Progress quiet = new Progress("truth", new PrintStream(new ByteArrayOutputStream()));
    Generator.run(new GeneratorSpec(150, 5, START, END, landing), m -> { });
    IngestJob.run(spark, config, "all", START, END, quiet);
    TableCatalog catalog = new TableCatalog(spark, config.warehouse());
    silverFromTruth(catalog, landing);

    Customer360Job.run(spark, config, END, quiet);

    Dataset<Row> truth = spark.read().option("header", true)
        .csv(landing.resolve("_truth/customers.csv").toString());
    for (String c : truth.columns()) {
      if (!c.equals("customer_id")) {
        truth = truth.withColumnRenamed(c, "truth_" + c);
      }
    }
    Dataset<Row> gold = catalog.read(Customer360Job.CUSTOMER_360);
    Dataset<Row> joined = truth.join(gold, "customer_id");
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

  /**
   * Test-only silver: bronze rows keyed to the truth's customer by business key, one row per
   * key, amounts in USD at the generator's fixed rates (the issue-8 contract's columns).
   */
  private void silverFromTruth(TableCatalog catalog, Path landing) {
    Dataset<Row> records = spark.read().option("header", true)
        .csv(landing.resolve("_truth/records.csv").toString())
        .where(col("customer_id").isNotNull())
        .select("source", "entity", "record_id", "customer_id").distinct();
    TableWriter writer = new TableWriter(catalog);
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("finance_invoices", "invoice_id");
    keys.put("finance_payments", "payment_id");
    keys.put("finance_credit_notes", "credit_note_id");
    keys.put("sales_orders", "order_id");
    keys.put("sales_subscriptions", "subscription_id");
    keys.put("sales_seat_usage", null);
    keys.put("sales_activities", "activity_id");
    keys.put("marketing_leads", "lead_id");
    keys.put("marketing_touches", "touch_id");
    keys.put("support_tickets", "ticket_id");
    keys.put("support_surveys", "response_id");
    keys.put("support_returns", "return_id");
    for (Map.Entry<String, String> e : keys.entrySet()) {
      String[] parts = e.getKey().split("_", 2);
      Dataset<Row> bronze = catalog.read(TableId.bronze(e.getKey()));
      Column key = e.getValue() == null
          ? concat_ws("|", col("subscription_id"), date_format(col("usage_date"), "yyyy-MM-dd"))
          : col(e.getValue());
      Dataset<Row> mine = records.where(col("source").equalTo(parts[0])
          .and(col("entity").equalTo(parts[1]))).select("record_id", "customer_id");
      Dataset<Row> keyed = bronze.withColumn("record_id", key)
          .dropDuplicates("record_id")
          .join(mine, new String[] {"record_id"}, "left")
          .drop("record_id");
      for (String money : List.of("gross_amount", "discount_amount", "net_amount", "amount",
          "unit_price", "monthly_price")) {
        if (List.of(keyed.columns()).contains(money)) {
          keyed = keyed.withColumn(money + "_usd", round(col(money).cast("double").multiply(
              when(col("currency").equalTo("EUR"), lit(1.08))
                  .when(col("currency").equalTo("GBP"), lit(1.27))
                  .when(col("currency").equalTo("USD"), lit(1.0))), 2));
        }
      }
      writer.overwrite(keyed, TableId.silver(parts[1]));
    }
    Dataset<Row> customers = spark.read().option("header", true)
        .csv(landing.resolve("_truth/customers.csv").toString())
        .select(col("customer_id"), col("company_name"), col("domain"), col("industry"),
            col("country"), col("employees").cast("int").as("employees"),
            col("founded_year").cast("int").as("founded_year"),
            date_sub(col("acquired_date").cast("date"), 30).as("first_seen_date"),
            lit(1).as("crm_accounts"));
    writer.overwrite(customers, SilverFacts.CUSTOMERS);
  }
}
