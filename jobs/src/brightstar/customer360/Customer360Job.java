package brightstar.customer360;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import brightstar.Progress;
import brightstar.config.BrightstarConfig;
import brightstar.io.TableCatalog;
import brightstar.io.TableId;
import brightstar.io.TableWriter;
import brightstar.unify.UnifyJob;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** silver -> gold.customer_360 as of a date (joined with gold.clv when it exists). */
public final class Customer360Job {
  public static final TableId CUSTOMER_360 = TableId.gold("customer_360");
  public static final TableId CLV = TableId.gold("clv");

  private Customer360Job() {}

  public static long run(
      SparkSession spark, BrightstarConfig config, LocalDate asOf, Progress progress) {
    TableCatalog catalog = new TableCatalog(spark, config.warehouse());
    // gold.clv keeps one slice per as-of date; only this date's slice describes this date.
    Optional<Dataset<Row>> clv =
        catalog.exists(CLV)
            ? Optional.of(catalog.read(CLV).where(col("as_of_date").equalTo(lit(asOf))))
            : Optional.empty();
    long rows =
        new TableWriter(catalog)
            .overwrite(
                Customer360.build(
                    catalog.read(UnifyJob.CUSTOMERS), catalog.read(UnifyJob.ORDERS), clv, asOf),
                CUSTOMER_360);
    progress.rows(CUSTOMER_360.qualified() + " as of " + asOf, rows);
    return rows;
  }
}
