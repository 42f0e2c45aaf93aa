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
    validate();
    BrightstarConfig config = common.resolve();
    if (System.getenv("BRIGHTSTAR_DEBUG") != null) {
      config.describe().forEach(line -> System.err.println("config: " + line));
    }
    // A session that was already running (a test harness, a notebook calling Main) belongs
    // to whoever started it; only a session this command started is stopped here.
    boolean joined = SparkSession.getDefaultSession().isDefined();
    SparkSession spark = Sessions.start(config, namesTables());
    try {
      return run(spark, config);
    } finally {
      if (!joined) {
        spark.stop();
      }
    }
  }

  /**
   * Flag checks picocli cannot express, run before the (slow) session start; throw a
   * {@code CommandLine.ParameterException} for a usage error (exit code 2).
   */
  protected void validate() {}

  /**
   * True for a command whose statements name tables ({@code gold.customer_360}): the session
   * registers every warehouse table at start. Jobs read and write by path and need no names.
   */
  protected boolean namesTables() {
    return false;
  }

  protected Progress progress(String stage) {
    return new Progress(stage);
  }

  abstract int run(SparkSession spark, BrightstarConfig config) throws Exception;
}
