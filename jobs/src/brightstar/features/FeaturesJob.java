package brightstar.features;

import brightstar.BrightstarException;
import brightstar.Progress;
import brightstar.config.BrightstarConfig;
import brightstar.customer360.Customer360Settings;
import brightstar.customer360.SilverFacts;
import brightstar.io.TableCatalog;
import brightstar.io.TableId;
import brightstar.io.TableWriter;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * silver -> gold.customer_features as of a date: every monthly snapshot from
 * {@code brightstar.features.start} to the as-of date, each snapshot's partition replaced in
 * its own commit. Rebuilding with the same as-of date rewrites the same rows; a later as-of
 * date fills in the labels whose windows it has now seen.
 */
public final class FeaturesJob {
  public static final TableId CUSTOMER_FEATURES = TableId.gold("customer_features");
  private static final String SECTION_START = FeatureSettings.SECTION + ".start";

  private FeaturesJob() {}

  /** What a run wrote: the snapshot dates and the rows of each. */
  public record Result(List<LocalDate> snapshots, long rows) {}

  public static Result run(
      SparkSession spark, BrightstarConfig config, LocalDate asOf, Progress progress) {
    FeatureSettings settings = FeatureSettings.from(config);
    Customer360Settings c360 = Customer360Settings.from(config);
    List<LocalDate> snapshots = CustomerFeatures.snapshotDates(settings.start(), asOf);
    if (snapshots.isEmpty()) {
      throw new BrightstarException("no snapshot to build for gold.customer_features as of "
          + asOf, "there is no month end between " + SECTION_START + " = " + settings.start()
          + " and the as-of date",
          "use an as-of date on or after the first month end after the start, or lower "
              + SECTION_START);
    }
    TableCatalog catalog = new TableCatalog(spark, config.warehouse());
    TableWriter writer = new TableWriter(catalog);
    SilverFacts facts = SilverFacts.read(catalog, asOf);
    long total = 0;
    for (LocalDate snapshot : snapshots) {
      Dataset<Row> rows = CustomerFeatures.snapshot(facts, c360, settings, snapshot, asOf)
          .persist();
      try {
        long n = rows.count();
        writer.replace(rows, CUSTOMER_FEATURES,
            FeatureColumns.SNAPSHOT_DATE + " = DATE'" + snapshot + "'",
            List.of(FeatureColumns.SNAPSHOT_DATE));
        progress.rows(CUSTOMER_FEATURES.qualified() + " snapshot " + snapshot, n);
        total += n;
      } finally {
        rows.unpersist();
      }
    }
    return new Result(snapshots, total);
  }
}
