-- The benchmark's single-node peer for ingest (bin/brightstar bench; docs/benchmarks.md),
-- rendered from the source contracts by brightstar.bench.DuckDbPeer.ingestSql: every
-- landing file of an entity read as text, typed with the contract's schema, rows that
-- break the contract kept in quarantine with their reasons, the others in
-- bronze_<source>_<entity>. ${landing} is the landing root.
CREATE OR REPLACE TABLE quarantine (source VARCHAR, entity VARCHAR, file VARCHAR,
  reasons VARCHAR, record VARCHAR);

-- finance.invoices (csv)
CREATE OR REPLACE TEMP TABLE raw_finance_invoices AS
SELECT * FROM read_csv('${landing}/finance/invoices/*/*.csv', header = true, all_varchar = true, filename = true,
  delim = ',', quote = '"', store_rejects = true, rejects_table = 'raw_finance_invoices_lines', rejects_scan = 'raw_finance_invoices_scans');
INSERT INTO quarantine SELECT 'finance', 'invoices', s.file_path, string_agg(DISTINCT lower(e.error_type), '; '), any_value(e.csv_line) FROM raw_finance_invoices_lines e JOIN raw_finance_invoices_scans s USING (scan_id, file_id) GROUP BY s.file_path, e.line;
CREATE OR REPLACE TEMP TABLE checked_finance_invoices AS
SELECT *, concat_ws('; ',
  CASE WHEN issue_date IS NOT NULL AND TRY_CAST(issue_date AS DATE) IS NULL THEN 'issue_date: not a DATE' END,
  CASE WHEN due_date IS NOT NULL AND TRY_CAST(due_date AS DATE) IS NULL THEN 'due_date: not a DATE' END,
  CASE WHEN gross_amount IS NOT NULL AND TRY_CAST(gross_amount AS DECIMAL(18,2)) IS NULL THEN 'gross_amount: not a DECIMAL(18,2)' END,
  CASE WHEN discount_amount IS NOT NULL AND TRY_CAST(discount_amount AS DECIMAL(18,2)) IS NULL THEN 'discount_amount: not a DECIMAL(18,2)' END,
  CASE WHEN net_amount IS NOT NULL AND TRY_CAST(net_amount AS DECIMAL(18,2)) IS NULL THEN 'net_amount: not a DECIMAL(18,2)' END,
  CASE WHEN invoice_id IS NULL OR trim(invoice_id) = '' THEN 'invoice_id: missing' END,
  CASE WHEN issue_date IS NULL OR trim(issue_date) = '' THEN 'issue_date: missing' END,
  CASE WHEN billing_account IS NULL OR trim(billing_account) = '' THEN 'billing_account: missing' END,
  CASE WHEN currency IS NULL OR trim(currency) = '' THEN 'currency: missing' END,
  CASE WHEN gross_amount IS NULL OR trim(gross_amount) = '' THEN 'gross_amount: missing' END,
  CASE WHEN net_amount IS NULL OR trim(net_amount) = '' THEN 'net_amount: missing' END,
  CASE WHEN currency NOT IN ('USD', 'EUR', 'GBP') THEN 'currency: not in its domain' END,
  CASE WHEN (TRY_CAST(gross_amount AS DECIMAL(18,2)) < 0) THEN 'gross_amount is below 0' END,
  CASE WHEN (TRY_CAST(discount_amount AS DECIMAL(18,2)) < 0) THEN 'discount_amount is below 0' END,
  CASE WHEN (TRY_CAST(net_amount AS DECIMAL(18,2)) < 0) THEN 'net_amount is below 0' END,
  CASE WHEN row_number() OVER (PARTITION BY filename, invoice_id) > 1 THEN 'business key repeated in the file' END) AS _reasons, CAST(to_json(struct_pack(invoice_id := invoice_id, billing_account := billing_account, bill_to_name := bill_to_name, bill_to_email := bill_to_email, issue_date := issue_date, due_date := due_date, currency := currency, gross_amount := gross_amount, discount_amount := discount_amount, net_amount := net_amount)) AS VARCHAR) AS _record
FROM raw_finance_invoices;
CREATE OR REPLACE TABLE bronze_finance_invoices AS
SELECT invoice_id, billing_account, bill_to_name, bill_to_email, TRY_CAST(issue_date AS DATE) AS issue_date, TRY_CAST(due_date AS DATE) AS due_date, currency, TRY_CAST(gross_amount AS DECIMAL(18,2)) AS gross_amount, TRY_CAST(discount_amount AS DECIMAL(18,2)) AS discount_amount, TRY_CAST(net_amount AS DECIMAL(18,2)) AS net_amount, filename AS _source_file
FROM checked_finance_invoices WHERE _reasons = '';
INSERT INTO quarantine SELECT 'finance', 'invoices', filename, _reasons, _record FROM checked_finance_invoices WHERE _reasons <> '';
DROP TABLE checked_finance_invoices;
DROP TABLE raw_finance_invoices;

-- finance.payments (csv)
CREATE OR REPLACE TEMP TABLE raw_finance_payments AS
SELECT * FROM read_csv('${landing}/finance/payments/*/*.csv', header = true, all_varchar = true, filename = true,
  delim = ',', quote = '"', store_rejects = true, rejects_table = 'raw_finance_payments_lines', rejects_scan = 'raw_finance_payments_scans');
INSERT INTO quarantine SELECT 'finance', 'payments', s.file_path, string_agg(DISTINCT lower(e.error_type), '; '), any_value(e.csv_line) FROM raw_finance_payments_lines e JOIN raw_finance_payments_scans s USING (scan_id, file_id) GROUP BY s.file_path, e.line;
CREATE OR REPLACE TEMP TABLE checked_finance_payments AS
SELECT *, concat_ws('; ',
  CASE WHEN paid_date IS NOT NULL AND TRY_CAST(paid_date AS DATE) IS NULL THEN 'paid_date: not a DATE' END,
  CASE WHEN amount IS NOT NULL AND TRY_CAST(amount AS DECIMAL(18,2)) IS NULL THEN 'amount: not a DECIMAL(18,2)' END,
  CASE WHEN payment_id IS NULL OR trim(payment_id) = '' THEN 'payment_id: missing' END,
  CASE WHEN paid_date IS NULL OR trim(paid_date) = '' THEN 'paid_date: missing' END,
  CASE WHEN invoice_id IS NULL OR trim(invoice_id) = '' THEN 'invoice_id: missing' END,
  CASE WHEN amount IS NULL OR trim(amount) = '' THEN 'amount: missing' END,
  CASE WHEN currency IS NULL OR trim(currency) = '' THEN 'currency: missing' END,
  CASE WHEN currency NOT IN ('USD', 'EUR', 'GBP') THEN 'currency: not in its domain' END,
  CASE WHEN method NOT IN ('card', 'bank_transfer', 'direct_debit') THEN 'method: not in its domain' END,
  CASE WHEN (TRY_CAST(amount AS DECIMAL(18,2)) < 0) THEN 'amount is below 0' END,
  CASE WHEN row_number() OVER (PARTITION BY filename, payment_id) > 1 THEN 'business key repeated in the file' END) AS _reasons, CAST(to_json(struct_pack(payment_id := payment_id, invoice_id := invoice_id, billing_account := billing_account, paid_date := paid_date, amount := amount, currency := currency, method := method)) AS VARCHAR) AS _record
FROM raw_finance_payments;
CREATE OR REPLACE TABLE bronze_finance_payments AS
SELECT payment_id, invoice_id, billing_account, TRY_CAST(paid_date AS DATE) AS paid_date, TRY_CAST(amount AS DECIMAL(18,2)) AS amount, currency, method, filename AS _source_file
FROM checked_finance_payments WHERE _reasons = '';
INSERT INTO quarantine SELECT 'finance', 'payments', filename, _reasons, _record FROM checked_finance_payments WHERE _reasons <> '';
DROP TABLE checked_finance_payments;
DROP TABLE raw_finance_payments;

-- finance.credit_notes (csv)
CREATE OR REPLACE TEMP TABLE raw_finance_credit_notes AS
SELECT * FROM read_csv('${landing}/finance/credit_notes/*/*.csv', header = true, all_varchar = true, filename = true,
  delim = ',', quote = '"', store_rejects = true, rejects_table = 'raw_finance_credit_notes_lines', rejects_scan = 'raw_finance_credit_notes_scans');
INSERT INTO quarantine SELECT 'finance', 'credit_notes', s.file_path, string_agg(DISTINCT lower(e.error_type), '; '), any_value(e.csv_line) FROM raw_finance_credit_notes_lines e JOIN raw_finance_credit_notes_scans s USING (scan_id, file_id) GROUP BY s.file_path, e.line;
CREATE OR REPLACE TEMP TABLE checked_finance_credit_notes AS
SELECT *, concat_ws('; ',
  CASE WHEN issue_date IS NOT NULL AND TRY_CAST(issue_date AS DATE) IS NULL THEN 'issue_date: not a DATE' END,
  CASE WHEN amount IS NOT NULL AND TRY_CAST(amount AS DECIMAL(18,2)) IS NULL THEN 'amount: not a DECIMAL(18,2)' END,
  CASE WHEN credit_note_id IS NULL OR trim(credit_note_id) = '' THEN 'credit_note_id: missing' END,
  CASE WHEN issue_date IS NULL OR trim(issue_date) = '' THEN 'issue_date: missing' END,
  CASE WHEN invoice_id IS NULL OR trim(invoice_id) = '' THEN 'invoice_id: missing' END,
  CASE WHEN amount IS NULL OR trim(amount) = '' THEN 'amount: missing' END,
  CASE WHEN currency IS NULL OR trim(currency) = '' THEN 'currency: missing' END,
  CASE WHEN currency NOT IN ('USD', 'EUR', 'GBP') THEN 'currency: not in its domain' END,
  CASE WHEN reason NOT IN ('refund', 'return', 'goodwill', 'billing_error') THEN 'reason: not in its domain' END,
  CASE WHEN (TRY_CAST(amount AS DECIMAL(18,2)) < 0) THEN 'amount is below 0' END,
  CASE WHEN row_number() OVER (PARTITION BY filename, credit_note_id) > 1 THEN 'business key repeated in the file' END) AS _reasons, CAST(to_json(struct_pack(credit_note_id := credit_note_id, invoice_id := invoice_id, billing_account := billing_account, issue_date := issue_date, amount := amount, currency := currency, reason := reason)) AS VARCHAR) AS _record
FROM raw_finance_credit_notes;
CREATE OR REPLACE TABLE bronze_finance_credit_notes AS
SELECT credit_note_id, invoice_id, billing_account, TRY_CAST(issue_date AS DATE) AS issue_date, TRY_CAST(amount AS DECIMAL(18,2)) AS amount, currency, reason, filename AS _source_file
FROM checked_finance_credit_notes WHERE _reasons = '';
INSERT INTO quarantine SELECT 'finance', 'credit_notes', filename, _reasons, _record FROM checked_finance_credit_notes WHERE _reasons <> '';
DROP TABLE checked_finance_credit_notes;
DROP TABLE raw_finance_credit_notes;

-- marketing.leads (csv)
CREATE OR REPLACE TEMP TABLE raw_marketing_leads AS
SELECT * FROM read_csv('${landing}/marketing/leads/*/*.csv', header = true, all_varchar = true, filename = true,
  delim = ',', quote = '"', store_rejects = true, rejects_table = 'raw_marketing_leads_lines', rejects_scan = 'raw_marketing_leads_scans');
INSERT INTO quarantine SELECT 'marketing', 'leads', s.file_path, string_agg(DISTINCT lower(e.error_type), '; '), any_value(e.csv_line) FROM raw_marketing_leads_lines e JOIN raw_marketing_leads_scans s USING (scan_id, file_id) GROUP BY s.file_path, e.line;
CREATE OR REPLACE TEMP TABLE checked_marketing_leads AS
SELECT *, concat_ws('; ',
  CASE WHEN created_date IS NOT NULL AND TRY_CAST(created_date AS DATE) IS NULL THEN 'created_date: not a DATE' END,
  CASE WHEN lead_id IS NULL OR trim(lead_id) = '' THEN 'lead_id: missing' END,
  CASE WHEN created_date IS NULL OR trim(created_date) = '' THEN 'created_date: missing' END,
  CASE WHEN lead_source IS NULL OR trim(lead_source) = '' THEN 'lead_source: missing' END,
  CASE WHEN lead_source NOT IN ('web', 'event', 'referral', 'paid_search', 'partner') THEN 'lead_source: not in its domain' END,
  CASE WHEN row_number() OVER (PARTITION BY filename, lead_id) > 1 THEN 'business key repeated in the file' END) AS _reasons, CAST(to_json(struct_pack(lead_id := lead_id, email := email, first_name := first_name, last_name := last_name, company := company, job_title := job_title, country := country, created_date := created_date, lead_source := lead_source)) AS VARCHAR) AS _record
FROM raw_marketing_leads;
CREATE OR REPLACE TABLE bronze_marketing_leads AS
SELECT lead_id, email, first_name, last_name, company, job_title, country, TRY_CAST(created_date AS DATE) AS created_date, lead_source, filename AS _source_file
FROM checked_marketing_leads WHERE _reasons = '';
INSERT INTO quarantine SELECT 'marketing', 'leads', filename, _reasons, _record FROM checked_marketing_leads WHERE _reasons <> '';
DROP TABLE checked_marketing_leads;
DROP TABLE raw_marketing_leads;

-- marketing.touches (json)
CREATE OR REPLACE TEMP TABLE raw_marketing_touches AS
SELECT json_extract_string(CASE WHEN _valid THEN line END, '$.touch_id') AS touch_id,
  json_extract_string(CASE WHEN _valid THEN line END, '$.lead_id') AS lead_id,
  json_extract_string(CASE WHEN _valid THEN line END, '$.email') AS email,
  json_extract_string(CASE WHEN _valid THEN line END, '$.touch_time') AS touch_time,
  json_extract_string(CASE WHEN _valid THEN line END, '$.touch_type') AS touch_type,
  json_extract_string(CASE WHEN _valid THEN line END, '$.campaign') AS campaign,
  filename, line AS _line_text, _valid
FROM (SELECT line, filename, json_valid(line) AS _valid FROM read_csv('${landing}/marketing/touches/*/*.json', columns = {'line': 'VARCHAR'}, header = false, delim = '\x01', quote = '', escape = '', auto_detect = false, filename = true));
CREATE OR REPLACE TEMP TABLE checked_marketing_touches AS
SELECT *, concat_ws('; ',
  CASE WHEN NOT _valid THEN 'not a JSON object' END,
  CASE WHEN touch_time IS NOT NULL AND TRY_CAST(touch_time AS TIMESTAMP) IS NULL THEN 'touch_time: not a TIMESTAMP' END,
  CASE WHEN touch_id IS NULL OR trim(touch_id) = '' THEN 'touch_id: missing' END,
  CASE WHEN touch_time IS NULL OR trim(touch_time) = '' THEN 'touch_time: missing' END,
  CASE WHEN touch_type IS NULL OR trim(touch_type) = '' THEN 'touch_type: missing' END,
  CASE WHEN touch_type NOT IN ('email_open', 'email_click', 'webinar', 'user_conference', 'community_post', 'app_download') THEN 'touch_type: not in its domain' END,
  CASE WHEN row_number() OVER (PARTITION BY filename, touch_id) > 1 THEN 'business key repeated in the file' END) AS _reasons, _line_text AS _record
FROM raw_marketing_touches;
CREATE OR REPLACE TABLE bronze_marketing_touches AS
SELECT touch_id, lead_id, email, TRY_CAST(touch_time AS TIMESTAMP) AS touch_time, touch_type, campaign, filename AS _source_file
FROM checked_marketing_touches WHERE _reasons = '';
INSERT INTO quarantine SELECT 'marketing', 'touches', filename, _reasons, _record FROM checked_marketing_touches WHERE _reasons <> '';
DROP TABLE checked_marketing_touches;
DROP TABLE raw_marketing_touches;

-- prospects.companies (csv)
CREATE OR REPLACE TEMP TABLE raw_prospects_companies AS
SELECT * FROM read_csv('${landing}/prospects/companies/*/*.csv', header = true, all_varchar = true, filename = true,
  delim = ',', quote = '"', store_rejects = true, rejects_table = 'raw_prospects_companies_lines', rejects_scan = 'raw_prospects_companies_scans');
INSERT INTO quarantine SELECT 'prospects', 'companies', s.file_path, string_agg(DISTINCT lower(e.error_type), '; '), any_value(e.csv_line) FROM raw_prospects_companies_lines e JOIN raw_prospects_companies_scans s USING (scan_id, file_id) GROUP BY s.file_path, e.line;
CREATE OR REPLACE TEMP TABLE checked_prospects_companies AS
SELECT *, concat_ws('; ',
  CASE WHEN employees IS NOT NULL AND TRY_CAST(employees AS INTEGER) IS NULL THEN 'employees: not a INTEGER' END,
  CASE WHEN founded_year IS NOT NULL AND TRY_CAST(founded_year AS INTEGER) IS NULL THEN 'founded_year: not a INTEGER' END,
  CASE WHEN prospect_id IS NULL OR trim(prospect_id) = '' THEN 'prospect_id: missing' END,
  CASE WHEN company_name IS NULL OR trim(company_name) = '' THEN 'company_name: missing' END,
  CASE WHEN (TRY_CAST(employees AS INTEGER) < 1) THEN 'employees is below 1' END,
  CASE WHEN (TRY_CAST(founded_year AS INTEGER) < 1800 OR TRY_CAST(founded_year AS INTEGER) > 2100) THEN 'founded_year is outside 1800..2100' END,
  CASE WHEN row_number() OVER (PARTITION BY filename, prospect_id) > 1 THEN 'business key repeated in the file' END) AS _reasons, CAST(to_json(struct_pack(prospect_id := prospect_id, company_name := company_name, domain := domain, industry := industry, country := country, employees := employees, founded_year := founded_year)) AS VARCHAR) AS _record
FROM raw_prospects_companies;
CREATE OR REPLACE TABLE bronze_prospects_companies AS
SELECT prospect_id, company_name, domain, industry, country, TRY_CAST(employees AS INTEGER) AS employees, TRY_CAST(founded_year AS INTEGER) AS founded_year, filename AS _source_file
FROM checked_prospects_companies WHERE _reasons = '';
INSERT INTO quarantine SELECT 'prospects', 'companies', filename, _reasons, _record FROM checked_prospects_companies WHERE _reasons <> '';
DROP TABLE checked_prospects_companies;
DROP TABLE raw_prospects_companies;

-- sales.accounts (json)
CREATE OR REPLACE TEMP TABLE raw_sales_accounts AS
SELECT json_extract_string(CASE WHEN _valid THEN line END, '$.account_id') AS account_id,
  json_extract_string(CASE WHEN _valid THEN line END, '$.company_name') AS company_name,
  json_extract_string(CASE WHEN _valid THEN line END, '$.domain') AS domain,
  json_extract_string(CASE WHEN _valid THEN line END, '$.industry') AS industry,
  json_extract_string(CASE WHEN _valid THEN line END, '$.country') AS country,
  json_extract_string(CASE WHEN _valid THEN line END, '$.employees') AS employees,
  json_extract_string(CASE WHEN _valid THEN line END, '$.founded_year') AS founded_year,
  json_extract_string(CASE WHEN _valid THEN line END, '$.created_date') AS created_date,
  json_extract_string(CASE WHEN _valid THEN line END, '$.owner') AS owner,
  filename, line AS _line_text, _valid
FROM (SELECT line, filename, json_valid(line) AS _valid FROM read_csv('${landing}/sales/accounts/*/*.json', columns = {'line': 'VARCHAR'}, header = false, delim = '\x01', quote = '', escape = '', auto_detect = false, filename = true));
CREATE OR REPLACE TEMP TABLE checked_sales_accounts AS
SELECT *, concat_ws('; ',
  CASE WHEN NOT _valid THEN 'not a JSON object' END,
  CASE WHEN employees IS NOT NULL AND TRY_CAST(employees AS INTEGER) IS NULL THEN 'employees: not a INTEGER' END,
  CASE WHEN founded_year IS NOT NULL AND TRY_CAST(founded_year AS INTEGER) IS NULL THEN 'founded_year: not a INTEGER' END,
  CASE WHEN created_date IS NOT NULL AND TRY_CAST(created_date AS DATE) IS NULL THEN 'created_date: not a DATE' END,
  CASE WHEN account_id IS NULL OR trim(account_id) = '' THEN 'account_id: missing' END,
  CASE WHEN created_date IS NULL OR trim(created_date) = '' THEN 'created_date: missing' END,
  CASE WHEN company_name IS NULL OR trim(company_name) = '' THEN 'company_name: missing' END,
  CASE WHEN (TRY_CAST(employees AS INTEGER) < 1) THEN 'employees is below 1' END,
  CASE WHEN (TRY_CAST(founded_year AS INTEGER) < 1800 OR TRY_CAST(founded_year AS INTEGER) > 2100) THEN 'founded_year is outside 1800..2100' END,
  CASE WHEN row_number() OVER (PARTITION BY filename, account_id) > 1 THEN 'business key repeated in the file' END) AS _reasons, _line_text AS _record
FROM raw_sales_accounts;
CREATE OR REPLACE TABLE bronze_sales_accounts AS
SELECT account_id, company_name, domain, industry, country, TRY_CAST(employees AS INTEGER) AS employees, TRY_CAST(founded_year AS INTEGER) AS founded_year, TRY_CAST(created_date AS DATE) AS created_date, owner, filename AS _source_file
FROM checked_sales_accounts WHERE _reasons = '';
INSERT INTO quarantine SELECT 'sales', 'accounts', filename, _reasons, _record FROM checked_sales_accounts WHERE _reasons <> '';
DROP TABLE checked_sales_accounts;
DROP TABLE raw_sales_accounts;

-- sales.orders (csv)
CREATE OR REPLACE TEMP TABLE raw_sales_orders AS
SELECT * FROM read_csv('${landing}/sales/orders/*/*.csv', header = true, all_varchar = true, filename = true,
  delim = ',', quote = '"', store_rejects = true, rejects_table = 'raw_sales_orders_lines', rejects_scan = 'raw_sales_orders_scans');
INSERT INTO quarantine SELECT 'sales', 'orders', s.file_path, string_agg(DISTINCT lower(e.error_type), '; '), any_value(e.csv_line) FROM raw_sales_orders_lines e JOIN raw_sales_orders_scans s USING (scan_id, file_id) GROUP BY s.file_path, e.line;
CREATE OR REPLACE TEMP TABLE checked_sales_orders AS
SELECT *, concat_ws('; ',
  CASE WHEN order_date IS NOT NULL AND TRY_CAST(order_date AS DATE) IS NULL THEN 'order_date: not a DATE' END,
  CASE WHEN quantity IS NOT NULL AND TRY_CAST(quantity AS INTEGER) IS NULL THEN 'quantity: not a INTEGER' END,
  CASE WHEN unit_price IS NOT NULL AND TRY_CAST(unit_price AS DECIMAL(18,2)) IS NULL THEN 'unit_price: not a DECIMAL(18,2)' END,
  CASE WHEN amount IS NOT NULL AND TRY_CAST(amount AS DECIMAL(18,2)) IS NULL THEN 'amount: not a DECIMAL(18,2)' END,
  CASE WHEN order_id IS NULL OR trim(order_id) = '' THEN 'order_id: missing' END,
  CASE WHEN order_date IS NULL OR trim(order_date) = '' THEN 'order_date: missing' END,
  CASE WHEN account_id IS NULL OR trim(account_id) = '' THEN 'account_id: missing' END,
  CASE WHEN amount IS NULL OR trim(amount) = '' THEN 'amount: missing' END,
  CASE WHEN currency IS NULL OR trim(currency) = '' THEN 'currency: missing' END,
  CASE WHEN currency NOT IN ('USD', 'EUR', 'GBP') THEN 'currency: not in its domain' END,
  CASE WHEN (TRY_CAST(quantity AS INTEGER) < 1) THEN 'quantity is below 1' END,
  CASE WHEN (TRY_CAST(unit_price AS DECIMAL(18,2)) < 0) THEN 'unit_price is below 0' END,
  CASE WHEN (TRY_CAST(amount AS DECIMAL(18,2)) < 0) THEN 'amount is below 0' END,
  CASE WHEN row_number() OVER (PARTITION BY filename, order_id) > 1 THEN 'business key repeated in the file' END) AS _reasons, CAST(to_json(struct_pack(order_id := order_id, account_id := account_id, order_date := order_date, product := product, quantity := quantity, unit_price := unit_price, amount := amount, currency := currency)) AS VARCHAR) AS _record
FROM raw_sales_orders;
CREATE OR REPLACE TABLE bronze_sales_orders AS
SELECT order_id, account_id, TRY_CAST(order_date AS DATE) AS order_date, product, TRY_CAST(quantity AS INTEGER) AS quantity, TRY_CAST(unit_price AS DECIMAL(18,2)) AS unit_price, TRY_CAST(amount AS DECIMAL(18,2)) AS amount, currency, filename AS _source_file
FROM checked_sales_orders WHERE _reasons = '';
INSERT INTO quarantine SELECT 'sales', 'orders', filename, _reasons, _record FROM checked_sales_orders WHERE _reasons <> '';
DROP TABLE checked_sales_orders;
DROP TABLE raw_sales_orders;

-- sales.subscriptions (csv)
CREATE OR REPLACE TEMP TABLE raw_sales_subscriptions AS
SELECT * FROM read_csv('${landing}/sales/subscriptions/*/*.csv', header = true, all_varchar = true, filename = true,
  delim = ',', quote = '"', store_rejects = true, rejects_table = 'raw_sales_subscriptions_lines', rejects_scan = 'raw_sales_subscriptions_scans');
INSERT INTO quarantine SELECT 'sales', 'subscriptions', s.file_path, string_agg(DISTINCT lower(e.error_type), '; '), any_value(e.csv_line) FROM raw_sales_subscriptions_lines e JOIN raw_sales_subscriptions_scans s USING (scan_id, file_id) GROUP BY s.file_path, e.line;
CREATE OR REPLACE TEMP TABLE checked_sales_subscriptions AS
SELECT *, concat_ws('; ',
  CASE WHEN seats_purchased IS NOT NULL AND TRY_CAST(seats_purchased AS INTEGER) IS NULL THEN 'seats_purchased: not a INTEGER' END,
  CASE WHEN start_date IS NOT NULL AND TRY_CAST(start_date AS DATE) IS NULL THEN 'start_date: not a DATE' END,
  CASE WHEN end_date IS NOT NULL AND TRY_CAST(end_date AS DATE) IS NULL THEN 'end_date: not a DATE' END,
  CASE WHEN monthly_price IS NOT NULL AND TRY_CAST(monthly_price AS DECIMAL(18,2)) IS NULL THEN 'monthly_price: not a DECIMAL(18,2)' END,
  CASE WHEN subscription_id IS NULL OR trim(subscription_id) = '' THEN 'subscription_id: missing' END,
  CASE WHEN start_date IS NULL OR trim(start_date) = '' THEN 'start_date: missing' END,
  CASE WHEN account_id IS NULL OR trim(account_id) = '' THEN 'account_id: missing' END,
  CASE WHEN plan IS NULL OR trim(plan) = '' THEN 'plan: missing' END,
  CASE WHEN seats_purchased IS NULL OR trim(seats_purchased) = '' THEN 'seats_purchased: missing' END,
  CASE WHEN currency IS NULL OR trim(currency) = '' THEN 'currency: missing' END,
  CASE WHEN currency NOT IN ('USD', 'EUR', 'GBP') THEN 'currency: not in its domain' END,
  CASE WHEN plan NOT IN ('starter', 'team', 'business', 'enterprise') THEN 'plan: not in its domain' END,
  CASE WHEN (TRY_CAST(seats_purchased AS INTEGER) < 1) THEN 'seats_purchased is below 1' END,
  CASE WHEN (TRY_CAST(monthly_price AS DECIMAL(18,2)) < 0) THEN 'monthly_price is below 0' END,
  CASE WHEN row_number() OVER (PARTITION BY filename, subscription_id) > 1 THEN 'business key repeated in the file' END) AS _reasons, CAST(to_json(struct_pack(subscription_id := subscription_id, account_id := account_id, plan := plan, seats_purchased := seats_purchased, start_date := start_date, end_date := end_date, monthly_price := monthly_price, currency := currency)) AS VARCHAR) AS _record
FROM raw_sales_subscriptions;
CREATE OR REPLACE TABLE bronze_sales_subscriptions AS
SELECT subscription_id, account_id, plan, TRY_CAST(seats_purchased AS INTEGER) AS seats_purchased, TRY_CAST(start_date AS DATE) AS start_date, TRY_CAST(end_date AS DATE) AS end_date, TRY_CAST(monthly_price AS DECIMAL(18,2)) AS monthly_price, currency, filename AS _source_file
FROM checked_sales_subscriptions WHERE _reasons = '';
INSERT INTO quarantine SELECT 'sales', 'subscriptions', filename, _reasons, _record FROM checked_sales_subscriptions WHERE _reasons <> '';
DROP TABLE checked_sales_subscriptions;
DROP TABLE raw_sales_subscriptions;

-- sales.seat_usage (csv)
CREATE OR REPLACE TEMP TABLE raw_sales_seat_usage AS
SELECT * FROM read_csv('${landing}/sales/seat_usage/*/*.csv', header = true, all_varchar = true, filename = true,
  delim = ',', quote = '"', store_rejects = true, rejects_table = 'raw_sales_seat_usage_lines', rejects_scan = 'raw_sales_seat_usage_scans');
INSERT INTO quarantine SELECT 'sales', 'seat_usage', s.file_path, string_agg(DISTINCT lower(e.error_type), '; '), any_value(e.csv_line) FROM raw_sales_seat_usage_lines e JOIN raw_sales_seat_usage_scans s USING (scan_id, file_id) GROUP BY s.file_path, e.line;
CREATE OR REPLACE TEMP TABLE checked_sales_seat_usage AS
SELECT *, concat_ws('; ',
  CASE WHEN usage_date IS NOT NULL AND TRY_CAST(usage_date AS DATE) IS NULL THEN 'usage_date: not a DATE' END,
  CASE WHEN seats_active IS NOT NULL AND TRY_CAST(seats_active AS INTEGER) IS NULL THEN 'seats_active: not a INTEGER' END,
  CASE WHEN subscription_id IS NULL OR trim(subscription_id) = '' THEN 'subscription_id: missing' END,
  CASE WHEN usage_date IS NULL OR trim(usage_date) = '' THEN 'usage_date: missing' END,
  CASE WHEN seats_active IS NULL OR trim(seats_active) = '' THEN 'seats_active: missing' END,
  CASE WHEN (TRY_CAST(seats_active AS INTEGER) < 0) THEN 'seats_active is below 0' END,
  CASE WHEN row_number() OVER (PARTITION BY filename, subscription_id, usage_date) > 1 THEN 'business key repeated in the file' END) AS _reasons, CAST(to_json(struct_pack(subscription_id := subscription_id, account_id := account_id, usage_date := usage_date, seats_active := seats_active)) AS VARCHAR) AS _record
FROM raw_sales_seat_usage;
CREATE OR REPLACE TABLE bronze_sales_seat_usage AS
SELECT subscription_id, account_id, TRY_CAST(usage_date AS DATE) AS usage_date, TRY_CAST(seats_active AS INTEGER) AS seats_active, filename AS _source_file
FROM checked_sales_seat_usage WHERE _reasons = '';
INSERT INTO quarantine SELECT 'sales', 'seat_usage', filename, _reasons, _record FROM checked_sales_seat_usage WHERE _reasons <> '';
DROP TABLE checked_sales_seat_usage;
DROP TABLE raw_sales_seat_usage;

-- sales.activities (csv)
CREATE OR REPLACE TEMP TABLE raw_sales_activities AS
SELECT * FROM read_csv('${landing}/sales/activities/*/*.csv', header = true, all_varchar = true, filename = true,
  delim = ',', quote = '"', store_rejects = true, rejects_table = 'raw_sales_activities_lines', rejects_scan = 'raw_sales_activities_scans');
INSERT INTO quarantine SELECT 'sales', 'activities', s.file_path, string_agg(DISTINCT lower(e.error_type), '; '), any_value(e.csv_line) FROM raw_sales_activities_lines e JOIN raw_sales_activities_scans s USING (scan_id, file_id) GROUP BY s.file_path, e.line;
CREATE OR REPLACE TEMP TABLE checked_sales_activities AS
SELECT *, concat_ws('; ',
  CASE WHEN activity_date IS NOT NULL AND TRY_CAST(activity_date AS DATE) IS NULL THEN 'activity_date: not a DATE' END,
  CASE WHEN activity_id IS NULL OR trim(activity_id) = '' THEN 'activity_id: missing' END,
  CASE WHEN activity_date IS NULL OR trim(activity_date) = '' THEN 'activity_date: missing' END,
  CASE WHEN account_id IS NULL OR trim(account_id) = '' THEN 'account_id: missing' END,
  CASE WHEN activity_type IS NULL OR trim(activity_type) = '' THEN 'activity_type: missing' END,
  CASE WHEN activity_type NOT IN ('call', 'meeting', 'email_reply', 'referral_given') THEN 'activity_type: not in its domain' END,
  CASE WHEN row_number() OVER (PARTITION BY filename, activity_id) > 1 THEN 'business key repeated in the file' END) AS _reasons, CAST(to_json(struct_pack(activity_id := activity_id, account_id := account_id, activity_date := activity_date, activity_type := activity_type, contact_email := contact_email, rep := rep)) AS VARCHAR) AS _record
FROM raw_sales_activities;
CREATE OR REPLACE TABLE bronze_sales_activities AS
SELECT activity_id, account_id, TRY_CAST(activity_date AS DATE) AS activity_date, activity_type, contact_email, rep, filename AS _source_file
FROM checked_sales_activities WHERE _reasons = '';
INSERT INTO quarantine SELECT 'sales', 'activities', filename, _reasons, _record FROM checked_sales_activities WHERE _reasons <> '';
DROP TABLE checked_sales_activities;
DROP TABLE raw_sales_activities;

-- support.tickets (csv)
CREATE OR REPLACE TEMP TABLE raw_support_tickets AS
SELECT * FROM read_csv('${landing}/support/tickets/*/*.csv', header = true, all_varchar = true, filename = true,
  delim = ',', quote = '"', store_rejects = true, rejects_table = 'raw_support_tickets_lines', rejects_scan = 'raw_support_tickets_scans');
INSERT INTO quarantine SELECT 'support', 'tickets', s.file_path, string_agg(DISTINCT lower(e.error_type), '; '), any_value(e.csv_line) FROM raw_support_tickets_lines e JOIN raw_support_tickets_scans s USING (scan_id, file_id) GROUP BY s.file_path, e.line;
CREATE OR REPLACE TEMP TABLE checked_support_tickets AS
SELECT *, concat_ws('; ',
  CASE WHEN opened_at IS NOT NULL AND TRY_CAST(opened_at AS TIMESTAMP) IS NULL THEN 'opened_at: not a TIMESTAMP' END,
  CASE WHEN closed_at IS NOT NULL AND TRY_CAST(closed_at AS TIMESTAMP) IS NULL THEN 'closed_at: not a TIMESTAMP' END,
  CASE WHEN ticket_id IS NULL OR trim(ticket_id) = '' THEN 'ticket_id: missing' END,
  CASE WHEN opened_at IS NULL OR trim(opened_at) = '' THEN 'opened_at: missing' END,
  CASE WHEN priority IS NULL OR trim(priority) = '' THEN 'priority: missing' END,
  CASE WHEN category IS NULL OR trim(category) = '' THEN 'category: missing' END,
  CASE WHEN channel IS NULL OR trim(channel) = '' THEN 'channel: missing' END,
  CASE WHEN category NOT IN ('onboarding', 'bug', 'billing', 'how_to', 'complaint', 'feature_request') THEN 'category: not in its domain' END,
  CASE WHEN channel NOT IN ('email', 'phone', 'chat') THEN 'channel: not in its domain' END,
  CASE WHEN priority NOT IN ('low', 'normal', 'high', 'urgent') THEN 'priority: not in its domain' END,
  CASE WHEN row_number() OVER (PARTITION BY filename, ticket_id) > 1 THEN 'business key repeated in the file' END) AS _reasons, CAST(to_json(struct_pack(ticket_id := ticket_id, requester_email := requester_email, company := company, opened_at := opened_at, closed_at := closed_at, priority := priority, category := category, channel := channel)) AS VARCHAR) AS _record
FROM raw_support_tickets;
CREATE OR REPLACE TABLE bronze_support_tickets AS
SELECT ticket_id, requester_email, company, TRY_CAST(opened_at AS TIMESTAMP) AS opened_at, TRY_CAST(closed_at AS TIMESTAMP) AS closed_at, priority, category, channel, filename AS _source_file
FROM checked_support_tickets WHERE _reasons = '';
INSERT INTO quarantine SELECT 'support', 'tickets', filename, _reasons, _record FROM checked_support_tickets WHERE _reasons <> '';
DROP TABLE checked_support_tickets;
DROP TABLE raw_support_tickets;

-- support.surveys (csv)
CREATE OR REPLACE TEMP TABLE raw_support_surveys AS
SELECT * FROM read_csv('${landing}/support/surveys/*/*.csv', header = true, all_varchar = true, filename = true,
  delim = ',', quote = '"', store_rejects = true, rejects_table = 'raw_support_surveys_lines', rejects_scan = 'raw_support_surveys_scans');
INSERT INTO quarantine SELECT 'support', 'surveys', s.file_path, string_agg(DISTINCT lower(e.error_type), '; '), any_value(e.csv_line) FROM raw_support_surveys_lines e JOIN raw_support_surveys_scans s USING (scan_id, file_id) GROUP BY s.file_path, e.line;
CREATE OR REPLACE TEMP TABLE checked_support_surveys AS
SELECT *, concat_ws('; ',
  CASE WHEN score IS NOT NULL AND TRY_CAST(score AS INTEGER) IS NULL THEN 'score: not a INTEGER' END,
  CASE WHEN responded_date IS NOT NULL AND TRY_CAST(responded_date AS DATE) IS NULL THEN 'responded_date: not a DATE' END,
  CASE WHEN response_id IS NULL OR trim(response_id) = '' THEN 'response_id: missing' END,
  CASE WHEN responded_date IS NULL OR trim(responded_date) = '' THEN 'responded_date: missing' END,
  CASE WHEN survey_type IS NULL OR trim(survey_type) = '' THEN 'survey_type: missing' END,
  CASE WHEN score IS NULL OR trim(score) = '' THEN 'score: missing' END,
  CASE WHEN survey_type NOT IN ('nps', 'csat') THEN 'survey_type: not in its domain' END,
  CASE WHEN (survey_type = 'nps') AND (TRY_CAST(score AS INTEGER) < 0 OR TRY_CAST(score AS INTEGER) > 10) THEN 'score is outside 0..10 (when survey_type = ''nps'')' END,
  CASE WHEN (survey_type = 'csat') AND (TRY_CAST(score AS INTEGER) < 1 OR TRY_CAST(score AS INTEGER) > 5) THEN 'score is outside 1..5 (when survey_type = ''csat'')' END,
  CASE WHEN row_number() OVER (PARTITION BY filename, response_id) > 1 THEN 'business key repeated in the file' END) AS _reasons, CAST(to_json(struct_pack(response_id := response_id, respondent_email := respondent_email, survey_type := survey_type, score := score, responded_date := responded_date, comment := comment)) AS VARCHAR) AS _record
FROM raw_support_surveys;
CREATE OR REPLACE TABLE bronze_support_surveys AS
SELECT response_id, respondent_email, survey_type, TRY_CAST(score AS INTEGER) AS score, TRY_CAST(responded_date AS DATE) AS responded_date, comment, filename AS _source_file
FROM checked_support_surveys WHERE _reasons = '';
INSERT INTO quarantine SELECT 'support', 'surveys', filename, _reasons, _record FROM checked_support_surveys WHERE _reasons <> '';
DROP TABLE checked_support_surveys;
DROP TABLE raw_support_surveys;

-- support.returns (csv)
CREATE OR REPLACE TEMP TABLE raw_support_returns AS
SELECT * FROM read_csv('${landing}/support/returns/*/*.csv', header = true, all_varchar = true, filename = true,
  delim = ',', quote = '"', store_rejects = true, rejects_table = 'raw_support_returns_lines', rejects_scan = 'raw_support_returns_scans');
INSERT INTO quarantine SELECT 'support', 'returns', s.file_path, string_agg(DISTINCT lower(e.error_type), '; '), any_value(e.csv_line) FROM raw_support_returns_lines e JOIN raw_support_returns_scans s USING (scan_id, file_id) GROUP BY s.file_path, e.line;
CREATE OR REPLACE TEMP TABLE checked_support_returns AS
SELECT *, concat_ws('; ',
  CASE WHEN return_date IS NOT NULL AND TRY_CAST(return_date AS DATE) IS NULL THEN 'return_date: not a DATE' END,
  CASE WHEN quantity IS NOT NULL AND TRY_CAST(quantity AS INTEGER) IS NULL THEN 'quantity: not a INTEGER' END,
  CASE WHEN amount IS NOT NULL AND TRY_CAST(amount AS DECIMAL(18,2)) IS NULL THEN 'amount: not a DECIMAL(18,2)' END,
  CASE WHEN return_id IS NULL OR trim(return_id) = '' THEN 'return_id: missing' END,
  CASE WHEN return_date IS NULL OR trim(return_date) = '' THEN 'return_date: missing' END,
  CASE WHEN amount IS NULL OR trim(amount) = '' THEN 'amount: missing' END,
  CASE WHEN currency IS NULL OR trim(currency) = '' THEN 'currency: missing' END,
  CASE WHEN currency NOT IN ('USD', 'EUR', 'GBP') THEN 'currency: not in its domain' END,
  CASE WHEN (TRY_CAST(quantity AS INTEGER) < 1) THEN 'quantity is below 1' END,
  CASE WHEN (TRY_CAST(amount AS DECIMAL(18,2)) < 0) THEN 'amount is below 0' END,
  CASE WHEN row_number() OVER (PARTITION BY filename, return_id) > 1 THEN 'business key repeated in the file' END) AS _reasons, CAST(to_json(struct_pack(return_id := return_id, requester_email := requester_email, company := company, return_date := return_date, product := product, quantity := quantity, amount := amount, currency := currency, reason := reason)) AS VARCHAR) AS _record
FROM raw_support_returns;
CREATE OR REPLACE TABLE bronze_support_returns AS
SELECT return_id, requester_email, company, TRY_CAST(return_date AS DATE) AS return_date, product, TRY_CAST(quantity AS INTEGER) AS quantity, TRY_CAST(amount AS DECIMAL(18,2)) AS amount, currency, reason, filename AS _source_file
FROM checked_support_returns WHERE _reasons = '';
INSERT INTO quarantine SELECT 'support', 'returns', filename, _reasons, _record FROM checked_support_returns WHERE _reasons <> '';
DROP TABLE checked_support_returns;
DROP TABLE raw_support_returns;
