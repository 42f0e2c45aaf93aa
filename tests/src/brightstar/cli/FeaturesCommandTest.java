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

/** bin/brightstar features: flags and the one-line reasons (the job itself: FeaturesJobTest). */
class FeaturesCommandTest {
  private static String[] run(int[] code, String... args) {
    SharedSpark.get();
    PrintStream old = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      code[0] = Main.execute(args);
    } finally {
      System.setErr(old);
    }
    return buf.toString(StandardCharsets.UTF_8).strip().lines().toArray(String[]::new);
  }

  @Test
  void anAsOfDateBeforeTheFirstSnapshotIsOneLineAndExitCodeOne(@TempDir Path dir) {
    int[] code = new int[1];
    String[] err = run(code, "features", "--as-of", "2025-03-20", "--warehouse", dir.toString(),
        "--master", "local[2]", "--conf", "brightstar.features.start=2025-03-15");
    assertEquals(1, code[0], String.join("\n", err));
    assertTrue(err[err.length - 1].contains("no snapshot to build for gold.customer_features"),
        String.join("\n", err));
  }

  @Test
  void aWarehouseWithoutSilverSaysToRunUnify(@TempDir Path dir) {
    int[] code = new int[1];
    String[] err = run(code, "features", "--as-of", "2025-04-30", "--warehouse", dir.toString(),
        "--master", "local[2]");
    assertEquals(1, code[0], String.join("\n", err));
    assertTrue(err[err.length - 1].contains("silver.customers does not exist"),
        String.join("\n", err));
    assertTrue(err[err.length - 1].contains("bin/brightstar unify"), String.join("\n", err));
  }

  @Test
  void theAsOfDateIsRequired() {
    assertEquals(2, Main.execute("features"));
    assertEquals(2, Main.execute("features", "--as-of", "30/04/2025"));
  }
}
