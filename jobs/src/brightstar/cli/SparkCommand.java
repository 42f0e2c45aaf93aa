package brightstar.cli;

import brightstar.Progress;
import brightstar.config.BrightstarConfig;
import brightstar.spark.Sessions;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Mixin;

/** A command that needs Spark: resolve config, start the one session, run, always stop. */
abstract class SparkCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Override
  public final Integer call() throws Exception {
    BrightstarConfig config = common.resolve();
    if (System.getenv("BRIGHTSTAR_DEBUG") != null) {
      config.describe().forEach(line -> System.err.println("config: " + line));
    }
    SparkSession spark = Sessions.start(config);
    try {
      return run(spark, config);
    } finally {
      spark.stop();
    }
  }

  protected Progress progress(String stage) {
    return new Progress(stage);
  }

  abstract int run(SparkSession spark, BrightstarConfig config) throws Exception;
}
