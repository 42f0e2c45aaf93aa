-- Every trained model version and how well it did against its rule baseline; paths left out.
CREATE OR REPLACE VIEW gold.v_model_runs (
  model COMMENT 'Model name: high_value or dissatisfaction',
  version COMMENT 'Model version: its as-of date as yyyyMMdd',
  trained_at COMMENT 'What the model was allowed to see: labels observed by this date',
  algorithm COMMENT 'Kept algorithm: logistic_regression or gradient_boosted_trees',
  test_snapshot COMMENT 'Held-out snapshot it was evaluated on',
  test_rows COMMENT 'Held-out customers (customers)',
  roc_auc COMMENT 'Area under the ROC curve on the held-out customers (0.5 = chance, 1 = perfect)',
  baseline_roc_auc COMMENT 'ROC AUC of the rule baseline on the same customers',
  pr_auc COMMENT 'Area under the precision-recall curve',
  top_decile_lift COMMENT 'Positive rate in the top 10% of scores over the overall rate (ratio)',
  calibration_error COMMENT 'Mean |predicted - observed| over the 10 deciles (probability)'
) COMMENT 'Trained model versions, their held-out quality and their baselines'
AS
SELECT model, version, trained_at, algorithm, test_snapshot, test_rows, roc_auc,
  baseline_roc_auc, pr_auc, top_decile_lift, calibration_error
FROM gold.model_runs
