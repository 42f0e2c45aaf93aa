package brightstar.ml;

import static org.apache.spark.sql.functions.col;

import brightstar.BrightstarException;
import brightstar.Progress;
import brightstar.config.BrightstarConfig;
import brightstar.io.TableCatalog;
import brightstar.io.TableId;
import brightstar.io.TableWriter;
import brightstar.unify.UnifyJob;
import com.typesafe.config.Config;
import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Train and score the high-value model. A model version is its as-of date, so re-training
 * for the same date replaces that version and its gold.model_runs row (idempotent).
 */
public final class ModelJobs {
  public static final TableId MODEL_RUNS = TableId.gold("model_runs");
  public static final TableId SCORES = TableId.gold("customer_scores");
  static final TableId SUBSCRIPTIONS = TableId.bronze("sales_subscriptions");
  static final TableId SEAT_USAGE = TableId.bronze("sales_seat_usage");
  static final TableId ACTIVITIES = TableId.bronze("sales_activities");

  private static final StructType RUNS_SCHEMA =
      new StructType()
          .add("model", DataTypes.StringType)
          .add("version", DataTypes.StringType)
          .add("as_of_date", DataTypes.DateType)
          .add("algorithm", DataTypes.StringType)
          .add("features", DataTypes.StringType)
          .add("train_rows", DataTypes.LongType)
          .add("test_rows", DataTypes.LongType)
          .add("auc", DataTypes.DoubleType)
          .add("model_path", DataTypes.StringType);

  private ModelJobs() {}

  public static String version(LocalDate asOf) {
    return asOf.toString().replace("-", "");
  }

  public static String modelPath(BrightstarConfig config, String version) {
    return config.models() + "/" + HighValueModel.NAME + "/" + version;
  }

  /** Trains, saves the PipelineModel, records the run; returns the held-out AUC. */
  public static HighValueModel.Trained train(
      SparkSession spark, BrightstarConfig config, LocalDate asOf, Progress progress) {
    Config c = config.raw().getConfig("brightstar.ml.high-value");
    TableCatalog catalog = new TableCatalog(spark, config.warehouse());
    Dataset<Row> features = features(catalog, c, asOf).cache();
    HighValueModel.Trained trained =
        HighValueModel.train(features, c.getDouble("test-share"), c.getLong("seed"));
    String version = version(asOf);
    String path = modelPath(config, version);
    try {
      trained.model().write().overwrite().save(path);
    } catch (IOException e) {
      throw new BrightstarException(
          "cannot save model " + HighValueModel.NAME + " to " + path,
          e.getMessage(),
          "check brightstar.models and its permissions",
          e);
    }
    Row run =
        RowFactory.create(
            HighValueModel.NAME,
            version,
            java.sql.Date.valueOf(asOf),
            "logistic_regression",
            String.join(",", HighValueFeatures.FEATURES),
            trained.trainRows(),
            trained.testRows(),
            trained.auc(),
            path);
    new TableWriter(catalog)
        .replaceWhere(
            spark.createDataFrame(List.of(run), RUNS_SCHEMA),
            MODEL_RUNS,
            "model = '" + HighValueModel.NAME + "' AND version = '" + version + "'");
    progress.log(
        String.format(
            java.util.Locale.ROOT,
            "model %s/%s: AUC %.3f on %d held-out customers (%d trained)",
            HighValueModel.NAME,
            version,
            trained.auc(),
            trained.testRows(),
            trained.trainRows()));
    features.unpersist();
    return trained;
  }

  /** Scores every customer with a complete early window using the model of that as-of date. */
  public static long score(
      SparkSession spark, BrightstarConfig config, LocalDate asOf, Progress progress) {
    Config c = config.raw().getConfig("brightstar.ml.high-value");
    TableCatalog catalog = new TableCatalog(spark, config.warehouse());
    String version = version(asOf);
    String path = modelPath(config, version);
    PipelineModel model;
    try {
      model = PipelineModel.load(path);
    } catch (RuntimeException e) {
      throw new BrightstarException(
          "cannot load model " + HighValueModel.NAME + " version " + version,
          "nothing readable at " + path,
          "run 'bin/brightstar train --as-of " + asOf + "' first",
          e);
    }
    Dataset<Row> scores =
        HighValueModel.score(model, features(catalog, c, asOf), version, asOf);
    long rows =
        new TableWriter(catalog)
            .replaceWhere(
                scores,
                SCORES,
                "model = '" + HighValueModel.NAME + "' AND as_of_date = '" + asOf + "'");
    progress.rows(SCORES.qualified() + " (" + HighValueModel.NAME + ")", rows);
    return rows;
  }

  private static Dataset<Row> features(TableCatalog catalog, Config c, LocalDate asOf) {
    Dataset<Row> crosswalk = catalog.read(UnifyJob.CROSSWALK);
    Dataset<Row> accountMap =
        crosswalk
            .where(col("entity").equalTo("accounts"))
            .select(col("customer_id"), col("source_key").as("account_id"));
    return new HighValueFeatures(
            c.getInt("early-days"), c.getInt("outcome-days"), c.getDouble("top-share"))
        .build(
            catalog.read(UnifyJob.CUSTOMERS),
            catalog.read(UnifyJob.ORDERS),
            accountMap,
            catalog.read(SUBSCRIPTIONS),
            catalog.read(SEAT_USAGE),
            catalog.read(ACTIVITIES),
            asOf);
  }
}
