package brightstar.conform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.trim;

import brightstar.Progress;
import brightstar.config.BrightstarConfig;
import brightstar.io.TableCatalog;
import brightstar.io.TableId;
import brightstar.io.TableWriter;
import brightstar.io.Tables;
import brightstar.spark.Sessions;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * Measures the golden record's survivorship rules against the generator's truth, with
 * identity resolution taken out of the picture: the crosswalk is built from
 * {@code _truth/records.csv} (every record's true customer), then {@link ConformJob} runs and
 * each silver.customers attribute is compared with {@code _truth/customers.csv}. The baseline
 * is the rule before issue 8: every attribute from the customer's earliest CRM account, as
 * typed. Usage (after generate and ingest into WAREHOUSE):
 * {@code java -cp target/brightstar.jar:target/test-classes:$(cat target/classpath.txt)
 * brightstar.conform.GoldenRecordEvaluation LANDING WAREHOUSE} (with the add-opens flags of
 * bin/brightstar). Figures: docs/silver.md.
 */
public final class GoldenRecordEvaluation {
  private GoldenRecordEvaluation() {}

  public static void main(String[] args) {
    String landing = args[0];
    BrightstarConfig config = BrightstarConfig.defaults()
        .with("brightstar.warehouse", args[1])
        .with("brightstar.spark.master", "local[2]");
    SparkSession spark = Sessions.builder(config).getOrCreate();
    TableCatalog catalog = new TableCatalog(spark, config.warehouse());
    Dataset<Row> records = spark.read().option("header", true)
        .csv(landing + "/_truth/records.csv");
    new TableWriter(catalog).overwrite(truthCrosswalk(records, catalog),
        Tables.CUSTOMER_CROSSWALK.id());
    ConformJob.run(spark, config, new Progress("unify"));

    Dataset<Row> truth = spark.read().option("header", true)
        .csv(landing + "/_truth/customers.csv")
        .select(col("customer_id"), col("company_name").as("t_name"),
            col("domain").as("t_domain"), col("industry").as("t_industry"),
            col("country").as("t_country"), col("employees").cast("int").as("t_employees"),
            col("founded_year").cast("int").as("t_founded"));
    Dataset<Row> golden = catalog.read(Tables.CUSTOMERS.id());
    Dataset<Row> baseline = baseline(catalog.read(TableId.bronze("sales_accounts")),
        catalog.read(Tables.CUSTOMER_CROSSWALK.id()));
    Dataset<Row> all = truth.join(golden, "customer_id").join(baseline, "customer_id").cache();
    long n = all.count();
    System.out.printf(Locale.ROOT, "customers compared: %d of %d in the truth%n", n,
        truth.count());
    System.out.println("| attribute | golden record | baseline (earliest CRM account) |");
    System.out.println("|---|---|---|");
    for (Map.Entry<String, String[]> e : Map.of(
        "company_name", new String[] {"company_name", "b_name", "t_name"},
        "domain", new String[] {"domain", "b_domain", "t_domain"},
        "industry", new String[] {"industry", "b_industry", "t_industry"},
        "country", new String[] {"country", "b_country", "t_country"},
        "employees", new String[] {"employees", "b_employees", "t_employees"},
        "founded_year", new String[] {"founded_year", "b_founded", "t_founded"}).entrySet()
        .stream().sorted(Map.Entry.comparingByKey()).toList()) {
      String[] c = e.getValue();
      long golds = all.where(col(c[0]).eqNullSafe(col(c[2]))).count();
      long bases = all.where(col(c[1]).eqNullSafe(col(c[2]))).count();
      System.out.printf(Locale.ROOT, "| %s | %.1f%% | %.1f%% |%n", e.getKey(),
          100.0 * golds / n, 100.0 * bases / n);
    }
    all.where(col("company_name").notEqual(col("t_name")))
        .select("customer_id", "company_name", "t_name", "b_name").show(15, false);
    spark.stop();
  }

  /** The pre-issue-8 rule: the earliest CRM account's values as typed. */
  static Dataset<Row> baseline(Dataset<Row> accounts, Dataset<Row> crosswalk) {
    Dataset<Row> acc = accounts.join(crosswalk.where("entity = 'accounts'"),
        col("account_id").equalTo(col("source_key")));
    return acc.withColumn("r", row_number().over(Window.partitionBy("customer_id")
            .orderBy(col("created_date"), col("account_id"))))
        .where("r = 1")
        .select(col("customer_id"), col("company_name").as("b_name"),
            Customers.domain(col("domain")).as("b_domain"), col("industry").as("b_industry"),
            col("country").as("b_country"), col("employees").as("b_employees"),
            col("founded_year").as("b_founded"));
  }

  /** The contract's crosswalk with every identity resolved to its true customer. */
  static Dataset<Row> truthCrosswalk(Dataset<Row> records, TableCatalog catalog) {
    Dataset<Row> accounts = identities(records, catalog, "sales", "accounts", "account_id",
        col("account_id"), col("created_date"));
    Dataset<Row> billing = identities(records, catalog, "finance", "invoices", "invoice_id",
        col("billing_account"), col("issue_date"))
        .withColumn("entity", lit("billing_accounts"));
    Dataset<Row> leads = identities(records, catalog, "marketing", "leads", "lead_id",
        col("lead_id"), col("created_date"));
    Column requester = lower(trim(col("requester_email")));
    Dataset<Row> requesters = identities(records, catalog, "support", "tickets", "ticket_id",
        requester, to_date(col("opened_at")))
        .unionByName(identities(records, catalog, "support", "returns", "return_id",
            requester, col("return_date")))
        .withColumn("entity", lit("requesters"));
    Dataset<Row> respondents = identities(records, catalog, "support", "surveys",
        "response_id", lower(trim(col("respondent_email"))), col("responded_date"))
        .withColumn("entity", lit("respondents"));
    Dataset<Row> all = accounts.unionByName(billing).unionByName(leads)
        .unionByName(requesters).unionByName(respondents);
    return all.groupBy("source", "entity", "source_key")
        .agg(min("customer_id").as("customer_id"), min("day").as("first_seen"),
            max("day").as("last_seen"))
        .select(col("source"), col("entity"), col("source_key"), col("customer_id"),
            lit("truth").as("match_rule"), lit(1.0).as("match_score"), col("first_seen"),
            col("last_seen"));
  }

  private static Dataset<Row> identities(Dataset<Row> records, TableCatalog catalog,
      String source, String entity, String id, Column key, Column day) {
    Dataset<Row> bronze = catalog.read(TableId.bronze(source + "_" + entity));
    Dataset<Row> truth = records.where(col("source").equalTo(source)
        .and(col("entity").equalTo(entity))).select(col("record_id"), col("customer_id"));
    return bronze.join(truth, bronze.col(id).equalTo(truth.col("record_id")))
        .where(key.isNotNull())
        .select(lit(source).as("source"), lit(entity).as("entity"), key.as("source_key"),
            col("customer_id"), day.as("day"));
  }
}
