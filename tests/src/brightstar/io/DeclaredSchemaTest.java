package brightstar.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import brightstar.BrightstarException;
import brightstar.testing.SharedSpark;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeclaredSchemaTest {
  private final SparkSession spark = SharedSpark.get();
  @TempDir Path warehouse;

  /** silver.customer_merges rows in the declared columns, in another order. */
  private Dataset<Row> merges(String evidenceType) {
    return spark.sql("select surviving_id, merged_id, cast(run_date as date) run_date,"
        + " cast(evidence as " + evidenceType + ") evidence from values"
        + " ('C-1', 'C-2', '2024-01-05', '7') as t(surviving_id, merged_id, run_date, evidence)");
  }

  @Test
  void aDeclaredTableIsWrittenInDeclaredOrderWithItsColumnComments() {
    TableCatalog catalog = new TableCatalog(spark, warehouse.toString());
    new TableWriter(catalog).overwrite(merges("string"), Tables.CUSTOMER_MERGES.id());
    assertEquals(List.of("merged_id", "surviving_id", "run_date", "evidence"),
        List.of(catalog.read(Tables.CUSTOMER_MERGES.id()).columns()));
    Map<String, String> comments = spark.sql("describe table silver.customer_merges")
        .collectAsList().stream().filter(r -> !r.getString(0).startsWith("#"))
        .collect(Collectors.toMap(r -> r.getString(0), r -> String.valueOf(r.getString(2)),
            (a, b) -> a));
    assertEquals("the retired customer_id", comments.get("merged_id"));
    assertEquals(Tables.CUSTOMER_MERGES.column("surviving_id").orElseThrow().comment(),
        comments.get("surviving_id"));
  }

  @Test
  void aWriteWithOtherColumnsIsRefusedNamingTableAndColumns() {
    TableCatalog catalog = new TableCatalog(spark, warehouse.toString());
    TableWriter writer = new TableWriter(catalog);
    Dataset<Row> wrong = merges("int").drop("run_date").withColumn("note",
        org.apache.spark.sql.functions.lit("x"));
    BrightstarException e = assertThrows(BrightstarException.class,
        () -> writer.overwrite(wrong, Tables.CUSTOMER_MERGES.id()));
    assertEquals("refusing to write silver.customer_merges: the rows do not have its declared"
        + " schema: missing columns run_date DATE; undeclared columns note STRING; changed"
        + " types evidence (declared STRING, written INT). Fix: make the job produce the"
        + " declared columns; if the change is deliberate, change the declaration in"
        + " brightstar.io.Tables and regenerate docs/tables.md", e.getMessage());
    assertFalse(catalog.exists(Tables.CUSTOMER_MERGES.id()), "nothing was written");
    assertThrows(BrightstarException.class,
        () -> writer.replaceWhere(wrong, Tables.CUSTOMER_MERGES.id(), "run_date = '2024-01-05'"));
  }

  @Test
  void undeclaredTablesAreWrittenAsTheyCome() {
    TableCatalog catalog = new TableCatalog(spark, warehouse.toString());
    TableId probe = TableId.bronze("schema_probe");
    assertEquals(2, new TableWriter(catalog).overwrite(spark.range(2).toDF(), probe));
    assertEquals(List.of("id"), List.of(catalog.read(probe).columns()));
  }
}
