package brightstar.cli;

import brightstar.config.BrightstarConfig;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bin/brightstar sql "select ..."}: one statement against bronze.*, silver.*, gold.*. */
@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    description = "Run one SQL statement against the warehouse and print the result.")
final class SqlCommand extends SparkCommand {
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

  @Override
  int run(SparkSession spark, BrightstarConfig config) {
    Dataset<Row> result = spark.sql(query);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    out.print(ResultFormat.render(result, format, maxRows));
    out.flush();
    return 0;
  }
}
