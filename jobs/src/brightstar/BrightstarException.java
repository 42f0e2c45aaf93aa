package brightstar;

/**
 * The one exception family of Brightstar. Every user-facing failure says what went wrong, why,
 * and how to fix it; the CLI prints {@link #getMessage()} as a single line and exits non-zero.
 */
public class BrightstarException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param problem what went wrong, e.g. "cannot read source contract conf/sources/x.conf"
   * @param cause why, e.g. "key 'entities' is missing"
   * @param fix what the user can do, e.g. "add an 'entities' list (see docs/ingest.md)"
   */
  public BrightstarException(String problem, String cause, String fix) {
    super(format(problem, cause, fix));
  }

  public BrightstarException(String problem, String cause, String fix, Throwable underlying) {
    super(format(problem, cause, fix), underlying);
  }

  private static String format(String problem, String cause, String fix) {
    StringBuilder sb = new StringBuilder(problem);
    if (cause != null && !cause.isBlank()) {
      sb.append(": ").append(cause);
    }
    if (fix != null && !fix.isBlank()) {
      sb.append(". Fix: ").append(fix);
    }
    return sb.toString().replace('\n', ' ');
  }
}
