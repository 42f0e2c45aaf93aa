package brightstar.customer360;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import brightstar.Progress;
import brightstar.config.BrightstarConfig;
import brightstar.io.TableCatalog;
import brightstar.io.TableId;
import brightstar.io.TableWriter;
import brightstar.spark.ObservedCounts;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * silver -> gold.customer_360_history (the as-of date's partition), gold.customer_360 (the
 * latest as-of date built) and gold.value_concentration (the as-of date's rows).
 *
 * <p>Rebuilding a date replaces exactly that date's history partition and concentration rows.
 * gold.customer_360 always holds the latest as-of date in the history: rebuilding an older
 * date leaves it alone, so BI never sees the current view jump back in time.
 */
public final class Customer360Job {
  public static final TableId CUSTOMER_360 = TableId.gold("customer_360");
  public static final TableId HISTORY = TableId.gold("customer_360_history");
  public static final TableId VALUE_CONCENTRATION = TableId.gold("value_concentration");
  public static final String AS_OF_DATE = "as_of_date";

  private Customer360Job() {}

  /** What a run wrote. */
  public record Result(long customers, boolean latestUpdated, LocalDate latest) {}

  public static Result run(
      SparkSession spark, BrightstarConfig config, LocalDate asOf, Progress progress) {
    TableCatalog catalog = new TableCatalog(spark, config.warehouse());
    TableWriter writer = new TableWriter(catalog);
    Customer360Settings settings = Customer360Settings.from(config);
    SilverFacts facts = SilverFacts.read(catalog, asOf);
    String slice = AS_OF_DATE + " = DATE'" + asOf + "'";

    // Counted as they are written (an observed metric of the write's job): the rows are
    // computed once, by the write, and never cached.
    ObservedCounts.Pending built = ObservedCounts.pending(spark);
    writer.replace(built.on(Customer360.build(facts, settings, asOf), count(lit(1)).as("rows")),
        HISTORY, slice, List.of(AS_OF_DATE));
    long customers = built.get("rows", () -> catalog.read(HISTORY).where(slice).count());
    progress.rows(HISTORY.qualified() + " as of " + asOf, customers);

    Dataset<Row> stored = catalog.read(HISTORY).where(slice);
    Dataset<Row> concentration = ValueConcentration.build(stored, settings, asOf);
    writer.replace(concentration, VALUE_CONCENTRATION, slice, List.of(AS_OF_DATE));
    progress.rows(VALUE_CONCENTRATION.qualified() + " as of " + asOf,
        settings.tiers().size() + 1L);

    LocalDate latest = catalog.read(HISTORY).agg(max(col(AS_OF_DATE))).first()
        .<Date>getAs(0).toLocalDate();
    boolean update = !asOf.isBefore(latest);
    if (update) {
      writer.overwrite(stored, CUSTOMER_360);
      progress.rows(CUSTOMER_360.qualified() + " as of " + asOf, customers);
    } else if (!catalog.exists(CUSTOMER_360)) {
      // The current view was dropped: it is the latest date of the history, not this one.
      writer.overwrite(asOf(catalog, latest), CUSTOMER_360);
      progress.log(CUSTOMER_360.qualified() + " restored from the latest as-of date " + latest);
    } else {
      progress.log(CUSTOMER_360.qualified() + " kept at the latest as-of date " + latest
          + "; " + asOf + " is in " + HISTORY.qualified());
    }
    return new Result(customers, update, update ? asOf : latest);
  }

  /** The history's slice of one date (for readers that want a past as-of date). */
  public static Dataset<Row> asOf(TableCatalog catalog, LocalDate date) {
    return catalog.read(HISTORY).where(col(AS_OF_DATE).equalTo(lit(date)));
  }
}
