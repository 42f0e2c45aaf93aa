package brightstar.customer360;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import brightstar.BrightstarException;
import brightstar.io.TableCatalog;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The few lines {@code bin/brightstar report} prints from gold.value_concentration. */
public final class ConcentrationReport {
  private ConcentrationReport() {}

  /**
   * The rows of one as-of date, the latest when {@code asOf} is null.
   *
   * @throws BrightstarException when the table or the date is missing
   */
  public static List<Row> read(TableCatalog catalog, LocalDate asOf) {
    if (!catalog.exists(Customer360Job.VALUE_CONCENTRATION)) {
      throw new BrightstarException("no value concentration to report",
          Customer360Job.VALUE_CONCENTRATION + " does not exist",
          "run 'bin/brightstar customer360 --as-of D' first");
    }
    Dataset<Row> table = catalog.read(Customer360Job.VALUE_CONCENTRATION);
    LocalDate date = asOf;
    if (date == null) {
      Date latest = table.agg(max("as_of_date")).first().getDate(0);
      if (latest == null) {
        throw new BrightstarException("no value concentration to report",
            Customer360Job.VALUE_CONCENTRATION + " is empty",
            "run 'bin/brightstar customer360 --as-of D' first");
      }
      date = latest.toLocalDate();
    }
    List<Row> rows = table.where(col("as_of_date").equalTo(lit(date)))
        .orderBy("segment_order").collectAsList();
    if (rows.isEmpty()) {
      throw new BrightstarException("no value concentration for " + date,
          "gold.customer360 has not been built as of " + date,
          "run 'bin/brightstar customer360 --as-of " + date + "', or omit --as-of for the latest");
    }
    return rows;
  }

  /** The report: a headline, the Pareto and loss lines, then one line per tier. */
  public static List<String> lines(List<Row> rows) {
    Row all = rows.stream().filter(r -> "all".equals(r.getAs("segment"))).findFirst()
        .orElseThrow(() -> new BrightstarException("cannot report the value concentration",
            "the rows have no 'all' segment", "rebuild with 'bin/brightstar customer360'"));
    List<String> out = new ArrayList<>();
    long customers = all.<Long>getAs("customers");
    out.add(String.format(Locale.ROOT,
        "Value concentration as of %s: %,d customers, revenue (12m) USD %,.0f, profit (12m)"
            + " USD %,.0f; customers ranked by %s.",
        all.<Date>getAs("as_of_date"), customers, all.<Double>getAs("revenue_12m"),
        all.<Double>getAs("profit_12m"), all.<String>getAs("pareto_value")));
    out.add(String.format(Locale.ROOT,
        "Top %s of customers (%,d) hold %s of revenue and %s of profit; Gini of revenue %s.",
        pct(all.getAs("top_share")), all.<Long>getAs("top_customers"),
        pct(all.getAs("top_revenue_share")), pct(all.getAs("top_profit_share")),
        all.getAs("gini_revenue") == null ? "n/a"
            : String.format(Locale.ROOT, "%.2f", all.<Double>getAs("gini_revenue"))));
    long losing = all.<Long>getAs("loss_making_customers");
    out.add(String.format(Locale.ROOT,
        "%,d customers (%s) lose money after cost to serve: USD %,.0f in the last 12 months.",
        losing, pct(customers == 0 ? null : (double) losing / customers),
        -all.<Double>getAs("loss_12m")));
    out.add(String.format(Locale.ROOT, "%-5s %10s %8s %16s %8s %16s %14s", "tier",
        "customers", "share", "revenue_12m USD", "share", "profit_12m USD", "avg CLV USD"));
    for (Row r : rows) {
      if ("all".equals(r.getAs("segment"))) {
        continue;
      }
      Double clv = r.getAs("avg_clv_12m");
      out.add(String.format(Locale.ROOT, "%-5s %,10d %8s %,16.0f %8s %,16.0f %14s",
          r.<String>getAs("segment"), r.<Long>getAs("customers"),
          pct(r.getAs("share_of_customers")), r.<Double>getAs("revenue_12m"),
          pct(r.getAs("share_of_revenue")), r.<Double>getAs("profit_12m"),
          clv == null ? "n/a" : String.format(Locale.ROOT, "%,.0f", clv)));
    }
    return out;
  }

  private static String pct(Double share) {
    return share == null ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * share);
  }
}
