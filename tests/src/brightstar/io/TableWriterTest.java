package brightstar.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brightstar.spark.ObservedCounts;
import brightstar.testing.SharedSpark;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The row counts the writer returns are those of the rows it wrote, counted as it wrote them. */
class TableWriterTest {
  @TempDir Path warehouse;

  @Test
  void overwriteAndReplaceWhereReturnTheRowsTheyWrote() {
    SparkSession spark = SharedSpark.get();
    TableCatalog catalog = new TableCatalog(spark, warehouse.toString());
    TableWriter writer = new TableWriter(catalog);
    TableId t = TableId.gold("writer_probe");
    Dataset<Row> rows = spark.range(0, 1000).withColumn("day", col("id").mod(10));

    assertEquals(1000L, writer.overwrite(rows, t));
    assertEquals(1000L, catalog.read(t).count());
    // A slice: only its rows are written and counted, the other days stay.
    assertEquals(37L, writer.replaceWhere(rows.where(col("day").equalTo(3)).limit(37), t,
        "day = 3"));
    assertEquals(937L, catalog.read(t).count());
    assertEquals(37L, catalog.read(t).where("day = 3").count());
    // Nothing to write is 0 rows, not a wait for metrics that never come.
    assertEquals(0L, writer.overwrite(rows.where(lit(false)), t));
    assertEquals(0L, catalog.read(t).count());
  }

  @Test
  void anEmptyDeclaredTableIsWrittenWithItsSchemaAndCountsZero() {
    SparkSession spark = SharedSpark.get();
    TableCatalog catalog = new TableCatalog(spark, warehouse.toString());
    StructType schema = new StructType().add("x", DataTypes.LongType);
    TableId t = TableId.silver("writer_empty_probe");
    assertEquals(0L, new TableWriter(catalog).overwrite(spark.createDataFrame(List.of(), schema),
        t));
    assertEquals(List.of("x"), List.of(catalog.read(t).columns()));
  }

  @Test
  void countsArriveWithTheWriteItselfAndAFallbackCountsWhenNoneCame() {
    SparkSession spark = SharedSpark.get();
    TableCatalog catalog = new TableCatalog(spark, warehouse.toString());
    int heldBefore = settledHeld();
    // The metrics of a Delta write reach the listener: no fallback count is needed.
    ObservedCounts.Pending written = ObservedCounts.pending(spark);
    Dataset<Row> observed = written.on(
        spark.range(0, 250).withColumn("odd", col("id").mod(2).equalTo(1)),
        count(lit(1)).as("rows"), count_if(col("odd")).as("odd"));
    observed.write().format("delta").mode("overwrite").save(catalog.path(TableId.gold("counted")));
    assertEquals(Optional.of(Map.of("rows", 250L, "odd", 125L)), written.get(10));
    assertEquals(250L, written.get("rows", () -> -1L));
    // The same plan run again after the read: its counts have no reader and are not kept.
    observed.write().format("delta").mode("overwrite").save(catalog.path(TableId.gold("counted")));
    awaitHeld(heldBefore);

    // Rows observed by a plan that never runs: no counts come, so the caller's fallback counts.
    ObservedCounts.Pending never = ObservedCounts.pending(spark);
    never.on(spark.range(3).toDF(), count(lit(1)).as("rows"));
    assertEquals(Optional.empty(), never.get(1));
    // Asked again, it gives what the first read found: the caller's fallback count.
    assertEquals(3L, never.get("rows", () -> 3L));
    // Read or never run, nothing is left behind.
    assertEquals(heldBefore, ObservedCounts.held());

    // A reader that is gone before it reads (its job failed between the write and the read):
    // its entry goes with it, and the counts that arrive afterwards are not kept either.
    Dataset<Row> orphan = ObservedCounts.pending(spark)
        .on(spark.range(7).toDF(), count(lit(1)).as("rows"));
    assertEquals(heldBefore + 1, ObservedCounts.held());
    awaitHeld(heldBefore);
    assertEquals(7L, orphan.count());
    awaitHeld(heldBefore);
  }

  /**
   * The sets of counts held once the entries of readers other tests dropped unread (a write
   * that failed) are gone: they go when their reader is collected, so a collection later in
   * this test would otherwise take them off its baseline. Bounded like {@link #awaitHeld}, so a
   * count that never settles fails the test's assertions instead of hanging the suite.
   */
  private static int settledHeld() {
    long until = System.nanoTime() + 20_000_000_000L;
    int before;
    do {
      before = ObservedCounts.held();
      System.gc();
      pause(200);
    } while (ObservedCounts.held() != before && System.nanoTime() < until);
    return before;
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits (collecting garbage, up to 20 s) until {@code expected} sets of counts are held. */
  private static void awaitHeld(int expected) {
    long until = System.nanoTime() + 20_000_000_000L;
    while (ObservedCounts.held() != expected && System.nanoTime() < until) {
      System.gc();
      pause(50);
    }
    // The listener runs after the action returns: give it time to (wrongly) add an entry.
    pause(300);
    assertEquals(expected, ObservedCounts.held());
  }

  @Test
  void aSessionThatCountedWritesStillShipsTasksThatHoldIt() {
    SparkSession spark = SharedSpark.get();
    TableCatalog catalog = new TableCatalog(spark, warehouse.toString());
    new TableWriter(catalog).overwrite(spark.range(5).toDF(), TableId.gold("before_fit"));
    // Spark's own Observation made the session unserialisable, and a logistic regression's
    // transform ships a closure that holds it (its training summary): it must still run.
    Dataset<Row> rows = spark.range(0, 40).selectExpr("cast(id % 2 as double) as label",
        "cast(id as double) as x");
    Dataset<Row> vectors = new org.apache.spark.ml.feature.VectorAssembler()
        .setInputCols(new String[] {"x"}).setOutputCol("features").transform(rows);
    var model = new org.apache.spark.ml.classification.LogisticRegression().setMaxIter(3)
        .fit(vectors);
    assertEquals(40, model.transform(vectors).select("probability").collectAsList().size());
  }
}
