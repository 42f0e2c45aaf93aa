-- Prospect companies ranked by how much they look like tier-A customers (latest date).
CREATE OR REPLACE VIEW gold.v_prospect_scores (
  prospect_id COMMENT 'Prospect id in the prospects extract',
  company_name COMMENT 'Company name as delivered',
  industry COMMENT 'Industry',
  country COMMENT 'ISO 3166 alpha-2 country',
  employees COMMENT 'Head count (people)',
  p_tier_a COMMENT 'Share of tier-A customers among its nearest customers: the look-alike score (share)',
  rank COMMENT '1 = most like tier A',
  decile COMMENT '10 = the best-ranked 10% of prospects',
  p_tier_d COMMENT 'Share of tier-D customers among its nearest customers (share)',
  resembles_tier_d COMMENT 'Looks like the customers to turn away',
  nearest_a_customers COMMENT 'Nearest tier-A customers as customer_id:distance, nearest first',
  as_of_date COMMENT 'Date of the customer tiers it was compared with'
) COMMENT 'Look-alike score of every prospect company, latest date'
AS
SELECT prospect_id, company_name, industry, country, employees, p_tier_a, rank, decile,
  p_tier_d, resembles_tier_d, nearest_a_customers, as_of_date
FROM gold.prospect_scores
WHERE as_of_date = (SELECT max(as_of_date) FROM gold.prospect_scores)
