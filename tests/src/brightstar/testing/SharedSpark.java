package brightstar.testing;

import brightstar.config.BrightstarConfig;
import brightstar.spark.Sessions;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of a test JVM (local[2], two shuffle partitions), built through the
 * production {@link Sessions} builder so tests run with the same Delta and catalog settings.
 * Tests that write tables give their own {@code @TempDir} warehouse to a {@code TableCatalog}.
 *
 * <p>Unlike production, the session runs without code generation and without adaptive query
 * execution ({@link #TEST_SQL}): on the tests' data (a dozen named rows up to the shared
 * 1,000-customer warehouse) a query's time is compiling its generated classes and re-planning
 * its stages, not processing rows. The results are the same; production's settings are run
 * end to end by the Python checks, which drive the real jar.
 */
public final class SharedSpark {
  /**
   * Runtime SQL settings of the test session. Measured on this project's fixtures (2 cores):
   * customer_360 of the named customers for five dates about 3x faster, the shared demo
   * warehouse's ingest-to-features build about a third faster.
   */
  private static final Map<String, String> TEST_SQL = Map.of(
      "spark.sql.shuffle.partitions", "2",
      "spark.sql.adaptive.enabled", "false",
      "spark.sql.codegen.wholeStage", "false",
      "spark.sql.codegen.factoryMode", "NO_CODEGEN");

  private static SparkSession session;

  private SharedSpark() {}

  public static synchronized SparkSession get() {
    if (session == null) {
      session = Sessions.builder(config(scratch())).getOrCreate();
      session.sparkContext().setLogLevel("WARN");
      Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
    }
    // A CLI command a test runs in-process joins this session and applies the production
    // builder's settings to it (adaptive execution, the default shuffle partitions): every
    // test class that asks for the session gets the test settings back.
    TEST_SQL.forEach(session.conf()::set);
    return session;
  }

  /** The test configuration: embedded defaults, local[2], the given warehouse. */
  public static BrightstarConfig config(Path warehouse) {
    return BrightstarConfig.defaults()
        .with("brightstar.spark.master", "local[2]")
        .with("brightstar.spark.shuffle-partitions", 2)
        .with("brightstar.warehouse", warehouse.toString())
        .with("brightstar.landing", warehouse.resolve("landing").toString())
        .with("brightstar.models", warehouse.resolve("models").toString());
  }

  private static Path scratch() {
    return TempDirs.untilExit("brightstar-test-session");
  }
}
