package brightstar.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brightstar.Progress;
import brightstar.config.BrightstarConfig;
import brightstar.io.TableCatalog;
import brightstar.io.TableId;
import brightstar.testing.SharedSpark;
import brightstar.testing.TempDirs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The life of the bronze tables over three runs, in order: a first load of the fixture landing
 * zone (three sources, two days, every kind of bad row, a new column) as the daily schedule
 * does it, one ingest per source at the same time into an empty warehouse; assertions on every
 * bronze table; an identical second run of all sources that must change nothing; then a
 * corrected re-delivery of one day that must replace that day's rows and touch nothing else.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IngestJobTest {
  static final LocalDate DAY = LocalDate.of(2024, 1, 5);
  static final LocalDate NEXT = LocalDate.of(2024, 1, 6);
  static final Instant T1 = Instant.parse("2024-01-07T02:00:00Z");
  static final Instant T2 = Instant.parse("2024-01-07T09:00:00Z");

  SparkSession spark;
  Path root;
  BrightstarConfig config;
  TableCatalog catalog;
  List<IngestSummary> first;
  ByteArrayOutputStream progressText = new ByteArrayOutputStream();

  @BeforeAll
  void ingestEachSourceAtTheSameTime() throws Exception {
    spark = SharedSpark.get();
    root = TempDirs.untilExit("ingest-job-test");
    Path landing = IngestFixtures.copy("ingest/landing", root.resolve("landing"));
    config = IngestFixtures.config(root.resolve("warehouse"), landing);
    catalog = new TableCatalog(spark, config.warehouse());
    List<CompletableFuture<IngestSummary>> runs = List.of("finance", "sales", "support")
        .stream().map(source -> CompletableFuture.supplyAsync(
            () -> IngestJob.run(spark, config, source, DAY, NEXT, T1, progress())))
        .toList();
    first = runs.stream().map(CompletableFuture::join).toList();
  }

  Progress progress() {
    return new Progress("ingest", new PrintStream(progressText, true, StandardCharsets.UTF_8));
  }

  @Test
  @Order(1)
  void everyBadRowIsQuarantinedWithAnActionableReason() {
    List<String> actual = spark.sql(
            "select concat_ws(' | ', entity, cast(line as string), kind, reason) "
                + "from bronze.quarantine order by source, entity, line")
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    assertEquals(List.of(
        "invoices | 3 | bad_date | issue_date: 'not-a-date' is not a date (yyyy-MM-dd)",
        "invoices | 4 | non_numeric | gross_amount: 'abc' is not a number",
        "invoices | 5 | missing_key | missing business key invoice_id",
        "invoices | 6 | truncated_line | row has 5 fields, expected 10 (truncated line?)",
        "invoices | 7 | unknown_enum | currency: 'JPY' is not one of USD, EUR, GBP",
        "invoices | 8 | out_of_range | discount_amount: -1.00 is below 0",
        "invoices | 9 | duplicate_key | duplicate business key invoice_id=INV-001 "
            + "(first at line 2)",
        "invoices | 12 | bad_value | gross_amount: '12.345' has more than 2 decimal places",
        "payments | 3 | unknown_enum | method: 'cheque' is not one of card, bank_transfer, "
            + "direct_debit",
        "accounts | 2 | non_numeric | employees: 'many' is not an integer",
        "accounts | 3 | truncated_line | line ends before the JSON object closes "
            + "(truncated line?)",
        "surveys | 3 | out_of_range | score: 14 is outside 0..10 (when survey_type = 'nps')",
        "surveys | 4 | out_of_range | score: 7 is outside 1..5 (when survey_type = 'csat')",
        "tickets | 3 | unknown_enum | priority: 'blocker' is not one of low, normal, high, urgent",
        "tickets | 4 | bad_date | opened_at: '2024-01-05 12:00' is not a timestamp "
            + "(yyyy-MM-dd'T'HH:mm:ss)"),
        actual);
    Row raw = spark.sql("select raw, file, run_date, batch_id from bronze.quarantine "
        + "where entity = 'invoices' and line = 6").first();
    assertEquals("INV-005,BA-5,Hooli,ap@hooli.example,2024-01-05", raw.getString(0));
    assertEquals("finance/invoices/2024-01-05/part-00000.csv", raw.getString(1));
    assertEquals(java.sql.Date.valueOf(DAY), raw.getDate(2));
    assertTrue(raw.getString(3).startsWith("2024-01-05-"), raw.getString(3));
  }

  @Test
  @Order(1)
  void acceptedRowsAreTypedWithLineage() {
    assertEquals(List.of("INV-001", "INV-009", "INV-010", "INV-101", "INV-102"),
        spark.sql("select invoice_id from bronze.finance_invoices order by invoice_id")
            .as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
    Row tyrell = spark.sql("select bill_to_name, bill_to_email, due_date, net_amount, "
        + "_source_file, _line, _run_date, _ingested_at from bronze.finance_invoices "
        + "where invoice_id = 'INV-010'").first();
    assertEquals("Tyrell \"Corp\"", tyrell.getString(0));
    assertNull(tyrell.get(1));
    assertNull(tyrell.get(2));
    assertEquals(new BigDecimal("75.00"), tyrell.getDecimal(3));
    assertEquals("finance/invoices/2024-01-05/part-00000.csv", tyrell.getString(4));
    assertEquals(11, tyrell.getInt(5));
    assertEquals(java.sql.Date.valueOf(DAY), tyrell.getDate(6));
    assertEquals(T1, tyrell.getTimestamp(7).toInstant());
    assertEquals("timestamp", spark.table("bronze.support_tickets").schema()
        .apply("opened_at").dataType().typeName());
    assertEquals("2024-01-05 09:00:00", spark.sql(
        "select cast(opened_at as string) from bronze.support_tickets").first().getString(0));
    assertEquals("PII", spark.table("bronze.finance_invoices").schema()
        .apply("bill_to_email").getComment().get());
  }

  @Test
  @Order(1)
  void ingestLogBalancesEveryFile() {
    List<Row> log = spark.sql("select entity, cast(run_date as string), rows_read, "
        + "rows_accepted, rows_quarantined, status from bronze.ingest_log "
        + "order by source, entity, run_date").collectAsList();
    assertEquals(List.of(
        "[invoices,2024-01-05,11,3,8,loaded_with_quarantine]",
        "[invoices,2024-01-06,2,2,0,loaded]",
        "[payments,2024-01-05,2,1,1,loaded_with_quarantine]",
        "[payments,2024-01-06,2,2,0,loaded]",
        "[accounts,2024-01-05,3,1,2,loaded_with_quarantine]",
        "[surveys,2024-01-05,4,2,2,loaded_with_quarantine]",
        "[tickets,2024-01-05,3,1,2,loaded_with_quarantine]"),
        log.stream().map(Row::toString).toList());
    assertEquals(List.of(17L, 3L, 7L), first.stream().map(IngestSummary::rowsRead).toList());
    assertEquals(12, first.stream().mapToLong(IngestSummary::rowsAccepted).sum());
    assertEquals(15, first.stream().mapToLong(IngestSummary::rowsQuarantined).sum());
  }

  @Test
  @Order(1)
  void aNewColumnInAnExtractIsKeptAsStringAndLogged() {
    assertEquals(List.of("PAY-1 null", "PAY-10 gold", "PAY-11 null"),
        spark.sql("select concat_ws(' ', payment_id, coalesce(loyalty_tier, 'null')) "
            + "from bronze.finance_payments order by payment_id")
            .as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
    assertEquals("string", spark.table("bronze.finance_payments").schema()
        .apply("loyalty_tier").dataType().typeName());
    assertTrue(progressText.toString(StandardCharsets.UTF_8).contains(
        "finance/payments/2024-01-06/part-00000.csv: extra column Loyalty Tier kept as STRING"));
    assertEquals(Arrays.asList(null, "extra column Loyalty Tier kept as STRING"),
        spark.sql("select schema_drift from bronze.ingest_log where entity = 'payments' "
            + "order by run_date").as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
  }

  @Test
  @Order(1)
  void dataQualityResultsAreRecordedPerDayAndRule() {
    Row completeness = spark.sql("select status, rows_checked, rows_failing, round(ratio, 4), "
        + "message from bronze.dq_results where entity = 'invoices' "
        + "and rule = 'completeness(bill_to_email)' and run_date = '2024-01-05'").first();
    assertEquals("warn", completeness.getString(0));
    assertEquals(3L, completeness.getLong(1));
    assertEquals(1L, completeness.getLong(2));
    assertEquals(0.6667, completeness.getDouble(3), 1e-9);
    assertEquals("1 of 3 rows lack bill_to_email: 66.67% ok, the rule needs 90.00%",
        completeness.getString(4));
    assertEquals(0L, spark.sql("select * from bronze.dq_results where status = 'fail'").count());
    assertEquals(2L, spark.sql("select * from bronze.dq_results "
        + "where entity = 'invoices' and rule = 'uniqueness(invoice_id)' and status = 'pass'")
        .count());
  }

  @Test
  @Order(2)
  void rerunningTheSamePeriodChangesNoTable() throws IOException {
    Map<String, Long> versionsBefore = versions();
    Map<String, List<String>> contentsBefore = contents();
    IngestSummary again = IngestJob.run(spark, config, "all", DAY, NEXT,
        T1.plusSeconds(3600), progress());
    assertEquals(versionsBefore, versions());
    assertEquals(contentsBefore, contents());
    assertEquals(0, again.tables().stream().mapToInt(IngestSummary.TableLoad::daysLoaded).sum());
    assertTrue(progressText.toString(StandardCharsets.UTF_8)
        .contains("nothing changed: every table is left as it was"));
    assertEquals(7, again.tables().stream().mapToInt(IngestSummary.TableLoad::days).sum());
  }

  @Test
  @Order(3)
  void aCorrectedRedeliveryReplacesThatDaysRowsAndNothingElse() throws IOException {
    Map<String, Long> versionsBefore = versions();
    String firstBatch = spark.sql("select batch_id from bronze.ingest_log where entity = "
        + "'invoices' and run_date = '2024-01-05'").first().getString(0);
    IngestFixtures.copy("ingest/redelivery", Path.of(config.landing()));
    IngestSummary s = IngestJob.run(spark, config, "finance", DAY, DAY, T2, progress());

    assertEquals(List.of("finance_invoices: 1 of 1 days", "finance_payments: 0 of 1 days"),
        s.tables().stream().map(t -> t.table().name() + ": " + t.daysLoaded() + " of "
            + t.days() + " days").toList());
    assertEquals(List.of("INV-001 2024-01-07 09:00:00", "INV-002 2024-01-07 09:00:00",
        "INV-003 2024-01-07 09:00:00", "INV-004 2024-01-07 09:00:00",
        "INV-005 2024-01-07 09:00:00", "INV-007 2024-01-07 09:00:00",
        "INV-009 2024-01-07 09:00:00", "INV-010 2024-01-07 09:00:00",
        "INV-011 2024-01-07 09:00:00", "INV-101 2024-01-07 02:00:00",
        "INV-102 2024-01-07 02:00:00"),
        strings("select concat_ws(' ', invoice_id, cast(_ingested_at as string)) "
            + "from bronze.finance_invoices order by invoice_id"));
    assertEquals(List.of("invoices 7 currency: 'JPY' is not one of USD, EUR, GBP",
        "payments 3 method: 'cheque' is not one of card, bank_transfer, direct_debit"),
        strings("select concat_ws(' ', entity, line, reason) from bronze.quarantine "
            + "where source = 'finance' order by entity, line"));
    assertEquals(6L, spark.sql("select count(*) from bronze.quarantine "
        + "where source <> 'finance'").first().getLong(0));
    List<Row> log = spark.sql("select rows_read, rows_accepted, rows_quarantined, batch_id "
        + "from bronze.ingest_log where entity = 'invoices' and run_date = '2024-01-05'")
        .collectAsList();
    assertEquals(1, log.size());
    assertEquals("10,9,1", log.get(0).getLong(0) + "," + log.get(0).getLong(1) + ","
        + log.get(0).getLong(2));
    assertNotEquals(firstBatch, log.get(0).getString(3));
    assertEquals("pass", spark.sql("select status from bronze.dq_results where entity = "
        + "'invoices' and rule = 'completeness(bill_to_email)' and run_date = '2024-01-05'")
        .first().getString(0));

    Map<String, Long> versionsAfter = versions();
    for (String table : List.of("bronze.finance_invoices", "bronze.quarantine",
        "bronze.dq_results", "bronze.ingest_log")) {
      assertEquals(versionsBefore.get(table) + 1, versionsAfter.remove(table), table);
      versionsBefore.remove(table);
    }
    assertEquals(versionsBefore, versionsAfter, "no other table was written");
  }

  private List<String> strings(String sql) {
    return spark.sql(sql).as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
  }

  private List<TableId> bronzeTables() throws IOException {
    try (Stream<Path> dirs = Files.list(Path.of(config.warehouse(), "bronze"))) {
      return dirs.map(d -> TableId.bronze(d.getFileName().toString())).sorted(
          java.util.Comparator.comparing(TableId::name)).toList();
    }
  }

  /** Each table's commit files: a write, even of identical rows, would add one. */
  private Map<String, Long> versions() throws IOException {
    Map<String, Long> v = new TreeMap<>();
    for (TableId t : bronzeTables()) {
      try (Stream<Path> log = Files.list(Path.of(catalog.path(t), "_delta_log"))) {
        v.put(t.qualified(), log.filter(p -> p.toString().endsWith(".json")).count());
      }
    }
    return v;
  }

  private Map<String, List<String>> contents() throws IOException {
    Map<String, List<String>> c = new TreeMap<>();
    for (TableId t : bronzeTables()) {
      c.put(t.qualified(), catalog.read(t).toJSON().collectAsList().stream().sorted().toList());
    }
    return c;
  }
}
