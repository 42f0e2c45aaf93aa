package brightstar.clv.model;

import brightstar.BrightstarException;

/**
 * The CLV maths' member of the {@link BrightstarException} family: bad input or a fit that
 * fails, with the problem, its cause and the fix, so the CLI prints it as one line.
 */
public final class ClvException extends BrightstarException {
  private static final long serialVersionUID = 1L;

  private ClvException(String problem, String cause, String fix, Throwable origin) {
    super(problem, cause, fix, origin);
  }

  /** An error with the problem, its cause and the fix, in that order. */
  public static ClvException of(String problem, String cause, String fix) {
    return new ClvException(problem, cause, fix, null);
  }

  /** As {@link #of(String, String, String)}, keeping the exception that revealed the problem. */
  public static ClvException wrapping(String problem, String cause, String fix, Throwable origin) {
    return new ClvException(problem, cause, fix, origin);
  }
}
