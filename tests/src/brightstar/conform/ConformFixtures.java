package brightstar.conform;

import brightstar.io.TableSpec;
import java.math.BigDecimal;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Small named bronze and crosswalk fixtures, built in SQL so each row reads as one line. */
final class ConformFixtures {
  static final Map<String, BigDecimal> FX =
      Map.of("USD", new BigDecimal("1.0"), "EUR", new BigDecimal("1.08"),
          "GBP", new BigDecimal("1.27"));

  private ConformFixtures() {}

  /**
   * silver.customer_crosswalk as the contract shapes it: C-ACME has two CRM accounts, a billing
   * account, a lead and a requester e-mail; C-GLOBEX only a billing account and a lead; A-LOST
   * is a CRM account identity resolution could not place (customer_id null).
   */
  static Dataset<Row> crosswalk(SparkSession spark) {
    return spark.sql("select source, entity, source_key, customer_id, match_rule,"
        + " cast(match_score as double) match_score, cast(first_seen as date) first_seen,"
        + " cast(last_seen as date) last_seen from values"
        + " ('sales', 'accounts', 'A1', 'C-ACME', 'domain', 1.0, '2023-01-10', '2024-06-01'),"
        + " ('sales', 'accounts', 'A2', 'C-ACME', 'domain', 1.0, '2023-06-01', '2024-06-01'),"
        + " ('sales', 'accounts', 'A-LOST', null, 'unresolved', 0.0, '2023-02-01', '2023-02-01'),"
        + " ('finance', 'billing_accounts', 'BA1', 'C-ACME', 'name_fuzzy', 0.97, '2023-01-20',"
        + "   '2024-06-01'),"
        + " ('finance', 'billing_accounts', 'BA2', 'C-GLOBEX', 'name_fuzzy', 0.95, '2022-11-03',"
        + "   '2024-06-01'),"
        + " ('marketing', 'leads', 'L1', 'C-ACME', 'email_domain', 1.0, '2022-12-01',"
        + "   '2022-12-01'),"
        + " ('marketing', 'leads', 'L2', 'C-GLOBEX', 'email_domain', 1.0, '2022-10-01',"
        + "   '2022-10-01'),"
        + " ('marketing', 'leads', 'L3', null, 'unresolved', 0.0, '2022-10-05', '2022-10-05'),"
        + " ('support', 'requesters', 'jane@acme.io', 'C-ACME', 'email_domain', 1.0,"
        + "   '2023-03-01', '2023-03-01')"
        + " as t(source, entity, source_key, customer_id, match_rule, match_score, first_seen,"
        + " last_seen)");
  }

  /** bronze lineage columns as SQL, for a row delivered in file F on day D at line N. */
  static String lineage() {
    return " _source_file, cast(_line as int) _line, _batch_id,"
        + " cast('2024-07-01 00:00:00' as timestamp) _ingested_at,"
        + " cast(_run_date as date) _run_date";
  }

  /**
   * bronze.sales_orders: O1 delivered on 01-05 and again, corrected, on 01-07; O2 in a
   * currency without a rate; O3 of an account no customer holds; O4 of an unresolved account.
   */
  static Dataset<Row> orders(SparkSession spark) {
    return spark.sql("select order_id, account_id, cast(order_date as date) order_date, product,"
        + " cast(quantity as int) quantity, cast(unit_price as decimal(18,2)) unit_price,"
        + " cast(amount as decimal(18,2)) amount, currency," + lineage() + " from values"
        + " ('O1', 'A1', '2024-01-05', 'core', 1, 100.00, 100.00, 'EUR',"
        + "   'sales/orders/2024-01-05/part-00000.csv', 2, 'b5', '2024-01-05'),"
        + " ('O1', 'A1', '2024-01-05', 'core', 2, 100.00, 200.00, 'EUR',"
        + "   'sales/orders/2024-01-07/part-00000.csv', 4, 'b7', '2024-01-07'),"
        + " ('O2', 'A2', '2024-01-06', 'kit', 3, 3333.33, 9999.99, 'JPY',"
        + "   'sales/orders/2024-01-06/part-00000.csv', 2, 'b6', '2024-01-06'),"
        + " ('O3', 'A9', '2024-01-06', 'core', 1, 19.99, 19.99, 'GBP',"
        + "   'sales/orders/2024-01-06/part-00000.csv', 3, 'b6', '2024-01-06'),"
        + " ('O4', 'A-LOST', '2024-01-06', 'core', 1, 10.05, 10.05, 'EUR',"
        + "   'sales/orders/2024-01-06/part-00000.csv', 4, 'b6', '2024-01-06')"
        + " as t(order_id, account_id, order_date, product, quantity, unit_price, amount,"
        + " currency, _source_file, _line, _batch_id, _run_date)");
  }

  /** bronze.support_tickets: T1 typed with a capitalised, padded e-mail; T2 of nobody known. */
  static Dataset<Row> tickets(SparkSession spark) {
    return spark.sql("select ticket_id, requester_email, company,"
        + " cast(opened_at as timestamp) opened_at, cast(closed_at as timestamp) closed_at,"
        + " priority, category, channel," + lineage() + " from values"
        + " ('T1', ' Jane@Acme.IO ', 'acme', '2024-02-01 10:00:00', null, 'high', 'bug',"
        + "   'email', 'support/tickets/2024-02-01/part-00000.csv', 2, 'b', '2024-02-01'),"
        + " ('T2', 'bob@gmail.com', 'Initech', '2024-02-01 11:00:00', '2024-02-02 09:00:00',"
        + "   'low', 'how_to', 'chat', 'support/tickets/2024-02-01/part-00000.csv', 3, 'b',"
        + "   '2024-02-01')"
        + " as t(ticket_id, requester_email, company, opened_at, closed_at, priority, category,"
        + " channel, _source_file, _line, _batch_id, _run_date)");
  }

  /**
   * bronze.sales_accounts of C-ACME: A1 is the first account (short name, decorated domain,
   * "SaaS", "UK", no founding year); A2 a later duplicate in capitals with a legal form.
   */
  static Dataset<Row> accounts(SparkSession spark) {
    return spark.sql("select account_id, company_name, domain, industry, country,"
        + " cast(employees as int) employees, cast(founded_year as int) founded_year,"
        + " cast(created_date as date) created_date, owner," + lineage() + " from values"
        + " ('A1', 'Acme Analytics', 'https://www.Acme.io/', 'SaaS', 'UK', 120, null,"
        + "   '2023-01-10', 'Ann', 'sales/accounts/2023-01-10/part-00000.json', 1, 'b',"
        + "   '2023-01-10'),"
        + " ('A2', 'ACME ANALYTICS LTD', 'acme.io', 'Software', 'gb', 118, 2001, '2023-06-01',"
        + "   'Bo', 'sales/accounts/2023-06-01/part-00000.json', 1, 'b', '2023-06-01'),"
        + " ('A-LOST', 'Nobody Ltd', 'nobody.example', 'Retail', 'FR', 5, 1990, '2023-02-01',"
        + "   'Cy', 'sales/accounts/2023-02-01/part-00000.json', 1, 'b', '2023-02-01')"
        + " as t(account_id, company_name, domain, industry, country, employees, founded_year,"
        + " created_date, owner, _source_file, _line, _batch_id, _run_date)");
  }

  /**
   * bronze.finance_invoices: BA1 (C-ACME) is mostly billed to its accounts-payable department,
   * once in capitals; BA2 (C-GLOBEX, no CRM account) to "Globex GmbH".
   */
  static Dataset<Row> invoices(SparkSession spark) {
    return spark.sql("select invoice_id, billing_account, bill_to_name, bill_to_email,"
        + " cast(issue_date as date) issue_date, cast(due_date as date) due_date, currency,"
        + " cast(gross_amount as decimal(18,2)) gross_amount,"
        + " cast(discount_amount as decimal(18,2)) discount_amount,"
        + " cast(net_amount as decimal(18,2)) net_amount," + lineage() + " from values"
        + " ('I1', 'BA1', 'Acme Analytics Ltd - Accounts Payable', 'ap@acme.io', '2023-02-01',"
        + "   '2023-03-01', 'GBP', 100.00, 0.00, 100.00, 'f/i/1.csv', 2, 'b', '2023-02-01'),"
        + " ('I2', 'BA1', 'Acme Analytics Ltd - Accounts Payable', 'ap@acme.io', '2023-03-01',"
        + "   '2023-04-01', 'GBP', 100.00, 10.00, 90.00, 'f/i/2.csv', 2, 'b', '2023-03-01'),"
        + " ('I3', 'BA1', 'ACME ANALYTICS LTD', 'ap@acme.io', '2023-04-01', '2023-05-01', 'GBP',"
        + "   100.00, 0.00, 100.00, 'f/i/3.csv', 2, 'b', '2023-04-01'),"
        + " ('I4', 'BA2', 'Globex GmbH', 'billing@globex.de', '2022-11-03', '2022-12-03', 'EUR',"
        + "   50.00, 0.00, 50.00, 'f/i/4.csv', 2, 'b', '2022-11-03')"
        + " as t(invoice_id, billing_account, bill_to_name, bill_to_email, issue_date, due_date,"
        + " currency, gross_amount, discount_amount, net_amount, _source_file, _line, _batch_id,"
        + " _run_date)");
  }

  /** bronze.marketing_leads: L1 (C-ACME) says "France", L2 (C-GLOBEX) "Germany". */
  static Dataset<Row> leads(SparkSession spark) {
    return spark.sql("select lead_id, email, first_name, last_name, company, job_title,"
        + " country, cast(created_date as date) created_date, lead_source," + lineage()
        + " from values"
        + " ('L1', 'jane@acme.io', 'Jane', 'Doe', 'acme', 'CTO', 'France', '2022-12-01', 'web',"
        + "   'm/l/1.csv', 2, 'b', '2022-12-01'),"
        + " ('L2', 'max@globex.de', 'Max', 'Mu', 'Globex', 'CFO', ' germany ', '2022-10-01',"
        + "   'event', 'm/l/2.csv', 2, 'b', '2022-10-01'),"
        + " ('L3', 'x@gmail.com', 'X', 'Y', null, null, 'United Kingdom', '2022-10-05', 'web',"
        + "   'm/l/3.csv', 2, 'b', '2022-10-05')"
        + " as t(lead_id, email, first_name, last_name, company, job_title, country,"
        + " created_date, lead_source, _source_file, _line, _batch_id, _run_date)");
  }

  /** The declared schema's (name, type) pairs, to compare with a result's. */
  static String shape(TableSpec spec) {
    return spec.schema().fields().length + ":" + java.util.Arrays.stream(spec.schema().fields())
        .map(f -> f.name() + " " + f.dataType().sql()).toList();
  }

  static String shape(Dataset<Row> rows) {
    return rows.schema().fields().length + ":" + java.util.Arrays.stream(rows.schema().fields())
        .map(f -> f.name() + " " + f.dataType().sql()).toList();
  }
}
