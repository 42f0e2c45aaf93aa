package brightstar.bi;

import brightstar.BrightstarException;
import brightstar.Progress;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.sql.SQLContext;
import org.apache.spark.sql.SparkSession;

/**
 * The HiveServer2-protocol endpoint for BI tools: Spark's Thrift Server ({@code
 * HiveThriftServer2}) started inside an existing session, so it serves that session's catalog
 * (every warehouse table registered by name, the {@code gold.v_*} views) without a Hive
 * metastore of its own; Hive's execution client runs on an in-memory Derby database.
 *
 * <p>The Thrift Server is not published to Maven Central for Scala 2.13; its jars come from the
 * pip {@code pyspark} distribution, which {@code bin/brightstar serve-sql} puts on the class
 * path. Hence the reflection: this class compiles without them.
 */
public final class SqlEndpoint implements AutoCloseable {
  static final String SERVER_CLASS = "org.apache.spark.sql.hive.thriftserver.HiveThriftServer2";

  private final Object server;

  private SqlEndpoint(Object server) {
    this.server = server;
  }

  /**
   * Starts the endpoint on {@code bind:port} over the session's catalog and logs every
   * statement with its time through {@code progress}. Returns once it accepts connections.
   */
  public static SqlEndpoint start(SparkSession spark, String bind, int port, Progress progress) {
    Class<?> serverClass;
    try {
      serverClass = Class.forName(SERVER_CLASS);
    } catch (ClassNotFoundException e) {
      throw new BrightstarException(
          "the Spark Thrift Server is not on the class path",
          SERVER_CLASS + " ships in the pip pyspark distribution, not in Maven Central",
          "start the endpoint with bin/brightstar serve-sql, which installs it", e);
    }
    // Read by Hive's server configuration, which is built from the session's settings.
    spark.conf().set("hive.server2.thrift.bind.host", bind);
    spark.conf().set("hive.server2.thrift.port", Integer.toString(port));
    spark.conf().set("hive.server2.transport.mode", "binary");
    // Thrift sessions return dates as java.time values, and Delta 4.0.1's metadata-only
    // answer to max(date_column) then fails with "LocalDate cannot be cast to java.sql.Date"
    // (every gold.v_* view filters on max(as_of_date)). Set on the SparkConf, not the session,
    // because each client connection gets a new session whose settings start from it.
    spark
        .sparkContext()
        .conf()
        .set("spark.databricks.delta.optimizeMetadataQuery.enabled", "false");
    spark.sparkContext().addSparkListener(new StatementLog(progress));
    try {
      Method start = serverClass.getMethod("startWithContext", SQLContext.class);
      return new SqlEndpoint(start.invoke(null, spark.sqlContext()));
    } catch (InvocationTargetException e) {
      throw new BrightstarException(
          "the SQL endpoint did not start on " + bind + ":" + port,
          String.valueOf(e.getCause()),
          "pick a free port with --port, or a local address with --bind",
          e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new BrightstarException(
          "the Spark Thrift Server on the class path is not the expected version",
          e.toString(),
          "use the pyspark version bin/brightstar serve-sql installs (4.0.1)",
          e);
    }
  }

  @Override
  public void close() {
    try {
      server.getClass().getMethod("stop").invoke(server);
    } catch (ReflectiveOperationException e) {
      throw new BrightstarException(
          "the SQL endpoint did not stop cleanly", e.toString(), "stop the process", e);
    }
  }

  /**
   * One log line per statement a client ran, with its time. The Thrift Server reports each
   * statement on the listener bus; its event classes are package-private Scala case classes,
   * so their accessors are looked up by name.
   */
  static final class StatementLog extends SparkListener {
    private final Progress progress;
    private final Map<String, String> statements = new ConcurrentHashMap<>();
    private final Map<String, Long> starts = new ConcurrentHashMap<>();

    StatementLog(Progress progress) {
      this.progress = progress;
    }

    @Override
    public void onOtherEvent(SparkListenerEvent event) {
      switch (event.getClass().getSimpleName()) {
        case "SparkListenerThriftServerOperationStart" -> {
          String id = (String) get(event, "id");
          statements.put(id, oneLine((String) get(event, "statement")));
          starts.put(id, (Long) get(event, "startTime"));
        }
        case "SparkListenerThriftServerOperationFinish" -> done(event, "finishTime", "ok");
        case "SparkListenerThriftServerOperationError" ->
            done(event, "finishTime", "failed: " + oneLine((String) get(event, "errorMsg")));
        default -> {}
      }
    }

    private void done(SparkListenerEvent event, String timeField, String outcome) {
      String id = (String) get(event, "id");
      String statement = statements.remove(id);
      Long start = starts.remove(id);
      if (statement != null && start != null) {
        long millis = (Long) get(event, timeField) - start;
        progress.log(String.format(Locale.ROOT, "%,d ms %s: %s", millis, outcome, statement));
      }
    }

    private static Object get(Object event, String accessor) {
      try {
        return event.getClass().getMethod(accessor).invoke(event);
      } catch (ReflectiveOperationException e) {
        throw new BrightstarException(
            "unexpected Thrift Server event " + event.getClass().getName(),
            "it has no " + accessor + "()",
            "use the pyspark version bin/brightstar serve-sql installs (4.0.1)",
            e);
      }
    }

    private static String oneLine(String text) {
      String line = text == null ? "" : text.strip().replaceAll("\\s+", " ");
      return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
  }
}
