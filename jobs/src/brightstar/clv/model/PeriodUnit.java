package brightstar.clv.model;

/**
 * The time unit of recency, age and prediction horizons. Purchases are always counted by
 * day; the unit only scales elapsed days (a week is 7 days, so recency 30.43 weeks is 213
 * days).
 */
public enum PeriodUnit {
  DAY(1),
  WEEK(7);

  /** The mean Gregorian month in days, 365.25 / 12, used to turn months into periods. */
  public static final double DAYS_PER_MONTH = 365.25 / 12;

  private final int days;

  PeriodUnit(int days) {
    this.days = days;
  }

  /** Days in one period. */
  public int days() {
    return days;
  }

  /** Periods in one mean month: 30.4375 days or 4.348 weeks. */
  public double periodsPerMonth() {
    return DAYS_PER_MONTH / days;
  }
}
