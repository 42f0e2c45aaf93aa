package brightstar.generate;

import java.io.IOException;

/**
 * The CRM and billing platform of the sales team: accounts (plus the odd duplicate account for
 * the same company), subscription terms with weekly seat usage, one-off orders, and sales
 * activities. Renders the planted behaviours second_purchase_90d, seats_used_60d, seat
 * shrinking at the first renewal and referral_given.
 */
final class SalesSilo {
  static final double DUPLICATE_ACCOUNT_SHARE = 0.03;
  /** Share of purchased seats that counts as "most seats used". */
  static final double SEATS_USED_THRESHOLD = 0.8;
  private static final String[] PRE_SALE_TYPES = {"call", "meeting", "email_reply"};
  private static final double[] PRE_SALE_WEIGHTS = {0.5, 0.3, 0.2};
  private static final double[] ACCOUNT_CARE_WEIGHTS = {0.4, 0.25, 0.35};

  private SalesSilo() {}

  static void emit(Life life) throws IOException {
    Rng r = life.rng(Life.STREAM_SALES);
    int created = accounts(life, r);
    subscriptions(life, r);
    orders(life, r);
    activities(life, r, created);
  }

  /** Writes the account (and maybe a duplicate); returns the main account's creation day. */
  private static int accounts(Life life, Rng r) throws IOException {
    Profile p = life.profile;
    Emitter out = life.out;
    int created = Math.max(life.plan.startDay, p.acquiredDay - r.between(0, 30));
    int ordinal = out.next(Entity.ACCOUNTS);
    life.accountId = out.id(Entity.ACCOUNTS, ordinal);
    if (out.accepts(created)) {
      Rng v = out.rowRng(Entity.ACCOUNTS, ordinal);
      out.emit(Entity.ACCOUNTS, created, ordinal, accountFields(life, life.accountId,
          Messy.crmName(life.company, v), Messy.crmDomain(life.company, v), created, v));
    }
    boolean duplicate = r.chance(DUPLICATE_ACCOUNT_SHARE);
    int duplicateDay = p.acquiredDay + r.between(30, 300);
    if (duplicate && duplicateDay <= life.serviceEnd()) {
      int dupOrdinal = out.next(Entity.ACCOUNTS);
      life.duplicateAccountId = out.id(Entity.ACCOUNTS, dupOrdinal);
      life.duplicateAccountDay = duplicateDay;
      life.outcome.duplicateAccount = true;
      if (out.accepts(duplicateDay)) {
        Rng v = out.rowRng(Entity.ACCOUNTS, dupOrdinal);
        String domain = v.chance(0.5) ? "" : life.company.domain();
        out.emit(Entity.ACCOUNTS, duplicateDay, dupOrdinal, accountFields(life,
            life.duplicateAccountId, Messy.duplicateCrmName(life.company, v), domain,
            duplicateDay, v));
      }
    }
    return created;
  }

  private static String[] accountFields(Life life, String id, String name, String domain,
      int created, Rng v) {
    Firmographics f = life.profile.firmographics;
    String[] typed = Firmographics.INDUSTRY_TYPED[f.industry()];
    String industry = v.chance(0.75) ? typed[0] : typed[v.nextInt(typed.length)];
    String country = f.countryCode();
    double c = v.nextDouble();
    if (c < 0.06 && country.equals("GB")) {
      country = "UK";
    } else if (c < 0.10) {
      country = Text.lower(country);
    }
    double e = v.nextDouble();
    String employees = e < 0.05 ? ""
        : e < 0.5 ? Long.toString(Math.max(1, Math.round(f.employees() / 10.0)) * 10)
        : Integer.toString(f.employees());
    String founded = v.chance(0.1) ? "" : Integer.toString(f.foundedYear());
    String owner = v.chance(0.03) ? "" : life.owner;
    return new String[] {id, name, domain, industry, country, employees, founded,
        life.iso(created), owner};
  }

  /**
   * Consecutive terms from the acquisition day until the churn date; each term has its monthly
   * bills and a Monday seat-usage snapshot. Non-shrinking renewals never lower seats, so a
   * shrink in the files is always the planted one.
   */
  private static void subscriptions(Life life, Rng r) throws IOException {
    Profile p = life.profile;
    Emitter out = life.out;
    int plan = Catalogue.planFor(p.firmographics.employees());
    long seatCents = Catalogue.seatPriceCents(plan, life.currency);
    int seats = (int) Math.min(5000, Math.max(3,
        Math.round(p.firmographics.employees() * r.uniform(0.15, 0.6))));
    double target = p.seatsUsed60d ? r.uniform(0.82, 0.98) : r.uniform(0.3, 0.7);
    int stop = life.serviceEnd();
    int start = p.acquiredDay;
    for (int term = 0; start <= stop; term++) {
      int next = Days.plusMonths(p.acquiredDay, p.termMonths * (term + 1));
      int termEnd = next - 1;
      if (term == 1 && p.shrinkAtRenewal) {
        seats = (int) Math.max(1, Math.min(seats - 1, Math.round(seats * r.uniform(0.5, 0.8))));
      } else if (term > 0) {
        double growth = p.seatsUsed60d ? r.uniform(1.1, 1.5) : r.uniform(1.0, 1.15);
        seats = (int) Math.max(seats, Math.round(seats * growth));
      }
      long monthlyCents = seats * seatCents;
      int ordinal = out.next(Entity.SUBSCRIPTIONS);
      String subscriptionId = out.id(Entity.SUBSCRIPTIONS, ordinal);
      if (out.accepts(start)) {
        out.emit(Entity.SUBSCRIPTIONS, start, ordinal, subscriptionId, life.accountId,
            Catalogue.PLANS[plan], Integer.toString(seats), life.iso(start),
            termEnd <= life.plan.endDay ? life.iso(termEnd) : "", Text.money(monthlyCents),
            life.currency);
      }
      for (int m = 0; m < p.termMonths; m++) {
        int billDay = Days.plusMonths(p.acquiredDay, p.termMonths * term + m);
        if (billDay > stop) {
          break;
        }
        life.bills.add(new Life.Bill(billDay, monthlyCents));
      }
      int lastUsage = Math.min(termEnd, stop);
      for (int day = Days.mondayOnOrAfter(start); day <= lastUsage; day += 7) {
        int active = activeSeats(p, seats, target, day, r);
        int usageOrdinal = out.next(Entity.SEAT_USAGE);
        if (out.accepts(day)) {
          out.emit(Entity.SEAT_USAGE, day, usageOrdinal, subscriptionId, life.accountId,
              life.iso(day), Integer.toString(active));
        }
      }
      start = next;
    }
  }

  /**
   * Seats active on a Monday: a ramp to the customer's target utilisation (reached by day 38
   * for seats_used_60d customers, by day ~100 otherwise), noise, and decay after the decision
   * to leave. Within the first 60 days the threshold is enforced both ways so the planted flag
   * is exactly what the files show.
   */
  private static int activeSeats(Profile p, int seats, double target, int day, Rng r) {
    int age = day - p.acquiredDay;
    double ramp = Math.min(1.0, (age + 7) / (p.seatsUsed60d ? 45.0 : 110.0));
    double u = target * ramp + 0.04 * r.gaussian();
    if (day > p.churnDecisionDay) {
      u *= Math.max(0.1, 1.0 - (day - p.churnDecisionDay) / 120.0);
    }
    int active = (int) Math.round(Math.max(0.0, Math.min(1.0, u)) * seats);
    if (age <= 60) {
      int threshold = (int) Math.ceil(SEATS_USED_THRESHOLD * seats);
      if (p.seatsUsed60d && age >= 38) {
        active = Math.max(active, threshold);
      } else if (!p.seatsUsed60d) {
        active = Math.min(active, threshold - 1);
      }
    }
    return Math.max(0, Math.min(seats, active));
  }

  /**
   * The first order on the acquisition day, a second one within 90 days exactly when planted,
   * then a Poisson stream at the customer's rate from day 91 until the decision to leave
   * (the BG/NBD-style "buy while alive" process).
   */
  private static void orders(Life life, Rng r) throws IOException {
    Profile p = life.profile;
    double priceFactor = r.uniform(0.9, 1.1);
    order(life, r, p.acquiredDay, p.returned90d ? Catalogue.HARDWARE : -1, priceFactor);
    if (p.secondPurchase90d) {
      order(life, r, p.acquiredDay + r.between(7, CausalModel.EARLY_DAYS), -1, priceFactor);
    }
    double perDay = p.ordersPerYear / 365.25;
    int stop = Math.min(life.plan.endDay, p.churnDecisionDay - 1);
    double t = p.acquiredDay + CausalModel.EARLY_DAYS + 1 + r.exponential(perDay);
    while (t <= stop) {
      order(life, r, (int) t, -1, priceFactor);
      t += r.exponential(perDay);
    }
  }

  private static void order(Life life, Rng r, int day, int forcedProduct, double priceFactor)
      throws IOException {
    int product = forcedProduct >= 0 ? forcedProduct : r.pick(Catalogue.PRODUCT_WEIGHTS);
    double valueUsd = r.gamma(3.0, life.profile.orderValueUsd / 3.0);
    int quantity = (int) Math.min(500, Math.max(1,
        Math.round(valueUsd / Catalogue.PRODUCT_USD[product])));
    if (forcedProduct == Catalogue.HARDWARE) {
      quantity = Math.max(2, quantity);
    }
    long unitCents = Catalogue.localCents(Catalogue.PRODUCT_USD[product], life.currency,
        priceFactor);
    boolean onDuplicate = day >= life.duplicateAccountDay && r.chance(0.5);
    if (day > life.plan.endDay) {
      return;
    }
    Emitter out = life.out;
    int ordinal = out.next(Entity.ORDERS);
    Life.Order order = new Life.Order(ordinal, day, product, quantity, unitCents,
        quantity * unitCents);
    life.orders.add(order);
    life.outcome.orders++;
    if (out.accepts(day)) {
      out.emit(Entity.ORDERS, day, ordinal, out.id(Entity.ORDERS, ordinal),
          onDuplicate ? life.duplicateAccountId : life.accountId, life.iso(day),
          Catalogue.PRODUCTS[product], Integer.toString(quantity), Text.money(unitCents),
          Text.money(order.amountCents()), life.currency);
    }
  }

  /** Pre-sale calls and meetings, account care while a customer, and planted referrals. */
  private static void activities(Life life, Rng r, int created) throws IOException {
    Profile p = life.profile;
    int preSale = 2 + r.poisson(1.5);
    for (int i = 0; i < preSale; i++) {
      activity(life, r.between(created, p.acquiredDay),
          PRE_SALE_TYPES[r.pick(PRE_SALE_WEIGHTS)]);
    }
    int stop = life.serviceEnd();
    double perMonth = 0.5 * StrictMath.exp(0.3 * p.propensity);
    for (int month = p.acquiredDay + 30; month <= stop; month += 30) {
      int n = r.poisson(perMonth);
      for (int i = 0; i < n; i++) {
        int day = month + r.between(0, 29);
        String type = PRE_SALE_TYPES[r.pick(ACCOUNT_CARE_WEIGHTS)];
        if (day <= stop) {
          activity(life, day, type);
        }
      }
    }
    if (p.referralGiven) {
      int referrals = 1 + r.poisson(0.4);
      for (int i = 0; i < referrals; i++) {
        int day = p.acquiredDay + r.between(100, 400);
        if (day <= stop) {
          activity(life, day, "referral_given");
        }
      }
    }
  }

  private static void activity(Life life, int day, String type) throws IOException {
    Emitter out = life.out;
    int ordinal = out.next(Entity.ACTIVITIES);
    if (!out.accepts(day)) {
      return;
    }
    Rng v = out.rowRng(Entity.ACTIVITIES, ordinal);
    Names.Person person = life.people[v.nextInt(life.people.length)];
    String account = day >= life.duplicateAccountDay && v.chance(0.3)
        ? life.duplicateAccountId : life.accountId;
    String rep = v.chance(0.85) ? life.owner : v.pick(Names.REPS);
    out.emit(Entity.ACTIVITIES, day, ordinal, out.id(Entity.ACTIVITIES, ordinal), account,
        life.iso(day), type, Messy.contactEmail(person, 0.1, v), rep);
  }
}
