package brightstar.testing;

import brightstar.Progress;
import brightstar.config.BrightstarConfig;
import brightstar.customer360.Customer360Job;
import brightstar.features.FeaturesJob;
import brightstar.generate.Generator;
import brightstar.generate.GeneratorSpec;
import brightstar.ingest.IngestJob;
import brightstar.io.TableCatalog;
import brightstar.unify.UnifyJob;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * One generated warehouse per test JVM, shared by the tests that check models, insights,
 * interventions and look-alikes against the generator's truth: {@value #CUSTOMERS} customers
 * over two years (seed {@value #SEED}), ingested, unified, gold.customer_360 as of the end and
 * gold.customer_features at quarter ends. Built on first use (a few minutes on 2 cores), then
 * reused; tests must only read it (copy a table into their own {@code @TempDir} to write).
 *
 * <p>For development only: {@code -Dbrightstar.test.demo-warehouse=DIR} keeps the warehouse
 * in DIR across test runs (built there once, reused while {@code DIR/.complete} exists).
 * CI never sets it, so every CI run builds it afresh.
 */
public final class DemoWarehouse {
  public static final int CUSTOMERS = 1000;
  public static final long SEED = 11;
  public static final LocalDate START = LocalDate.parse("2023-01-01");
  public static final LocalDate END = LocalDate.parse("2024-12-31");
  /** The quarter ends the features are built at. */
  public static final List<LocalDate> SNAPSHOTS =
      List.of("2023-03-31", "2023-06-30", "2023-09-30", "2023-12-31", "2024-03-31",
              "2024-06-30", "2024-09-30", "2024-12-31").stream().map(LocalDate::parse).toList();

  /** Where the warehouse is and how to configure a job against it. */
  public record Built(Path landing, Path warehouse, BrightstarConfig config) {
    /** The generator's truth folder ({@code _truth/customers.csv}, {@code prospects.csv}). */
    public Path truth() {
      return landing.resolve("_truth");
    }

    public TableCatalog catalog(SparkSession spark) {
      return new TableCatalog(spark, config.warehouse());
    }
  }

  private static Built built;

  private DemoWarehouse() {}

  public static synchronized Built get() {
    if (built == null) {
      built = build();
    }
    return built;
  }

  private static Built build() {
    SparkSession spark = SharedSpark.get();
    try {
      String kept = System.getProperty("brightstar.test.demo-warehouse");
      Path dir = kept == null ? TempDirs.untilExit("brightstar-demo-warehouse")
          : Path.of(kept).toAbsolutePath();
      Path landing = dir.resolve("landing");
      // Quarter ends, not the default month ends: a third of the build time, and the tests
      // check the models' behaviour, not the demo's figures.
      BrightstarConfig config = SharedSpark.config(dir.resolve("warehouse"))
          .with("brightstar.landing", landing.toString())
          .with("brightstar.features.every-months", 3);
      Path complete = dir.resolve(".complete");
      if (kept != null && Files.exists(complete)) {
        new TableCatalog(spark, config.warehouse()).registerExisting();
        return new Built(landing, dir.resolve("warehouse"), config);
      }
      Progress quiet = new Progress("fixture", new PrintStream(new ByteArrayOutputStream()));
      Generator.run(new GeneratorSpec(CUSTOMERS, SEED, START, END, landing), m -> { });
      IngestJob.run(spark, config, "all", START, END, quiet);
      UnifyJob.run(spark, config, END, quiet);
      Customer360Job.run(spark, config, END, quiet);
      writeFeatures(spark, config);
      if (kept != null) {
        Files.writeString(complete, "built " + CUSTOMERS + " customers, seed " + SEED + "\n");
      }
      return new Built(landing, dir.resolve("warehouse"), config);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot build the shared demo warehouse", e);
    }
  }

  private static void writeFeatures(SparkSession spark, BrightstarConfig config) {
    // Quarter ends from 2023-03-31 (every-months = 3 above), one pass.
    List<LocalDate> built = FeaturesJob.run(spark, config, END,
        new Progress("fixture", new PrintStream(new ByteArrayOutputStream()))).snapshots();
    if (!built.equals(SNAPSHOTS)) {
      throw new IllegalStateException("features built at " + built + ", expected " + SNAPSHOTS);
    }
  }
}
