-- The Pareto curve on the latest as-of date of gold.customer_360: customers ranked by
-- revenue, with the cumulative share of customers and of revenue ("the top 20% of customers
-- bring x% of revenue" is the row whose customer_share is 0.2).
CREATE OR REPLACE VIEW gold.v_pareto (
  revenue_rank COMMENT '1 = highest revenue (ties by customer_id)',
  customer_id COMMENT 'Brightstar customer id',
  revenue_usd COMMENT 'Revenue up to the as-of date (USD)',
  cumulative_revenue_usd COMMENT 'Revenue of this customer and every higher-ranked one (USD)',
  customer_share COMMENT 'revenue_rank / customers: share of customers up to this one (0 to 1)',
  revenue_share COMMENT 'cumulative_revenue_usd / total revenue (0 to 1)',
  as_of_date COMMENT 'The date the row describes'
) COMMENT 'Cumulative revenue share against cumulative customer share, latest as-of date'
AS
WITH ranked AS (
  SELECT customer_id, coalesce(revenue_usd, 0D) AS revenue_usd, as_of_date,
         row_number() OVER (ORDER BY coalesce(revenue_usd, 0D) DESC, customer_id) AS revenue_rank
  FROM gold.customer_360
  WHERE as_of_date = (SELECT max(as_of_date) FROM gold.customer_360)
)
SELECT revenue_rank, customer_id, revenue_usd,
       sum(revenue_usd) OVER (ORDER BY revenue_rank) AS cumulative_revenue_usd,
       revenue_rank / count(*) OVER () AS customer_share,
       sum(revenue_usd) OVER (ORDER BY revenue_rank) / nullif(sum(revenue_usd) OVER (), 0D)
         AS revenue_share,
       as_of_date
FROM ranked
