package brightstar.cli;

import brightstar.Progress;
import brightstar.bi.BiViews;
import brightstar.bi.SqlEndpoint;
import brightstar.config.BrightstarConfig;
import brightstar.io.TableCatalog;
import java.util.concurrent.CountDownLatch;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bin/brightstar serve-sql}: a HiveServer2-protocol SQL endpoint over the warehouse for
 * BI tools ({@code jdbc:hive2://host:port/default}), until stopped (SIGTERM or Ctrl-C).
 */
@Command(
    name = "serve-sql",
    mixinStandardHelpOptions = true,
    description = {
      "Serve every warehouse table and the BI views gold.v_* over JDBC/ODBC (HiveServer2"
          + " protocol, the Spark Thrift Server) until stopped with SIGTERM or Ctrl-C.",
      "Connect with jdbc:hive2://<bind>:<port>/default (docs/bi.md)."
    })
final class ServeSqlCommand extends SparkCommand {
  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      defaultValue = "10000",
      description = "TCP port to listen on (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--bind",
      defaultValue = "127.0.0.1",
      description =
          "Address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 opens"
              + " it to the network, without authentication).")
  String bind;

  @Override
  protected void validate() {
    if (port < 1 || port > 65535) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--port must be between 1 and 65535, not " + port);
    }
  }

  @Override
  protected boolean namesTables() {
    return true;
  }

  @Override
  int run(SparkSession spark, BrightstarConfig config) throws Exception {
    Progress progress = progress("serve-sql");
    TableCatalog catalog = new TableCatalog(spark, config.warehouse());
    // Sessions.start registered every table already; count them for the log.
    long tables = 0;
    for (String layer : TableCatalog.LAYERS) {
      tables += spark.catalog().listTables(layer).count();
    }
    BiViews.Outcome views = BiViews.create(spark, catalog, progress::log);
    progress.log(
        tables + " tables and " + views.created().size() + " BI views from "
            + config.warehouse());
    SqlEndpoint endpoint = SqlEndpoint.start(spark, bind, port, progress);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  progress.log("stopping");
                  endpoint.close();
                  stopped.countDown();
                  progress.log("stopped");
                },
                "serve-sql-shutdown"));
    progress.log("listening on jdbc:hive2://" + bind + ":" + port + "/default (stop: SIGTERM)");
    stopped.await();
    return 0;
  }
}
