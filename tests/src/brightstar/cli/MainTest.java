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

  @Test
  void tableShowsFractionalNumbersGroupedWhileCsvAndJsonKeepEveryDigit() {
    var df =
        SharedSpark.get()
            .sql(
                "select 12673391.0d as revenue, 0.000123456d as p, cast(1234.5 as decimal(10,2))"
                    + " as cost, 2024 as year, cast('NaN' as double) as nan");
    assertEquals(
        "revenue       | p         | cost     | year | nan\n"
            + "--------------+-----------+----------+------+----\n"
            + "12,673,391.00 | 0.0001235 | 1,234.50 | 2024 | NaN\n"
            + "(1 row)\n",
        ResultFormat.render(df, ResultFormat.table, 10));
    assertEquals(
        "revenue,p,cost,year,nan\n12673391,0.000123456,1234.50,2024,NaN\n",
        ResultFormat.render(df, ResultFormat.csv, 10));
    assertEquals(
        "{\"revenue\":1.2673391E7,\"p\":1.23456E-4,\"cost\":1234.50,\"year\":2024,"
            + "\"nan\":\"NaN\"}\n",
        ResultFormat.render(df, ResultFormat.json, 10));
  }

  @Test
  void negativeAndSmallNumbersKeepTheirSignAndSignificantDigits() {
    assertEquals("-1,500.25", ResultFormat.readable(-1500.25d));
    assertEquals("-0.5", ResultFormat.readable(-0.5d));
    assertEquals("0.00", ResultFormat.readable(0.0d));
    assertEquals("42", ResultFormat.readable(42L));
    assertEquals("0.0000001", ResultFormat.plain(1.0e-7d));
  }
}
