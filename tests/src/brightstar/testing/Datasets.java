package brightstar.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Dataset assertions: equal as multisets of rows, checked both ways. */
public final class Datasets {
  private Datasets() {}

  public static void assertSameRows(Dataset<Row> expected, Dataset<Row> actual) {
    assertEquals(expected.count(), actual.count(), "row counts differ");
    assertEquals(0, expected.exceptAll(actual).count(), "expected rows missing from actual");
    assertEquals(0, actual.exceptAll(expected).count(), "actual has rows not expected");
  }
}
