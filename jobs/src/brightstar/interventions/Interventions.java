package brightstar.interventions;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.conv;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import brightstar.BrightstarException;
import brightstar.customer360.Customer360Columns;
import brightstar.customer360.Customer360Columns.Spec;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Rules, scores and flags to the day's interventions, without I/O or clock.
 *
 * <ol>
 *   <li>{@link #customerRows}: one row per customer as of the day: the gold.customer_360 columns,
 *       the day's scores pivoted to {@value #P_HIGH_VALUE}, {@value #HIGH_VALUE_DECILE},
 *       {@value #P_DISSATISFIED}, {@value #DISSATISFACTION_DECILE} (null without scores), and
 *       {@value #OPEN_COMPLAINTS}. Every rule condition and reason reads these columns.
 *   <li>{@link #validate}: a rule whose condition or reason does not fit these rows fails
 *       before anything runs, naming the rule.
 *   <li>{@link #evaluate}: per rule, the customers whose condition holds, each with a status:
 *       {@value #COOL_DOWN} when the rule fired for them (action or holdout) fewer than its
 *       cool-down days before the day, else {@value #HOLDOUT} when their hash falls in the
 *       holdout share, else {@value #ACTION}.
 *   <li>{@link #forDay}: the rows of gold.interventions ({@link #COLUMNS}): actions and
 *       holdouts, not the cooled-down.
 * </ol>
 */
public final class Interventions {
  public static final String ACTION = "action";
  public static final String HOLDOUT = "holdout";
  public static final String COOL_DOWN = "cool_down";

  public static final String CUSTOMER_ID = "customer_id";
  public static final String AS_OF_DATE = "as_of_date";
  public static final String P_HIGH_VALUE = "p_high_value";
  public static final String HIGH_VALUE_DECILE = "high_value_decile";
  public static final String P_DISSATISFIED = "p_dissatisfied";
  public static final String DISSATISFACTION_DECILE = "dissatisfaction_decile";
  public static final String OPEN_COMPLAINTS = "open_complaints";
  /** The columns that come from gold.customer_scores. */
  public static final List<String> SCORE_COLUMNS =
      List.of(P_HIGH_VALUE, HIGH_VALUE_DECILE, P_DISSATISFIED, DISSATISFACTION_DECILE);
  /** gold.customer_scores.model of the two outcomes (the lead's contract). */
  public static final String HIGH_VALUE_MODEL = "high_value";
  public static final String DISSATISFACTION_MODEL = "dissatisfaction";

  /** Sorts a day's interventions: rules in configured order. Not stored. */
  public static final String RULE_ORDER = "rule_order";
  public static final String STATUS = "status";

  /** The columns of gold.interventions, in table order. */
  public static final List<Spec> COLUMNS = List.of(
      new Spec("intervention_id", "string", "",
          "I- and the first 16 hex digits of SHA-256 of customer_id, rule and as_of_date"
              + " joined by pipe characters: the same on a re-run of the day"),
      new Spec(AS_OF_DATE, "date", "", "the day the rule fired; only data up to it counted"),
      new Spec(CUSTOMER_ID, "string", "", "the customer (silver.customers)"),
      new Spec("rule", "string", "", "name of the rule in brightstar.interventions.rules"),
      new Spec(STATUS, "string", "",
          "`action` (to be done) or `holdout` (the customer is in the random holdout: no"
              + " action, recorded so the uplift of the action can be measured)"),
      new Spec("action", "string", "", "what to do, from the rule"),
      new Spec("owner_team", "string", "", "the team that does it, from the rule"),
      new Spec("channel", "string", "", "how to reach the customer, from the rule"),
      new Spec("reason", "string", "", "the rule's reason template filled with the"
          + " customer's evidence of the day"),
      new Spec("cool_down_days", "int", "days", "the rule's cool-down: it fires for this"
          + " customer again on as_of_date + cool_down_days at the earliest"),
      new Spec("holdout_share", "double", "share",
          "holdout-share (conf) in effect: the share of customers held out of every rule"),
      new Spec(P_HIGH_VALUE, "double", "probability",
          "high-value probability of the day (gold.customer_scores); null without scores"),
      new Spec(HIGH_VALUE_DECILE, "int", "1-10", "its decile, 10 = most likely"),
      new Spec(P_DISSATISFIED, "double", "probability",
          "dissatisfaction probability of the day (gold.customer_scores); null without scores"),
      new Spec(DISSATISFACTION_DECILE, "int", "1-10", "its decile, 10 = most likely"),
      new Spec("tenure_days", "int", "days", "days since the first purchase (gold.customer_360)"),
      new Spec("tier", "string", "", "the customer's tier (gold.customer_360)"));

  private static final double TWO_POW_32 = 4294967296.0;

  private Interventions() {}

  /**
   * gold.customer_scores rows to one row per customer of one day: {@code customer_id},
   * {@value #P_HIGH_VALUE}, {@value #HIGH_VALUE_DECILE}, {@value #P_DISSATISFIED},
   * {@value #DISSATISFACTION_DECILE}.
   *
   * <p>Input: {@code customer_id, as_of_date, model, probability, decile} (more columns are
   * ignored).
   */
  public static Dataset<Row> pivotScores(Dataset<Row> scores, LocalDate asOf) {
    Column hv = col("model").equalTo(HIGH_VALUE_MODEL);
    Column ds = col("model").equalTo(DISSATISFACTION_MODEL);
    return scores.where(col(AS_OF_DATE).equalTo(lit(asOf)))
        .groupBy(CUSTOMER_ID)
        .agg(max(when(hv, col("probability"))).cast("double").as(P_HIGH_VALUE),
            max(when(hv, col("decile"))).cast("int").as(HIGH_VALUE_DECILE),
            max(when(ds, col("probability"))).cast("double").as(P_DISSATISFIED),
            max(when(ds, col("decile"))).cast("int").as(DISSATISFACTION_DECILE));
  }

  /**
   * Complaint tickets open on the day, per customer: {@code customer_id, open_complaints}.
   * Open means opened on or before the day and not closed by its end, as gold.customer_360's
   * {@code open_tickets}.
   *
   * <p>Input: silver.tickets ({@code customer_id, opened_at, closed_at, category}).
   */
  public static Dataset<Row> openComplaints(
      Dataset<Row> tickets, List<String> categories, LocalDate asOf) {
    Column d = lit(asOf);
    return tickets
        .where(col(CUSTOMER_ID).isNotNull()
            .and(to_date(col("opened_at")).leq(d))
            .and(col("category").isin(categories.toArray()))
            .and(col("closed_at").isNull().or(to_date(col("closed_at")).gt(d))))
        .groupBy(CUSTOMER_ID)
        .agg(count(lit(1)).cast("int").as(OPEN_COMPLAINTS));
  }

  /**
   * The rows the rules read: gold.customer_360(_history) as of the day, left-joined with the
   * pivoted scores (or typed nulls when {@code pivotedScores} is null) and the open complaints
   * (0 without). Score columns gold.customer_360 may carry itself are replaced by the pivot,
   * so the scores of the day have one source.
   */
  public static Dataset<Row> customerRows(Dataset<Row> c360, Dataset<Row> pivotedScores,
      Dataset<Row> openComplaints, LocalDate asOf) {
    List<String> have = Arrays.asList(c360.columns());
    Dataset<Row> base = c360.where(col(AS_OF_DATE).equalTo(lit(asOf)))
        .drop(SCORE_COLUMNS.stream().filter(have::contains).toArray(String[]::new));
    Dataset<Row> scored;
    if (pivotedScores == null) {
      scored = base.withColumn(P_HIGH_VALUE, lit(null).cast("double"))
          .withColumn(HIGH_VALUE_DECILE, lit(null).cast("int"))
          .withColumn(P_DISSATISFIED, lit(null).cast("double"))
          .withColumn(DISSATISFACTION_DECILE, lit(null).cast("int"));
    } else {
      scored = base.join(pivotedScores, base.col(CUSTOMER_ID).equalTo(
          pivotedScores.col(CUSTOMER_ID)), "left").drop(pivotedScores.col(CUSTOMER_ID));
    }
    Dataset<Row> oc = openComplaints.withColumnRenamed(CUSTOMER_ID, "_oc_customer");
    return scored.join(oc, scored.col(CUSTOMER_ID).equalTo(oc.col("_oc_customer")), "left")
        .drop("_oc_customer")
        .withColumn(OPEN_COMPLAINTS, coalesce(col(OPEN_COMPLAINTS), lit(0)));
  }

  /**
   * Checks every rule against the customer rows' columns before anything runs.
   *
   * @throws BrightstarException naming the rule when its condition does not parse, names an
   *     unknown column or is not boolean, or its reason names an unknown column or format
   */
  public static void validate(Dataset<Row> rows, List<InterventionRule> rules) {
    Dataset<Row> none = rows.limit(0);
    for (InterventionRule rule : rules) {
      String where = InterventionSettings.SECTION + ".rules[" + rule.name() + "]";
      String problem = "intervention rule " + rule.name() + " is invalid";
      String columns = "the gold.customer_360 columns (docs/tables.md), "
          + String.join(", ", SCORE_COLUMNS) + ", " + OPEN_COMPLAINTS;
      DataType type;
      try {
        type = none.select(expr(rule.condition())).schema().fields()[0].dataType();
      } catch (Exception e) {
        rethrowUnlessAnalysis(e);
        throw new BrightstarException(problem, "its condition `" + rule.condition() + "` fails: "
            + firstLine(e), "fix " + where + ".condition: a Spark SQL boolean expression over "
            + columns, e);
      }
      if (!type.equals(DataTypes.BooleanType)) {
        throw new BrightstarException(problem, "its condition `" + rule.condition() + "` is "
            + type.sql().toLowerCase(java.util.Locale.ROOT) + ", not boolean",
            "fix " + where + ".condition: make it a comparison, e.g. `" + rule.condition()
                + " > 0`");
      }
      try {
        none.select(ReasonTemplate.parse(rule.reason()).toColumn()).schema();
      } catch (Exception e) {
        if (!(e instanceof IllegalArgumentException)) {
          rethrowUnlessAnalysis(e);
        }
        throw new BrightstarException(problem, "its reason `" + rule.reason() + "` fails: "
            + firstLine(e), "fix " + where + ".reason: text with {column} or {column:%.2f}"
            + " placeholders over " + columns, e);
      }
    }
  }

  /**
   * True when the rule reads a score column: it cannot run on a day without scores. Call after
   * {@link #validate}.
   */
  public static boolean usesScores(Dataset<Row> rows, InterventionRule rule) {
    Dataset<Row> unscored = rows.limit(0).drop(SCORE_COLUMNS.toArray(String[]::new));
    try {
      unscored.select(expr(rule.condition()), ReasonTemplate.parse(rule.reason()).toColumn())
          .schema();
      return false;
    } catch (Exception e) {
      rethrowUnlessAnalysis(e);
      return true;
    }
  }

  /**
   * A customer's holdout draw: the first 8 hex digits of SHA-256 of {@code salt|customer_id} as
   * a number in [0, 1). The same customer and salt always draw the same number, on any day,
   * for every rule; a customer is held out when it is below the holdout share.
   */
  public static Column holdoutDraw(Column customerId, String salt) {
    return conv(substring(sha2(concat(lit(salt + "|"), customerId), 256), 1, 8), 16, 10)
        .cast("double").divide(TWO_POW_32);
  }

  /**
   * Every customer whose condition holds, per rule, with {@value #STATUS} {@value #ACTION},
   * {@value #HOLDOUT} or {@value #COOL_DOWN}, the {@link #COLUMNS} and {@value #RULE_ORDER}
   * (the rule's place in the configuration).
   *
   * @param rows {@link #customerRows} of the day
   * @param previous gold.interventions as stored (null when it does not exist yet); only rows
   *     dated before {@code asOf} count for the cool-down, so a re-run of a day sees what the
   *     first run saw
   */
  public static Dataset<Row> evaluate(Dataset<Row> rows, Dataset<Row> previous,
      InterventionSettings settings, LocalDate asOf) {
    List<InterventionRule> rules = settings.rules();
    Dataset<Row> fired = null;
    for (int i = 0; i < rules.size(); i++) {
      InterventionRule r = rules.get(i);
      Dataset<Row> one = rows.where(coalesce(expr(r.condition()), lit(false))).select(
          lit(i).as(RULE_ORDER),
          concat(lit("I-"), substring(sha2(concat_ws("|", col(CUSTOMER_ID), lit(r.name()),
              lit(asOf.toString())), 256), 1, 16)).as("intervention_id"),
          lit(asOf).as(AS_OF_DATE),
          col(CUSTOMER_ID),
          lit(r.name()).as("rule"),
          lit(r.action()).as("action"),
          lit(r.ownerTeam()).as("owner_team"),
          lit(r.channel()).as("channel"),
          ReasonTemplate.parse(r.reason()).toColumn().as("reason"),
          lit(r.coolDownDays()).as("cool_down_days"),
          lit(settings.holdoutShare()).as("holdout_share"),
          col(P_HIGH_VALUE), col(HIGH_VALUE_DECILE), col(P_DISSATISFIED),
          col(DISSATISFACTION_DECILE),
          col("tenure_days").cast("int").as("tenure_days"),
          col("tier").cast("string").as("tier"));
      fired = fired == null ? one : fired.unionByName(one);
    }
    if (fired == null) {
      StructType schema = new StructType().add(RULE_ORDER, DataTypes.IntegerType);
      for (StructField f : Customer360Columns.schema(COLUMNS).fields()) {
        schema = schema.add(f);
      }
      return rows.sparkSession().createDataFrame(List.<Row>of(), schema);
    }
    Column cooled = lit(false);
    if (previous != null) {
      Dataset<Row> last = previous
          .where(col(AS_OF_DATE).lt(lit(asOf)))
          .groupBy(col(CUSTOMER_ID).as("_last_customer"), col("rule").as("_last_rule"))
          .agg(max(AS_OF_DATE).as("_last_fired"));
      fired = fired.join(last, fired.col(CUSTOMER_ID).equalTo(last.col("_last_customer"))
          .and(fired.col("rule").equalTo(last.col("_last_rule"))), "left");
      cooled = col("_last_fired").isNotNull()
          .and(datediff(lit(asOf), col("_last_fired")).lt(col("cool_down_days")));
    }
    Column held = holdoutDraw(col(CUSTOMER_ID), settings.holdoutSalt())
        .lt(lit(settings.holdoutShare()));
    Dataset<Row> statused = fired.withColumn(STATUS,
        when(cooled, lit(COOL_DOWN)).when(held, lit(HOLDOUT)).otherwise(lit(ACTION)));
    List<Column> out = new ArrayList<>();
    out.add(col(RULE_ORDER));
    COLUMNS.forEach(c -> out.add(col(c.name())));
    return statused.select(out.toArray(Column[]::new));
  }

  /** The rows of gold.interventions for the day: {@link #evaluate}'s without the cooled-down. */
  public static Dataset<Row> forDay(Dataset<Row> evaluated) {
    return evaluated.where(col(STATUS).notEqual(lit(COOL_DOWN)))
        .select(COLUMNS.stream().map(c -> col(c.name())).toArray(Column[]::new));
  }

  /**
   * Spark reports an expression that does not fit the rows as an AnalysisException (a checked
   * exception javac cannot see thrown); anything else is not about the rule and goes on.
   */
  private static void rethrowUnlessAnalysis(Exception e) {
    if (e instanceof AnalysisException) {
      return;
    }
    if (e instanceof RuntimeException r) {
      throw r;
    }
    throw new IllegalStateException(e);
  }

  private static String firstLine(Exception e) {
    String m = e.getMessage() == null ? e.toString() : e.getMessage().strip();
    String line = m.split("\\R")[0];
    return line.endsWith(";") ? line.substring(0, line.length() - 1) : line;
  }
}
