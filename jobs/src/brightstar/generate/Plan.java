package brightstar.generate;

/**
 * A validated spec turned into the numbers every part of the generator shares: population
 * sizes, the window as epoch days, and how owners and companies are numbered.
 *
 * <p>Owners (who a row belongs to, for keys and per-row randomness) are customers
 * {@code [0, customers)} then lead-only contacts {@code [customers, customers + leadOnly)}.
 * Companies (for names) are customers, then prospects, then the companies of lead-only
 * contacts.
 */
final class Plan {
  /** Share of rows planted malformed at random (on top of one forced row per kind). */
  static final double MALFORMED_RATE = 0.002;
  /** Prospect companies per customer. */
  static final double PROSPECTS_PER_CUSTOMER = 0.25;
  /** Contacts who leave a lead but never buy, per customer. */
  static final double LEAD_ONLY_PER_CUSTOMER = 0.4;
  static final int MIN_PROSPECTS = 10;

  final long seed;
  final int customers;
  final int prospects;
  final int leadOnly;
  final int startDay;
  final int endDay;
  final int lastYear;
  final long totalCompanies;
  private final int idWidth;

  Plan(GeneratorSpec spec) {
    this.seed = spec.seed();
    this.customers = spec.customers();
    this.prospects = Math.max(MIN_PROSPECTS, (int) Math.round(customers * PROSPECTS_PER_CUSTOMER));
    this.leadOnly = (int) Math.round(customers * LEAD_ONLY_PER_CUSTOMER);
    this.startDay = (int) spec.start().toEpochDay();
    this.endDay = (int) spec.end().toEpochDay();
    this.lastYear = spec.end().getYear();
    this.totalCompanies = (long) customers + prospects + leadOnly;
    this.idWidth = Math.max(6, Integer.toString(customers).length());
  }

  int windowDays() {
    return endDay - startDay + 1;
  }

  boolean inWindow(int day) {
    return day >= startDay && day <= endDay;
  }

  /** The truth's customer id, e.g. C000042 (only in _truth/, never in a silo). */
  String customerId(int index) {
    return "C" + Text.pad(index + 1L, idWidth);
  }

  int leadOnlyOwner(int j) {
    return customers + j;
  }

  int prospectCompany(int j) {
    return customers + j;
  }

  int leadOnlyCompany(int j) {
    return customers + prospects + j;
  }
}
