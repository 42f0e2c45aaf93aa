package brightstar.clv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brightstar.BrightstarException;
import brightstar.config.BrightstarConfig;
import brightstar.customer360.Customer360;
import brightstar.customer360.Customer360Settings;
import brightstar.customer360.Fixtures;
import brightstar.customer360.ProfitFacts;
import brightstar.customer360.SilverFacts;
import brightstar.io.TableCatalog;
import brightstar.io.TableId;
import brightstar.io.TableWriter;
import brightstar.io.Tables;
import brightstar.testing.Declared;
import brightstar.testing.SharedSpark;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * clv_profit_12m by hand on the customer_360 fixtures' last 12 months (as of 2024-12-31):
 *
 * <ul>
 *   <li>STAR: billed 3,450, gross margin 1,510, one normal ticket (60), pays on time;
 *   <li>LOSS: billed 500, gross margin -20 (half its hardware kit came back), support 1,200;
 *   <li>LATE: billed 5,000, gross margin 2,650, no tickets, late-payment cost 24.66 and bad
 *       debt 1,000;
 *   <li>NONE: billed nothing, so the population's shares: gross margin 5,660 of 12,150 billed
 *       (STAR, LOSS, LATE, REFUND 420 of 1,200, TIE1 and TIE2 275 of 500 each, NEW 550 of
 *       1,000) and 1,024.66 of payment cost (LATE's).
 * </ul>
 *
 * <p>Defaults: 12-month horizon at 1% a month, so the horizon is H = sum of 1.01^-i, i = 1..12
 * = 11.2551 discounted months.
 */
class ClvProfitTest {
  private static final LocalDate AS_OF = LocalDate.parse("2024-12-31");
  private static final double H = 11.255077473484644;
  private final ClvSettings settings = ClvSettings.from(BrightstarConfig.defaults());

  /** gold.clv's inputs of the projection: clv_12m, p_alive and the subscription. */
  private static Dataset<Row> clv(Object[]... rows) {
    List<Row> list = new ArrayList<>();
    for (Object[] r : rows) {
      list.add(RowFactory.create(r));
    }
    return SharedSpark.get().createDataFrame(list, StructType.fromDDL("customer_id STRING,"
        + " clv_12m DOUBLE, p_alive DOUBLE, clv_subscription_12m DOUBLE,"
        + " subscription_monthly_value_usd DOUBLE"));
  }

  private static Map<String, Row> byId(Dataset<Row> rows) {
    return rows.collectAsList().stream()
        .collect(Collectors.toMap(r -> r.<String>getAs("customer_id"), r -> r));
  }

  private static double dbl(Row r, String column) {
    return r.<Double>getAs(column);
  }

  @Test
  void theHorizonHasElevenAndAQuarterDiscountedMonths() {
    assertEquals(H, ClvProfit.discountedMonths(12, 0.01), 1e-12);
    assertEquals(12.0, ClvProfit.discountedMonths(12, 0.0), 1e-12);
  }

  @Test
  void aGoodCustomerEarnsItsMarginShareAndALossMakerCostsMoreThanItBrings() {
    Dataset<Row> profitability = Customer360.profitability(ProfitFacts.of(Fixtures.facts()),
        Customer360Settings.defaults(), AS_OF);
    Map<String, Row> rows = byId(ClvProfit.withProfit(clv(
            // orders and a subscription worth 6 discounted months: p_alive x H is longer
            new Object[] {"STAR", 5000.0, 0.9, 2700.0, 450.0},
            // a subscription of 10 discounted months outlasts p_alive x H = 5.63
            new Object[] {"LOSS", 1000.0, 0.5, 600.0, 60.0},
            new Object[] {"LATE", 2000.0, 0.8, 0.0, 0.0},
            new Object[] {"NONE", 100.0, 1.0, 0.0, 0.0}),
        Optional.of(profitability), settings));

    Row star = rows.get("STAR");
    double starMargin = 5000 * 1510.0 / 3450;
    double starCost = 60.0 / 12 * 0.9 * H;
    assertEquals(2188.405797, dbl(star, "clv_gross_margin_12m"), 1e-6);
    assertEquals(starMargin, dbl(star, "clv_gross_margin_12m"), 1e-9);
    assertEquals(starCost, dbl(star, "clv_cost_to_serve_12m"), 1e-9);
    assertEquals(starMargin - starCost, dbl(star, "clv_profit_12m"), 1e-9);
    assertTrue(dbl(star, "clv_profit_12m") > 2137, star.toString());

    // LOSS: margin share -20 / 500, support 100 a month for 10 discounted months.
    Row loss = rows.get("LOSS");
    assertEquals(-40.0, dbl(loss, "clv_gross_margin_12m"), 1e-9);
    assertEquals(1000.0, dbl(loss, "clv_cost_to_serve_12m"), 1e-9);
    assertEquals(-1040.0, dbl(loss, "clv_profit_12m"), 1e-9);

    // LATE: late and lost money follow the billing: 1,024.66 of 5,000 billed.
    Row late = rows.get("LATE");
    assertEquals(1060.0, dbl(late, "clv_gross_margin_12m"), 1e-9);
    assertEquals(409.864, dbl(late, "clv_cost_to_serve_12m"), 1e-9);
    assertEquals(650.136, dbl(late, "clv_profit_12m"), 1e-9);

    Row none = rows.get("NONE");
    assertEquals(100 * 5660.0 / 12150, dbl(none, "clv_gross_margin_12m"), 1e-9);
    assertEquals(100 * 1024.66 / 12150, dbl(none, "clv_cost_to_serve_12m"), 1e-9);
  }

  @Test
  void anOldRefundOnALittleBillingLosesAtMostTheBilledAmount() {
    Dataset<Row> profitability = SharedSpark.get().createDataFrame(List.of(
            RowFactory.create("R", 100.0, -500.0, 0.0, 0.0, 0.0)),
        StructType.fromDDL("customer_id STRING, gross_revenue_12m DOUBLE,"
            + " gross_margin_12m DOUBLE, support_cost_12m DOUBLE, late_payment_cost_12m DOUBLE,"
            + " bad_debt_12m DOUBLE"));
    Row r = ClvProfit.withProfit(clv(new Object[] {"R", 1000.0, 1.0, 0.0, 0.0}),
        Optional.of(profitability), settings).first();

    assertEquals(-1000.0, dbl(r, "clv_gross_margin_12m"), 1e-9, "share -5 floored at -1");
    assertEquals(-1000.0, dbl(r, "clv_profit_12m"), 1e-9);
  }

  @Test
  void aSilverTableWithoutAColumnTheProfitReadsFailsNamingGoldClvAndTheFix(@TempDir Path dir) {
    TableCatalog catalog = new TableCatalog(SharedSpark.get(), dir.toString());
    TableWriter writer = new TableWriter(catalog);
    ProfitFacts facts = ProfitFacts.of(Fixtures.facts());
    List<Dataset<Row>> tables = List.of(facts.customers(), facts.orders(), facts.invoices(),
        facts.payments(), facts.creditNotes());
    for (int i = 0; i < tables.size(); i++) {
      TableId id = ProfitFacts.TABLES.get(i);
      writer.overwrite(Declared.padded(Tables.find(id).orElseThrow(), tables.get(i)), id);
    }
    // An older silver.tickets without the priority its cost per ticket needs.
    facts.tickets().drop("priority").write().format("delta")
        .save(catalog.path(SilverFacts.TICKETS));

    BrightstarException e = assertThrows(BrightstarException.class,
        () -> ProfitFacts.read(catalog, ClvJob.CLV.toString()));
    assertTrue(e.getMessage().startsWith("cannot build gold.clv from silver.tickets:"
        + " silver.tickets lacks the columns [priority]"), e.getMessage());
    assertTrue(e.getMessage().contains("bin/brightstar unify"), e.getMessage());
  }

  @Test
  void withoutTheSilverFactsTheProfitIsNullNotZero() {
    Row r = ClvProfit.withProfit(clv(new Object[] {"STAR", 5000.0, 0.9, 0.0, 0.0}),
        Optional.empty(), settings).first();

    assertNull(r.getAs("clv_gross_margin_12m"));
    assertNull(r.getAs("clv_cost_to_serve_12m"));
    assertNull(r.getAs("clv_profit_12m"));
  }
}
