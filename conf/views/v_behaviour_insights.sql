-- Which early behaviours go with each outcome, ranked by the adjusted effect (latest date).
CREATE OR REPLACE VIEW gold.v_behaviour_insights (
  outcome COMMENT 'Outcome: high_value or dissatisfaction',
  behaviour COMMENT 'Behaviour flag of gold.customer_features',
  adjusted_rank COMMENT 'Rank by adjusted effect (1 = pushes the outcome up most; null when not estimated)',
  reading COMMENT 'raises, lowers, association_only (raw difference only: a marker or a weak driver), no_evidence or not_estimated',
  customers COMMENT 'Customers compared (customers)',
  n_with COMMENT 'Customers showing the behaviour (customers)',
  rate_with COMMENT 'Outcome rate of the customers showing it (share)',
  rate_without COMMENT 'Outcome rate of the others (share)',
  lift COMMENT 'rate_with / rate_without (ratio)',
  diff COMMENT 'rate_with - rate_without (share)',
  diff_low COMMENT 'Lower end of the confidence interval of diff (share)',
  diff_high COMMENT 'Upper end of the confidence interval of diff (share)',
  adjusted_odds_ratio COMMENT 'Odds ratio of the outcome with the behaviour, the other behaviours, tenure and size held equal (ratio)',
  adjusted_odds_ratio_low COMMENT 'Lower end of its confidence interval (ratio)',
  adjusted_odds_ratio_high COMMENT 'Upper end of its confidence interval (ratio)',
  model_importance COMMENT 'Share of the outcome model importance that goes to this feature (share)',
  as_of_date COMMENT 'Labels observed by this date count'
) COMMENT 'What customers with an outcome did early that others did not, latest date per outcome'
AS
SELECT outcome, behaviour, adjusted_rank, reading, customers, n_with, rate_with, rate_without,
  lift, diff, diff_low, diff_high, adjusted_odds_ratio,
  exp(adjusted_low) AS adjusted_odds_ratio_low, exp(adjusted_high) AS adjusted_odds_ratio_high,
  model_importance, as_of_date
FROM gold.behaviour_insights i
WHERE as_of_date = (SELECT max(as_of_date) FROM gold.behaviour_insights m
  WHERE m.outcome = i.outcome)
