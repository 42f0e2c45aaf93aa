package brightstar.conform;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.try_element_at;
import static org.apache.spark.sql.functions.upper;
import static org.apache.spark.sql.functions.when;

import brightstar.io.Tables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;

/**
 * silver.customers, the golden record: one row per customer of the crosswalk, each attribute
 * from the source that knows it best. The rules and their reasons are in docs/silver.md:
 *
 * <ul>
 *   <li>company_name: every CRM account and every billing account votes for its spelling
 *       (bill-to names without department suffixes); spellings that differ only in case and
 *       punctuation vote together and show in mixed case; most votes win, then a name with a
 *       legal form, then the CRM, then the earliest seen.
 *   <li>domain, industry, country: the value most of the customer's CRM accounts carry
 *       (normalised), ties to the earliest account; country falls back to marketing's leads.
 *   <li>employees, founded_year: the earliest CRM account that has a value.
 *   <li>first_seen_date: the earliest CRM account's creation date, else the first event of
 *       any identity of the customer.
 * </ul>
 */
public final class Customers {
  private static final String ID = Tables.CUSTOMER_ID;
  private static final String SEEN = "_seen";
  private static final String TIE = "_tie";

  private Customers() {}

  /**
   * @param crosswalk silver.customer_crosswalk
   * @param accounts bronze.sales_accounts (account_id, company_name, domain, industry, country,
   *     employees, founded_year, created_date, lineage)
   * @param invoices silver.invoices (customer_id, billing_account, bill_to_name, issue_date):
   *     one row per invoice, its customer resolved, so the 16 million invoices of 10^6
   *     customers are not de-duplicated and joined to the crosswalk a second time
   * @param leads silver.leads (customer_id, lead_id, country, created_date)
   * @return the columns of {@link Tables#CUSTOMERS}
   */
  public static Dataset<Row> build(Dataset<Row> crosswalk, Dataset<Row> accounts,
      Dataset<Row> invoices, Dataset<Row> leads, ConformSettings settings) {
    Dataset<Row> ids = crosswalk.where(col(ID).isNotNull())
        .groupBy(ID).agg(min("first_seen").as("_first_seen_any"));

    Dataset<Row> crm = Conform.latestDelivery(accounts, List.of("account_id"))
        .join(Conform.customerLookup(crosswalk, Identity.ACCOUNTS),
            col("account_id").equalTo(col("_xw_source_key")))
        .where(col("_xw_customer_id").isNotNull())
        .select(
            col("_xw_customer_id").as(ID),
            col("account_id").as(TIE),
            col("created_date").as(SEEN),
            cleanName(col("company_name")).as("name"),
            domain(col("domain")).as("domain"),
            industryCode(col("industry"), settings.industries()).as("industry"),
            countryCode(col("country"), settings.countries()).as("country"),
            col("employees"),
            col("founded_year"));

    Dataset<Row> crmFacts = crm.groupBy(ID).agg(
        min(SEEN).as("_crm_first"), countDistinct(TIE).cast("int").as("crm_accounts"));

    Dataset<Row> leadCountry = leads.where(col(ID).isNotNull())
        .select(col(ID), col("lead_id").as(TIE),
            col("created_date").as(SEEN),
            countryCode(col("country"), settings.countries()).as("country"));

    Dataset<Row> result = ids
        .join(companyName(crm, invoices, settings), ID, "left")
        .join(mostCommon(crm, "domain"), ID, "left")
        .join(mostCommon(crm, "industry"), ID, "left")
        .join(mostCommon(crm, "country"), ID, "left")
        .join(mostCommon(leadCountry, "country").withColumnRenamed("country", "_lead_country"),
            ID, "left")
        .join(earliest(crm, "employees"), ID, "left")
        .join(earliest(crm, "founded_year"), ID, "left")
        .join(crmFacts, ID, "left");
    return result.select(
        col(ID),
        col("company_name"),
        col("domain"),
        col("industry"),
        coalesce(col("country"), col("_lead_country")).as("country"),
        col("employees").cast("int").as("employees"),
        col("founded_year").cast("int").as("founded_year"),
        coalesce(col("_crm_first"), col("_first_seen_any")).as("first_seen_date"),
        coalesce(col("crm_accounts"), lit(0)).as("crm_accounts"));
  }

  /**
   * The golden company name per customer from CRM accounts ({@code crm}: customer_id, _tie,
   * _seen, name) and the bill-to names of the customer's billing accounts (silver.invoices).
   */
  static Dataset<Row> companyName(Dataset<Row> crm, Dataset<Row> invoices,
      ConformSettings settings) {
    Column billTo = withoutDepartment(col("bill_to_name"), settings.departmentSuffixes());
    Dataset<Row> perInvoice = invoices.where(col(ID).isNotNull())
        .select(col(ID), col("billing_account"),
            col("issue_date"), billTo.as("name"));
    // One vote per billing account: the name most of its invoices carry.
    Dataset<Row> billingVotes = ranked(
        perInvoice.where(col("name").isNotNull())
            .groupBy(col(ID), col("billing_account"), col("name"))
            .agg(count(lit(1)).as("_n"), min("issue_date").as(SEEN)),
        List.of(ID, "billing_account"), col("_n").desc(), col(SEEN).asc(), col("name").asc())
        .select(col(ID), col("name"), lit(2).as("_source_rank"), col(SEEN),
            col("billing_account").as(TIE));
    String legalForm = legalFormPattern(settings);
    Dataset<Row> candidates = crm.where(col("name").isNotNull())
        .select(col(ID), col("name"), lit(1).as("_source_rank"), col(SEEN), col(TIE))
        .unionByName(billingVotes)
        // "Acme, Inc." is a comma style of "Acme Inc.": one spelling, shown without the comma.
        .withColumn("name", regexp_replace(col("name"), "\\s*,\\s*(" + legalForm + ")$", " $1"))
        .withColumn("_name_key", lower(trim(regexp_replace(
            regexp_replace(col("name"), "[.,]", ""), "\\s+", " "))))
        .withColumn("_all_caps",
            col("name").equalTo(upper(col("name"))).and(col("name").notEqual(lower(col("name")))));
    // Spellings that differ only in case and punctuation vote together. The group shows as
    // its mixed-case spelling when it has one, else as written; among those the spelling most
    // records use, then the CRM's, then the earliest.
    Dataset<Row> spelled = candidates
        .withColumn("_votes", count(lit(1)).over(Window.partitionBy(ID, "_name_key")))
        .withColumn("_spelling_votes", count(lit(1)).over(Window.partitionBy(ID, "name")))
        .withColumn("_best_rank", min("_source_rank").over(Window.partitionBy(ID, "_name_key")))
        .withColumn("_first_seen", min(SEEN).over(Window.partitionBy(ID, "_name_key")));
    Dataset<Row> display = ranked(spelled, List.of(ID, "_name_key"), col("_all_caps").asc(),
        col("_spelling_votes").desc(), col("_source_rank").asc(), col(SEEN).asc(),
        col(TIE).asc(), col("name").asc());
    Dataset<Row> withLegal = display.withColumn("_legal",
        col("name").rlike("(^|\\s)(" + legalForm + ")$"));
    return ranked(withLegal, List.of(ID),
            col("_votes").desc(), col("_legal").desc(), col("_best_rank").asc(),
            col("_first_seen").asc(), col("_name_key").asc(), col("name").asc())
        .select(col(ID), col("name").as("company_name"));
  }

  /** The value of {@code column} most rows of a customer carry; ties to the earliest seen. */
  static Dataset<Row> mostCommon(Dataset<Row> rows, String column) {
    Dataset<Row> votes = rows.where(col(column).isNotNull())
        .groupBy(col(ID), col(column))
        .agg(count(lit(1)).as("_n"), min(functions.struct(col(SEEN), col(TIE))).as("_first"));
    return ranked(votes, List.of(ID), col("_n").desc(), col("_first").asc(), col(column).asc())
        .select(col(ID), col(column));
  }

  /** The value of {@code column} of the customer's earliest row that has one. */
  static Dataset<Row> earliest(Dataset<Row> rows, String column) {
    return ranked(rows.where(col(column).isNotNull()), List.of(ID), col(SEEN).asc(), col(TIE).asc())
        .select(col(ID), col(column));
  }

  /** The first row of each {@code group} in the given order. */
  private static Dataset<Row> ranked(Dataset<Row> rows, List<String> group, Column... order) {
    Column[] by = group.stream().map(functions::col).toArray(Column[]::new);
    return rows.withColumn("_rank", row_number().over(Window.partitionBy(by).orderBy(order)))
        .where(col("_rank").equalTo(1)).drop("_rank");
  }

  /** Trimmed, inner runs of white space as one space; blank is null. */
  static Column cleanName(Column name) {
    Column n = trim(regexp_replace(name, "\\s+", " "));
    return when(n.equalTo(""), lit(null).cast("string")).otherwise(n);
  }

  /** "Acme Ltd - Accounts Payable" -> "Acme Ltd" for the configured departments. */
  static Column withoutDepartment(Column name, List<String> departments) {
    if (departments.isEmpty()) {
      return cleanName(name);
    }
    String alternatives = departments.stream().map(Pattern::quote)
        .collect(Collectors.joining("|"));
    return cleanName(regexp_replace(name, "(?i)\\s*[-–,/]\\s*(" + alternatives + ")\\s*$", ""));
  }

  /** "https://www.Acme.com/about" -> "acme.com"; blank is null. */
  static Column domain(Column raw) {
    Column d = lower(trim(raw));
    d = regexp_replace(d, "^[a-z][a-z0-9+.-]*://", "");
    d = regexp_replace(d, "^www\\.", "");
    d = regexp_replace(d, "[/?#].*$", "");
    return when(d.equalTo(""), lit(null).cast("string")).otherwise(d);
  }

  /**
   * ISO 3166 alpha-2 from a typed country: the configured spellings ("UK", "Germany"), else
   * any two-letter value upper-cased; anything else is null.
   */
  public static Column countryCode(Column raw, Map<String, String> countries) {
    Column key = upper(trim(regexp_replace(raw, "\\s+", " ")));
    return coalesce(try_element_at(literalMap(countries), key),
        when(key.rlike("^[A-Z]{2}$"), key));
  }

  /**
   * The canonical industry code of a typed industry: the configured spellings, else the
   * spelling in snake case (so an unknown one stays visible); blank is null.
   */
  public static Column industryCode(Column raw, Map<String, String> industries) {
    Column key = lower(trim(regexp_replace(raw, "\\s+", " ")));
    Column snake = regexp_replace(regexp_replace(key, "[^a-z0-9]+", "_"), "^_+|_+$", "");
    return coalesce(try_element_at(literalMap(industries), key),
        when(snake.notEqual(""), snake));
  }

  /**
   * The configured legal forms as one case-insensitive alternative, each letter optionally
   * followed by a dot ("bv" matches "BV", "B.V." and "b.v").
   */
  static String legalFormPattern(ConformSettings settings) {
    return "(?i:" + settings.legalForms().stream()
        .map(f -> f.chars().mapToObj(ch -> Pattern.quote(Character.toString(ch)) + "\\.?")
            .collect(Collectors.joining()))
        .collect(Collectors.joining("|")) + ")";
  }

  private static Column literalMap(Map<String, String> map) {
    List<Column> kv = new ArrayList<>();
    new TreeMap<>(map).forEach((k, v) -> {
      kv.add(lit(k));
      kv.add(lit(v));
    });
    if (kv.isEmpty()) {
      return functions.map_from_arrays(functions.array().cast("array<string>"),
          functions.array().cast("array<string>"));
    }
    return functions.map(kv.toArray(Column[]::new));
  }
}
