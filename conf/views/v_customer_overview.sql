-- One row per customer on the latest as-of date of gold.customer_360, with the CLV tier and
-- expected profit of the same date. Columns are listed one by one (never *), so a personal-data column added
-- upstream (a contact's name, e-mail address or phone number) cannot reach BI by accident.
CREATE OR REPLACE VIEW gold.v_customer_overview (
  customer_id COMMENT 'Brightstar customer id (stable across runs)',
  company_name COMMENT 'Company name (a business, not a person)',
  industry COMMENT 'Industry of the company',
  country COMMENT 'Country code of the company',
  employees COMMENT 'Head count (people)',
  first_order_date COMMENT 'Day of the first order (null when none yet)',
  last_order_date COMMENT 'Day of the latest order (null when none yet)',
  order_count COMMENT 'Orders up to the as-of date (orders)',
  revenue_usd COMMENT 'Revenue up to the as-of date (USD)',
  avg_order_value_usd COMMENT 'Revenue per order (USD; null without orders)',
  days_since_last_order COMMENT 'Days from the latest order to the as-of date (days)',
  clv_12m COMMENT 'Discounted expected revenue over the next 12 months (USD)',
  clv_profit_12m COMMENT 'Discounted expected profit after cost to serve over the next 12 months; negative when the customer costs more than it brings (USD)',
  p_alive COMMENT 'Probability that the customer is still active (0 to 1)',
  clv_tier COMMENT 'CLV tier: A = most valuable 20%, then B, C, D (null without orders)',
  as_of_date COMMENT 'The date the row describes'
) COMMENT 'Customers on the latest as-of date: firmographics, orders, revenue, CLV and tier'
AS
SELECT c.customer_id, c.company_name, c.industry, c.country, c.employees,
       c.first_order_date, c.last_order_date, c.order_count, c.revenue_usd,
       c.avg_order_value_usd, c.days_since_last_order, c.clv_12m, v.clv_profit_12m, c.p_alive,
       v.clv_tier, c.as_of_date
FROM gold.customer_360 c
LEFT JOIN gold.clv v ON v.customer_id = c.customer_id AND v.as_of_date = c.as_of_date
WHERE c.as_of_date = (SELECT max(as_of_date) FROM gold.customer_360)
