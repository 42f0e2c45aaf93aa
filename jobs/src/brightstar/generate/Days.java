package brightstar.generate;

import java.time.LocalDate;

/**
 * Calendar arithmetic on epoch days (int), which keeps the hot loops free of date objects, and
 * the fixed marketing calendar every customer shares (webinars, conferences, newsletters).
 */
final class Days {
  /** A Wednesday: webinars run every other Wednesday counted from here. */
  private static final int WEBINAR_ANCHOR = (int) LocalDate.of(2020, 1, 8).toEpochDay();
  private static final int MONDAY = 0;
  private static final int TUESDAY = 1;
  private static final int THURSDAY = 3;

  private Days() {}

  /** 0 = Monday ... 6 = Sunday (1970-01-01 was a Thursday). */
  static int dayOfWeek(int day) {
    return Math.floorMod(day + 3, 7);
  }

  static int mondayOnOrAfter(int day) {
    return day + Math.floorMod(MONDAY - dayOfWeek(day), 7);
  }

  static int plusMonths(int day, int months) {
    return (int) LocalDate.ofEpochDay(day).plusMonths(months).toEpochDay();
  }

  static int firstOfMonth(int day) {
    LocalDate d = LocalDate.ofEpochDay(day);
    return (int) d.withDayOfMonth(1).toEpochDay();
  }

  static int lastOfMonth(int day) {
    LocalDate d = LocalDate.ofEpochDay(day);
    return (int) d.withDayOfMonth(d.lengthOfMonth()).toEpochDay();
  }

  /** The first webinar day on or after {@code day}. */
  static int webinarOnOrAfter(int day) {
    return day + Math.floorMod(WEBINAR_ANCHOR - day, 14);
  }

  /** The user conference of the month holding {@code day}: its third Thursday. */
  static int conferenceOfMonth(int day) {
    int first = firstOfMonth(day);
    return first + Math.floorMod(THURSDAY - dayOfWeek(first), 7) + 14;
  }

  /** The first user conference on or after {@code day}. */
  static int conferenceOnOrAfter(int day) {
    int c = conferenceOfMonth(day);
    return c >= day ? c : conferenceOfMonth(lastOfMonth(day) + 1);
  }

  /** The newsletter of the month holding {@code day}: its first Tuesday. */
  static int newsletterOfMonth(int day) {
    int first = firstOfMonth(day);
    return first + Math.floorMod(TUESDAY - dayOfWeek(first), 7);
  }

  static String iso(int day) {
    return LocalDate.ofEpochDay(day).toString();
  }

  /** yyyy-MM of a day, used in campaign names. */
  static String yearMonth(int day) {
    return iso(day).substring(0, 7);
  }
}
