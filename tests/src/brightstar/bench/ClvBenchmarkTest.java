package brightstar.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brightstar.Progress;
import brightstar.clv.ClvJob;
import brightstar.io.TableCatalog;
import brightstar.io.Tables;
import brightstar.testing.SharedSpark;
import brightstar.unify.UnifyJob;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/brightstar bench clv} with its whole-job stage, on a small population: the log
 * becomes silver.orders of the declared schema and the clv job runs on it (the stage failed
 * with "refusing to write silver.orders" once the writer checked schemas, and no test saw it).
 */
class ClvBenchmarkTest {
  private final SparkSession spark = SharedSpark.get();

  @Test
  void theWholeJobStageWritesDeclaredOrdersAndScoresEveryCustomer(@TempDir Path dir) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Progress progress = new Progress("bench", new PrintStream(out, true, StandardCharsets.UTF_8));
    ClvBenchmark.Report report = ClvBenchmark.run(spark, 3_000, 42,
        SharedSpark.config(dir.resolve("warehouse")), progress);

    TableCatalog catalog = new TableCatalog(spark, dir.resolve("warehouse").toString());
    assertEquals(Tables.ORDERS.schema().fieldNames().length,
        catalog.read(UnifyJob.ORDERS).columns().length);
    assertEquals(report.transactions(), catalog.read(UnifyJob.ORDERS).count());
    assertEquals(3_000, catalog.read(ClvJob.CLV).count(), out.toString(StandardCharsets.UTF_8));
    assertTrue(report.job().wall() > 0, "the job stage was timed");
  }
}
