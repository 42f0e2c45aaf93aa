package brightstar.generate;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One customer's whole history, regenerated on demand: who they are in each silo, what they
 * bought and what happened, written through an {@link Emitter} that keeps only the rows of the
 * current pass. The silos run in causal order (sales, marketing, support, then finance, which
 * bills what sales sold and credits what support took back) and each draws from its own random
 * stream, so changing one silo's details does not reshuffle another's.
 */
final class Life {
  static final int STREAM_IDENTITY = 1;
  static final int STREAM_SALES = 2;
  static final int STREAM_MARKETING = 3;
  static final int STREAM_SUPPORT = 4;
  static final int STREAM_FINANCE = 5;

  final Plan plan;
  final Profile profile;
  final Emitter out;
  final Names.Company company;
  final Names.Person[] people;
  final String currency;
  final String owner;
  final Outcome outcome = new Outcome();

  // Filled by the sales silo, read by the others.
  String accountId;
  String duplicateAccountId;
  int duplicateAccountDay = Profile.NEVER;
  final List<Order> orders = new ArrayList<>();
  final List<Bill> bills = new ArrayList<>();
  // Filled by the support silo, read by finance.
  final List<Return> returns = new ArrayList<>();
  final List<Integer> complaintDays = new ArrayList<>();

  private Life(Plan plan, Profile profile, Emitter out) {
    this.plan = plan;
    this.profile = profile;
    this.out = out;
    Rng r = rng(STREAM_IDENTITY);
    this.company = Names.company(plan.seed, plan.totalCompanies, profile.index,
        profile.firmographics, r);
    int emailStyle = r.nextInt(5);
    double meanExtra = 0.3 + StrictMath.log10(profile.firmographics.employees()) / 2;
    this.people = new Names.Person[1 + Math.min(4, r.poisson(meanExtra))];
    for (int i = 0; i < people.length; i++) {
      people[i] = Names.person(company, emailStyle, r);
    }
    this.currency = profile.firmographics.currency();
    this.owner = r.pick(Names.REPS);
  }

  /** Writes the customer's rows that {@code out} accepts; the result holds the outcomes. */
  static Life live(Plan plan, Profile profile, Emitter out) throws IOException {
    Life life = new Life(plan, profile, out);
    SalesSilo.emit(life);
    MarketingSilo.emit(life);
    SupportSilo.emit(life);
    FinanceSilo.emit(life);
    return life;
  }

  Rng rng(int stream) {
    return Rng.of(plan.seed, profile.index, stream);
  }

  /** Last day anything of the service runs: the churn date or the window's end. */
  int serviceEnd() {
    return Math.min(plan.endDay, profile.churnDay);
  }

  String iso(int day) {
    return Days.iso(day);
  }

  /** A one-off order. */
  record Order(int ordinal, int day, int product, int quantity, long unitCents,
      long amountCents) {}

  /** One monthly subscription charge. */
  record Bill(int day, long grossCents) {}

  /** Goods taken back, to be credited by finance. */
  record Return(int day, Order order, long amountCents) {}

  /** What the truth reports about a customer beyond the profile: sums of written records. */
  static final class Outcome {
    long revenueCents;
    long revenueAfter90Cents;
    int orders;
    boolean duplicateAccount;
    boolean duplicateLead;
  }
}
