package brightstar.generate;

/**
 * One customer's latent state, planted behaviours and timeline, as drawn by {@link CausalModel}.
 * Filled once by the model and read-only afterwards; cheap to recompute, so every pass over the
 * population rebuilds it instead of keeping a million of them in memory.
 *
 * <p>Days are epoch days. {@link #NEVER} marks an event beyond any window.
 */
final class Profile {
  static final int NEVER = Integer.MAX_VALUE / 4;

  int index;
  Archetype archetype;
  /** The latent propensity q: drives every early behaviour; never observed directly. */
  double propensity;
  Firmographics firmographics;

  int acquiredDay;
  /** Length of every subscription term: 6 or 12 months. */
  int termMonths;

  // Planted early behaviours (first 90 days unless the name says otherwise).
  boolean secondPurchase90d;
  boolean seatsUsed60d;
  boolean webinar90d;
  boolean conference90d;
  boolean appDownload90d;
  boolean referralGiven;
  boolean manyTickets90d;
  boolean onboardingUnfinished;
  boolean returned90d;
  boolean lowNps90d;

  /** Latent outcome: rendered as complaints, low later NPS/CSAT, shrinking and churn. */
  boolean dissatisfied;
  /** The first renewal shrinks seats (applies only if the customer reaches that renewal). */
  boolean shrinkAtRenewal;
  /** Observed shrink: the shrinking first renewal happened on or before the window's end. */
  boolean seatsShrunk;

  /** The day the customer decides to leave: repeat orders stop, usage decays. */
  int churnDecisionDay;
  /** Last day of the last subscription term (the churn date), or NEVER. */
  int churnDay;
  /** Repeat orders per year while alive, after the first 90 days. */
  double ordersPerYear;
  /** Mean order value in USD. */
  double orderValueUsd;

  /** Last day on which this customer can have any record: churn date + 120 days, or the end. */
  int lastDay;

  boolean churnedBy(int day) {
    return churnDay <= day;
  }
}
