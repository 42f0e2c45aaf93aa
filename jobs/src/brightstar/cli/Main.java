package brightstar.cli;

import brightstar.BrightstarException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The single entry point: {@code bin/brightstar <command>} locally and the main class under
 * spark-submit. It parses flags and dispatches; each command loads the config, starts one
 * SparkSession, runs its job and stops the session. Exit codes: 0 success, 1 the job failed
 * (a one-line reason on stderr), 2 a bad command or flag.
 */
@Command(
    name = "brightstar",
    mixinStandardHelpOptions = true,
    version = "brightstar 0.1.0",
    description = "Customer-value warehouse on Apache Spark and Delta Lake.",
    subcommands = {
      DemoCommand.class,
      GenerateCommand.class,
      IngestCommand.class,
      StageCommands.Unify.class,
      StageCommands.Customer360.class,
      StageCommands.Features.class,
      ReportCommand.class,
      StageCommands.Train.class,
      StageCommands.Score.class,
      StageCommands.Insights.class,
      StageCommands.Lookalike.class,
      StageCommands.Interventions.class,
      SqlCommand.class,
      ServeSqlCommand.class,
      ClvCommands.Clv.class,
      BenchCommands.Bench.class,
    })
public final class Main implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command");
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the CLI and returns the exit code (tests call this instead of main). */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setParameterExceptionHandler(Main::badUsage);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          reportFailure(commandLine.getErr(), e);
          return 1;
        });
    return cli.execute(args);
  }

  private static int badUsage(CommandLine.ParameterException e, String[] args) {
    PrintWriter err = e.getCommandLine().getErr();
    String message = e.getMessage();
    if (e instanceof CommandLine.UnmatchedArgumentException u
        && !u.getUnmatched().isEmpty()
        && e.getCommandLine().getCommandSpec().parent() == null) {
      message = "unknown command '" + u.getUnmatched().get(0) + "'";
    }
    err.println(
        "brightstar: "
            + message
            + " (run 'bin/brightstar "
            + helpFor(e.getCommandLine())
            + "--help' for usage)");
    err.flush();
    return 2;
  }

  private static String helpFor(CommandLine cli) {
    StringBuilder path = new StringBuilder();
    for (CommandLine c = cli; c.getParent() != null; c = c.getParent()) {
      path.insert(0, c.getCommandName() + " ");
    }
    return path.toString();
  }

  /** One line for a person; the stack trace only when BRIGHTSTAR_DEBUG is set. */
  static void reportFailure(PrintWriter err, Throwable e) {
    if (System.getenv("BRIGHTSTAR_DEBUG") != null) {
      e.printStackTrace(err);
    }
    err.println("brightstar: " + oneLine(e));
    err.flush();
  }

  static String oneLine(Throwable e) {
    if (e instanceof BrightstarException) {
      return e.getMessage();
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String text = root.getMessage() == null ? "" : root.getMessage();
    String first = text.strip().split("\\R", 2)[0];
    return root.getClass().getSimpleName()
        + (first.isEmpty() ? "" : ": " + first)
        + " (set BRIGHTSTAR_DEBUG=1 for the stack trace)";
  }
}
