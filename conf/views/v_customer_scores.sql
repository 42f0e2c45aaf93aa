-- The latest score of each customer per model, with the three strongest reasons.
CREATE OR REPLACE VIEW gold.v_customer_scores (
  customer_id COMMENT 'Brightstar customer id',
  model COMMENT 'Model name: high_value or dissatisfaction',
  version COMMENT 'Model version used (its training as-of date as yyyyMMdd)',
  probability COMMENT 'Calibrated probability of the outcome (0 to 1)',
  decile COMMENT 'Decile of the probability on the scoring date (10 = most likely)',
  reason_1 COMMENT 'Feature raising the score most',
  reason_2 COMMENT 'Second feature raising the score',
  reason_3 COMMENT 'Third feature raising the score',
  as_of_date COMMENT 'Scoring date'
) COMMENT 'Latest model score per customer and model'
AS
SELECT customer_id, model, version, probability, decile, reason_1, reason_2, reason_3,
  as_of_date
FROM gold.customer_scores s
WHERE as_of_date = (SELECT max(as_of_date) FROM gold.customer_scores m WHERE m.model = s.model)
