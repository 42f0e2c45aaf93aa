package brightstar.generate;

import java.util.ArrayList;
import java.util.List;

/**
 * The landing-zone contract of docs/landing.md, declared once: each entity's silo, folder, file
 * format, columns in order, event-date column and business key, plus which column each kind of
 * planted malformation damages.
 *
 * <p>The column lists here must match docs/landing.md; a test parses the document and compares.
 */
enum Entity {
  INVOICES("finance", "invoices", Format.CSV, "INV-",
      "invoice_id,billing_account,bill_to_name,bill_to_email,issue_date,due_date,currency,"
          + "gross_amount,discount_amount,net_amount",
      "issue_date", "invoice_id", "gross_amount", "currency", "JPY", "net_amount"),
  PAYMENTS("finance", "payments", Format.CSV, "PAY-",
      "payment_id,invoice_id,billing_account,paid_date,amount,currency,method",
      "paid_date", "payment_id", "amount", "method", "cheque", "amount"),
  CREDIT_NOTES("finance", "credit_notes", Format.CSV, "CN-",
      "credit_note_id,invoice_id,billing_account,issue_date,amount,currency,reason",
      "issue_date", "credit_note_id", "amount", "reason", "chargeback", "amount"),
  ACCOUNTS("sales", "accounts", Format.JSON, "ACC-",
      "account_id,company_name,domain,industry,country,employees,founded_year,created_date,owner",
      "created_date", "account_id", "employees", null, null, "employees"),
  ORDERS("sales", "orders", Format.CSV, "SO-",
      "order_id,account_id,order_date,product,quantity,unit_price,amount,currency",
      "order_date", "order_id", "amount", "currency", "JPY", "quantity"),
  SUBSCRIPTIONS("sales", "subscriptions", Format.CSV, "SUB-",
      "subscription_id,account_id,plan,seats_purchased,start_date,end_date,monthly_price,"
          + "currency",
      "start_date", "subscription_id", "seats_purchased", "plan", "platinum", "seats_purchased"),
  SEAT_USAGE("sales", "seat_usage", Format.CSV, "",
      "subscription_id,account_id,usage_date,seats_active",
      "usage_date", "subscription_id,usage_date", "seats_active", null, null, "seats_active"),
  ACTIVITIES("sales", "activities", Format.CSV, "ACT-",
      "activity_id,account_id,activity_date,activity_type,contact_email,rep",
      "activity_date", "activity_id", null, "activity_type", "webex", null),
  LEADS("marketing", "leads", Format.CSV, "LD-",
      "lead_id,email,first_name,last_name,company,job_title,country,created_date,lead_source",
      "created_date", "lead_id", null, "lead_source", "tradeshow", null),
  TOUCHES("marketing", "touches", Format.JSON, "TCH-",
      "touch_id,lead_id,email,touch_time,touch_type,campaign",
      "touch_time", "touch_id", null, "touch_type", "podcast", null),
  TICKETS("support", "tickets", Format.CSV, "TKT-",
      "ticket_id,requester_email,company,opened_at,closed_at,priority,category,channel",
      "opened_at", "ticket_id", null, "priority", "critical", null),
  SURVEYS("support", "surveys", Format.CSV, "RSP-",
      "response_id,respondent_email,survey_type,score,responded_date,comment",
      "responded_date", "response_id", "score", "survey_type", "ces", "score"),
  RETURNS("support", "returns", Format.CSV, "RMA-",
      "return_id,requester_email,company,return_date,product,quantity,amount,currency,reason",
      "return_date", "return_id", "amount", "currency", "JPY", "quantity"),
  COMPANIES("prospects", "companies", Format.CSV, "PRS-",
      "prospect_id,company_name,domain,industry,country,employees,founded_year",
      null, "prospect_id", "employees", null, null, "employees");

  /** How an entity's files are written. */
  enum Format {
    CSV("csv"),
    JSON("json");

    final String extension;

    Format(String extension) {
      this.extension = extension;
    }
  }

  final String source;
  final String entityName;
  final Format format;
  final String[] columns;
  /** Index of the event-date column, or -1 for the prospects extract (dated by --end). */
  final int eventIndex;
  final int[] keyIndexes;
  /** Column damaged by non_numeric, or -1. */
  final int numericIndex;
  /** Column damaged by unknown_enum, or -1; {@link #unknownEnum} is the value written. */
  final int enumIndex;
  final String unknownEnum;
  /** Column damaged by out_of_range, or -1. */
  final int rangeIndex;
  /** JSON columns written as numbers rather than strings. */
  final boolean[] jsonNumeric;
  final Malformation[] kinds;
  /** The CSV header line (without terminator). */
  final String csvHeader;
  private final String idPrefix;

  Entity(String source, String entityName, Format format, String idPrefix, String columns,
      String event, String keys, String numeric, String enumColumn, String unknownEnum,
      String range) {
    this.source = source;
    this.entityName = entityName;
    this.format = format;
    this.idPrefix = idPrefix;
    this.columns = columns.split(",");
    this.csvHeader = columns;
    this.eventIndex = indexOf(event);
    String[] keyNames = keys.split(",");
    this.keyIndexes = new int[keyNames.length];
    for (int i = 0; i < keyNames.length; i++) {
      keyIndexes[i] = indexOf(keyNames[i]);
    }
    this.numericIndex = indexOf(numeric);
    this.enumIndex = indexOf(enumColumn);
    this.unknownEnum = unknownEnum;
    this.rangeIndex = indexOf(range);
    this.jsonNumeric = new boolean[this.columns.length];
    if (format == Format.JSON) {
      for (int i = 0; i < this.columns.length; i++) {
        jsonNumeric[i] = this.columns[i].equals("employees")
            || this.columns[i].equals("founded_year");
      }
    }
    this.kinds = applicableKinds();
  }

  String idPrefix() {
    return idPrefix;
  }

  /** {@code source/entity}, the folder under the landing root and the key of row counts. */
  String folder() {
    return source + "/" + entityName;
  }

  String fileName() {
    return "part-00000." + format.extension;
  }

  /** The business key as written to _truth/records.csv: key parts joined with '|'. */
  String recordId(String[] fields) {
    if (keyIndexes.length == 1) {
      return fields[keyIndexes[0]];
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < keyIndexes.length; i++) {
      if (i > 0) {
        sb.append('|');
      }
      sb.append(fields[keyIndexes[i]]);
    }
    return sb.toString();
  }

  private int indexOf(String column) {
    if (column == null) {
      return -1;
    }
    for (int i = 0; i < columns.length; i++) {
      if (columns[i].equals(column)) {
        return i;
      }
    }
    throw new IllegalStateException(
        "Entity " + name() + " names column '" + column + "' that is not among its columns");
  }

  private Malformation[] applicableKinds() {
    List<Malformation> list = new ArrayList<>();
    for (Malformation kind : Malformation.values()) {
      boolean applies = switch (kind) {
        case BAD_DATE -> eventIndex >= 0;
        case NON_NUMERIC -> numericIndex >= 0;
        case UNKNOWN_ENUM -> enumIndex >= 0;
        case OUT_OF_RANGE -> rangeIndex >= 0;
        case MISSING_KEY, TRUNCATED_LINE, DUPLICATE_KEY -> true;
      };
      if (applies) {
        list.add(kind);
      }
    }
    return list.toArray(new Malformation[0]);
  }
}
