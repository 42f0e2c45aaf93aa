package brightstar.ml;

import brightstar.BrightstarException;
import brightstar.ml.eval.ModelReport;
import brightstar.ml.eval.ReportInput;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/** Writes a model version's report (report.md and PNG charts) next to the saved model. */
final class ModelReports {
  private ModelReports() {}

  static void write(SparkSession spark, String folder, Outcome o, String version,
      TrainingSplit split, ModelTrainer.Trained t) {
    Map<String, String> parameters = new LinkedHashMap<>();
    t.kept().parameters().forEach((k, v) -> parameters.put(k, String.valueOf(v)));
    parameters.put("class imbalance", "weights: each class weighs half of the training rows;"
        + " probabilities re-calibrated by Platt scaling on the unweighted training rows");
    parameters.put("candidates, validated ROC AUC", t.kept().tried() + " / " + t.other().tried());
    ReportInput input = new ReportInput(o.model, version, t.kept().algorithm(), t.choice(),
        split.trainPeriod() + ", " + t.trainRows() + " rows (" + t.trainPositives()
            + " positive), training customers only",
        split.testSnapshot() + " snapshot, held-out customers only", t.model(), t.baseline(),
        o.baselineName, t.importance(), parameters);
    Path dir = new Path(folder);
    try {
      FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
      fs.delete(dir, true);
      for (Map.Entry<String, byte[]> file : ModelReport.render(input).entrySet()) {
        try (OutputStream out = fs.create(new Path(dir, file.getKey()), true)) {
          out.write(file.getValue());
        }
      }
    } catch (IOException e) {
      throw new BrightstarException("cannot write the report of model " + o.model + "/"
          + version + " to " + folder, e.getMessage(),
          "check brightstar.models (default <warehouse>/models) and its permissions", e);
    }
  }
}
