-- Every trained model version and how well it did; the saved model's path is left out.
CREATE OR REPLACE VIEW gold.v_model_runs (
  model COMMENT 'Model name, e.g. high_value',
  version COMMENT 'Model version: its as-of date as yyyyMMdd',
  as_of_date COMMENT 'What the model was allowed to see',
  algorithm COMMENT 'Learning algorithm, e.g. logistic_regression',
  train_rows COMMENT 'Customers it was trained on (customers)',
  test_rows COMMENT 'Held-out customers it was tested on (customers)',
  auc COMMENT 'Area under the ROC curve on the held-out customers (0.5 = chance, 1 = perfect)'
) COMMENT 'Trained model versions and their test AUC'
AS
SELECT model, version, as_of_date, algorithm, train_rows, test_rows, auc
FROM gold.model_runs
