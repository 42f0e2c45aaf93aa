package brightstar.generate;

import java.nio.file.Path;
import java.time.LocalDate;

/**
 * What to generate: how many customers, the seed, the window of event dates (both ends
 * inclusive) and the landing folder to write.
 *
 * @param customers number of true customers, 1 to {@value #MAX_CUSTOMERS}
 * @param seed any long; the same spec gives the same bytes
 * @param start first event day
 * @param end last event day, on or after {@code start}; also the prospects extract day
 * @param out landing root; the generator replaces only its own sub-folders there
 */
public record GeneratorSpec(int customers, long seed, LocalDate start, LocalDate end, Path out) {
  /** Keeps owners (customers plus lead-only contacts) within the key space of the id scheme. */
  public static final int MAX_CUSTOMERS = 10_000_000;
  /** Longest window: longer ones add nothing but run time. */
  public static final int MAX_WINDOW_DAYS = 50 * 366;

  public GeneratorSpec {
    if (customers < 1 || customers > MAX_CUSTOMERS) {
      throw new IllegalArgumentException("Cannot generate " + customers + " customers: the"
          + " population must be between 1 and " + MAX_CUSTOMERS + ". Pass --customers in"
          + " that range.");
    }
    if (start == null || end == null) {
      throw new IllegalArgumentException("Cannot generate without a window: start and end"
          + " dates are both required. Pass --start and --end as YYYY-MM-DD.");
    }
    if (end.isBefore(start)) {
      throw new IllegalArgumentException("Cannot generate the window " + start + " to " + end
          + ": the end is before the start. Pass an --end on or after --start.");
    }
    if (end.toEpochDay() - start.toEpochDay() + 1 > MAX_WINDOW_DAYS) {
      throw new IllegalArgumentException("Cannot generate the window " + start + " to " + end
          + ": it is longer than " + MAX_WINDOW_DAYS + " days. Pass a shorter window.");
    }
    if (out == null) {
      throw new IllegalArgumentException("Cannot generate without an output folder. Pass --out"
          + " with the landing folder to write.");
    }
  }
}
