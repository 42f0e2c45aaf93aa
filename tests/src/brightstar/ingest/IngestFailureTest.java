package brightstar.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brightstar.BrightstarException;
import brightstar.Progress;
import brightstar.config.BrightstarConfig;
import brightstar.io.TableCatalog;
import brightstar.io.TableId;
import brightstar.testing.SharedSpark;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole-file failures and fail-level data quality: a clear error and nothing half-written. */
class IngestFailureTest {
  static final LocalDate DAY = LocalDate.of(2024, 1, 7);

  @TempDir Path root;

  private String failingRun(String fixtureCase, String source, LocalDate from, LocalDate to) {
    Path landing = IngestFixtures.copy("ingest/cases/" + fixtureCase, root.resolve("landing"));
    BrightstarConfig config = IngestFixtures.config(root.resolve("warehouse"), landing);
    BrightstarException e = assertThrows(BrightstarException.class,
        () -> IngestJob.run(SharedSpark.get(), config, source, from, to, quiet()));
    return e.getMessage();
  }

  private static Progress quiet() {
    return new Progress("ingest", new PrintStream(OutputStream.nullOutputStream()));
  }

  private void assertNothingWritten() {
    assertFalse(Files.exists(root.resolve("warehouse/bronze")), "no bronze table was written");
  }

  @Test
  void emptyFileFailsNamingTheFile() {
    assertEquals("cannot load 1 extract file: finance/payments/2024-01-07/part-00000.csv is "
        + "empty (0 bytes): a day with no records has no folder. Fix: correct or re-deliver the "
        + "file, or update " + Path.of("conf/sources/finance.conf").toAbsolutePath()
        + " if the change is intended; nothing was written",
        failingRun("empty_file", "finance", DAY, DAY));
    assertNothingWritten();
  }

  @Test
  void fileInAnotherFormatFailsNamingTheFile() {
    String message = failingRun("wrong_format", "finance", DAY, DAY);
    assertTrue(message.startsWith("cannot load 1 extract file: finance/payments/2024-01-07/"
        + "part-00000.csv has the wrong format: its first line is not a CSV header (field 2 has "
        + "text after its closing quote; first line: '{\"payment_id\":\"PAY-10\""), message);
    assertNothingWritten();
  }

  @Test
  void missingRequiredColumnFailsNamingColumnAndFile() {
    String message = failingRun("missing_column", "finance", DAY, DAY);
    assertTrue(message.startsWith("cannot load 1 extract file: finance/payments/2024-01-07/"
        + "part-00000.csv lacks required column amount (it has: payment_id, invoice_id, "
        + "billing_account, paid_date, currency, method)"), message);
    assertNothingWritten();
  }

  @Test
  void changedColumnTypeFailsNamingColumnAndFile() {
    String message = failingRun("changed_type", "finance", DAY, DAY);
    assertTrue(message.startsWith("cannot load 1 extract file: finance/payments/2024-01-07/"
        + "part-00000.csv changed the type of column amount (none of its 5 values is a "
        + "DECIMAL(18,2), e.g. '10,00 EUR')"), message);
    assertNothingWritten();
  }

  @Test
  void aDayWithNoExtractForTheSourceIsAnError() {
    String message = failingRun("empty_file", "support", DAY, DAY);
    assertTrue(message.startsWith("no extracts for source support on 2024-01-07: no folder "),
        message);
    assertNothingWritten();
  }

  @Test
  void failLevelDataQualityStopsTheLoadButRecordsTheResults() {
    String message = failingRun("duplicate_across_days", "finance", DAY, DAY.plusDays(1));
    assertTrue(message.startsWith("data-quality rule uniqueness(invoice_id) failed for "
        + "finance.invoices on 2024-01-07: 1 of 2 rows share their invoice_id with another row "
        + "of the table: 50.00% ok, the rule needs 100.00%. Fix: nothing but bronze.dq_results "
        + "was written"), message);
    SparkSession spark = SharedSpark.get();
    TableCatalog catalog = new TableCatalog(spark, root.resolve("warehouse").toString());
    List<Row> fails = catalog.read(BronzeTables.DQ_RESULTS)
        .filter("status = 'fail'").select("run_date", "rule", "rows_failing")
        .orderBy("run_date").collectAsList();
    assertEquals("[[2024-01-07,uniqueness(invoice_id),1], [2024-01-08,uniqueness(invoice_id),1]]",
        fails.toString());
    assertFalse(catalog.exists(BronzeTables.INGEST_LOG));
    assertFalse(catalog.exists(BronzeTables.QUARANTINE));
    assertFalse(catalog.exists(TableId.bronze("finance_invoices")));
  }
}
