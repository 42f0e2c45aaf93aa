package brightstar.cli;

import brightstar.bi.BiViews;
import brightstar.config.BrightstarConfig;
import brightstar.io.TableCatalog;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bin/brightstar sql "select ..."}: one statement against bronze.*, silver.*, gold.*
 * and the BI views gold.v_*.
 */
@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    description = "Run one SQL statement against the warehouse and print the result.")
final class SqlCommand extends SparkCommand {
  private static final Pattern MAY_USE_VIEWS =
      Pattern.compile("(?i)\\bv_|^\\s*(show|describe|desc)\\b");

  @Parameters(index = "0", paramLabel = "QUERY", description = "The SQL statement.")
  String query;

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  ResultFormat format;

  @Option(
      names = "--max-rows",
      defaultValue = "1000",
      description = "Print at most this many rows (default: ${DEFAULT-VALUE}).")
  int maxRows;

  /**
   * A query's answer is the whole output: Spark's warnings (a truncated plan string, a
   * native-library notice) would interleave with it on the terminal, so only errors are logged
   * unless BRIGHTSTAR_DEBUG asks for everything.
   */
  @Override
  protected void validate() {
    if (System.getenv("BRIGHTSTAR_DEBUG") == null) {
      Configurator.setRootLevel(Level.ERROR);
    }
  }

  @Override
  protected boolean namesTables() {
    return true;
  }

  @Override
  int run(SparkSession spark, BrightstarConfig config) {
    // The BI views too, so what a BI tool sees through serve-sql can be checked from here;
    // only for a statement that may read or list them, as creating them reads each table's log.
    if (MAY_USE_VIEWS.matcher(query).find()) {
      BiViews.create(spark, new TableCatalog(spark, config.warehouse()), skipped -> {});
    }
    Dataset<Row> result = spark.sql(query);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    out.print(ResultFormat.render(result, format, maxRows));
    out.flush();
    return 0;
  }
}
