package brightstar.clv;

/**
 * The one error the CLV maths raises for bad input or a fit that fails.
 *
 * <p>Every message has three parts, built here so they read alike everywhere: what went wrong,
 * why, and how to fix it.
 */
public final class ClvException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private ClvException(String message, Throwable cause) {
    super(message, cause);
  }

  /** An error with the problem, its cause and the fix, in that order. */
  public static ClvException of(String problem, String cause, String fix) {
    return new ClvException(format(problem, cause, fix), null);
  }

  /** As {@link #of(String, String, String)}, keeping the exception that revealed the problem. */
  public static ClvException wrapping(String problem, String cause, String fix, Throwable origin) {
    return new ClvException(format(problem, cause, fix), origin);
  }

  private static String format(String problem, String cause, String fix) {
    return problem + ". Cause: " + cause + ". Fix: " + fix + ".";
  }
}
