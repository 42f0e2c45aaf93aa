package brightstar.conform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.upper;
import static org.apache.spark.sql.functions.when;

import brightstar.io.TableSpec;
import brightstar.io.Tables;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;

/**
 * bronze -> conformed silver facts: pure transformations, no I/O (see {@link ConformJob}).
 *
 * <p>Each fact keeps one row per business key (the latest delivery), gets its
 * {@code customer_id} from the crosswalk by a left join (null when unresolved, never dropped),
 * and a {@code X_usd} column per money column X.
 */
public final class Conform {
  /** Precision of the rates in the USD arithmetic (decimal, so cents round exactly). */
  private static final DecimalType RATE = DataTypes.createDecimalType(18, 8);
  private static final String XW_KEY = "_xw_source_key";
  private static final String XW_CUSTOMER = "_xw_customer_id";

  private Conform() {}

  /**
   * One conformed fact.
   *
   * @param bronze the fact's bronze table: its contract columns, {@code _source_file},
   *     {@code _line}, {@code _batch_id}, {@code _run_date} (other columns are ignored)
   * @param crosswalk silver.customer_crosswalk (source, entity, source_key, customer_id, ...)
   * @param fxToUsd USD per unit of each currency
   * @return the columns of {@code fact.silver()} in declared order: customer_id, the business
   *     columns, the {@code *_usd} columns, {@code _source_file}, {@code _line},
   *     {@code _batch_id}
   */
  public static Dataset<Row> fact(Fact fact, Dataset<Row> bronze, Dataset<Row> crosswalk,
      Map<String, BigDecimal> fxToUsd) {
    Dataset<Row> latest = latestDelivery(bronze, fact.businessKey());
    Dataset<Row> lookup = customerLookup(crosswalk, fact.identity());
    Dataset<Row> joined = latest.join(lookup,
        fact.identity().key(latest.col(fact.identityColumn())).equalTo(lookup.col(XW_KEY)),
        "left");
    List<String> money = fact.moneyColumns();
    List<Column> out = new ArrayList<>();
    for (TableSpec.Column c : fact.silver().columns()) {
      String name = c.name();
      if (name.equals(Tables.CUSTOMER_ID)) {
        out.add(col(XW_CUSTOMER).as(name));
      } else if (name.endsWith("_usd") && money.contains(name.substring(0, name.length() - 4))) {
        String amount = name.substring(0, name.length() - 4);
        out.add(usd(col(amount), col("currency"), fxToUsd).as(name));
      } else {
        out.add(col(name).cast(c.type()).as(name));
      }
    }
    return joined.select(out.toArray(Column[]::new));
  }

  /**
   * One row per business key: the latest delivery wins (greatest {@code _run_date}, then
   * {@code _source_file}, then {@code _line}), so a re-delivered record replaces the earlier
   * copy and a record never counts twice.
   */
  public static Dataset<Row> latestDelivery(Dataset<Row> bronze, List<String> businessKey) {
    Column[] key = businessKey.stream().map(bronze::col).toArray(Column[]::new);
    String rank = "_delivery_rank";
    return bronze
        .withColumn(rank, row_number().over(Window.partitionBy(key).orderBy(
            col(Fact.RUN_DATE).desc_nulls_last(), col("_source_file").desc_nulls_last(),
            col("_line").desc_nulls_last())))
        .where(col(rank).equalTo(1))
        .drop(rank);
  }

  /**
   * The crosswalk rows of one identity kind as {@code _xw_source_key -> _xw_customer_id}. The
   * crosswalk holds one row per identity ({@link ConformJob} checks it); the aggregation makes
   * the join unable to multiply fact rows even so.
   */
  static Dataset<Row> customerLookup(Dataset<Row> crosswalk, Identity identity) {
    return crosswalk
        .where(col("source").equalTo(identity.source())
            .and(col("entity").equalTo(identity.entity()))
            .and(col("source_key").isNotNull()))
        .groupBy(col("source_key").as(XW_KEY))
        .agg(min(Tables.CUSTOMER_ID).as(XW_CUSTOMER));
  }

  /**
   * {@code amount} in USD, rounded to cents (half up, in decimal arithmetic); null when the
   * amount is null or the currency has no rate.
   */
  public static Column usd(Column amount, Column currency, Map<String, BigDecimal> fxToUsd) {
    Column code = upper(trim(currency));
    Column rate = lit(null).cast(RATE);
    for (Map.Entry<String, BigDecimal> e : new TreeMap<>(fxToUsd).entrySet()) {
      rate = when(code.equalTo(e.getKey()), lit(e.getValue()).cast(RATE)).otherwise(rate);
    }
    return round(amount.cast(DataTypes.createDecimalType(18, 2)).multiply(rate), 2)
        .cast(DataTypes.DoubleType);
  }
}
