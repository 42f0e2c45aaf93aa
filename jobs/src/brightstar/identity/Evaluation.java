package brightstar.identity;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Identity resolution measured against a known truth, over source records: two records are a
 * predicted pair when they carry the same customer id and a true pair when the truth gives them
 * the same customer. Precision is the share of predicted pairs that are true, recall the share
 * of true pairs that are predicted. A record without a customer (predicted or true) is alone.
 * Per source, the pairs counted are those with at least one record of that source.
 */
public final class Evaluation {
  private Evaluation() {}

  /** Pairwise figures over one set of pairs. */
  public record Pairs(double truePairs, double predictedPairs, double correctPairs) {
    public double precision() {
      return predictedPairs == 0 ? 1.0 : correctPairs / predictedPairs;
    }

    public double recall() {
      return truePairs == 0 ? 1.0 : correctPairs / truePairs;
    }

    public double f1() {
      double p = precision();
      double r = recall();
      return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }
  }

  /**
   * @param overall pairs over all records
   * @param bySource pairs with a record of each source
   * @param records records evaluated (in bronze and in the truth)
   * @param trueCustomers customers of the truth with at least one record
   * @param splitCustomers true customers whose records carry more than one customer id
   * @param mergingIds customer ids given to records of more than one true customer
   * @param unlinkedCustomerRecords records of a true customer left without a customer id
   * @param linkedNonCustomerRecords records of no customer (leads only...) given a customer id
   */
  public record Report(Pairs overall, Map<String, Pairs> bySource, long records,
      long trueCustomers, long splitCustomers, long mergingIds, long unlinkedCustomerRecords,
      long linkedNonCustomerRecords) {

    /** The lines {@code unify --evaluate-against} prints. */
    public List<String> lines() {
      List<String> out = new ArrayList<>();
      out.add(String.format(Locale.ROOT, "%-10s %12s %12s %9s %9s %9s", "records of",
          "true pairs", "predicted", "precision", "recall", "F1"));
      out.add(line("all", overall));
      bySource.forEach((s, p) -> out.add(line(s, p)));
      out.add(String.format(Locale.ROOT,
          "%,d records of %,d true customers: %,d customers split over several ids, %,d ids "
              + "merging several customers, %,d customer records unlinked, %,d records of no "
              + "customer linked to one", records, trueCustomers, splitCustomers, mergingIds,
          unlinkedCustomerRecords, linkedNonCustomerRecords));
      return out;
    }

    private static String line(String name, Pairs p) {
      return String.format(Locale.ROOT, "%-10s %,12.0f %,12.0f %9.4f %9.4f %9.4f", name,
          p.truePairs(), p.predictedPairs(), p.precision(), p.recall(), p.f1());
    }
  }

  /**
   * @param predicted source, entity, record_id, customer_id (from {@link
   *     Crosswalk#recordCustomers})
   * @param truth the generator's records.csv: source, entity, record_id, customer_id (empty or
   *     null for records of no customer)
   */
  public static Report evaluate(Dataset<Row> predicted, Dataset<Row> truth) {
    Dataset<Row> t =
        truth.select(col("source"), col("entity"), col("record_id"),
                when(col("customer_id").equalTo(""), lit(null))
                    .otherwise(col("customer_id")).as("true_id"))
            .dropDuplicates("source", "entity", "record_id");
    Dataset<Row> joined =
        predicted.dropDuplicates("source", "entity", "record_id")
            .join(t, new String[] {"source", "entity", "record_id"}, "inner")
            .withColumn("self", concat_ws("/", col("source"), col("entity"), col("record_id")))
            .withColumn("p", coalesce(col("customer_id"), concat_ws(":", lit("alone"),
                col("self"))))
            .withColumn("t", coalesce(col("true_id"), concat_ws(":", lit("alone"),
                col("self"))))
            .cache();
    try {
      List<String> sources =
          joined.select("source").distinct().orderBy("source").as(
              org.apache.spark.sql.Encoders.STRING()).collectAsList();
      Pairs overall = pairs(joined, null);
      Map<String, Pairs> bySource = new LinkedHashMap<>();
      for (String s : sources) {
        bySource.put(s, pairs(joined, s));
      }
      Row counts =
          joined.agg(count(lit(1)), countDistinct(col("true_id")),
              sum(when(col("true_id").isNotNull().and(col("customer_id").isNull()), 1)
                  .otherwise(0)),
              sum(when(col("true_id").isNull().and(col("customer_id").isNotNull()), 1)
                  .otherwise(0))).first();
      long split =
          joined.where(col("true_id").isNotNull().and(col("customer_id").isNotNull()))
              .groupBy("true_id").agg(countDistinct("customer_id").as("n"))
              .where(col("n").gt(1)).count();
      long merging =
          joined.where(col("true_id").isNotNull().and(col("customer_id").isNotNull()))
              .groupBy("customer_id").agg(countDistinct("true_id").as("n"))
              .where(col("n").gt(1)).count();
      return new Report(overall, bySource, counts.getLong(0), counts.getLong(1), split, merging,
          counts.getLong(2), counts.getLong(3));
    } finally {
      joined.unpersist();
    }
  }

  /** C(n,2) - C(n-m,2): pairs among n records with at least one of the m marked ones. */
  private static Pairs pairs(Dataset<Row> joined, String source) {
    Column marked = source == null ? lit(1) : when(col("source").equalTo(source), 1).otherwise(0);
    Dataset<Row> rows = joined.withColumn("m", marked);
    double correct = pairSum(rows.groupBy("p", "t"));
    double predicted = pairSum(rows.groupBy("p"));
    double actual = pairSum(rows.groupBy("t"));
    return new Pairs(actual, predicted, correct);
  }

  private static double pairSum(org.apache.spark.sql.RelationalGroupedDataset groups) {
    Row r =
        groups.agg(count(lit(1)).cast("double").as("n"), sum("m").cast("double").as("m"))
            .select(sum(col("n").multiply(col("n").minus(1)).divide(2)
                .minus(col("n").minus(col("m")).multiply(col("n").minus(col("m")).minus(1))
                    .divide(2))))
            .first();
    return r.isNullAt(0) ? 0 : r.getDouble(0);
  }
}
