package brightstar;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress lines for long work, on stderr so stdout stays clean for results:
 * {@code [ingest  12.3s] bronze.sales_orders: 48,210 rows}.
 */
public final class Progress {
  private final String stage;
  private final long startNanos;
  private final PrintStream out;

  public Progress(String stage) {
    this(stage, System.err);
  }

  public Progress(String stage, PrintStream out) {
    this.stage = stage;
    this.startNanos = System.nanoTime();
    this.out = out;
  }

  public double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  public void log(String message) {
    out.printf(Locale.ROOT, "[%s %6.1fs] %s%n", stage, elapsedSeconds(), message);
    out.flush();
  }

  public void rows(String what, long rows) {
    log(String.format(Locale.ROOT, "%s: %,d rows", what, rows));
  }

  /** A child progress for a sub-stage, sharing this one's clock start. */
  public Progress stage(String name) {
    return new Progress(name, out);
  }
}
