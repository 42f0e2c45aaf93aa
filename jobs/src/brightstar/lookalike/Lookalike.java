package brightstar.lookalike;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.log1p;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.ntile;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.stddev_pop;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;
import static org.apache.spark.sql.functions.year;

import brightstar.BrightstarException;
import brightstar.conform.Conform;
import brightstar.conform.ConformSettings;
import brightstar.conform.Customers;
import brightstar.ingest.BronzeTables;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Look-alike prospects: every prospect scored by the tiers of its k nearest customers on
 * firmographics (docs/models.md#look-alike-prospects). Pure: no I/O, no clock.
 *
 * <p>Distance: the square root of the weighted sum of four squared terms, each
 * {@code weight x term} ({@link LookalikeSettings}): the difference of log(employees) and of
 * log(1 + company age in years at the as-of date), both standardised with the customers' mean
 * and standard deviation; industry and country 0 when equal and 1 when not (the squared
 * distance of their one-hot vectors, halved so a mismatch weighs one standard deviation); a
 * term with an unknown value on either side is the missing penalty.
 */
public final class Lookalike {
  public static final String PROSPECT_ID = "prospect_id";
  public static final String AS_OF_DATE = "as_of_date";
  public static final String P_TIER_A = "p_tier_a";
  public static final String P_TIER_D = "p_tier_d";
  public static final String RANK = "rank";
  public static final String DECILE = "decile";
  public static final String NEAREST_A = "nearest_a_customers";
  public static final String NEAREST_A_DISTANCE = "nearest_a_distance";
  public static final String RESEMBLES_TIER_D = "resembles_tier_d";
  public static final String METHOD = "method";

  /** What {@link #score} needs of each customer (gold.customer_360 as of the date). */
  public static final List<String> CUSTOMER_COLUMNS =
      List.of("customer_id", "industry", "country", "employees", "founded_year", "tier");
  /** What {@link #score} needs of each prospect ({@link #prospects}' output). */
  public static final List<String> PROSPECT_COLUMNS = List.of(PROSPECT_ID, "company_name",
      "industry", "country", "employees", "founded_year");

  private Lookalike() {}

  /**
   * bronze.prospects_companies as known on {@code asOf}: the latest delivery of each prospect
   * up to that day, industry and country in the golden record's codes (the same mappings as
   * silver.customers, {@code brightstar.conform}), so they compare with the customers'.
   *
   * @param bronze bronze.prospects_companies (prospect_id, company_name, industry, country,
   *     employees, founded_year, _run_date and the lineage columns)
   * @return prospect_id, company_name, industry, country, employees, founded_year
   */
  public static Dataset<Row> prospects(
      Dataset<Row> bronze, ConformSettings conform, LocalDate asOf) {
    requireColumns(bronze, "bronze.prospects_companies", List.of(PROSPECT_ID, "company_name",
        "industry", "country", "employees", "founded_year", BronzeTables.RUN_DATE));
    Dataset<Row> known = bronze
        .where(col(PROSPECT_ID).isNotNull()
            .and(col(BronzeTables.RUN_DATE).leq(lit(Date.valueOf(asOf)))));
    return Conform.latestDelivery(known, List.of(PROSPECT_ID))
        .select(
            col(PROSPECT_ID),
            trim(col("company_name")).as("company_name"),
            Customers.industryCode(col("industry"), conform.industries()).as("industry"),
            Customers.countryCode(col("country"), conform.countries()).as("country"),
            col("employees").cast("int").as("employees"),
            col("founded_year").cast("int").as("founded_year"));
  }

  /**
   * Scores the prospects against the customers as of {@code asOf}.
   *
   * @param customers one row per customer: customer_id, industry, country, employees,
   *     founded_year, tier (rows without a tier are ignored)
   * @param prospects one row per prospect: prospect_id, company_name, industry, country,
   *     employees, founded_year ({@link #prospects})
   * @return the gold.prospect_scores columns: one row per prospect; rank 1 = most like the
   *     good tier (p_tier_a, then fewer bad-tier neighbours, then a nearer good-tier customer,
   *     then prospect_id); decile 10 = the top 10% by rank
   */
  public static Dataset<Row> score(Dataset<Row> customers, Dataset<Row> prospects,
      LookalikeSettings settings, LocalDate asOf) {
    requireColumns(customers, "the customers (gold.customer_360)", CUSTOMER_COLUMNS);
    requireColumns(prospects, "the prospects", PROSPECT_COLUMNS);
    int asOfYear = asOf.getYear();

    Dataset<Row> c = customers.where(col("tier").isNotNull()).select(
        col("customer_id").as("_c_id"),
        col("tier").as("_c_tier"),
        col("industry").as("_c_industry"),
        col("country").as("_c_country"),
        logEmployees(col("employees")).as("_c_le"),
        logAge(col("founded_year"), asOfYear).as("_c_la"));
    Dataset<Row> stats = c.agg(
        avg("_c_le").as("_le_mean"), scale(stddev_pop("_c_le")).as("_le_sd"),
        avg("_c_la").as("_la_mean"), scale(stddev_pop("_c_la")).as("_la_sd"));
    Dataset<Row> cz = c.crossJoin(stats).select(
        col("_c_id"), col("_c_tier"), col("_c_industry"), col("_c_country"),
        col("_c_le").minus(col("_le_mean")).divide(col("_le_sd")).as("_c_ze"),
        col("_c_la").minus(col("_la_mean")).divide(col("_la_sd")).as("_c_za"));
    Dataset<Row> pz = prospects.crossJoin(stats).select(
        col(PROSPECT_ID), col("company_name"), col("industry"), col("country"),
        col("employees"), col("founded_year"),
        logEmployees(col("employees")).minus(col("_le_mean")).divide(col("_le_sd"))
            .as("_p_ze"),
        logAge(col("founded_year"), asOfYear).minus(col("_la_mean")).divide(col("_la_sd"))
            .as("_p_za"));

    double penalty = settings.missingPenalty();
    Column squared = numeric(col("_p_ze"), col("_c_ze"), settings.employeesWeight(), penalty)
        .plus(numeric(col("_p_za"), col("_c_za"), settings.ageWeight(), penalty))
        .plus(categorical(col("industry"), col("_c_industry"), settings.industryWeight(),
            penalty))
        .plus(categorical(col("country"), col("_c_country"), settings.countryWeight(),
            penalty));
    Column good = col("_c_tier").equalTo(settings.goodTier());
    Column bad = col("_c_tier").equalTo(settings.badTier());

    // One sort per prospect serves both outputs: the k nearest customers (any tier) and the
    // nearest good-tier ones, counted along the same order by a running sum. Customers at the
    // same distance (a prospect whose firmographics are unknown is equally far from all) are
    // taken in a pseudo-random order fixed by the pair's ids, so the k drawn among them are a
    // fair sample of those customers' tiers rather than the ones with the lowest ids.
    WindowSpec nearest = Window.partitionBy(PROSPECT_ID)
        .orderBy(col("_d"), col("_tie"), col("_c_id"));
    Dataset<Row> pairs = pz.select(col(PROSPECT_ID), col("_p_ze"), col("_p_za"),
            col("industry"), col("country"))
        .crossJoin(broadcast(cz))
        .select(col(PROSPECT_ID), col("_c_id"), col("_c_tier"), sqrt(squared).as("_d"),
            xxhash64(col(PROSPECT_ID), col("_c_id")).as("_tie"))
        .withColumn("_n", row_number().over(nearest))
        .withColumn("_good_n", sum(when(good, 1).otherwise(0)).over(
            nearest.rowsBetween(Window.unboundedPreceding(), Window.currentRow())))
        .where(col("_n").leq(settings.neighbours())
            .or(good.and(col("_good_n").leq(settings.explain()))));

    Column inK = col("_n").leq(settings.neighbours());
    Dataset<Row> scored = pairs.groupBy(PROSPECT_ID).agg(
        sum(when(inK.and(good), 1.0).otherwise(0.0))
            .divide(count(when(inK, true))).as(P_TIER_A),
        sum(when(inK.and(bad), 1.0).otherwise(0.0))
            .divide(count(when(inK, true))).as(P_TIER_D),
        sort_array(collect_list(when(good.and(col("_good_n").leq(settings.explain())),
            struct(col("_d").as("d"), col("_c_id").as("id"))))).as("_explain"),
        min(when(good, col("_d"))).as(NEAREST_A_DISTANCE));

    // All prospects of the date rank together (thousands of rows: one partition is right);
    // partitioning by the date says so and keeps Spark from warning about it.
    // A prospect without scores (no customer has a tier) ranks last.
    WindowSpec byScore = Window.partitionBy(lit(Date.valueOf(asOf))).orderBy(
        col(P_TIER_A).desc_nulls_last(), col(P_TIER_D).asc_nulls_last(),
        col(NEAREST_A_DISTANCE).asc_nulls_last(), col(PROSPECT_ID).asc());
    return pz.join(scored, new String[] {PROSPECT_ID}, "left")
        .select(
            col(PROSPECT_ID),
            lit(Date.valueOf(asOf)).as(AS_OF_DATE),
            col("company_name"),
            col("industry"),
            col("country"),
            col("employees"),
            col("founded_year"),
            col(P_TIER_A),
            row_number().over(byScore).as(RANK),
            lit(11).minus(ntile(10).over(byScore)).as(DECILE),
            expr("nullif(array_join(transform(_explain,"
                + " x -> format_string('%s:%.3f', x.id, x.d)), ','), '')").as(NEAREST_A),
            col(NEAREST_A_DISTANCE),
            col(P_TIER_D),
            coalesce(col(P_TIER_D).geq(settings.badTierShare()), lit(false))
                .as(RESEMBLES_TIER_D),
            lit(settings.method()).as(METHOD));
  }

  /** log(employees); null when unknown or not positive. */
  static Column logEmployees(Column employees) {
    return when(employees.gt(0), log(employees.cast("double")));
  }

  /** log(1 + years since founding at the as-of year); null when unknown or in the future. */
  static Column logAge(Column foundedYear, int asOfYear) {
    Column age = lit(asOfYear).minus(foundedYear);
    return when(age.geq(0), log1p(age.cast("double")));
  }

  /** A standard deviation usable as a divisor: 1 when all customers agree or none is known. */
  private static Column scale(Column sd) {
    return when(sd.gt(1e-9), sd).otherwise(lit(1.0));
  }

  private static Column numeric(Column p, Column c, double weight, double penalty) {
    return lit(weight).multiply(coalesce(p.minus(c).multiply(p.minus(c)), lit(penalty)));
  }

  private static Column categorical(Column p, Column c, double weight, double penalty) {
    return lit(weight).multiply(when(p.isNull().or(c.isNull()), lit(penalty))
        .when(p.equalTo(c), lit(0.0)).otherwise(lit(1.0)));
  }

  private static void requireColumns(Dataset<Row> rows, String what, List<String> needed) {
    List<String> have = Arrays.asList(rows.columns());
    List<String> missing = new ArrayList<>();
    for (String n : needed) {
      if (!have.contains(n)) {
        missing.add(n);
      }
    }
    if (!missing.isEmpty()) {
      throw new BrightstarException("cannot score look-alike prospects",
          what + " lack the columns " + String.join(", ", missing),
          "pass rows with " + String.join(", ", needed));
    }
  }
}
