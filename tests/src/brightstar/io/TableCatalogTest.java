package brightstar.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brightstar.BrightstarException;
import brightstar.testing.SharedSpark;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableCatalogTest {
  @TempDir Path warehouse;

  @Test
  void tablesLiveAtLayerSlashNameAndAreFoundByNameAfterRestart() {
    SparkSession spark = SharedSpark.get();
    TableCatalog catalog = new TableCatalog(spark, warehouse.toString());
    TableId t = TableId.gold("catalog_probe");
    assertEquals(warehouse + "/gold/catalog_probe", catalog.path(t));
    assertFalse(catalog.exists(t));

    spark.range(3).write().format("delta").save(catalog.path(t));
    // A new catalog over the same warehouse (as at the next session start) finds it by name.
    List<TableId> found = new TableCatalog(spark, warehouse.toString()).registerExisting();
    assertTrue(found.contains(t), found.toString());
    assertEquals(3L, spark.sql("select count(*) from gold.catalog_probe").first().getLong(0));
  }

  @Test
  void readingAMissingTableSaysWhichJobBuildsIt() {
    TableCatalog catalog = new TableCatalog(SharedSpark.get(), warehouse.toString());
    BrightstarException e =
        assertThrows(BrightstarException.class, () -> catalog.read(TableId.silver("nothing")));
    assertTrue(e.getMessage().startsWith("table silver.nothing does not exist"), e.getMessage());
  }

  @Test
  void theParquetFormatBuildsATableOnceAndRefusesToRewriteIt() {
    SparkSession spark = SharedSpark.get();
    TableCatalog catalog = new TableCatalog(spark, warehouse.toString(), TableCatalog.PARQUET);
    TableWriter writer = new TableWriter(catalog);
    TableId t = TableId.bronze("parquet_probe");
    writer.replace(spark.range(5).toDF("n"), t, "n >= 0", List.of());

    assertTrue(catalog.exists(t));
    assertFalse(new TableCatalog(spark, warehouse.toString()).exists(t), "it is no Delta table");
    assertEquals(5L, catalog.read(t).count());
    assertEquals(5L, spark.read().parquet(catalog.path(t)).count());
    BrightstarException e = assertThrows(BrightstarException.class,
        () -> writer.replace(spark.range(2).toDF("n"), t, "n >= 0", List.of()));
    assertTrue(e.getMessage().startsWith("cannot rewrite parquet table bronze.parquet_probe at "),
        e.getMessage());
    assertEquals(5L, catalog.read(t).count(), "nothing was written");
  }

  @Test
  void tableNamesMustBeSqlIdentifiers() {
    assertThrows(BrightstarException.class, () -> TableId.bronze("Sales-Orders"));
  }

  @Test
  void aRelativeWarehouseIsRegisteredAtItsAbsoluteLocation() throws Exception {
    SparkSession spark = SharedSpark.get();
    Path cwd = Path.of("").toAbsolutePath();
    String relative = cwd.relativize(warehouse).toString();
    TableCatalog catalog = new TableCatalog(spark, relative);
    TableId t = TableId.gold("relative_probe");
    spark.range(2).write().format("delta").save(catalog.path(t));
    catalog.register(t);
    String location =
        spark.sql("describe detail gold.relative_probe").select("location").first().getString(0);
    assertEquals(
        warehouse.resolve("gold/relative_probe").toString(),
        java.net.URI.create(location).getPath().replaceAll("/$", ""));
    assertEquals(2L, spark.sql("select count(*) from gold.relative_probe").first().getLong(0));
  }
}
