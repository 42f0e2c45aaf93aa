package brightstar.unify;

import brightstar.Progress;
import brightstar.config.BrightstarConfig;
import brightstar.identity.IdentityJob;
import brightstar.io.TableCatalog;
import brightstar.io.TableId;
import brightstar.io.TableWriter;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * bronze -> silver: identity resolution (silver.customer_crosswalk, match candidates and
 * merges; see {@link IdentityJob}), then silver.customers and silver.orders keyed by the
 * crosswalk's customer ids.
 */
public final class UnifyJob {
  public static final TableId ACCOUNTS = TableId.bronze("sales_accounts");
  public static final TableId BRONZE_ORDERS = TableId.bronze("sales_orders");
  public static final TableId CROSSWALK = IdentityJob.CROSSWALK;
  public static final TableId CUSTOMERS = TableId.silver("customers");
  public static final TableId ORDERS = TableId.silver("orders");

  private UnifyJob() {}

  /**
   * Resolves identities as of {@code runDate} (null: everything in bronze), then conforms the
   * silver tables to the crosswalk.
   */
  public static IdentityJob.Summary run(SparkSession spark, BrightstarConfig config,
      LocalDate runDate, Progress progress) {
    TableCatalog catalog = new TableCatalog(spark, config.warehouse());
    TableWriter writer = new TableWriter(catalog);
    IdentityJob.Summary summary = IdentityJob.run(spark, config, runDate, progress);
    Dataset<Row> accounts = catalog.read(ACCOUNTS);
    Dataset<Row> storedCrosswalk = catalog.read(CROSSWALK);
    progress.rows(
        CUSTOMERS.qualified(),
        writer.overwrite(Unify.customers(accounts, storedCrosswalk), CUSTOMERS));
    progress.rows(
        ORDERS.qualified(),
        writer.overwrite(
            Unify.orders(catalog.read(BRONZE_ORDERS), storedCrosswalk, Unify.fxToUsd(config)),
            ORDERS));
    return summary;
  }
}
