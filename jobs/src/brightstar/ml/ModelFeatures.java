package brightstar.ml;

import brightstar.customer360.Customer360Columns.Spec;
import brightstar.features.FeatureColumns;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;

/**
 * Which columns of gold.customer_features the models see and how they are prepared: the
 * preparation stages of both pipelines.
 *
 * <ul>
 *   <li>categorical columns: {@link StringIndexer} (unseen and missing values get their own
 *       index) into {@link OneHotEncoder};
 *   <li>booleans become 0/1; every numeric column also gets a {@code _missing} indicator (a
 *       behaviour flag is null while its window is open, an NPS is null before the first
 *       answer) and the missing value becomes 0: with the indicator beside it, any fill value
 *       gives the same fitted model up to the indicator's weight, and a column that is missing
 *       for every training row (a first-year window no snapshot has closed yet) still works,
 *       where a median imputer would fail;
 *   <li>skewed columns (money, counts, people, days) become {@code sign(x) * log(1 + |x|)};
 *   <li>company age replaces the founding year, so a model of one year applies the next.
 * </ul>
 *
 * <p>Identifiers, dates, the labels and gold.clv (only there for dates clv ran on) are not
 * features.
 */
public final class ModelFeatures {
  /** Strings the models use as categories. */
  public static final Set<String> CATEGORICAL =
      Set.of("industry", "country", "nps_class", "first_touch_channel", "tier");
  /** Units whose columns are log-transformed. */
  static final Set<String> SKEWED_UNITS =
      Set.of("USD", "people", "orders", "tickets", "touches", "invoices", "returns", "seats",
          "days", "accounts", "answers");
  /** The assembled vector every algorithm reads. */
  public static final String VECTOR = "features";
  static final String NUMERIC_PREFIX = "n__";
  static final String MISSING_PREFIX = "m__";
  static final String CATEGORY_PREFIX = "c__";

  private final List<String> numeric;
  private final List<String> categorical;

  private ModelFeatures(List<String> numeric, List<String> categorical) {
    this.numeric = List.copyOf(numeric);
    this.categorical = List.copyOf(categorical);
  }

  /** The feature columns of gold.customer_features. */
  public static ModelFeatures standard() {
    List<String> numeric = new ArrayList<>();
    List<String> categorical = new ArrayList<>();
    for (Spec s : FeatureColumns.COLUMNS) {
      if (FeatureColumns.LABELS.contains(s) || s.name().equals("customer_id")) {
        continue;
      }
      switch (s.type()) {
        case "string" -> {
          if (CATEGORICAL.contains(s.name())) {
            categorical.add(s.name());
          }
        }
        case "int", "double", "boolean" -> numeric.add(
            s.name().equals("founded_year") ? "company_age_years" : s.name());
        default -> { } // dates: tenure_days and the *_days columns carry them
      }
    }
    return new ModelFeatures(numeric, categorical);
  }

  /** The original feature names (what reasons and importances are reported by). */
  public List<String> names() {
    List<String> out = new ArrayList<>(numeric);
    out.addAll(categorical);
    return out;
  }

  /**
   * The stages from a gold.customer_features row to {@link #VECTOR}: they need the columns of
   * the table, nothing else, so scoring a gold.customer_360 row works too.
   */
  public List<PipelineStage> stages() {
    Map<String, String> units = new LinkedHashMap<>();
    for (Spec s : FeatureColumns.COLUMNS) {
      units.put(s.name(), s.unit());
    }
    units.put("company_age_years", "years");
    StringBuilder sql = new StringBuilder("SELECT *");
    List<String> numericOut = new ArrayList<>();
    List<String> missingOut = new ArrayList<>();
    for (String n : numeric) {
      String raw = n.equals("company_age_years")
          ? "year(snapshot_date) - founded_year"
          : "cast(`" + n + "` as double)";
      String value = SKEWED_UNITS.contains(units.get(n))
          ? "signum(" + raw + ") * ln(1 + abs(" + raw + "))" : raw;
      sql.append(",\n  coalesce(").append(value).append(", 0.0) AS ").append(NUMERIC_PREFIX)
          .append(n);
      sql.append(",\n  if((").append(raw).append(") IS NULL, 1.0, 0.0) AS ")
          .append(MISSING_PREFIX).append(n);
      numericOut.add(NUMERIC_PREFIX + n);
      missingOut.add(MISSING_PREFIX + n);
    }
    for (String c : categorical) {
      sql.append(",\n  coalesce(`").append(c).append("`, '(missing)') AS ")
          .append(CATEGORY_PREFIX).append(c).append("_s");
    }
    sql.append("\nFROM __THIS__");

    List<PipelineStage> stages = new ArrayList<>();
    stages.add(new SQLTransformer().setStatement(sql.toString()));
    List<String> assembled = new ArrayList<>(numericOut);
    assembled.addAll(missingOut);
    if (!categorical.isEmpty()) {
      String[] in = categorical.stream().map(c -> CATEGORY_PREFIX + c + "_s")
          .toArray(String[]::new);
      String[] idx = categorical.stream().map(c -> CATEGORY_PREFIX + c + "_x")
          .toArray(String[]::new);
      String[] vec = categorical.stream().map(c -> CATEGORY_PREFIX + c)
          .toArray(String[]::new);
      stages.add(new StringIndexer().setInputCols(in).setOutputCols(idx)
          .setHandleInvalid("keep").setStringOrderType("alphabetAsc"));
      stages.add(new OneHotEncoder().setInputCols(idx).setOutputCols(vec)
          .setHandleInvalid("keep").setDropLast(false));
      assembled.addAll(List.of(vec));
    }
    stages.add(new VectorAssembler().setInputCols(assembled.toArray(String[]::new))
        .setOutputCol(VECTOR).setHandleInvalid("keep"));
    return stages;
  }

  /**
   * The original feature a slot of {@link #VECTOR} comes from, given the slot's attribute
   * name (e.g. {@code n__revenue_12m}, {@code m__last_nps}, {@code c__industry_software}).
   */
  public String featureOf(String slotName) {
    if (slotName.startsWith(NUMERIC_PREFIX)) {
      return slotName.substring(NUMERIC_PREFIX.length());
    }
    if (slotName.startsWith(MISSING_PREFIX)) {
      return slotName.substring(MISSING_PREFIX.length());
    }
    if (slotName.startsWith(CATEGORY_PREFIX)) {
      String rest = slotName.substring(CATEGORY_PREFIX.length());
      String best = null;
      for (String c : categorical) {
        if (rest.startsWith(c + "_") && (best == null || c.length() > best.length())) {
          best = c;
        }
      }
      if (best != null) {
        return best;
      }
    }
    return slotName;
  }
}
