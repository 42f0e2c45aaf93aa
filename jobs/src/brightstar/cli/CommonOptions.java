package brightstar.cli;

import brightstar.config.BrightstarConfig;
import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The flags every command takes; they override environment, config file and defaults. */
public final class CommonOptions {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Config file layered over the defaults (env: BRIGHTSTAR_CONFIG).")
  File configFile;

  @Option(
      names = "--warehouse",
      paramLabel = "DIR",
      description = "Warehouse root, a folder or s3a://bucket/prefix.")
  String warehouse;

  @Option(names = "--landing", paramLabel = "DIR", description = "Landing-zone root.")
  String landing;

  @Option(names = "--master", paramLabel = "URL", description = "Spark master, e.g. local[2].")
  String master;

  @Option(
      names = "--conf",
      paramLabel = "KEY=VALUE",
      description = "Any setting, e.g. --conf brightstar.spark.shuffle-partitions=8.")
  Map<String, String> conf = new LinkedHashMap<>();

  /** Resolves flags > environment > file > embedded defaults. */
  public BrightstarConfig resolve() {
    Map<String, String> env = System.getenv();
    File file = configFile;
    if (file == null && env.get("BRIGHTSTAR_CONFIG") != null) {
      file = new File(env.get("BRIGHTSTAR_CONFIG"));
    }
    Map<String, Object> flags = new LinkedHashMap<>(conf);
    putIfSet(flags, "brightstar.warehouse", warehouse);
    putIfSet(flags, "brightstar.landing", landing);
    putIfSet(flags, "brightstar.spark.master", master);
    return BrightstarConfig.load(file, env, flags);
  }

  private static void putIfSet(Map<String, Object> flags, String key, String value) {
    if (value != null) {
      flags.put(key, value);
    }
  }
}
