package brightstar.cli;

import brightstar.config.BrightstarConfig;
import brightstar.customer360.ConcentrationReport;
import brightstar.io.TableCatalog;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints gold.value_concentration of an as-of date: does 80/20 hold for us? */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = "Print the value concentration (top 20%% share, Gini, loss makers, tiers).")
final class ReportCommand extends SparkCommand {
  @Option(names = "--as-of", paramLabel = "YYYY-MM-DD",
      description = "The as-of date built by customer360 (default: the latest).")
  LocalDate asOf;

  @Override
  int run(SparkSession spark, BrightstarConfig config) {
    TableCatalog catalog = new TableCatalog(spark, config.warehouse());
    ConcentrationReport.lines(ConcentrationReport.read(catalog, asOf))
        .forEach(System.out::println);
    System.out.flush();
    return 0;
  }
}
