package brightstar.generate;

/**
 * The small causal model behind every customer: archetype and latent propensity q, then planted
 * early behaviours (each a coin with probability sigmoid(a + b*q)), then outcomes that depend
 * on those behaviours directly (not only through q): dissatisfaction, seat shrinking at the first
 * renewal, churn hazard, repeat-purchase rate and order value.
 *
 * <p>All coefficients are here and in docs/generator.md (change both together). The silos then
 * render the flags exactly: a flagged customer shows the behaviour in the files within its
 * window, an unflagged one does not.
 */
final class CausalModel {
  static final int EARLY_DAYS = 90;
  static final double PROPENSITY_SD = 0.6;
  /** Acquisition day = start + window * u^SKEW: more customers early, so there is history. */
  static final double ACQUISITION_SKEW = 1.4;

  // Early behaviours: probability sigmoid(A + B * q).
  static final double[] SECOND_PURCHASE = {-0.8, 1.2};
  static final double[] SEATS_USED = {-0.4, 1.2};
  static final double[] WEBINAR = {-1.2, 0.9};
  static final double[] CONFERENCE = {-2.0, 0.9};
  static final double[] APP_DOWNLOAD = {-0.2, 0.6};
  static final double[] REFERRAL = {-1.8, 1.0};
  static final double[] MANY_TICKETS = {-1.6, -0.9};
  static final double[] ONBOARDING_UNFINISHED = {-1.8, -0.9};
  static final double[] RETURNED = {-2.6, -0.6};
  static final double[] LOW_NPS = {-1.3, -1.0};

  // Dissatisfaction: logit = base + effects.
  static final double DISSATISFIED_BASE = -2.2;
  static final double DISSATISFIED_MANY_TICKETS = 1.1;
  static final double DISSATISFIED_ONBOARDING = 1.0;
  static final double DISSATISFIED_LOW_NPS = 1.0;
  static final double DISSATISFIED_RETURNED = 0.9;
  static final double DISSATISFIED_Q = -0.5;

  // Seat shrink at the first renewal: logit = base + effects.
  static final double SHRINK_BASE = -1.8;
  static final double SHRINK_DISSATISFIED = 1.4;
  static final double SHRINK_SEATS_USED = -0.9;
  static final double SHRINK_Q = -0.4;

  // Churn: monthly hazard after day 90 = BASE * exp(sum of effects); x SHRINK after a shrink.
  static final double CHURN_BASE_MONTHLY = 0.03;
  static final double CHURN_MANY_TICKETS = 0.8;
  static final double CHURN_ONBOARDING = 0.7;
  static final double CHURN_LOW_NPS = 0.6;
  static final double CHURN_RETURNED = 0.5;
  static final double CHURN_DISSATISFIED = 0.8;
  static final double CHURN_WEBINAR = -0.5;
  static final double CHURN_CONFERENCE = -0.6;
  static final double CHURN_SECOND_PURCHASE = -0.5;
  static final double CHURN_SEATS_USED = -0.6;
  static final double CHURN_Q = -0.4;
  static final double CHURN_AFTER_SHRINK = 0.9;

  // Repeat purchases per year = archetype rate * exp(effects) * Gamma(3, 1/3).
  static final double RATE_SECOND_PURCHASE = 0.6;
  static final double RATE_WEBINAR = 0.3;
  static final double RATE_CONFERENCE = 0.4;
  static final double RATE_SEATS_USED = 0.4;
  static final double RATE_DISSATISFIED = -0.4;
  static final double RATE_HETEROGENEITY_SHAPE = 3.0;

  // Order value = archetype value * exp(effects) * Gamma(4, 1/4).
  static final double VALUE_CONFERENCE = 0.25;
  static final double VALUE_SEATS_USED = 0.2;
  static final double VALUE_HETEROGENEITY_SHAPE = 4.0;

  private static final int STREAM_PROFILE = 0;
  private static final double DAYS_PER_MONTH = 365.25 / 12;

  private CausalModel() {}

  /** Draws customer {@code index}'s profile; a pure function of (seed, index, window). */
  static Profile customer(Plan plan, int index) {
    Rng r = Rng.of(plan.seed, index, STREAM_PROFILE);
    Profile p = new Profile();
    p.index = index;
    p.archetype = Archetype.drawCustomer(r);
    p.propensity = p.archetype.latentMean + PROPENSITY_SD * r.gaussian();
    p.firmographics = p.archetype.firmographics(r, plan.lastYear);
    int offset = (int) (plan.windowDays() * StrictMath.pow(r.nextDouble(), ACQUISITION_SKEW));
    p.acquiredDay = Math.min(plan.endDay, plan.startDay + offset);
    boolean large = p.firmographics.employees() >= 200;
    p.termMonths = r.chance(large ? 0.7 : 0.3) ? 12 : 6;

    double q = p.propensity;
    p.secondPurchase90d = coin(r, SECOND_PURCHASE, q);
    p.seatsUsed60d = coin(r, SEATS_USED, q);
    p.webinar90d = coin(r, WEBINAR, q);
    p.conference90d = coin(r, CONFERENCE, q);
    p.appDownload90d = coin(r, APP_DOWNLOAD, q);
    p.referralGiven = coin(r, REFERRAL, q);
    p.manyTickets90d = coin(r, MANY_TICKETS, q);
    p.onboardingUnfinished = coin(r, ONBOARDING_UNFINISHED, q);
    p.returned90d = coin(r, RETURNED, q);
    p.lowNps90d = coin(r, LOW_NPS, q);

    p.dissatisfied = r.chance(Rng.sigmoid(DISSATISFIED_BASE
        + DISSATISFIED_MANY_TICKETS * x(p.manyTickets90d)
        + DISSATISFIED_ONBOARDING * x(p.onboardingUnfinished)
        + DISSATISFIED_LOW_NPS * x(p.lowNps90d)
        + DISSATISFIED_RETURNED * x(p.returned90d)
        + DISSATISFIED_Q * q));
    p.shrinkAtRenewal = r.chance(Rng.sigmoid(SHRINK_BASE
        + SHRINK_DISSATISFIED * x(p.dissatisfied)
        + SHRINK_SEATS_USED * x(p.seatsUsed60d)
        + SHRINK_Q * q));

    p.ordersPerYear = p.archetype.ordersPerYear * StrictMath.exp(
        RATE_SECOND_PURCHASE * x(p.secondPurchase90d)
            + RATE_WEBINAR * x(p.webinar90d)
            + RATE_CONFERENCE * x(p.conference90d)
            + RATE_SEATS_USED * x(p.seatsUsed60d)
            + RATE_DISSATISFIED * x(p.dissatisfied))
        * r.gamma(RATE_HETEROGENEITY_SHAPE, 1.0 / RATE_HETEROGENEITY_SHAPE);
    p.orderValueUsd = p.archetype.orderValueUsd * StrictMath.exp(
        VALUE_CONFERENCE * x(p.conference90d) + VALUE_SEATS_USED * x(p.seatsUsed60d))
        * r.gamma(VALUE_HETEROGENEITY_SHAPE, 1.0 / VALUE_HETEROGENEITY_SHAPE);

    drawChurn(plan, p, r);
    p.lastDay = (int) Math.min(plan.endDay, (long) p.churnDay + 120);
    return p;
  }

  /** Monthly churn hazard from the planted behaviours (before any seat shrink). */
  static double monthlyHazard(Profile p) {
    return CHURN_BASE_MONTHLY * StrictMath.exp(
        CHURN_MANY_TICKETS * x(p.manyTickets90d)
            + CHURN_ONBOARDING * x(p.onboardingUnfinished)
            + CHURN_LOW_NPS * x(p.lowNps90d)
            + CHURN_RETURNED * x(p.returned90d)
            + CHURN_DISSATISFIED * x(p.dissatisfied)
            + CHURN_WEBINAR * x(p.webinar90d)
            + CHURN_CONFERENCE * x(p.conference90d)
            + CHURN_SECOND_PURCHASE * x(p.secondPurchase90d)
            + CHURN_SEATS_USED * x(p.seatsUsed60d)
            + CHURN_Q * p.propensity);
  }

  /**
   * The decision to leave comes from an exponential clock started at day 90; a customer who
   * reaches the first renewal and shrinks there restarts it with a higher hazard. Leaving takes
   * effect at the end of the running term (the subscription is not renewed).
   */
  private static void drawChurn(Plan plan, Profile p, Rng r) {
    double perDay = monthlyHazard(p) / DAYS_PER_MONTH;
    int firstRenewal = Days.plusMonths(p.acquiredDay, p.termMonths);
    double decision = p.acquiredDay + EARLY_DAYS + 1 + r.exponential(perDay);
    double afterShrink = firstRenewal + r.exponential(perDay * StrictMath.exp(CHURN_AFTER_SHRINK));
    boolean reachesRenewal = decision >= firstRenewal;
    if (reachesRenewal && p.shrinkAtRenewal) {
      decision = afterShrink;
    }
    p.seatsShrunk = reachesRenewal && p.shrinkAtRenewal && firstRenewal <= plan.endDay;
    p.churnDecisionDay = decision > plan.endDay ? Profile.NEVER : (int) decision;
    p.churnDay = Profile.NEVER;
    if (p.churnDecisionDay != Profile.NEVER) {
      int term = 1;
      int termEnd = firstRenewal - 1;
      while (termEnd < p.churnDecisionDay) {
        term++;
        termEnd = Days.plusMonths(p.acquiredDay, p.termMonths * term) - 1;
      }
      p.churnDay = termEnd;
    }
  }

  private static boolean coin(Rng r, double[] logit, double q) {
    return r.chance(Rng.sigmoid(logit[0] + logit[1] * q));
  }

  private static double x(boolean flag) {
    return flag ? 1.0 : 0.0;
  }
}
