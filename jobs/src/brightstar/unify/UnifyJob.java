package brightstar.unify;

import brightstar.Progress;
import brightstar.config.BrightstarConfig;
import brightstar.io.TableCatalog;
import brightstar.io.TableId;
import brightstar.io.TableWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * bronze -> silver: silver.customer_crosswalk, silver.customers and silver.orders, rebuilt
 * from the whole of bronze (so a re-run or a corrected bronze day gives the same result).
 */
public final class UnifyJob {
  public static final TableId ACCOUNTS = TableId.bronze("sales_accounts");
  public static final TableId BRONZE_ORDERS = TableId.bronze("sales_orders");
  public static final TableId CROSSWALK = TableId.silver("customer_crosswalk");
  public static final TableId CUSTOMERS = TableId.silver("customers");
  public static final TableId ORDERS = TableId.silver("orders");

  private UnifyJob() {}

  public static void run(SparkSession spark, BrightstarConfig config, Progress progress) {
    TableCatalog catalog = new TableCatalog(spark, config.warehouse());
    TableWriter writer = new TableWriter(catalog);
    Dataset<Row> accounts = catalog.read(ACCOUNTS);
    Dataset<Row> crosswalk = Unify.accountCrosswalk(accounts);
    progress.rows(CROSSWALK.qualified(), writer.overwrite(crosswalk, CROSSWALK));
    Dataset<Row> storedCrosswalk = catalog.read(CROSSWALK);
    progress.rows(
        CUSTOMERS.qualified(),
        writer.overwrite(Unify.customers(accounts, storedCrosswalk), CUSTOMERS));
    progress.rows(
        ORDERS.qualified(),
        writer.overwrite(
            Unify.orders(catalog.read(BRONZE_ORDERS), storedCrosswalk, Unify.fxToUsd(config)),
            ORDERS));
  }
}
