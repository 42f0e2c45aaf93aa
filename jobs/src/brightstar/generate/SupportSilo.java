package brightstar.generate;

import java.io.IOException;

/**
 * The help desk: tickets keyed by requester e-mail and company as typed, NPS and CSAT survey
 * responses, and product returns. Renders the planted behaviours many_tickets_90d (4 or more
 * tickets opened in days 1-90, otherwise at most 3), onboarding_unfinished (the onboarding
 * ticket never closes), low_nps_90d (the first NPS answer, always given in days 60-85, is 0-6)
 * and returned_90d (the first order's hardware comes back by day 75); dissatisfaction shows as
 * complaints and low later scores.
 */
final class SupportSilo {
  private static final String[] CATEGORIES = {"onboarding", "bug", "billing", "how_to",
      "complaint", "feature_request"};
  private static final int ONBOARDING = 0;
  private static final int COMPLAINT = 4;
  private static final double[] EARLY_CATEGORIES = {0, 0.30, 0.15, 0.35, 0.05, 0.15};
  private static final double[] LATER_CATEGORIES = {0, 0.32, 0.15, 0.30, 0.03, 0.20};
  private static final double[] DISSATISFIED_CATEGORIES = {0, 0.25, 0.15, 0.15, 0.35, 0.10};
  private static final String[] PRIORITIES = {"low", "normal", "high", "urgent"};
  private static final double[] PRIORITY_WEIGHTS = {0.25, 0.5, 0.18, 0.07};
  private static final String[] CHANNELS = {"email", "phone", "chat"};
  private static final double[] CHANNEL_WEIGHTS = {0.55, 0.15, 0.30};
  private static final String[] GOOD_COMMENTS = {"Great product", "Support was quick, thanks!",
      "Love the new dashboards", "Easy to roll out to the team", ""};
  private static final String[] BAD_COMMENTS = {"Too expensive for what we use",
      "Onboarding was confusing, and support is slow", "The \"reports\" page keeps timing out",
      "Missing features we were promised", "Billing errors again", ""};
  private static final int DAY = 86_400;

  private SupportSilo() {}

  static void emit(Life life) throws IOException {
    Rng r = life.rng(Life.STREAM_SUPPORT);
    tickets(life, r);
    surveys(life, r);
    returns(life, r);
  }

  private static void tickets(Life life, Rng r) throws IOException {
    Profile p = life.profile;
    int acquired = p.acquiredDay;
    boolean onboarding = p.onboardingUnfinished || r.chance(0.85);
    if (onboarding) {
      double hours = p.onboardingUnfinished ? -1 : r.uniform(24, 240);
      ticket(life, r, acquired + r.between(1, 14), ONBOARDING, hours);
    }
    int early = p.manyTickets90d
        ? Math.max(0, 4 - (onboarding ? 1 : 0)) + r.poisson(1.5)
        : Math.min(2, r.poisson(0.6));
    for (int i = 0; i < early; i++) {
      int day = acquired + r.between(1, CausalModel.EARLY_DAYS);
      ticket(life, r, day, r.pick(EARLY_CATEGORIES), r.exponential(1.0 / 30));
    }
    double perDay = 0.25 / 30 * StrictMath.exp(-0.3 * p.propensity)
        * (p.dissatisfied ? 2.5 : 1.0);
    double[] categories = p.dissatisfied ? DISSATISFIED_CATEGORIES : LATER_CATEGORIES;
    int stop = life.serviceEnd();
    for (double t = acquired + CausalModel.EARLY_DAYS + 1 + r.exponential(perDay); t <= stop;
        t += r.exponential(perDay)) {
      ticket(life, r, (int) t, r.pick(categories), r.exponential(1.0 / 30));
    }
  }

  /**
   * Writes one ticket and, when it closed, maybe a CSAT answer.
   *
   * @param hoursOpen how long until it closes, or negative for never
   */
  private static void ticket(Life life, Rng r, int day, int category, double hoursOpen)
      throws IOException {
    Emitter out = life.out;
    int opened = r.between(7 * 3600, 19 * 3600);
    long closedAt = hoursOpen < 0 ? -1 : (long) day * DAY + opened + (long) (hoursOpen * 3600);
    int closedDay = closedAt < 0 ? Profile.NEVER : (int) (closedAt / DAY);
    boolean csat = r.chance(0.35);
    int csatDay = closedDay + r.between(0, 3);
    if (category == COMPLAINT) {
      life.complaintDays.add(day);
    }
    int ordinal = out.next(Entity.TICKETS);
    Rng v = out.rowRng(Entity.TICKETS, ordinal);
    Names.Person requester = life.people[v.nextInt(life.people.length)];
    String email = Messy.contactEmail(requester, 0.2, v);
    if (out.accepts(day)) {
      String closed = closedDay <= life.plan.endDay
          ? Text.timestamp(Days.iso(closedDay), (int) (closedAt % DAY)) : "";
      String company = v.chance(0.08) ? "" : Messy.typedCompany(life.company, v);
      out.emit(Entity.TICKETS, day, ordinal, out.id(Entity.TICKETS, ordinal), email, company,
          Text.timestamp(Days.iso(day), opened), closed,
          PRIORITIES[v.pick(PRIORITY_WEIGHTS)], CATEGORIES[category],
          CHANNELS[v.pick(CHANNEL_WEIGHTS)]);
    }
    if (csat && closedDay != Profile.NEVER) {
      int score = life.profile.dissatisfied ? r.between(1, 3) : 3 + r.pick(new double[] {1, 3, 4});
      survey(life, csatDay, email, "csat", score, r);
    }
  }

  /** The first NPS (always answered, days 60-85), then a wave every 180 days (55% answer). */
  private static void surveys(Life life, Rng r) throws IOException {
    Profile p = life.profile;
    String respondent = Messy.contactEmail(life.people[0], 0.1, r);
    int first = p.acquiredDay + r.between(60, 85);
    int score = p.lowNps90d ? 6 - r.pick(new double[] {3, 3, 2, 1.5, 1, 0.6, 0.4})
        : 7 + r.nextInt(4);
    survey(life, first, respondent, "nps", score, r);
    int stop = life.serviceEnd();
    for (int wave = first + 180; wave <= stop; wave += 180) {
      boolean answers = r.chance(0.55);
      int day = wave + r.between(0, 20);
      int later;
      if (p.dissatisfied) {
        later = r.chance(0.85) ? r.between(0, 6) : r.between(7, 8);
      } else {
        later = r.chance(0.85) ? r.between(7, 10) : r.between(4, 6);
      }
      if (answers && day <= stop) {
        survey(life, day, Messy.contactEmail(life.people[r.nextInt(life.people.length)], 0.1, r),
            "nps", later, r);
      }
    }
  }

  private static void survey(Life life, int day, String email, String type, int score, Rng r)
      throws IOException {
    boolean bad = type.equals("nps") ? score <= 6 : score <= 2;
    String[] comments = bad ? BAD_COMMENTS : GOOD_COMMENTS;
    String comment = r.chance(0.5) ? "" : comments[r.nextInt(comments.length)];
    Emitter out = life.out;
    int ordinal = out.next(Entity.SURVEYS);
    if (out.accepts(day)) {
      out.emit(Entity.SURVEYS, day, ordinal, out.id(Entity.SURVEYS, ordinal), email, type,
          Integer.toString(score), Days.iso(day), comment);
    }
  }

  /**
   * The planted early return of the first order's hardware, then later hardware orders come
   * back now and then (more often for dissatisfied customers), never inside days 1-90.
   */
  private static void returns(Life life, Rng r) throws IOException {
    Profile p = life.profile;
    int stop = life.serviceEnd();
    for (Life.Order order : life.orders) {
      if (order.product() != Catalogue.HARDWARE) {
        continue;
      }
      boolean first = order.ordinal() == 0;
      int day;
      if (first && p.returned90d) {
        day = p.acquiredDay + r.between(7, 75);
      } else {
        boolean comesBack = r.chance(p.dissatisfied ? 0.15 : 0.04);
        day = Math.max(p.acquiredDay + CausalModel.EARLY_DAYS + 1, order.day() + r.between(7, 60));
        if (!comesBack) {
          continue;
        }
      }
      int quantity = r.between(1, order.quantity());
      String reason = r.pick(Catalogue.RETURN_REASONS);
      if (day <= stop) {
        returnOf(life, order, day, quantity, reason);
      }
    }
  }

  private static void returnOf(Life life, Life.Order order, int day, int quantity, String reason)
      throws IOException {
    long amount = quantity * order.unitCents();
    life.returns.add(new Life.Return(day, order, amount));
    Emitter out = life.out;
    int ordinal = out.next(Entity.RETURNS);
    if (!out.accepts(day)) {
      return;
    }
    Rng v = out.rowRng(Entity.RETURNS, ordinal);
    Names.Person requester = life.people[v.nextInt(life.people.length)];
    out.emit(Entity.RETURNS, day, ordinal, out.id(Entity.RETURNS, ordinal),
        Messy.contactEmail(requester, 0.15, v), Messy.typedCompany(life.company, v),
        Days.iso(day), Catalogue.PRODUCTS[order.product()], Integer.toString(quantity),
        Text.money(amount), life.currency, reason);
  }
}
