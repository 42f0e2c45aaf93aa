-- The latest score of each customer per model.
CREATE OR REPLACE VIEW gold.v_customer_scores (
  customer_id COMMENT 'Brightstar customer id',
  model COMMENT 'Model name, e.g. high_value',
  version COMMENT 'Model version used',
  score COMMENT 'Probability of the positive class, e.g. of becoming high value (0 to 1)',
  as_of_date COMMENT 'Scoring date'
) COMMENT 'Latest model score per customer and model'
AS
SELECT customer_id, model, version, score, as_of_date
FROM gold.customer_scores s
WHERE as_of_date = (SELECT max(as_of_date) FROM gold.customer_scores m WHERE m.model = s.model)
