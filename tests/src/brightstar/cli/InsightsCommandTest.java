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

/** bin/brightstar insights: flags and the one-line reasons (the job: InsightsJobTest). */
class InsightsCommandTest {
  private static String run(int[] code, String... args) {
    SharedSpark.get();
    PrintStream old = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      code[0] = Main.execute(args);
    } finally {
      System.setErr(old);
    }
    return buf.toString(StandardCharsets.UTF_8).strip();
  }

  @Test
  void anUnknownOutcomeIsABadFlag() {
    int[] code = new int[1];
    String err = run(code, "insights", "--outcome", "churn");
    assertEquals(2, code[0], err);
    assertTrue(err.contains("--outcome"), err);
  }

  @Test
  void aWarehouseWithoutFeaturesSaysWhichJobToRun(@TempDir Path dir) {
    int[] code = new int[1];
    String err = run(code, "insights", "--outcome", "dissatisfaction", "--warehouse",
        dir.toString(), "--master", "local[2]");
    assertEquals(1, code[0], err);
    String last = err.lines().reduce((a, b) -> b).orElse("");
    assertTrue(last.startsWith("brightstar: table gold.customer_features does not exist"), last);
  }
}
