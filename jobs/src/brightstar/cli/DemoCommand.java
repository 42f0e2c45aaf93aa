package brightstar.cli;

import brightstar.config.BrightstarConfig;
import brightstar.demo.Demo;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code demo}: the whole pipeline on generated data with the embedded defaults. It writes the
 * landing zone to the configured landing folder, so every stage can be re-run by hand after.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Generate a population, then run every stage as of the last day; print a summary.")
final class DemoCommand extends SparkCommand {
  @Mixin GenerateCommand.PopulationOptions population;

  @Override
  int run(SparkSession spark, BrightstarConfig config) throws Exception {
    Demo.Result result =
        Demo.run(
            spark, config, population.spec(config, Path.of(config.landing())), progress("demo"));
    System.out.print(result.summary(config));
    System.out.flush();
    return 0;
  }
}
