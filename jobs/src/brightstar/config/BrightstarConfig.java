package brightstar.config;

import brightstar.BrightstarException;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.io.File;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The typed configuration of every job, resolved once at start-up.
 *
 * <p>Precedence, highest first: flags ({@code overrides}), environment variables
 * ({@code BRIGHTSTAR_<KEY>}), a config file, the embedded defaults ({@code conf/brightstar.conf}
 * inside the jar). Jobs read their own sections through {@link #raw()}; the keys every job
 * shares have typed accessors.
 */
public final class BrightstarConfig {
  public static final String ROOT = "brightstar";
  private static final String DEFAULTS_RESOURCE = "conf/brightstar.conf";
  private static final Pattern SECRET = Pattern.compile("(?i).*(secret|password|token|credential|access[.-]key).*");

  private final Config config;

  private BrightstarConfig(Config config) {
    this.config = config;
  }

  /**
   * Resolves the configuration.
   *
   * @param file a config file to layer over the defaults, or null for none
   * @param env the environment (System.getenv() in production, a map in tests)
   * @param overrides flag values as dotted keys, e.g. {@code brightstar.warehouse}
   */
  public static BrightstarConfig load(File file, Map<String, String> env, Map<String, ?> overrides) {
    Config defaults = ConfigFactory.parseResources(DEFAULTS_RESOURCE);
    if (!defaults.hasPath(ROOT)) {
      throw new BrightstarException(
          "cannot load the embedded defaults",
          DEFAULTS_RESOURCE + " is not on the classpath",
          "build with 'mvn package' or run through bin/brightstar");
    }
    Config fromFile = ConfigFactory.empty();
    if (file != null) {
      if (!file.isFile()) {
        throw new BrightstarException(
            "cannot read config file " + file,
            "the file does not exist",
            "pass an existing file with --config or BRIGHTSTAR_CONFIG");
      }
      try {
        fromFile = ConfigFactory.parseFile(file);
      } catch (ConfigException e) {
        throw new BrightstarException(
            "cannot parse config file " + file, e.getMessage(), "fix the HOCON syntax", e);
      }
    }
    Config base = fromFile.withFallback(defaults);
    Config fromEnv = environmentOverrides(base, env);
    Config fromFlags = ConfigFactory.parseMap(overrides, "command-line flags");
    try {
      return new BrightstarConfig(fromFlags.withFallback(fromEnv).withFallback(base).resolve());
    } catch (ConfigException e) {
      throw new BrightstarException(
          "cannot resolve the configuration", e.getMessage(), "check the substitutions", e);
    }
  }

  /** The embedded defaults only (tests and tools that take no user input). */
  public static BrightstarConfig defaults() {
    return load(null, Map.of(), Map.of());
  }

  /** A copy with one more override, e.g. a test pointing the warehouse at a temp folder. */
  public BrightstarConfig with(String path, Object value) {
    return new BrightstarConfig(config.withValue(path, ConfigValueFactory.fromAnyRef(value)));
  }

  /** BRIGHTSTAR_SPARK_SHUFFLE_PARTITIONS for brightstar.spark.shuffle-partitions, and so on. */
  static String environmentName(String path) {
    String key = path.startsWith(ROOT + ".") ? path.substring(ROOT.length() + 1) : path;
    return "BRIGHTSTAR_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private static Config environmentOverrides(Config base, Map<String, String> env) {
    Map<String, Object> found = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigValue> e : base.getConfig(ROOT).entrySet()) {
      String path = ROOT + "." + e.getKey();
      String value = env.get(environmentName(path));
      if (value != null) {
        found.put(path, value);
      }
    }
    return ConfigFactory.parseMap(found, "environment");
  }

  public Config raw() {
    return config;
  }

  public String warehouse() {
    return stripSlash(config.getString("brightstar.warehouse"));
  }

  public String landing() {
    return stripSlash(config.getString("brightstar.landing"));
  }

  /** Where models are saved: {@code brightstar.models}, or {@code <warehouse>/models}. */
  public String models() {
    String models = config.getString("brightstar.models");
    return models.isBlank() ? warehouse() + "/models" : stripSlash(models);
  }

  public String sparkMaster() {
    return config.getString("brightstar.spark.master");
  }

  /** {@code delta}, or {@code parquet} for the benchmark's comparison (TableCatalog). */
  public String tableFormat() {
    String format = config.getString("brightstar.table-format");
    if (!format.equals("delta") && !format.equals("parquet")) {
      throw new BrightstarException(
          "brightstar.table-format is '" + format + "'",
          "the jobs write delta (or parquet, for the benchmark's comparison only)",
          "set brightstar.table-format = delta");
    }
    return format;
  }

  public String appName() {
    return config.getString("brightstar.spark.app-name");
  }

  public int shufflePartitions() {
    return config.getInt("brightstar.spark.shuffle-partitions");
  }

  public boolean uiEnabled() {
    return config.getBoolean("brightstar.spark.ui-enabled");
  }

  /** Extra Spark settings from brightstar.spark.extra, e.g. spark.executor.memory. */
  public Map<String, String> sparkExtra() {
    Map<String, String> extra = new TreeMap<>();
    Config section = config.getConfig("brightstar.spark.extra");
    for (Map.Entry<String, ConfigValue> e : section.entrySet()) {
      extra.put(unquote(e.getKey()), String.valueOf(e.getValue().unwrapped()));
    }
    return extra;
  }

  /** One line per setting, secrets masked: what a job logs at start. */
  public List<String> describe() {
    Map<String, String> lines = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> e : config.getConfig(ROOT).entrySet()) {
      String key = ROOT + "." + e.getKey();
      String value = e.getValue().render(ConfigRenderOptions.concise());
      lines.put(key, SECRET.matcher(e.getKey()).matches() ? "****" : value);
    }
    return lines.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).toList();
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") && s.length() > 1 ? s.substring(0, s.length() - 1) : s;
  }

  private static String unquote(String key) {
    return key.replace("\"", "");
  }
}
