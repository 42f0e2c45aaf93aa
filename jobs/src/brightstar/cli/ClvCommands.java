package brightstar.cli;

import brightstar.Progress;
import brightstar.clv.ClvException;
import brightstar.clv.ClvJob;
import brightstar.clv.ClvSettings;
import brightstar.clv.FitOptions;
import brightstar.clv.FitResult;
import brightstar.clv.GammaGammaModel;
import brightstar.clv.PeriodUnit;
import brightstar.clv.PurchaseModelType;
import brightstar.clv.RfmTuples;
import brightstar.clv.SparkSummariser;
import brightstar.clv.SpendTuples;
import brightstar.clv.TransactionLog;
import brightstar.config.BrightstarConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code clv --as-of D} (the warehouse job) and {@code clv fit} (any transaction file). */
final class ClvCommands {
  private ClvCommands() {}

  @Command(
      name = "clv",
      mixinStandardHelpOptions = true,
      description = "silver.orders -> gold.clv, gold.clv_by_tier, gold.clv_validation as of a "
          + "date; 'clv fit' fits any transaction file.",
      subcommands = {Fit.class})
  static final class Clv extends SparkCommand {
    @Spec CommandSpec spec;

    // Not required=true: picocli would then demand it for 'clv fit' as well.
    @Option(names = "--as-of", paramLabel = "YYYY-MM-DD",
        description = "Required: only orders on or before this date count.")
    LocalDate asOf;

    @Override
    protected void validate() {
      if (asOf == null) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "Missing required option: '--as-of=YYYY-MM-DD'");
      }
    }

    @Override
    int run(SparkSession spark, BrightstarConfig config) {
      ClvJob.run(spark, config, asOf, progress("clv"));
      return 0;
    }
  }

  /** What {@code clv fit --model} accepts. */
  enum FitModel {
    BGNBD("bgnbd"),
    PARETO("pareto"),
    GAMMA_GAMMA("gamma-gamma");

    final String label;

    FitModel(String label) {
      this.label = label;
    }

    static FitModel parse(String value) {
      for (FitModel m : values()) {
        if (m.label.equalsIgnoreCase(value.trim())) {
          return m;
        }
      }
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not a model; use bgnbd, pareto or gamma-gamma");
    }

    @Override
    public String toString() {
      return label;
    }
  }

  @Command(
      name = "fit",
      mixinStandardHelpOptions = true,
      description = "Fit a CLV model to a transaction file (CSV with a header) and print the "
          + "parameters, standard errors and log-likelihood as JSON.")
  static final class Fit extends SparkCommand {
    @Spec CommandSpec spec;

    @Option(names = "--transactions", required = true, paramLabel = "FILE",
        description = "CSV file (or folder, or .csv.gz) with a header line.")
    String transactions;

    @Option(names = "--customer-col", required = true, paramLabel = "C",
        description = "Column with the customer id; rows without one are left out.")
    String customerCol;

    @Option(names = "--date-col", required = true, paramLabel = "D",
        description = "Column with the date or timestamp of the transaction.")
    String dateCol;

    @Option(names = "--amount-col", paramLabel = "A",
        description = "Column with the amount (returns negative); needed for gamma-gamma.")
    String amountCol;

    @Option(names = "--date-format", paramLabel = "F",
        description = "Spark datetime pattern of the dates, e.g. dd/MM/yyyy "
            + "(default: ISO dates or timestamps, yyyy-MM-dd).")
    String dateFormat;

    @Option(names = "--period", defaultValue = "week", paramLabel = "day|week",
        description = "Unit of recency and age (default: ${DEFAULT-VALUE}).")
    String period;

    @Option(names = "--calibration-end", paramLabel = "YYYY-MM-DD",
        description = "Last day of the calibration period (default: the latest date).")
    LocalDate calibrationEnd;

    @Option(names = "--model", defaultValue = "bgnbd", paramLabel = "bgnbd|pareto|gamma-gamma",
        converter = FitModelConverter.class,
        description = "Model to fit (default: ${DEFAULT-VALUE}).")
    FitModel model;

    @Option(names = "--penalty", defaultValue = "0", paramLabel = "P",
        description = "L2 penalty, lifetimes' penalizer_coef scale (default: ${DEFAULT-VALUE}).")
    double penalty;

    @Override
    protected void validate() {
      if (model == FitModel.GAMMA_GAMMA && amountCol == null) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--model gamma-gamma needs --amount-col: it fits the value of repeat purchases");
      }
      try {
        ClvSettings.period(period);
      } catch (ClvException e) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--period must be day or week, not '" + period + "'");
      }
    }

    @Override
    int run(SparkSession spark, BrightstarConfig config) {
      Progress progress = progress("clv fit");
      PeriodUnit unit = ClvSettings.period(period);
      TransactionLog.Columns columns =
          new TransactionLog.Columns(customerCol, dateCol, amountCol, dateFormat);
      Dataset<Row> raw = read(spark, transactions);
      TransactionLog.requireReadable(raw, columns);
      Dataset<Row> log = TransactionLog.normalise(raw, columns).persist();
      try {
        long rows = raw.count();
        long kept = log.count();
        progress.log(String.format(Locale.ROOT,
            "%s: %,d rows, %,d without a customer id left out", transactions, rows, rows - kept));
        LocalDate end = calibrationEnd != null ? calibrationEnd : SparkSummariser.latestDay(log);
        if (end == null) {
          throw ClvException.of("No transactions with a customer id in " + transactions,
              "column '" + customerCol + "' is empty on every row",
              "check --customer-col and the file");
        }
        Dataset<Row> summary = SparkSummariser.summarise(log, unit, end);
        FitOptions options = FitOptions.DEFAULT.withPenalty(penalty)
            .withRequireConvergence(false);
        FitResult fit;
        int tuples;
        if (model == FitModel.GAMMA_GAMMA) {
          SpendTuples spend = SparkSummariser.spendTuples(summary);
          tuples = spend.size();
          fit = GammaGammaModel.fit(spend, options);
        } else {
          RfmTuples rfm = SparkSummariser.rfmTuples(summary);
          tuples = rfm.size();
          fit = PurchaseModelType.parse(model.label).fit(rfm, options);
        }
        if (!fit.converged()) {
          progress.log("warning: the fit did not converge (\"converged\": false); try "
              + "--penalty 0.01 or a longer calibration period");
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        out.println(json(fit, model.label, tuples, unit, end));
        out.flush();
        return 0;
      } finally {
        log.unpersist();
      }
    }

    private static Dataset<Row> read(SparkSession spark, String file) {
      Path path = new Path(file);
      FileStatus[] found;
      try {
        found = path.getFileSystem(spark.sparkContext().hadoopConfiguration()).globStatus(path);
      } catch (IOException e) {
        throw ClvException.wrapping("Cannot read transactions " + file, e.getMessage(),
            "check the path and its permissions", e);
      }
      if (found == null || found.length == 0) {
        throw ClvException.of("Cannot read transactions " + file, "no such file",
            "pass an existing CSV file with --transactions");
      }
      return spark.read().option("header", "true").csv(file);
    }
  }

  /** picocli's hook for {@link FitModel#parse}. */
  static final class FitModelConverter implements CommandLine.ITypeConverter<FitModel> {
    @Override
    public FitModel convert(String value) {
      return FitModel.parse(value);
    }
  }

  /**
   * The fit as one JSON object: model, parameters, standard_errors (null where not finite),
   * log_likelihood, customers, tuples, converged, evaluations, penalty, period,
   * calibration_end.
   */
  static String json(FitResult fit, String model, int tuples, PeriodUnit unit, LocalDate end) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("model", model);
    o.put("model_name", fit.model());
    Map<String, Object> params = new LinkedHashMap<>();
    Map<String, Object> errors = new LinkedHashMap<>();
    for (int i = 0; i < fit.names().size(); i++) {
      params.put(fit.names().get(i), fit.params()[i]);
      errors.put(fit.names().get(i), fit.standardErrors()[i]);
    }
    o.put("parameters", params);
    o.put("standard_errors", errors);
    o.put("log_likelihood", fit.logLikelihood());
    o.put("customers", Math.round(fit.customers()));
    o.put("tuples", tuples);
    o.put("converged", fit.converged());
    o.put("evaluations", fit.evaluations());
    o.put("penalty", fit.penalty());
    o.put("period", unit.name().toLowerCase(Locale.ROOT));
    o.put("calibration_end", end.toString());
    StringBuilder sb = new StringBuilder();
    write(sb, o);
    return sb.toString();
  }

  private static void write(StringBuilder sb, Object v) {
    if (v instanceof Map<?, ?> map) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        sb.append(first ? "" : ", ");
        first = false;
        write(sb, String.valueOf(e.getKey()));
        sb.append(": ");
        write(sb, e.getValue());
      }
      sb.append('}');
    } else if (v instanceof String s) {
      sb.append('"');
      for (char c : s.toCharArray()) {
        if (c == '"' || c == '\\') {
          sb.append('\\').append(c);
        } else if (c < 0x20) {
          sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
        } else {
          sb.append(c);
        }
      }
      sb.append('"');
    } else if (v instanceof Double d) {
      // JSON has no NaN or infinity: a standard error that does not exist is null.
      sb.append(Double.isFinite(d) ? d.toString() : "null");
    } else {
      sb.append(v);
    }
  }
}
