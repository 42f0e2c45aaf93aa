-- One row per CLV tier on the latest as-of date of gold.clv_by_tier.
CREATE OR REPLACE VIEW gold.v_tier_summary (
  clv_tier COMMENT 'CLV tier: A = most valuable, then B, C, D',
  tier_order COMMENT '1 = most valuable tier',
  customers COMMENT 'Customers in the tier (customers)',
  share_of_customers COMMENT 'Customers in the tier / all customers (0 to 1)',
  mean_clv_12m COMMENT 'Mean 12-month CLV of the tier (USD)',
  total_clv_12m COMMENT 'Sum of the 12-month CLV of the tier (USD)',
  share_of_clv COMMENT 'Tier CLV / all CLV (0 to 1)',
  total_clv_profit_12m COMMENT 'Expected 12-month profit of the tier after cost to serve (USD)',
  negative_clv_profit_customers COMMENT 'Customers of the tier expected to cost more than they bring (customers)',
  mean_p_alive COMMENT 'Mean probability of being active (0 to 1)',
  allowable_retention_spend_per_customer COMMENT 'Margin x mean CLV: most worth spending to keep one customer (USD)',
  as_of_date COMMENT 'The date the row describes'
) COMMENT 'CLV tiers on the latest as-of date: size, value, profit and retention budget'
AS
SELECT clv_tier, tier_order, customers, share_of_customers, mean_clv_12m, total_clv_12m,
       share_of_clv, total_clv_profit_12m, negative_clv_profit_customers, mean_p_alive,
       allowable_retention_spend_per_customer, as_of_date
FROM gold.clv_by_tier
WHERE as_of_date = (SELECT max(as_of_date) FROM gold.clv_by_tier)
