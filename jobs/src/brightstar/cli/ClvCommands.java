package brightstar.cli;

import brightstar.Progress;
import brightstar.clv.ClvJob;
import brightstar.clv.ClvSettings;
import brightstar.clv.SparkSummariser;
import brightstar.clv.TransactionLog;
import brightstar.clv.model.ClvException;
import brightstar.clv.model.FitOptions;
import brightstar.clv.model.FitResult;
import brightstar.clv.model.GammaGammaModel;
import brightstar.clv.model.PeriodUnit;
import brightstar.clv.model.PurchaseModelType;
import brightstar.clv.model.RenewalCounts;
import brightstar.clv.model.RfmTuples;
import brightstar.clv.model.ShiftedBetaGeometricModel;
import brightstar.clv.model.SpendTuples;
import brightstar.config.BrightstarConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

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
    GAMMA_GAMMA("gamma-gamma"),
    SBG("sbg");

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
      description = "Fit a CLV model to a transaction file (CSV with a header), or the sBG "
          + "retention model to a survivor curve (--model sbg --survivors FILE), and print the "
          + "parameters, standard errors and log-likelihood as JSON.")
  static final class Fit extends SparkCommand {
    @Spec CommandSpec spec;

    @Option(names = "--transactions", paramLabel = "FILE",
        description = "Required except for sbg: CSV file (or folder, or .csv.gz) with a "
            + "header line.")
    String transactions;

    @Option(names = "--survivors", paramLabel = "FILE",
        description = "For --model sbg: CSV with a header and two columns, the period (0, 1, "
            + "...) and how many of a cohort were still customers at its start.")
    String survivors;

    @Option(names = "--customer-col", paramLabel = "C",
        description = "Required except for sbg: column with the customer id; rows without one "
            + "are left out.")
    String customerCol;

    @Option(names = "--date-col", paramLabel = "D",
        description = "Required except for sbg: column with the date or timestamp of the "
            + "transaction.")
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

    @Option(names = "--model", defaultValue = "bgnbd",
        paramLabel = "bgnbd|pareto|gamma-gamma|sbg",
        converter = FitModelConverter.class,
        description = "Model to fit (default: ${DEFAULT-VALUE}).")
    FitModel model;

    @Option(names = "--penalty", defaultValue = "0", paramLabel = "P",
        description = "L2 penalty, lifetimes' penalizer_coef scale (default: ${DEFAULT-VALUE}).")
    double penalty;

    @Override
    protected void validate() {
      if (model == FitModel.SBG) {
        if (survivors == null) {
          throw new CommandLine.ParameterException(spec.commandLine(),
              "--model sbg needs --survivors FILE: it fits a cohort's survivor curve");
        }
        return;
      }
      for (String[] option : new String[][] {{"--transactions", transactions},
          {"--customer-col", customerCol}, {"--date-col", dateCol}}) {
        if (option[1] == null) {
          throw new CommandLine.ParameterException(spec.commandLine(),
              "Missing required option: '" + option[0] + "' (all models but sbg need it)");
        }
      }
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
      if (model == FitModel.SBG) {
        RenewalCounts counts = RenewalCounts.fromSurvivors(readSurvivors(survivors));
        FitResult fit = ShiftedBetaGeometricModel.fit(counts,
            FitOptions.DEFAULT.withPenalty(penalty).withRequireConvergence(false));
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        out.println(sbgJson(fit, counts.size()));
        out.flush();
        return 0;
      }
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
        } else if (fit.atBoundary()) {
          progress.log("the likelihood peaks on a boundary of the parameter space: "
              + fit.boundary());
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

  /**
   * The second column of a survivor-curve CSV with a header: period 0 (the cohort size) first,
   * then each later period in order.
   */
  static double[] readSurvivors(String file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(java.nio.file.Path.of(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw ClvException.wrapping("Cannot read survivors " + file, e.toString(),
          "pass an existing CSV file with --survivors", e);
    }
    List<Double> values = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] cells = line.split(",", -1);
      try {
        if (cells.length != 2 || Integer.parseInt(cells[0].strip()) != values.size()) {
          throw new NumberFormatException("expected period " + values.size() + ", count");
        }
        values.add(Double.parseDouble(cells[1].strip()));
      } catch (NumberFormatException e) {
        throw ClvException.of("Line " + (i + 1) + " of " + file + " is not a survivor count: '"
                + line + "'", "each line after the header is period,count with periods 0, 1, "
                + "2, ... in order (" + e.getMessage() + ")",
            "fix the file, e.g. 'year,surviving_per_1000' then '0,1000', '1,869', ...");
      }
    }
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** An sBG fit as JSON: the fields of {@link #json} that apply to a survivor curve. */
  static String sbgJson(FitResult fit, int rows) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("model", "sbg");
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
    o.put("tuples", rows);
    o.put("converged", fit.converged());
    if (fit.atBoundary()) {
      o.put("boundary", fit.boundary());
    }
    o.put("evaluations", fit.evaluations());
    o.put("penalty", fit.penalty());
    StringBuilder sb = new StringBuilder();
    write(sb, o);
    return sb.toString();
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
   * log_likelihood, customers, tuples, converged, boundary (only when the maximum lies on a
   * boundary; the parameters are then the limiting model's, named in model_name),
   * evaluations, penalty, period, calibration_end.
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
    if (fit.atBoundary()) {
      o.put("boundary", fit.boundary());
    }
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
