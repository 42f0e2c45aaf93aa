package brightstar.conform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brightstar.BrightstarException;
import brightstar.Progress;
import brightstar.config.BrightstarConfig;
import brightstar.io.TableCatalog;
import brightstar.io.TableId;
import brightstar.io.TableWriter;
import brightstar.io.Tables;
import brightstar.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConformJobTest {
  private final SparkSession spark = SharedSpark.get();
  private final ByteArrayOutputStream lines = new ByteArrayOutputStream();
  @TempDir Path warehouse;

  private Progress progress() {
    return new Progress("unify", new PrintStream(lines, true, StandardCharsets.UTF_8));
  }

  /** A warehouse with five bronze entities and the crosswalk; the other seven never arrived. */
  private BrightstarConfig landed(Dataset<Row> crosswalk) {
    BrightstarConfig config = SharedSpark.config(warehouse);
    TableCatalog catalog = new TableCatalog(spark, config.warehouse());
    TableWriter writer = new TableWriter(catalog);
    writer.overwrite(ConformFixtures.orders(spark), TableId.bronze("sales_orders"));
    writer.overwrite(ConformFixtures.tickets(spark), TableId.bronze("support_tickets"));
    writer.overwrite(ConformFixtures.accounts(spark), TableId.bronze("sales_accounts"));
    writer.overwrite(ConformFixtures.invoices(spark), TableId.bronze("finance_invoices"));
    writer.overwrite(ConformFixtures.leads(spark), TableId.bronze("marketing_leads"));
    writer.overwrite(crosswalk, Tables.CUSTOMER_CROSSWALK.id());
    return config;
  }

  @Test
  void writesEverySilverTableAndCountsWhatItDid() {
    BrightstarConfig config = landed(ConformFixtures.crosswalk(spark));
    ConformJob.Summary first = ConformJob.run(spark, config, progress());
    Map<String, FactCounts> counts = first.facts().stream()
        .collect(Collectors.toMap(c -> c.table().name(), c -> c));
    assertEquals(12, counts.size());
    assertEquals(new FactCounts(TableId.silver("orders"), 5, 1, 4, 2), counts.get("orders"));
    assertEquals(new FactCounts(TableId.silver("tickets"), 2, 0, 2, 1), counts.get("tickets"));
    assertEquals(new FactCounts(TableId.silver("invoices"), 4, 0, 4, 0), counts.get("invoices"));
    assertEquals(new FactCounts(TableId.silver("leads"), 3, 0, 3, 1), counts.get("leads"));
    assertEquals(new FactCounts(TableId.silver("returns"), 0, 0, 0, 0), counts.get("returns"),
        "an entity never delivered gives an empty table");
    assertEquals(4, first.unresolved());
    assertEquals(2, first.customers());
    assertTrue(lines.toString(StandardCharsets.UTF_8).contains(
        "silver.orders: 4 rows (5 in, 1 duplicates removed, 2 without customer_id)"),
        lines.toString(StandardCharsets.UTF_8));

    TableCatalog catalog = new TableCatalog(spark, config.warehouse());
    for (Fact f : Fact.values()) {
      assertEquals(ConformFixtures.shape(f.silver()),
          ConformFixtures.shape(catalog.read(f.silver().id())), f.name());
    }
    String comment = spark.sql("describe table silver.orders").where("col_name = 'amount_usd'")
        .first().getString(2);
    assertTrue(comment.startsWith("amount converted to USD"), comment);

    // Rebuilt whole from bronze: a second run writes the same rows.
    List<Row> before = catalog.read(Tables.CUSTOMERS.id()).collectAsList();
    assertEquals(first, ConformJob.run(spark, config, progress()));
    assertEquals(before, catalog.read(Tables.CUSTOMERS.id()).collectAsList());
  }

  @Test
  void aCrosswalkListingAnIdentityTwiceIsRefused() {
    Dataset<Row> twice = ConformFixtures.crosswalk(spark)
        .union(ConformFixtures.crosswalk(spark).where("source_key = 'A1'")
            .withColumn("customer_id", org.apache.spark.sql.functions.lit("C-OTHER")));
    BrightstarConfig config = landed(twice);
    BrightstarException e = assertThrows(BrightstarException.class,
        () -> ConformJob.run(spark, config, progress()));
    assertEquals("cannot conform the silver facts: silver.customer_crosswalk lists an identity"
        + " more than once: sales/accounts/A1 x2. Fix: fix identity resolution so each (source,"
        + " entity, source_key) has one row, then re-run unify", e.getMessage());
  }
}
