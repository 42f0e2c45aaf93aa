-- The actions triggered on the latest day, with the evidence; holdout customers included.
CREATE OR REPLACE VIEW gold.v_interventions (
  intervention_id COMMENT 'Stable id of the action (same on a re-run of the day)',
  customer_id COMMENT 'Brightstar customer id',
  rule COMMENT 'Rule that fired (brightstar.interventions.rules)',
  status COMMENT 'action (to be done) or holdout (held out on purpose, to measure uplift)',
  action COMMENT 'What to do',
  owner_team COMMENT 'Team that does it',
  channel COMMENT 'How to reach the customer',
  reason COMMENT 'Why: the evidence of the day',
  p_high_value COMMENT 'High-value probability of the day (0 to 1)',
  p_dissatisfied COMMENT 'Dissatisfaction probability of the day (0 to 1)',
  tier COMMENT 'Customer tier: A, B, C or D',
  tenure_days COMMENT 'Days since the first purchase (days)',
  as_of_date COMMENT 'Day the rule fired'
) COMMENT 'Interventions triggered on the latest day'
AS
SELECT intervention_id, customer_id, rule, status, action, owner_team, channel, reason,
  p_high_value, p_dissatisfied, tier, tenure_days, as_of_date
FROM gold.interventions
WHERE as_of_date = (SELECT max(as_of_date) FROM gold.interventions)
