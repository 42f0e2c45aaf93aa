package brightstar.generate;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The marketing platform: leads keyed by e-mail (company as the person typed it, a few people
 * registered twice) and campaign touches. Renders the planted behaviours webinar_90d,
 * conference_90d and app_download_90d exactly: such touches fall in a customer's first 90 days
 * if and only if the flag is set. Also writes the contacts who never buy.
 */
final class MarketingSilo {
  static final double DUPLICATE_LEAD_SHARE = 0.05;
  private static final String[] LEAD_SOURCES = {"web", "event", "referral", "paid_search",
      "partner"};
  private static final double[] LEAD_SOURCE_WEIGHTS = {0.4, 0.15, 0.1, 0.25, 0.1};
  private static final String[] CITIES = {"berlin", "london", "austin", "amsterdam", "dublin",
      "paris", "stockholm", "toronto", "sydney", "madrid", "chicago", "munich"};
  private static final String[] WEBINAR_TOPICS = {"getting-started", "reporting-deep-dive",
      "admin-best-practices", "integrations", "security-101", "whats-new"};
  private static final int LEAD_ONLY_DAYS = 300;

  private MarketingSilo() {}

  /** A lead as the touches refer to it. */
  private record Lead(String id, String email, int created) {}

  static void emit(Life life) throws IOException {
    Rng r = life.rng(Life.STREAM_MARKETING);
    Profile p = life.profile;
    List<Lead> leads = customerLeads(life, r);
    newsletters(life.out, leads, Rng.sigmoid(-0.8 + 0.7 * p.propensity), p.lastDay, r);
    earlyTouches(life, leads.get(0), r);
    laterTouches(life, leads, r);
  }

  /** Every contact may leave a lead; the main contact always did, before the purchase. */
  private static List<Lead> customerLeads(Life life, Rng r) throws IOException {
    Profile p = life.profile;
    List<Lead> leads = new ArrayList<>();
    for (int i = 0; i < life.people.length; i++) {
      int created;
      if (i == 0) {
        created = Math.max(life.plan.startDay, p.acquiredDay - r.between(5, 120));
      } else {
        boolean has = r.chance(0.4);
        created = p.acquiredDay + r.between(0, 400);
        if (!has || created > p.lastDay) {
          continue;
        }
      }
      Lead lead = lead(life.out, life.people[i], life.company, created, null);
      leads.add(lead);
      boolean duplicate = r.chance(DUPLICATE_LEAD_SHARE);
      int again = created + r.between(1, 200);
      if (duplicate && again <= p.lastDay) {
        leads.add(lead(life.out, life.people[i], life.company, again, lead.email()));
        life.outcome.duplicateLead = true;
      }
    }
    return leads;
  }

  /**
   * Writes one lead.
   *
   * @param otherThan for a duplicate registration, the first lead's e-mail, which the second
   *     one must differ from; null for a first registration
   */
  private static Lead lead(Emitter out, Names.Person person, Names.Company company, int day,
      String otherThan) throws IOException {
    int ordinal = out.next(Entity.LEADS);
    String id = out.id(Entity.LEADS, ordinal);
    Rng v = out.rowRng(Entity.LEADS, ordinal);
    String email;
    if (otherThan == null) {
      email = Messy.contactEmail(person, 0.15, v);
    } else if (otherThan.equals(person.personalEmail())) {
      email = Messy.typedEmail(person.companyEmail(), v);
    } else {
      email = v.chance(0.5) ? person.personalEmail() : Text.upper(person.companyEmail());
    }
    if (out.accepts(day)) {
      String first = v.chance(0.05) ? Text.lower(person.first()) : person.first();
      double c = v.nextDouble();
      String country = c < 0.75 ? Firmographics.COUNTRIES[company.country()]
          : c < 0.9 ? Firmographics.COUNTRY_NAMES[company.country()] : "";
      out.emit(Entity.LEADS, day, ordinal, id, email, first, person.last(),
          Messy.typedCompany(company, v), person.title(), country, Days.iso(day),
          LEAD_SOURCES[v.pick(LEAD_SOURCE_WEIGHTS)]);
    }
    return new Lead(id, email, day);
  }

  /** The monthly newsletter (first Tuesday): each lead opens with p, clicks 30% of opens. */
  private static void newsletters(Emitter out, List<Lead> leads, double pOpen, int lastDay,
      Rng r) throws IOException {
    int first = Profile.NEVER;
    for (Lead lead : leads) {
      first = Math.min(first, lead.created());
    }
    for (int month = Days.firstOfMonth(first); ; month = Days.lastOfMonth(month) + 1) {
      int day = Days.newsletterOfMonth(month);
      if (day > lastDay) {
        return;
      }
      String campaign = "newsletter-" + Days.yearMonth(day);
      for (Lead lead : leads) {
        if (lead.created() < day && r.chance(pOpen)) {
          int second = r.between(6 * 3600, 22 * 3600);
          touch(out, lead, day, second, "email_open", campaign);
          if (r.chance(0.3)) {
            touch(out, lead, day, Math.min(86_399, second + r.between(5, 900)), "email_click",
                campaign);
          }
        }
      }
    }
  }

  private static void earlyTouches(Life life, Lead main, Rng r) throws IOException {
    Profile p = life.profile;
    int firstDay = p.acquiredDay + 1;
    int lastDay = p.acquiredDay + CausalModel.EARLY_DAYS;
    if (p.webinar90d) {
      int first = Days.webinarOnOrAfter(firstDay);
      int day = first + 14 * r.nextInt((lastDay - first) / 14 + 1);
      webinar(life.out, main, day, r);
    }
    if (p.conference90d) {
      int[] options = new int[5];
      int n = 0;
      for (int d = Days.conferenceOnOrAfter(firstDay); d <= lastDay;
          d = Days.conferenceOnOrAfter(d + 1)) {
        options[n++] = d;
      }
      conference(life.out, main, options[r.nextInt(n)], r);
    }
    if (p.appDownload90d) {
      int day = p.acquiredDay + r.between(3, CausalModel.EARLY_DAYS);
      touch(life.out, main, day, r.between(7 * 3600, 23 * 3600), "app_download", "mobile-app");
    }
  }

  /** After the early window: occasional webinars and conferences, and community posts. */
  private static void laterTouches(Life life, List<Lead> leads, Rng r) throws IOException {
    Profile p = life.profile;
    int from = p.acquiredDay + CausalModel.EARLY_DAYS + 1;
    int stop = life.serviceEnd();
    double engaged = StrictMath.exp(0.6 * p.propensity);
    for (int d = Days.webinarOnOrAfter(from); d <= stop; d += 14) {
      if (r.chance(0.04 * engaged)) {
        webinar(life.out, pickLead(leads, d, r), d, r);
      }
    }
    for (int d = Days.conferenceOnOrAfter(from); d <= stop;
        d = Days.conferenceOnOrAfter(d + 1)) {
      if (r.chance(0.03 * engaged)) {
        conference(life.out, pickLead(leads, d, r), d, r);
      }
    }
    double postsPerDay = 0.15 / 30 * StrictMath.exp(0.8 * p.propensity);
    for (double t = p.acquiredDay + 1 + r.exponential(postsPerDay); t <= stop;
        t += r.exponential(postsPerDay)) {
      int day = (int) t;
      touch(life.out, pickLead(leads, day, r), day, r.between(0, 86_399), "community_post",
          "community-forum");
    }
  }

  private static Lead pickLead(List<Lead> leads, int day, Rng r) {
    Lead pick = leads.get(0);
    int seen = 0;
    for (Lead lead : leads) {
      if (lead.created() <= day && r.nextInt(++seen) == 0) {
        pick = lead;
      }
    }
    return pick;
  }

  private static void webinar(Emitter out, Lead lead, int day, Rng r) throws IOException {
    String campaign = "webinar-" + Days.iso(day) + "-"
        + WEBINAR_TOPICS[Math.floorMod(day, WEBINAR_TOPICS.length)];
    touch(out, lead, day, (15 + r.nextInt(2)) * 3600 + r.between(0, 600), "webinar", campaign);
  }

  private static void conference(Emitter out, Lead lead, int day, Rng r) throws IOException {
    LocalDate date = LocalDate.ofEpochDay(day);
    int monthIndex = date.getYear() * 12 + date.getMonthValue();
    String campaign = "user-conference-" + Days.yearMonth(day) + "-"
        + CITIES[monthIndex % CITIES.length];
    touch(out, lead, day, r.between(9 * 3600, 17 * 3600), "user_conference", campaign);
  }

  private static void touch(Emitter out, Lead lead, int day, int second, String type,
      String campaign) throws IOException {
    int ordinal = out.next(Entity.TOUCHES);
    if (!out.accepts(day)) {
      return;
    }
    Rng v = out.rowRng(Entity.TOUCHES, ordinal);
    String email = v.chance(0.05) ? Text.lower(lead.email()) : lead.email();
    out.emit(Entity.TOUCHES, day, ordinal, out.id(Entity.TOUCHES, ordinal), lead.id(), email,
        Text.timestamp(Days.iso(day), second), type, campaign);
  }

  /**
   * A contact who never buys: one lead (rarely two), newsletters and the odd webinar for up to
   * 300 days. Half of them work at a prospect company, half at a company of their own.
   */
  static void leadOnly(Plan plan, int j, Emitter out) throws IOException {
    int owner = plan.leadOnlyOwner(j);
    Names.Company company;
    if (j % 2 == 0) {
      company = Prospects.prospect(plan, (j / 2) % plan.prospects).company();
    } else {
      Rng c = Rng.of(plan.seed, owner, Life.STREAM_IDENTITY);
      Firmographics f = Archetype.drawCustomer(c).firmographics(c, plan.lastYear);
      company = Names.company(plan.seed, plan.totalCompanies, plan.leadOnlyCompany(j), f, c);
    }
    Rng r = Rng.of(plan.seed, owner, Life.STREAM_MARKETING);
    Names.Person person = Names.person(company, r.nextInt(5), r);
    int created = plan.startDay + r.nextInt(plan.windowDays());
    int last = Math.min(plan.endDay, created + LEAD_ONLY_DAYS);
    List<Lead> leads = new ArrayList<>();
    Lead lead = lead(out, person, company, created, null);
    leads.add(lead);
    int again = created + r.between(1, 200);
    if (r.chance(DUPLICATE_LEAD_SHARE) && again <= last) {
      leads.add(lead(out, person, company, again, lead.email()));
    }
    newsletters(out, leads, 0.25, last, r);
    for (int d = Days.webinarOnOrAfter(created); d <= last; d += 14) {
      if (r.chance(0.03)) {
        webinar(out, lead, d, r);
      }
    }
  }
}
