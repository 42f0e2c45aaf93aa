package brightstar.ingest;

import brightstar.BrightstarException;
import brightstar.config.BrightstarConfig;
import brightstar.quality.DqRule;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Reads the per-source contracts: one HOCON file {@code <source>.conf} per silo, from the folder
 * {@code brightstar.ingest.contracts} when it exists on disk, else from {@code conf/sources/}
 * inside the jar. Every contract is validated when read, so a typo fails before any data is
 * touched, with the file, the entity and the key in the message. The format is documented in
 * {@code docs/ingest.md}.
 */
public final class Contracts {
  public static final String DIRECTORY_KEY = "brightstar.ingest.contracts";
  /** Bump when parsing semantics change, so re-runs reload days parsed by the old engine. */
  static final String ENGINE_VERSION = "ingest-1";

  private static final String CLASSPATH_DIR = "conf/sources";
  private static final Pattern IDENT = Pattern.compile("[a-z][a-z0-9_]*");
  private static final Set<String> SOURCE_KEYS = Set.of("source", "description", "entities");
  private static final Set<String> ENTITY_KEYS =
      Set.of(
          "name", "description", "format", "options", "schema", "business-key", "event-time",
          "pii", "required", "not-null", "enums", "ranges", "dq");
  private static final Set<String> OPTION_KEYS =
      Set.of("delimiter", "quote", "encoding", "date-format", "timestamp-format");
  private static final Set<String> RANGE_KEYS = Set.of("column", "min", "max", "when");
  private static final Set<String> DQ_KEYS =
      Set.of("name", "check", "column", "columns", "min", "max", "expression", "min-ratio",
          "level");

  private Contracts() {}

  /** Every source's contract, sorted by source name. */
  public static List<SourceContract> load(BrightstarConfig config) {
    Path dir = Path.of(config.raw().getString(DIRECTORY_KEY));
    return Files.isDirectory(dir) ? loadDirectory(dir) : loadClasspath();
  }

  /** The named source's contract, or every source's for {@code all}. */
  public static List<SourceContract> select(List<SourceContract> all, String source) {
    if ("all".equals(source)) {
      return all;
    }
    List<String> names = all.stream().map(SourceContract::source).toList();
    return all.stream()
        .filter(s -> s.source().equals(source))
        .findFirst()
        .map(List::of)
        .orElseThrow(
            () ->
                new BrightstarException(
                    "unknown source '" + source + "'",
                    "there is no contract conf/sources/" + source + ".conf (known: "
                        + String.join(", ", names) + ")",
                    "pass one of the known sources or 'all', or add a contract file"));
  }

  /** Every {@code *.conf} file of a folder on disk. */
  public static List<SourceContract> loadDirectory(Path dir) {
    List<SourceContract> sources = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".conf")).sorted().toList()) {
        String origin = file.toString();
        sources.add(parse(parseHocon(origin, () -> ConfigFactory.parseFile(file.toFile())),
            sourceName(file.getFileName().toString()), origin));
      }
    } catch (IOException e) {
      throw new BrightstarException(
          "cannot list source contracts in " + dir, e.getMessage(),
          "check " + DIRECTORY_KEY + " points at a readable folder", e);
    }
    return requireSome(sources, dir.toString());
  }

  /** Every {@code conf/sources/*.conf} resource on the classpath (the jar's copy of conf/). */
  public static List<SourceContract> loadClasspath() {
    List<SourceContract> sources = new ArrayList<>();
    for (String name : classpathContractNames()) {
      String resource = CLASSPATH_DIR + "/" + name;
      sources.add(parse(parseHocon("classpath:" + resource,
          () -> ConfigFactory.parseResources(Contracts.class.getClassLoader(), resource)),
          sourceName(name), "classpath:" + resource));
    }
    return requireSome(sources, "classpath:" + CLASSPATH_DIR);
  }

  private static List<SourceContract> requireSome(List<SourceContract> sources, String where) {
    if (sources.isEmpty()) {
      throw new BrightstarException(
          "no source contracts found in " + where,
          "the folder holds no <source>.conf file",
          "set " + DIRECTORY_KEY + " to the folder of contracts (see docs/ingest.md)");
    }
    return sources;
  }

  private static List<String> classpathContractNames() {
    URL url = Contracts.class.getClassLoader().getResource(CLASSPATH_DIR);
    if (url == null) {
      return List.of();
    }
    TreeSet<String> names = new TreeSet<>();
    try {
      if ("jar".equals(url.getProtocol())) {
        JarFile jar = ((JarURLConnection) url.openConnection()).getJarFile();
        for (JarEntry e : Collections.list(jar.entries())) {
          String n = e.getName();
          if (n.startsWith(CLASSPATH_DIR + "/") && n.endsWith(".conf")
              && n.indexOf('/', CLASSPATH_DIR.length() + 1) < 0) {
            names.add(n.substring(CLASSPATH_DIR.length() + 1));
          }
        }
      } else {
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
          files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".conf"))
              .forEach(names::add);
        }
      }
    } catch (IOException | URISyntaxException e) {
      throw new BrightstarException(
          "cannot list the packaged source contracts at " + url, e.getMessage(),
          "rebuild the jar, or set " + DIRECTORY_KEY + " to a folder of contracts", e);
    }
    return List.copyOf(names);
  }

  private static String sourceName(String fileName) {
    return fileName.substring(0, fileName.length() - ".conf".length());
  }

  private static Config parseHocon(String origin, java.util.function.Supplier<Config> read) {
    try {
      return read.get().resolve();
    } catch (ConfigException e) {
      throw new BrightstarException(
          "cannot read source contract " + origin, e.getMessage(), "fix the HOCON syntax", e);
    }
  }

  /** Validates and converts one contract file; {@code source} is its file name. */
  public static SourceContract parse(Config file, String source, String origin) {
    Reader r = new Reader(origin, null);
    r.check(IDENT.matcher(source).matches(), "the file name must be a lower-case identifier",
        "rename the file, e.g. conf/sources/" + source.toLowerCase(Locale.ROOT) + ".conf");
    r.onlyKeys(file.root(), SOURCE_KEYS, "the file");
    if (file.hasPath("source")) {
      r.check(file.getString("source").equals(source),
          "key 'source' says '" + file.getString("source") + "' but the file is " + source
              + ".conf", "make the two agree");
    }
    r.check(file.hasPath("entities"), "key 'entities' is missing",
        "add an 'entities' list (see docs/ingest.md)");
    List<EntityContract> entities = new ArrayList<>();
    Set<String> seen = new TreeSet<>();
    for (Config entity : r.get(() -> file.getConfigList("entities"))) {
      EntityContract e = parseEntity(entity, source, origin);
      r.check(seen.add(e.entity()), "entity '" + e.entity() + "' is declared twice",
          "remove one of them");
      entities.add(e);
    }
    r.check(!entities.isEmpty(), "'entities' is empty", "declare at least one entity");
    return new SourceContract(source, origin, entities);
  }

  private static EntityContract parseEntity(Config c, String source, String origin) {
    Reader r0 = new Reader(origin, null);
    r0.check(c.hasPath("name"), "an entity has no 'name'", "add name = <entity>");
    String entity = r0.get(() -> c.getString("name"));
    Reader r = new Reader(origin, entity);
    r.check(IDENT.matcher(entity).matches(), "the name must be a lower-case identifier",
        "rename it, e.g. credit_notes");
    r.onlyKeys(c.root(), ENTITY_KEYS, "the entity");
    EntityContract.Format format = r.get(() ->
        EntityContract.Format.valueOf(c.getString("format").toUpperCase(Locale.ROOT)));
    ReaderOptions options = c.hasPath("options")
        ? parseOptions(r, c.getConfig("options")) : ReaderOptions.LANDING_DEFAULTS;
    StructType schema = parseSchema(r, c);
    List<String> columns = List.of(schema.fieldNames());
    List<String> key = r.columns(c, "business-key", columns);
    r.check(!key.isEmpty(), "'business-key' is missing or empty", "name the key column(s)");
    String eventTime = c.hasPath("event-time") ? r.get(() -> c.getString("event-time")) : null;
    if (eventTime != null) {
      r.check(columns.contains(eventTime), "event-time '" + eventTime + "' is not in the schema",
          "name a DATE or TIMESTAMP column of the schema");
      DataType t = schema.apply(eventTime).dataType();
      r.check(t instanceof DateType || t instanceof TimestampType || t instanceof TimestampNTZType,
          "event-time '" + eventTime + "' is " + t.sql() + ", not a date or timestamp",
          "declare it DATE or TIMESTAMP");
    }
    List<String> required = c.hasPath("required") ? r.columns(c, "required", columns) : columns;
    for (String k : key) {
      r.check(required.contains(k), "business-key column '" + k + "' is not in 'required'",
          "add it to 'required': a file without its key cannot be loaded");
    }
    Map<String, List<String>> enums = parseEnums(r, c, schema);
    List<RangeRule> ranges = parseRanges(r, c, schema);
    List<DqRule> dq = parseDq(r, c, schema, key);
    String fingerprint = sha256(ENGINE_VERSION + "\n" + source + "\n"
        + c.root().render(ConfigRenderOptions.concise()));
    return new EntityContract(source, entity, format, options, schema, key, eventTime,
        r.columns(c, "pii", columns), required, r.columns(c, "not-null", columns), enums, ranges,
        dq, fingerprint, origin);
  }

  private static ReaderOptions parseOptions(Reader r, Config o) {
    r.onlyKeys(o.root(), OPTION_KEYS, "options");
    ReaderOptions d = ReaderOptions.LANDING_DEFAULTS;
    String delimiter = o.hasPath("delimiter") ? o.getString("delimiter") : "" + d.delimiter();
    String quote = o.hasPath("quote") ? o.getString("quote") : "" + d.quote();
    r.check(delimiter.length() == 1 && quote.length() == 1 && !delimiter.equals(quote),
        "options.delimiter and options.quote must be two different single characters",
        "e.g. delimiter = \";\"");
    String encoding = o.hasPath("encoding") ? o.getString("encoding") : d.encoding();
    r.check(java.nio.charset.Charset.isSupported(encoding),
        "options.encoding '" + encoding + "' is not a known charset", "use e.g. UTF-8");
    String dateFormat = o.hasPath("date-format") ? o.getString("date-format") : d.dateFormat();
    String tsFormat =
        o.hasPath("timestamp-format") ? o.getString("timestamp-format") : d.timestampFormat();
    for (String p : List.of(dateFormat, tsFormat)) {
      r.get(() -> ValueParser.formatter(p, true));
    }
    return new ReaderOptions(delimiter.charAt(0), quote.charAt(0), encoding, dateFormat, tsFormat);
  }

  private static StructType parseSchema(Reader r, Config c) {
    r.check(c.hasPath("schema"), "key 'schema' is missing",
        "declare the columns as DDL, e.g. schema = \"id STRING, amount DECIMAL(18,2)\"");
    String ddl = r.get(() -> c.getString("schema"));
    StructType schema;
    try {
      schema = StructType.fromDDL(ddl.strip());
    } catch (RuntimeException e) {
      throw r.error("'schema' is not valid DDL: " + firstLine(e.getMessage()),
          "write it as 'name TYPE, name TYPE, ...'");
    }
    for (StructField f : schema.fields()) {
      r.check(IDENT.matcher(f.name()).matches(), "column '" + f.name()
          + "' is not a lower-case identifier (names starting with _ are for lineage)",
          "use the landing column name in snake_case");
      r.check(supported(f.dataType()), "column '" + f.name() + "' has type "
          + f.dataType().sql() + ", which the ingest engine does not parse",
          "use STRING, INT, BIGINT, SMALLINT, DECIMAL(p,s), DOUBLE, FLOAT, BOOLEAN, DATE, "
              + "TIMESTAMP or TIMESTAMP_NTZ");
    }
    return schema;
  }

  static boolean supported(DataType t) {
    return t instanceof StringType || t instanceof IntegerType || t instanceof LongType
        || t instanceof ShortType || t instanceof DecimalType || t instanceof DoubleType
        || t instanceof FloatType || t instanceof BooleanType || t instanceof DateType
        || t instanceof TimestampType || t instanceof TimestampNTZType;
  }

  private static boolean orderable(DataType t) {
    return supported(t) && !(t instanceof StringType) && !(t instanceof BooleanType);
  }

  private static Map<String, List<String>> parseEnums(Reader r, Config c, StructType schema) {
    Map<String, List<String>> enums = new LinkedHashMap<>();
    if (!c.hasPath("enums")) {
      return enums;
    }
    ConfigObject o = r.get(() -> c.getObject("enums"));
    for (String column : new TreeSet<>(o.keySet())) {
      r.check(List.of(schema.fieldNames()).contains(column),
          "enums: column '" + column + "' is not in the schema", "fix the column name");
      r.check(schema.apply(column).dataType() instanceof StringType,
          "enums: column '" + column + "' is not a STRING", "enums apply to STRING columns");
      List<String> values = r.get(() -> c.getConfig("enums").getStringList(quoteKey(column)));
      r.check(!values.isEmpty(), "enums: '" + column + "' lists no values", "list the values");
      enums.put(column, values);
    }
    return enums;
  }

  private static List<RangeRule> parseRanges(Reader r, Config c, StructType schema) {
    List<RangeRule> ranges = new ArrayList<>();
    if (!c.hasPath("ranges")) {
      return ranges;
    }
    for (Config rc : r.get(() -> c.getConfigList("ranges"))) {
      r.onlyKeys(rc.root(), RANGE_KEYS, "a range");
      String column = r.get(() -> rc.getString("column"));
      String min = literal(rc, "min");
      String max = literal(rc, "max");
      checkBounds(r, schema, "ranges", column, min, max);
      String when = rc.hasPath("when") ? rc.getString("when") : null;
      if (when != null) {
        sqlCondition(r, when, "ranges: 'when' for " + column);
      }
      ranges.add(new RangeRule(column, min, max, when));
    }
    return ranges;
  }

  private static List<DqRule> parseDq(
      Reader r, Config c, StructType schema, List<String> key) {
    List<DqRule> rules = new ArrayList<>();
    if (!c.hasPath("dq")) {
      return rules;
    }
    List<String> names = List.of(schema.fieldNames());
    for (Config d : r.get(() -> c.getConfigList("dq"))) {
      r.onlyKeys(d.root(), DQ_KEYS, "a dq rule");
      DqRule.Check check = r.get(() ->
          DqRule.Check.valueOf(d.getString("check").toUpperCase(Locale.ROOT)));
      List<String> columns = d.hasPath("columns") ? r.columns(d, "columns", names)
          : d.hasPath("column") ? r.columns(d, "column", names) : List.of();
      if (check == DqRule.Check.UNIQUENESS && columns.isEmpty()) {
        columns = key;
      }
      String expression = d.hasPath("expression") ? d.getString("expression") : null;
      if (check == DqRule.Check.SATISFIES) {
        r.check(expression != null, "dq satisfies: no 'expression' given",
            "write the condition every row must meet, e.g. expression = \"a >= b\"");
        sqlCondition(r, expression, "dq satisfies");
      } else {
        r.check(!columns.isEmpty(), "dq " + check.label() + ": no 'column' given",
            "name the column(s) it checks");
      }
      String min = literal(d, "min");
      String max = literal(d, "max");
      if (check == DqRule.Check.RANGE) {
        r.check(columns.size() == 1, "dq range: give exactly one 'column'", "split the rule");
        checkBounds(r, schema, "dq range", columns.get(0), min, max);
      }
      double minRatio = d.hasPath("min-ratio") ? r.get(() -> d.getDouble("min-ratio")) : 1.0;
      r.check(minRatio >= 0 && minRatio <= 1, "dq min-ratio " + minRatio + " is not in 0..1",
          "give the smallest passing share, e.g. 0.95");
      DqRule.Level level = r.get(() -> DqRule.Level.valueOf(
          (d.hasPath("level") ? d.getString("level") : "warn").toUpperCase(Locale.ROOT)));
      final List<String> cols = columns;
      String name = d.hasPath("name") ? d.getString("name")
          : DqRule.defaultName(check, cols, expression);
      rules.add(new DqRule(name, check, cols, min, max, expression, minRatio, level));
    }
    return rules;
  }

  private static void sqlCondition(Reader r, String condition, String what) {
    try {
      CatalystSqlParser$.MODULE$.parseExpression(condition);
    } catch (Exception e) {
      throw r.error(what + " is not a SQL condition: " + firstLine(e.getMessage()),
          "write a Spark SQL condition, e.g. \"survey_type = 'nps'\"");
    }
  }

  private static void checkBounds(
      Reader r, StructType schema, String what, String column, String min, String max) {
    r.check(List.of(schema.fieldNames()).contains(column),
        what + ": column '" + column + "' is not in the schema", "fix the column name");
    DataType t = schema.apply(column).dataType();
    r.check(orderable(t), what + ": column '" + column + "' is " + t.sql()
        + ", which has no range", "ranges apply to numbers, dates and timestamps");
    r.check(min != null || max != null, what + ": " + column + " has neither min nor max",
        "give min, max or both");
    for (String bound : java.util.Arrays.asList(min, max)) {
      if (bound == null) {
        continue;
      }
      boolean ok;
      try {
        if (t instanceof DateType) {
          LocalDate.parse(bound);
        } else if (t instanceof TimestampType || t instanceof TimestampNTZType) {
          java.time.LocalDateTime.parse(bound);
        } else {
          new java.math.BigDecimal(bound);
        }
        ok = true;
      } catch (RuntimeException e) {
        ok = false;
      }
      r.check(ok, what + ": bound '" + bound + "' of " + column + " is not a " + t.sql(),
          "write the bound as a literal of the column's type");
    }
  }

  private static String literal(Config c, String key) {
    if (!c.hasPath(key)) {
      return null;
    }
    Object v = c.getValue(key).unwrapped();
    return v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)
        ? String.valueOf(d.longValue()) : String.valueOf(v);
  }

  private static String quoteKey(String key) {
    return "\"" + key + "\"";
  }

  static String sha256(String text) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.strip().split("\\R", 2)[0];
  }

  /** Builds every contract error in one shape: file, entity, cause, fix. */
  private record Reader(String origin, String entity) {
    BrightstarException error(String cause, String fix) {
      return new BrightstarException("cannot read source contract " + origin,
          (entity == null ? "" : "entity " + entity + ": ") + cause, fix);
    }

    void check(boolean ok, String cause, String fix) {
      if (!ok) {
        throw error(cause, fix);
      }
    }

    <T> T get(java.util.function.Supplier<T> read) {
      try {
        return read.get();
      } catch (ConfigException | IllegalArgumentException e) {
        throw error(firstLine(e.getMessage()), "see the contract format in docs/ingest.md");
      }
    }

    /** A string or a list of strings, each a column of the schema. */
    List<String> columns(Config c, String key, List<String> schema) {
      if (!c.hasPath(key)) {
        return List.of();
      }
      ConfigValue v = c.getValue(key);
      List<String> names = v.unwrapped() instanceof String s ? List.of(s)
          : get(() -> c.getStringList(key));
      for (String n : names) {
        check(schema.contains(n), "'" + key + "' names '" + n + "', which is not in the schema",
            "use a column of the schema: " + String.join(", ", schema));
      }
      return List.copyOf(names);
    }

    void onlyKeys(ConfigObject o, Set<String> known, String where) {
      for (String k : o.keySet()) {
        check(known.contains(k), where + " has an unknown key '" + k + "'",
            "use only " + String.join(", ", new TreeSet<>(known)));
      }
    }
  }
}
