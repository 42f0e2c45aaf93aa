package brightstar.generate;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The _truth/ folder: how records really link to customers, which lines are malformed on
 * purpose, each customer's planted behaviours and outcomes, and each prospect's archetype.
 * Written as CSV with a header; never ingested.
 */
final class Truth implements Closeable {
  static final String FOLDER = "_truth";
  static final String RECORDS_HEADER = "source,entity,record_id,customer_id";
  static final String MALFORMED_HEADER = "source,entity,file,line,kind";
  static final String PROSPECTS_HEADER = "prospect_id,archetype";
  static final String[] CUSTOMER_COLUMNS = {
    "customer_id", "company_name", "domain", "industry", "country", "employees", "founded_year",
    "archetype", "latent_propensity", "acquired_date", "early_window_observed",
    "second_purchase_90d", "seats_used_60d", "webinar_90d", "conference_90d", "app_download_90d",
    "referral_given", "many_tickets_90d", "onboarding_unfinished", "returned_90d", "low_nps_90d",
    "seats_shrunk", "dissatisfied", "orders_per_year", "currency", "orders", "total_revenue",
    "total_revenue_usd", "revenue_after_90d_usd", "churned", "churn_date", "duplicate_account",
    "duplicate_lead"
  };

  private final Writer records;
  private final Writer malformed;
  private final Writer customers;
  private final Writer prospects;

  Truth(Path landing) throws IOException {
    Path folder = landing.resolve(FOLDER);
    Files.createDirectories(folder);
    records = open(folder.resolve("records.csv"), RECORDS_HEADER);
    malformed = open(folder.resolve("malformed.csv"), MALFORMED_HEADER);
    customers = open(folder.resolve("customers.csv"), String.join(",", CUSTOMER_COLUMNS));
    prospects = open(folder.resolve("prospects.csv"), PROSPECTS_HEADER);
  }

  static Writer open(Path file, String header) throws IOException {
    Writer w = new BufferedWriter(
        new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8), 1 << 16);
    w.write(header);
    w.write('\n');
    return w;
  }

  void record(Entity entity, String recordId, String customerId) throws IOException {
    records.write(Text.csvLine(
        new String[] {entity.source, entity.entityName, recordId, customerId}, 4));
    records.write('\n');
  }

  void malformed(Entity entity, String file, long line, Malformation kind) throws IOException {
    malformed.write(Text.csvLine(new String[] {entity.source, entity.entityName, file,
        Long.toString(line), kind.label()}, 5));
    malformed.write('\n');
  }

  void prospect(String prospectId, Archetype archetype) throws IOException {
    prospects.write(prospectId + "," + archetype.label + "\n");
  }

  void customer(Plan plan, Profile p, Names.Company company, Life.Outcome o) throws IOException {
    Firmographics f = p.firmographics;
    String currency = f.currency();
    double usd = Firmographics.usdPerUnit(currency);
    boolean churned = p.churnedBy(plan.endDay);
    String[] row = {
      plan.customerId(p.index), company.legalName(), company.domain(), f.industryCode(),
      f.countryCode(), Integer.toString(f.employees()), Integer.toString(f.foundedYear()),
      p.archetype.label, String.format(Locale.ROOT, "%.4f", p.propensity),
      Days.iso(p.acquiredDay),
      flag(p.acquiredDay + CausalModel.EARLY_DAYS <= plan.endDay),
      flag(p.secondPurchase90d), flag(p.seatsUsed60d), flag(p.webinar90d),
      flag(p.conference90d), flag(p.appDownload90d), flag(p.referralGiven),
      flag(p.manyTickets90d), flag(p.onboardingUnfinished), flag(p.returned90d),
      flag(p.lowNps90d), flag(p.seatsShrunk), flag(p.dissatisfied),
      String.format(Locale.ROOT, "%.3f", p.ordersPerYear), currency, Integer.toString(o.orders),
      Text.money(o.revenueCents), Text.money(Math.round(o.revenueCents * usd)),
      Text.money(Math.round(o.revenueAfter90Cents * usd)), flag(churned),
      churned ? Days.iso(p.churnDay) : "", flag(o.duplicateAccount), flag(o.duplicateLead)
    };
    customers.write(Text.csvLine(row, row.length));
    customers.write('\n');
  }

  private static String flag(boolean value) {
    return value ? "true" : "false";
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (Writer w : new Writer[] {records, malformed, customers, prospects}) {
      try {
        w.close();
      } catch (IOException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
