-- The benchmark's single-node peer for customer_360 (bin/brightstar bench; docs/benchmarks.md):
-- DuckDB computes the core of gold.customer_360 as of ${as_of} from the silver tables, which
-- the benchmark exposes as views silver_<table> over the Parquet files of their current Delta
-- snapshot. The definitions are those of brightstar.customer360.Customer360 (docs/tables.md):
-- "12 months" is (as-of minus 12 months, as-of], "90 days" is (as-of minus 90 days, as-of],
-- and a fact counts once its day is on or before the as-of date.
--
-- It covers the profile, the order figures, revenue and its deductions, support, surveys and
-- marketing touches: 40 of the table's columns. It leaves out cost to serve, late payments,
-- seats, care, behaviours and scores, so its time is a lower bound of DuckDB's for the whole
-- table and the Brightstar / DuckDB ratio it gives flatters DuckDB. The benchmark checks
-- every column below against gold.customer_360 of the same run.
CREATE OR REPLACE TABLE peer_customer_360 AS
WITH
params AS (
  SELECT DATE '${as_of}' AS as_of,
         CAST(DATE '${as_of}' - INTERVAL 12 MONTH AS DATE) AS year_before,
         CAST(DATE '${as_of}' - INTERVAL 90 DAY AS DATE) AS recent_after
),
base AS (
  SELECT c.customer_id, c.company_name, c.domain, c.industry, c.country, c.employees,
         c.founded_year, c.crm_accounts, c.first_seen_date
  FROM silver_customers c, params p
  WHERE c.customer_id IS NOT NULL AND c.first_seen_date <= p.as_of
),
orders AS (
  SELECT o.customer_id,
         min(o.order_date) AS first_order_date,
         max(o.order_date) AS last_order_date,
         count(o.order_id) AS order_count,
         count(o.order_id) FILTER (WHERE o.order_date > p.year_before) AS orders_12m,
         round(sum(o.amount_usd), 2) AS order_revenue_usd
  FROM silver_orders o, params p
  WHERE o.customer_id IS NOT NULL AND o.order_date <= p.as_of
  GROUP BY o.customer_id
),
invoiced AS (
  SELECT i.customer_id,
         sum(CAST(i.net_amount_usd AS DOUBLE)) AS net_invoiced_usd,
         sum(CAST(i.gross_amount_usd AS DOUBLE)) FILTER (WHERE i.issue_date > p.year_before)
           AS gross_revenue_12m,
         sum(coalesce(CAST(i.discount_amount_usd AS DOUBLE), 0))
           FILTER (WHERE i.issue_date > p.year_before) AS discounts_12m,
         sum(CAST(i.net_amount_usd AS DOUBLE)) FILTER (WHERE i.issue_date > p.year_before)
           AS net_invoiced_12m
  FROM silver_invoices i, params p
  WHERE i.customer_id IS NOT NULL AND i.issue_date <= p.as_of
  GROUP BY i.customer_id
),
credited AS (
  SELECT n.customer_id,
         sum(CAST(n.amount_usd AS DOUBLE)) AS credited_usd,
         sum(CAST(n.amount_usd AS DOUBLE))
           FILTER (WHERE n.issue_date > p.year_before AND n.reason <> 'return')
           AS credits_refunds_12m,
         sum(CAST(n.amount_usd AS DOUBLE))
           FILTER (WHERE n.issue_date > p.year_before AND n.reason = 'return')
           AS returns_credited_12m
  FROM silver_credit_notes n, params p
  WHERE n.customer_id IS NOT NULL AND n.issue_date <= p.as_of
  GROUP BY n.customer_id
),
tickets AS (
  SELECT t.customer_id,
         count(*) FILTER (WHERE CAST(t.opened_at AS DATE) > p.recent_after) AS tickets_90d,
         count(*) FILTER (WHERE CAST(t.opened_at AS DATE) > p.recent_after
                            AND t.category = 'complaint') AS complaints_90d,
         count(*) FILTER (WHERE t.closed_at IS NULL OR CAST(t.closed_at AS DATE) > p.as_of)
           AS open_tickets,
         count(*) FILTER (WHERE CAST(t.opened_at AS DATE) > p.year_before
                            AND t.category = 'complaint') AS complaints_12m,
         count(*) FILTER (WHERE CAST(t.opened_at AS DATE) > p.year_before)
           AS support_tickets_12m
  FROM silver_tickets t, params p
  WHERE t.customer_id IS NOT NULL AND CAST(t.opened_at AS DATE) <= p.as_of
  GROUP BY t.customer_id
),
answers AS (
  SELECT s.customer_id,
         arg_max(s.score, (s.responded_date, s.response_id))
           FILTER (WHERE s.survey_type = 'nps') AS last_nps,
         max(s.responded_date) FILTER (WHERE s.survey_type = 'nps') AS last_nps_date,
         arg_max(s.score, (s.responded_date, s.response_id))
           FILTER (WHERE s.survey_type = 'csat') AS last_csat,
         count(*) FILTER (WHERE s.responded_date > p.year_before AND s.survey_type = 'nps')
           AS nps_answers_12m,
         count(*) FILTER (WHERE s.responded_date > p.year_before AND s.survey_type = 'nps'
                            AND s.score <= 6) AS detractor_answers_12m,
         min(s.score) FILTER (WHERE s.responded_date > p.year_before AND s.survey_type = 'nps')
           AS min_nps_12m,
         count(*) FILTER (WHERE s.responded_date > p.year_before AND s.survey_type = 'csat')
           AS csat_answers_12m,
         count(*) FILTER (WHERE s.responded_date > p.year_before AND s.survey_type = 'csat'
                            AND s.score <= 2) AS low_csat_12m
  FROM silver_surveys s, params p
  WHERE s.customer_id IS NOT NULL AND s.responded_date <= p.as_of
  GROUP BY s.customer_id
),
returned AS (
  SELECT r.customer_id,
         count(*) FILTER (WHERE r.return_date > p.year_before) AS returns_12m
  FROM silver_returns r, params p
  WHERE r.customer_id IS NOT NULL AND r.return_date <= p.as_of
  GROUP BY r.customer_id
),
touched AS (
  SELECT t.customer_id,
         count(*) FILTER (WHERE t.touch_type = 'webinar'
                            AND CAST(t.touch_time AS DATE) > p.year_before) AS webinars_12m,
         count(*) FILTER (WHERE t.touch_type = 'user_conference'
                            AND CAST(t.touch_time AS DATE) > p.year_before)
           AS user_conferences_12m,
         count(*) FILTER (WHERE t.touch_type = 'community_post'
                            AND CAST(t.touch_time AS DATE) > p.year_before)
           AS community_posts_12m,
         count(*) FILTER (WHERE CAST(t.touch_time AS DATE) > p.year_before)
           AS campaign_touches_12m
  FROM silver_touches t, params p
  WHERE t.customer_id IS NOT NULL AND CAST(t.touch_time AS DATE) <= p.as_of
  GROUP BY t.customer_id
)
SELECT b.*,
       o.first_order_date,
       o.last_order_date,
       CAST(coalesce(o.order_count, 0) AS INTEGER) AS order_count,
       CAST(coalesce(o.orders_12m, 0) AS INTEGER) AS orders_12m,
       coalesce(o.order_revenue_usd, 0) AS order_revenue_usd,
       round(o.order_revenue_usd / nullif(o.order_count, 0), 2) AS avg_order_value_usd,
       datediff('day', o.last_order_date, p.as_of) AS days_since_last_order,
       round(coalesce(i.net_invoiced_usd, 0) - coalesce(c.credited_usd, 0), 2) AS revenue_usd,
       coalesce(i.gross_revenue_12m, 0) AS gross_revenue_12m,
       coalesce(i.discounts_12m, 0) AS discounts_12m,
       coalesce(c.credits_refunds_12m, 0) AS credits_refunds_12m,
       coalesce(c.returns_credited_12m, 0) AS returns_credited_12m,
       round(coalesce(i.net_invoiced_12m, 0) - coalesce(c.credits_refunds_12m, 0)
             - coalesce(c.returns_credited_12m, 0), 2) AS revenue_12m,
       CAST(coalesce(t.support_tickets_12m, 0) AS INTEGER) AS support_tickets_12m,
       CAST(coalesce(t.tickets_90d, 0) AS INTEGER) AS tickets_90d,
       CAST(coalesce(t.complaints_90d, 0) AS INTEGER) AS complaints_90d,
       CAST(coalesce(t.complaints_12m, 0) AS INTEGER) AS complaints_12m,
       CAST(coalesce(t.open_tickets, 0) AS INTEGER) AS open_tickets,
       CAST(a.last_nps AS INTEGER) AS last_nps,
       a.last_nps_date,
       CASE WHEN a.last_nps >= 9 THEN 'promoter' WHEN a.last_nps >= 7 THEN 'passive'
            WHEN a.last_nps IS NOT NULL THEN 'detractor' END AS nps_class,
       CAST(coalesce(a.nps_answers_12m, 0) AS INTEGER) AS nps_answers_12m,
       CAST(coalesce(a.detractor_answers_12m, 0) AS INTEGER) AS detractor_answers_12m,
       CAST(a.min_nps_12m AS INTEGER) AS min_nps_12m,
       CAST(a.last_csat AS INTEGER) AS last_csat,
       CAST(coalesce(a.csat_answers_12m, 0) AS INTEGER) AS csat_answers_12m,
       CAST(coalesce(a.low_csat_12m, 0) AS INTEGER) AS low_csat_12m,
       CAST(coalesce(r.returns_12m, 0) AS INTEGER) AS returns_12m,
       CAST(coalesce(m.webinars_12m, 0) AS INTEGER) AS webinars_12m,
       CAST(coalesce(m.user_conferences_12m, 0) AS INTEGER) AS user_conferences_12m,
       CAST(coalesce(m.community_posts_12m, 0) AS INTEGER) AS community_posts_12m,
       CAST(coalesce(m.campaign_touches_12m, 0) AS INTEGER) AS campaign_touches_12m
FROM base b
CROSS JOIN params p
LEFT JOIN orders o USING (customer_id)
LEFT JOIN invoiced i USING (customer_id)
LEFT JOIN credited c USING (customer_id)
LEFT JOIN tickets t USING (customer_id)
LEFT JOIN answers a USING (customer_id)
LEFT JOIN returned r USING (customer_id)
LEFT JOIN touched m USING (customer_id);
