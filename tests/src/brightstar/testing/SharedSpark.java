package brightstar.testing;

import brightstar.config.BrightstarConfig;
import brightstar.spark.Sessions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of a test JVM (local[2], two shuffle partitions), built through the
 * production {@link Sessions} builder so tests run with the same Delta and catalog settings.
 * Tests that write tables give their own {@code @TempDir} warehouse to a {@code TableCatalog}.
 */
public final class SharedSpark {
  private static SparkSession session;

  private SharedSpark() {}

  public static synchronized SparkSession get() {
    if (session == null) {
      session = Sessions.builder(config(scratch())).getOrCreate();
      session.sparkContext().setLogLevel("WARN");
      Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
    }
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
    try {
      Path dir = Files.createTempDirectory("brightstar-test-session");
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a temp folder for the test session", e);
    }
  }
}
