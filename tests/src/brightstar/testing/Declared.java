package brightstar.testing;

import brightstar.io.TableSpec;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Fixtures of declared tables: a test that only cares about a few columns of, say,
 * silver.orders fills the others with typed nulls so the catalogue's writer accepts it.
 */
public final class Declared {
  private Declared() {}

  /** {@code rows} with every declared column it lacks added as null of the declared type. */
  public static Dataset<Row> padded(TableSpec spec, Dataset<Row> rows) {
    List<String> have = Arrays.asList(rows.columns());
    Column[] cols = spec.columns().stream()
        .map(c -> have.contains(c.name())
            ? functions.col(c.name()).cast(c.type()).as(c.name())
            : functions.lit(null).cast(c.type()).as(c.name()))
        .toArray(Column[]::new);
    return rows.select(cols);
  }
}
