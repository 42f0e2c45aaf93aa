package brightstar.generate;

import java.io.IOException;
import java.util.List;

/**
 * The finance system: one billing account per customer, an invoice per monthly subscription
 * charge and per order, payments (mostly on time, some late, a few never, now and then in two
 * parts) and credit notes for returns, goodwill after complaints, billing errors and refunds.
 * Bill-to names and e-mails are the finance team's spelling of the company.
 */
final class FinanceSilo {
  private static final double[] DISCOUNTS = {0, 0, 0, 0, 0, 0.05, 0.05, 0.10, 0.15, 0.20};
  private static final String[] METHODS = {"card", "bank_transfer", "direct_debit"};
  private static final double[] METHOD_WEIGHTS = {0.3, 0.5, 0.2};
  private static final String[] AP_MAILBOXES = {"ap@", "billing@", "accounts.payable@",
      "finance@"};

  private FinanceSilo() {}

  /** The per-customer billing set-up every invoice shares. */
  private record Billing(String account, double discount, int dueDays, int method,
      String billToName, String billToEmail, double latePayer, double neverPays) {}

  static void emit(Life life) throws IOException {
    Rng r = life.rng(Life.STREAM_FINANCE);
    Profile p = life.profile;
    String billToEmail = r.chance(0.2) ? life.people[0].companyEmail()
        : r.pick(AP_MAILBOXES) + life.company.domain();
    Billing billing = new Billing(Ids.billingAccount(life.plan.seed, p.index),
        DISCOUNTS[r.nextInt(DISCOUNTS.length)], r.chance(0.8) ? 30 : 14,
        r.pick(METHOD_WEIGHTS), Messy.billToName(life.company, r), billToEmail,
        0.08 + (p.dissatisfied ? 0.25 : 0) + (p.archetype == Archetype.AT_RISK ? 0.1 : 0),
        0.015 + (p.dissatisfied ? 0.05 : 0));
    List<Life.Bill> bills = life.bills;
    int[] billInvoice = new int[bills.size()];
    long[] billNet = new long[bills.size()];
    for (int i = 0; i < bills.size(); i++) {
      Life.Bill bill = bills.get(i);
      billInvoice[i] = invoice(life, billing, r, bill.day(), bill.grossCents(), false);
      billNet[i] = net(bill.grossCents(), billing.discount());
    }
    int[] orderInvoice = new int[life.orders.size()];
    for (int i = 0; i < life.orders.size(); i++) {
      Life.Order order = life.orders.get(i);
      orderInvoice[i] = invoice(life, billing, r, order.day(), order.amountCents(),
          !wasReturned(life, order));
    }
    for (Life.Return ret : life.returns) {
      int i = life.orders.indexOf(ret.order());
      // Credited against the order's invoice, never more than that invoice's net.
      long net = net(ret.order().amountCents(), billing.discount());
      creditNote(life, billing, orderInvoice[i], ret.day() + r.between(1, 14),
          Math.min(net, ret.amountCents()), "return");
    }
    for (int complaint : life.complaintDays) {
      int bill = lastBillOnOrBefore(bills, complaint);
      boolean goodwill = r.chance(0.3);
      int day = complaint + r.between(1, 20);
      if (goodwill && bill >= 0) {
        long amount = Math.min(billNet[bill], Math.max(2000, billNet[bill] / 10));
        creditNote(life, billing, billInvoice[bill], day, amount, "goodwill");
      }
    }
  }

  /** Returned goods are credited as returns, so their invoice never also gets a refund. */
  private static boolean wasReturned(Life life, Life.Order order) {
    for (Life.Return ret : life.returns) {
      if (ret.order().ordinal() == order.ordinal()) {
        return true;
      }
    }
    return false;
  }

  private static long net(long gross, double discount) {
    return gross - Math.round(gross * discount);
  }

  private static int lastBillOnOrBefore(List<Life.Bill> bills, int day) {
    int found = -1;
    for (int i = 0; i < bills.size() && bills.get(i).day() <= day; i++) {
      found = i;
    }
    return found;
  }

  /**
   * Writes an invoice with its payments and any error or refund credit; returns its ordinal.
   *
   * @param refundable whether an order refund may be credited against it
   */
  private static int invoice(Life life, Billing billing, Rng r, int day, long gross,
      boolean refundable) throws IOException {
    Emitter out = life.out;
    long discount = Math.round(gross * billing.discount());
    long net = gross - discount;
    int ordinal = out.next(Entity.INVOICES);
    if (life.plan.inWindow(day)) {
      life.outcome.revenueCents += net;
      if (day > life.profile.acquiredDay + CausalModel.EARLY_DAYS) {
        life.outcome.revenueAfter90Cents += net;
      }
    }
    if (out.accepts(day)) {
      Rng v = out.rowRng(Entity.INVOICES, ordinal);
      String name = v.chance(0.85) ? billing.billToName() : Messy.billToName(life.company, v);
      String email = v.chance(0.95) ? billing.billToEmail() : Text.upper(billing.billToEmail());
      out.emit(Entity.INVOICES, day, ordinal, out.id(Entity.INVOICES, ordinal),
          billing.account(), name, email, Days.iso(day), Days.iso(day + billing.dueDays()),
          life.currency, Text.money(gross), Text.money(discount), Text.money(net));
    }
    payments(life, billing, r, ordinal, day, net);
    if (r.chance(0.01)) {
      long amount = Math.max(1, Math.round(net * r.uniform(0.05, 0.5)));
      creditNote(life, billing, ordinal, day + r.between(3, 40), amount, "billing_error");
    } else if (refundable && r.chance(0.02)) {
      long amount = Math.max(1, Math.round(net * r.uniform(0.1, 1.0)));
      creditNote(life, billing, ordinal, day + r.between(5, 60), amount, "refund");
    }
    return ordinal;
  }

  private static void payments(Life life, Billing billing, Rng r, int invoiceOrdinal, int day,
      long net) throws IOException {
    boolean never = r.chance(billing.neverPays());
    boolean late = r.chance(billing.latePayer());
    int delay = late ? r.between(billing.dueDays() + 1, 90) : r.between(0, billing.dueDays());
    int paid = day + delay;
    boolean split = r.chance(0.03);
    int rest = paid + r.between(7, 30);
    int method = r.chance(0.95) ? billing.method() : r.nextInt(METHODS.length);
    if (never || net <= 0) {
      return;
    }
    if (split) {
      long part = Math.round(net * 0.6);
      payment(life, billing, invoiceOrdinal, paid, part, method);
      payment(life, billing, invoiceOrdinal, rest, net - part, method);
    } else {
      payment(life, billing, invoiceOrdinal, paid, net, method);
    }
  }

  private static void payment(Life life, Billing billing, int invoiceOrdinal, int day,
      long amount, int method) throws IOException {
    Emitter out = life.out;
    int ordinal = out.next(Entity.PAYMENTS);
    if (out.accepts(day)) {
      out.emit(Entity.PAYMENTS, day, ordinal, out.id(Entity.PAYMENTS, ordinal),
          out.id(Entity.INVOICES, invoiceOrdinal), billing.account(), Days.iso(day),
          Text.money(amount), life.currency, METHODS[method]);
    }
  }

  private static void creditNote(Life life, Billing billing, int invoiceOrdinal, int day,
      long amount, String reason) throws IOException {
    Emitter out = life.out;
    int ordinal = out.next(Entity.CREDIT_NOTES);
    if (life.plan.inWindow(day)) {
      life.outcome.revenueCents -= amount;
      if (day > life.profile.acquiredDay + CausalModel.EARLY_DAYS) {
        life.outcome.revenueAfter90Cents -= amount;
      }
    }
    if (out.accepts(day)) {
      out.emit(Entity.CREDIT_NOTES, day, ordinal, out.id(Entity.CREDIT_NOTES, ordinal),
          out.id(Entity.INVOICES, invoiceOrdinal), billing.account(), Days.iso(day),
          Text.money(amount), life.currency, reason);
    }
  }
}
