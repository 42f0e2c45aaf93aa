package brightstar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brightstar.BrightstarException;
import brightstar.ingest.IngestSummary;
import brightstar.io.TableId;
import brightstar.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class IngestCommandTest {
  @TempDir Path root;

  private static String[] runAndCaptureErr(String... args) {
    PrintStream old = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Main.execute(args);
    } finally {
      System.setErr(old);
    }
    return new String[] {String.valueOf(code), buf.toString(StandardCharsets.UTF_8).strip()};
  }

  @Test
  void aDayOrARangeIsRequiredButNotBoth() {
    String[] none = runAndCaptureErr("ingest", "--source", "finance");
    assertEquals("2", none[0]);
    assertTrue(none[1].startsWith("brightstar: Error: Missing required argument"), none[1]);
    String[] both = runAndCaptureErr("ingest", "--source", "finance", "--date", "2024-01-05",
        "--from", "2024-01-01", "--to", "2024-01-02");
    assertEquals("2", both[0]);
    assertTrue(both[1].contains("mutually exclusive"), both[1]);
    String[] badDate = runAndCaptureErr("ingest", "--source", "finance", "--date", "5/1/2024");
    assertEquals("2", badDate[0]);
    assertTrue(badDate[1].contains("'5/1/2024'"), badDate[1]);
    String[] backwards = runAndCaptureErr("ingest", "--source", "finance",
        "--from", "2024-01-02", "--to", "2024-01-01");
    assertEquals(List.of("2", "brightstar: --from 2024-01-02 is after --to 2024-01-01 (run "
        + "'bin/brightstar ingest --help' for usage)"), List.of(backwards));
  }

  @Test
  void aFileThatCannotBeLoadedExitsWithOneLineNamingIt() throws Exception {
    Path landing = root.resolve("landing/finance/payments/2024-01-07");
    java.nio.file.Files.createDirectories(landing);
    java.nio.file.Files.createFile(landing.resolve("part-00000.csv"));
    SharedSpark.get();
    String[] result = runAndCaptureErr("ingest", "--source", "finance", "--date", "2024-01-07",
        "--landing", root.resolve("landing").toString(),
        "--warehouse", root.resolve("warehouse").toString());
    assertEquals("1", result[0]);
    // Progress lines precede it on stderr; the reason is the one line the CLI itself prints.
    List<String> reasons = result[1].lines().filter(l -> l.startsWith("brightstar: ")).toList();
    assertEquals(1, reasons.size(), result[1]);
    assertTrue(reasons.get(0).startsWith("brightstar: cannot load 1 extract file: "
        + "finance/payments/2024-01-07/part-00000.csv is empty (0 bytes)"), result[1]);
  }

  @Test
  void theDateFormsSetThePeriodAndLandingComesFromTheCommonFlag() {
    IngestCommand day = new IngestCommand();
    new CommandLine(day).parseArgs("--source", "all", "--date", "2024-01-05", "--landing", "/l");
    assertEquals(LocalDate.of(2024, 1, 5), day.period.date);
    assertEquals("/l", day.common.resolve().landing());
    IngestCommand range = new IngestCommand();
    new CommandLine(range).parseArgs("--source", "sales", "--from", "2023-01-01",
        "--to", "2024-12-31");
    assertEquals(LocalDate.of(2024, 12, 31), range.period.range.to);
  }

  @Test
  void aMissingLandingZoneIsAOneLineReason() {
    IngestCommand cmd = new IngestCommand();
    new CommandLine(cmd).parseArgs("--source", "finance", "--date", "2024-01-05");
    BrightstarException e = assertThrows(BrightstarException.class, () -> cmd.run(
        SharedSpark.get(), SharedSpark.config(root).with("brightstar.landing",
            root.resolve("nowhere").toString())));
    assertEquals("landing zone " + root.resolve("nowhere") + " does not exist: the folder is "
        + "missing. Fix: pass --landing DIR or set brightstar.landing to the folder the extracts "
        + "land in", e.getMessage());
  }

  @Test
  void theSummaryIsAnAlignedTableWithATotal() {
    IngestSummary s = new IngestSummary(List.of(
        new IngestSummary.TableLoad(TableId.bronze("finance_invoices"), 731, 731, 1, 12, 10, 2),
        new IngestSummary.TableLoad(TableId.bronze("sales_seat_usage"), 105, 105, 0, 0, 0, 0)));
    assertEquals(String.join("\n",
        "table                    files  days  loaded  unchanged  read  accepted  quarantined",
        "bronze.finance_invoices    731   731       1        730    12        10            2",
        "bronze.sales_seat_usage    105   105       0        105     0         0            0",
        "total                      836   836       1        835    12        10            2",
        ""), s.render());
  }
}
