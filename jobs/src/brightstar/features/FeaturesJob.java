package brightstar.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.lit;

import brightstar.BrightstarException;
import brightstar.Progress;
import brightstar.config.BrightstarConfig;
import brightstar.customer360.Customer360Settings;
import brightstar.customer360.SilverFacts;
import brightstar.io.TableCatalog;
import brightstar.io.TableId;
import brightstar.io.TableWriter;
import brightstar.spark.ObservedCounts;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * silver -> gold.customer_features as of a date: every {@code every-months}-th month end from
 * {@code brightstar.features.start} to the as-of date, built in passes of up to
 * {@code snapshots-per-pass} snapshots each (one plan per pass) and their partitions replaced
 * in one commit. Rebuilding with the same as-of date rewrites the same rows; a later as-of
 * date fills in the labels whose windows it has now seen. Partitions of other snapshot dates
 * (e.g. monthly ones left by an earlier run) are kept.
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
    List<LocalDate> snapshots =
        CustomerFeatures.snapshotDates(settings.start(), asOf, settings.everyMonths());
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
    // Each pass reads and shuffles the facts once (at 10^5 customers, 22 month ends took 232 s
    // in one pass and 321 s in passes of 8); its tasks hold the aggregates of all its dates.
    // The passes are written in one commit, by one job, and each snapshot's rows are counted as
    // they are written (metrics observed by that job): nothing is computed twice or cached.
    int perPass = settings.snapshotsPerPass();
    List<Dataset<Row>> passes = new ArrayList<>();
    for (int i = 0; i < snapshots.size(); i += perPass) {
      passes.add(CustomerFeatures.snapshots(facts, c360, settings,
          snapshots.subList(i, Math.min(snapshots.size(), i + perPass)), asOf));
    }
    progress.log(String.format(Locale.ROOT,
        "building %d month ends, %s to %s, in %d pass%s, written in one commit",
        snapshots.size(), snapshots.get(0), snapshots.get(snapshots.size() - 1), passes.size(),
        passes.size() == 1 ? "" : "es"));
    List<Column> perSnapshot = new ArrayList<>();
    for (int i = 0; i < snapshots.size(); i++) {
      perSnapshot.add(count_if(col(FeatureColumns.SNAPSHOT_DATE).equalTo(lit(snapshots.get(i))))
          .as("s" + i));
    }
    ObservedCounts.Pending written = ObservedCounts.pending(spark);
    Dataset<Row> rows = written.on(passes.stream().reduce(Dataset::union).orElseThrow(),
        perSnapshot.get(0), perSnapshot.subList(1, perSnapshot.size()).toArray(Column[]::new));
    String dates = snapshots.stream().map(d -> "DATE'" + d + "'")
        .collect(Collectors.joining(", "));
    String slice = FeatureColumns.SNAPSHOT_DATE + " IN (" + dates + ")";
    writer.replace(rows, CUSTOMER_FEATURES, slice, List.of(FeatureColumns.SNAPSHOT_DATE));
    long total = 0;
    for (int i = 0; i < snapshots.size(); i++) {
      LocalDate snapshot = snapshots.get(i);
      long n = written.get("s" + i, () -> catalog.read(CUSTOMER_FEATURES)
          .where(col(FeatureColumns.SNAPSHOT_DATE).equalTo(lit(snapshot))).count());
      progress.rows(CUSTOMER_FEATURES.qualified() + " snapshot " + snapshot, n);
      total += n;
    }
    return new Result(snapshots, total);
  }
}
