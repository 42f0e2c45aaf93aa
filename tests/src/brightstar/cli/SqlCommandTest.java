package brightstar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import brightstar.io.TableId;
import brightstar.testing.DemoWarehouse;
import brightstar.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** bin/brightstar sql: the warehouse's tables answer by name (jobs skip registering them). */
class SqlCommandTest {
  private final SparkSession spark = SharedSpark.get();

  @Test
  void tablesAreQueriedByNameWithoutBeingRegisteredFirst() {
    DemoWarehouse.Built w = DemoWarehouse.get();
    // Whatever earlier tests registered in this shared session is forgotten: the command
    // must find the table in the warehouse itself, as a fresh launch does.
    spark.sql("DROP TABLE IF EXISTS gold.customer_360");
    long expected = w.catalog(spark).read(TableId.gold("customer_360")).count();

    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Main.execute("sql", "--warehouse", w.warehouse().toString(), "--format", "csv",
          "select count(*) as n from gold.customer_360");
    } finally {
      System.setOut(old);
    }
    assertEquals(0, code);
    assertEquals("n\n" + expected, buf.toString(StandardCharsets.UTF_8).strip());
  }
}
