package brightstar.cli;

import brightstar.Progress;
import brightstar.config.BrightstarConfig;
import brightstar.generate.GenerateResult;
import brightstar.generate.Generator;
import brightstar.generate.GeneratorSpec;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code generate}: writes the four silos' extracts; plain Java, no Spark session. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = "Write generated extracts of the four silos (and _truth/) to a landing folder.")
final class GenerateCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Mixin PopulationOptions population;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Landing folder to write (default: brightstar.landing).")
  Path out;

  @Override
  public Integer call() throws Exception {
    BrightstarConfig config = common.resolve();
    GeneratorSpec spec = population.spec(config, out != null ? out : Path.of(config.landing()));
    Progress progress = new Progress("generate");
    GenerateResult result = Generator.run(spec, progress::log);
    progress.log(
        String.format(
            java.util.Locale.ROOT,
            "%,d customers, %,d prospects, %,d rows in %,d files (%,d malformed on purpose) -> %s",
            result.customers(),
            result.prospects(),
            result.totalRows(),
            result.files(),
            result.malformedRows(),
            spec.out()));
    return 0;
  }

  /** Population flags shared by generate and demo; defaults from brightstar.demo.*. */
  static final class PopulationOptions {
    @Option(names = "--customers", paramLabel = "N", description = "Customers to generate.")
    Integer customers;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed: same seed, same bytes.")
    Long seed;

    @Option(names = "--start", paramLabel = "YYYY-MM-DD", description = "First day of history.")
    LocalDate start;

    @Option(names = "--end", paramLabel = "YYYY-MM-DD", description = "Last day of history.")
    LocalDate end;

    GeneratorSpec spec(BrightstarConfig config, Path out) {
      var demo = config.raw().getConfig("brightstar.demo");
      return new GeneratorSpec(
          customers != null ? customers : demo.getInt("customers"),
          seed != null ? seed : demo.getLong("seed"),
          start != null ? start : LocalDate.parse(demo.getString("start")),
          end != null ? end : LocalDate.parse(demo.getString("end")),
          out);
    }
  }
}
