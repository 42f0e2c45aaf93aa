package brightstar.clv;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import brightstar.testing.SharedSpark;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ClvTablesTest {
  private final SparkSession spark = SharedSpark.get();

  @Test
  void rankNumbersRowsOneToNInOrderAcrossPartitionsWithTiesByKey() {
    // 500 customers over 7 partitions; values repeat every 37 rows, so ties are common.
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      rows.add(RowFactory.create(String.format("C-%03d", (i * 211) % 500), (double) (i % 37)));
    }
    StructType schema = new StructType()
        .add("customer_id", DataTypes.StringType, false)
        .add("clv", DataTypes.DoubleType, false);
    Dataset<Row> input = spark.createDataFrame(rows, schema).repartition(7);

    List<Row> ranked = ClvTables.withRank(input, "rank",
        col("clv").desc(), col("customer_id").asc()).collectAsList();

    List<Row> expected = new ArrayList<>(rows);
    expected.sort(Comparator.<Row>comparingDouble(r -> -r.getDouble(1))
        .thenComparing(r -> r.getString(0)));
    assertEquals(500, ranked.size());
    List<Row> byRank = new ArrayList<>(ranked);
    byRank.sort(Comparator.comparingInt(r -> r.getInt(2)));
    for (int k = 0; k < 500; k++) {
      Row r = byRank.get(k);
      assertEquals(k + 1, r.getInt(2));
      assertEquals(expected.get(k).getString(0), r.getString(0), "rank " + (k + 1));
      assertEquals(expected.get(k).getDouble(1), r.getDouble(1));
    }
    assertEquals(DataTypes.IntegerType, ClvTables.withRank(input, "rank", col("clv").desc(),
        col("customer_id").asc()).schema().apply("rank").dataType());
  }
}
