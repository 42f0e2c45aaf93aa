package brightstar.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import brightstar.Progress;
import brightstar.config.BrightstarConfig;
import brightstar.testing.SharedSpark;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daily schedule runs one ingest per source at the same time, on day one into an empty
 * warehouse: both create the shared tables, then write their own source's partition.
 */
class IngestConcurrencyTest {
  static final LocalDate DAY = LocalDate.of(2024, 1, 5);

  @TempDir Path root;

  @Test
  void ingestsOfDifferentSourcesRunSideBySideIntoAFreshWarehouse() {
    SparkSession spark = SharedSpark.get();
    Path landing = IngestFixtures.copy("ingest/landing", root.resolve("landing"));
    BrightstarConfig config = IngestFixtures.config(root.resolve("warehouse"), landing)
        .with(IngestJob.PARALLELISM_KEY, 1);
    Progress quiet = new Progress("ingest", new PrintStream(OutputStream.nullOutputStream()));
    CompletableFuture<IngestSummary> sales = CompletableFuture.supplyAsync(
        () -> IngestJob.run(spark, config, "sales", DAY, DAY, quiet));
    CompletableFuture<IngestSummary> support = CompletableFuture.supplyAsync(
        () -> IngestJob.run(spark, config, "support", DAY, DAY, quiet));
    assertEquals(3, sales.join().rowsRead());
    assertEquals(7, support.join().rowsRead());
    assertEquals(List.of("sales accounts 3", "support surveys 4", "support tickets 3"),
        spark.sql("select concat_ws(' ', source, entity, rows_read) from bronze.ingest_log "
            + "order by source, entity").as(Encoders.STRING()).collectAsList());
    assertEquals(6L, spark.sql("select count(*) from bronze.quarantine").first().getLong(0));
  }
}
