package brightstar.customer360;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import brightstar.customer360.Customer360Columns.Spec;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * gold.value_concentration: "does 80/20 hold for us" for one as-of date. One row for the whole
 * population ({@code segment = 'all'}) and one per configured tier (also when empty).
 */
public final class ValueConcentration {
  public static final List<Spec> COLUMNS = List.of(
      new Spec("as_of_date", "date", "", "the as-of date of gold.customer_360_history described"),
      new Spec("segment", "string", "", "all, or a tier name (A, B, C, D)"),
      new Spec("segment_order", "int", "", "0 for all, then 1 = best tier"),
      new Spec("customers", "bigint", "customers", "customers in the segment"),
      new Spec("share_of_customers", "double", "share", "customers / all customers"),
      new Spec("revenue_12m", "double", "USD", "sum of revenue_12m"),
      new Spec("share_of_revenue", "double", "share", "revenue_12m / all customers' revenue_12m"),
      new Spec("profit_12m", "double", "USD", "sum of profit_12m"),
      new Spec("share_of_profit", "double", "share", "profit_12m / all customers' profit_12m"),
      new Spec("avg_clv_12m", "double", "USD", "mean clv_12m of customers with a CLV"),
      new Spec("loss_making_customers", "bigint", "customers", "customers with profit_12m < 0"),
      new Spec("loss_12m", "double", "USD", "sum of the negative profit_12m (a negative number)"),
      new Spec("top_share", "double", "share",
          "all row: the share of customers top20_by_value marks (pareto.top-share)"),
      new Spec("top_customers", "bigint", "customers", "all row: customers with top20_by_value"),
      new Spec("top_revenue_share", "double", "share",
          "all row: share of revenue_12m held by the top20_by_value customers"),
      new Spec("top_profit_share", "double", "share",
          "all row: share of profit_12m held by the top20_by_value customers"),
      new Spec("gini_revenue", "double", "0-1",
          "all row: Gini coefficient of revenue_12m (negatives as 0); 0 = equal, 1 = one has all"),
      new Spec("pareto_value", "string", "", "the value the Pareto order used (pareto.value)"));

  private ValueConcentration() {}

  /**
   * @param c360 gold.customer_360 rows of one as-of date ({@link Customer360#build})
   * @return rows in {@link #COLUMNS} order: the all row first, then the tiers best first
   */
  public static Dataset<Row> build(Dataset<Row> c360, Customer360Settings s, LocalDate asOf) {
    Column revenue = col("revenue_12m");
    Column profit = col("profit_12m");
    Dataset<Row> totals = c360.agg(
        count(lit(1)).as("all_customers"),
        sum(revenue).as("all_revenue"),
        sum(profit).as("all_profit"));

    Column positive = greatest(lit(0.0), coalesce(revenue, lit(0.0)));
    Dataset<Row> gini = c360
        .withColumn("x", positive)
        .withColumn("i", row_number().over(Window.orderBy(col("x"), col("customer_id"))))
        .agg(count(lit(1)).as("n"), sum("x").as("sx"),
            sum(col("i").multiply(col("x"))).as("six"))
        .select(when(col("sx").gt(0), round(col("six").multiply(2.0)
            .divide(col("n").multiply(col("sx")))
            .minus(col("n").plus(1).divide(col("n"))), 6)).as("gini_revenue"));

    Dataset<Row> all = c360.agg(
            lit("all").as("segment"),
            lit(0).as("segment_order"),
            count(lit(1)).as("customers"),
            sum(revenue).as("revenue_12m"),
            sum(profit).as("profit_12m"),
            avg("clv_12m").as("avg_clv_12m"),
            count(when(profit.lt(0), lit(1))).as("loss_making_customers"),
            sum(when(profit.lt(0), profit)).as("loss_12m"),
            count(when(col("top20_by_value"), lit(1))).as("top_customers"),
            sum(when(col("top20_by_value"), revenue)).as("top_revenue"),
            sum(when(col("top20_by_value"), profit)).as("top_profit"))
        .crossJoin(gini);

    List<Row> levels = new ArrayList<>();
    for (int i = 0; i < s.tiers().size(); i++) {
      levels.add(RowFactory.create(s.tiers().get(i).name(), i + 1));
    }
    Dataset<Row> tierNames = c360.sparkSession().createDataFrame(levels, new StructType()
        .add("segment", DataTypes.StringType).add("segment_order", DataTypes.IntegerType));
    Dataset<Row> byTier = c360.groupBy(col("tier").as("segment")).agg(
        count(lit(1)).as("customers"),
        sum(revenue).as("revenue_12m"),
        sum(profit).as("profit_12m"),
        avg("clv_12m").as("avg_clv_12m"),
        count(when(profit.lt(0), lit(1))).as("loss_making_customers"),
        sum(when(profit.lt(0), profit)).as("loss_12m"));
    Dataset<Row> tiers = tierNames.join(byTier, new String[] {"segment"}, "left")
        .withColumn("top_customers", lit(null).cast("bigint"))
        .withColumn("top_revenue", lit(null).cast("double"))
        .withColumn("top_profit", lit(null).cast("double"))
        .withColumn("gini_revenue", lit(null).cast("double"));

    String[] order = {"segment", "segment_order", "customers", "revenue_12m", "profit_12m",
        "avg_clv_12m", "loss_making_customers", "loss_12m", "top_customers", "top_revenue",
        "top_profit", "gini_revenue"};
    Dataset<Row> rows = all.selectExpr(order).unionByName(tiers.selectExpr(order))
        .crossJoin(totals)
        .withColumn("customers", coalesce(col("customers"), lit(0L)))
        .withColumn("revenue_12m", round(coalesce(col("revenue_12m"), lit(0.0)), 2))
        .withColumn("profit_12m", round(coalesce(col("profit_12m"), lit(0.0)), 2))
        .withColumn("loss_making_customers", coalesce(col("loss_making_customers"), lit(0L)))
        .withColumn("loss_12m", round(coalesce(col("loss_12m"), lit(0.0)), 2))
        .withColumn("avg_clv_12m", round(col("avg_clv_12m"), 2))
        .withColumn("share_of_customers", ratio(col("customers"), col("all_customers")))
        .withColumn("share_of_revenue", ratio(col("revenue_12m"), col("all_revenue")))
        .withColumn("share_of_profit", ratio(col("profit_12m"), col("all_profit")))
        .withColumn("top_share", when(col("segment_order").equalTo(0), lit(s.topShare())))
        .withColumn("top_revenue_share", ratio(col("top_revenue"), col("all_revenue")))
        .withColumn("top_profit_share", ratio(col("top_profit"), col("all_profit")))
        .withColumn("pareto_value", lit(s.paretoValue().column()))
        .withColumn("as_of_date", lit(asOf));
    return Customer360Columns.select(rows, COLUMNS).orderBy("segment_order");
  }

  private static Column ratio(Column part, Column total) {
    return round(part.cast("double").divide(when(total.notEqual(0), total)), 6);
  }
}
