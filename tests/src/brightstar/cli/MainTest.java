package brightstar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brightstar.BrightstarException;
import brightstar.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {
  private static String capturingErr(Runnable r) {
    PrintStream old = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setErr(old);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }

  @Test
  void unknownCommandIsOneLineAndExitCodeTwo() {
    int[] code = new int[1];
    String err = capturingErr(() -> code[0] = Main.execute("nosuchcommand"));
    assertEquals(2, code[0]);
    assertEquals(1, err.strip().lines().count(), err);
    assertTrue(err.startsWith("brightstar: unknown command 'nosuchcommand'"), err);
  }

  @Test
  void unknownFlagIsOneLineAndExitCodeTwo() {
    int[] code = new int[1];
    String err = capturingErr(() -> code[0] = Main.execute("sql", "--nosuchflag", "select 1"));
    assertEquals(2, code[0]);
    assertEquals(1, err.strip().lines().count(), err);
    assertTrue(err.contains("--nosuchflag"), err);
  }

  @Test
  void failureReasonIsOneLineWithTheRootCause() {
    String line =
        Main.oneLine(new RuntimeException("wrapper", new IllegalStateException("disk\nfull")));
    assertEquals(
        "IllegalStateException: disk (set BRIGHTSTAR_DEBUG=1 for the stack trace)", line);
    assertEquals(
        "p: c. Fix: f", Main.oneLine(new BrightstarException("p", "c", "f")));
  }

  @Test
  void resultsRenderAsAlignedTableCsvAndJson() {
    var df = SharedSpark.get().sql("select 1 as id, 'a,b' as name union all select 22, null");
    assertEquals(
        "id | name\n---+-----\n1  | a,b\n22 | NULL\n(2 rows)\n",
        ResultFormat.render(df.orderBy("id"), ResultFormat.table, 10));
    assertEquals(
        "id,name\n1,\"a,b\"\n22,\n", ResultFormat.render(df.orderBy("id"), ResultFormat.csv, 10));
    assertEquals(
        "{\"id\":1,\"name\":\"a,b\"}\n", ResultFormat.render(df.orderBy("id"), ResultFormat.json, 1));
  }
}
