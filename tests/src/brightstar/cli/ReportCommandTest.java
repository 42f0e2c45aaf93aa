package brightstar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brightstar.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {
  @Test
  void reportOnAWarehouseWithoutCustomer360SaysWhatToRun(@TempDir Path dir) {
    SharedSpark.get();
    PrintStream old = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Main.execute("report", "--warehouse", dir.toString(), "--master", "local[2]");
    } finally {
      System.setErr(old);
    }
    String err = buf.toString(StandardCharsets.UTF_8);
    assertEquals(1, code, err);
    assertTrue(err.contains("no value concentration to report"), err);
    assertTrue(err.contains("bin/brightstar customer360 --as-of D"), err);
  }

  @Test
  void reportRejectsAMalformedDate() {
    assertEquals(2, Main.execute("report", "--as-of", "31/12/2024"));
  }
}
