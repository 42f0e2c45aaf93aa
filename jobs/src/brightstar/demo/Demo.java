package brightstar.demo;

import brightstar.BrightstarException;
import brightstar.Progress;
import brightstar.clv.ClvJob;
import brightstar.config.BrightstarConfig;
import brightstar.customer360.Customer360Job;
import brightstar.generate.GenerateResult;
import brightstar.generate.Generator;
import brightstar.generate.GeneratorSpec;
import brightstar.ingest.IngestJob;
import brightstar.ingest.IngestSummary;
import brightstar.io.TableCatalog;
import brightstar.io.TableId;
import brightstar.features.FeaturesJob;
import brightstar.insights.InsightsJob;
import brightstar.interventions.InterventionsJob;
import brightstar.lookalike.LookalikeJob;
import brightstar.ml.ModelJobs;
import brightstar.ml.Outcome;
import brightstar.unify.UnifyJob;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The whole pipeline on a generated population, in the order a scheduler runs it: generate,
 * ingest every source for every day, unify, lifetime value, customer 360, features, train
 * and score (both models), behaviour insights, interventions and look-alike prospects,
 * all as of the last generated day.
 */
public final class Demo {
  private Demo() {}

  /** What the demo did: the generated population, the ingest, rows per table, the model. */
  public record Result(
      GeneratorSpec spec,
      GenerateResult generated,
      IngestSummary ingested,
      Map<String, Long> tableRows,
      List<ModelJobs.Run> models,
      double seconds) {

    /** The summary printed at the end of {@code bin/brightstar demo}. */
    public String summary(BrightstarConfig config) {
      StringBuilder sb = new StringBuilder();
      sb.append(
          String.format(
              Locale.ROOT,
              "%nBrightstar demo: %,d customers, %s to %s, as of %s, in %.0f s%n",
              spec.customers(),
              spec.start(),
              spec.end(),
              spec.end(),
              seconds));
      sb.append(String.format(Locale.ROOT, "%-34s %12s%n", "table", "rows"));
      tableRows.forEach(
          (t, rows) -> sb.append(String.format(Locale.ROOT, "%-34s %,12d%n", t, rows)));
      models.forEach(m -> sb.append(m.summary()).append(System.lineSeparator()));
      sb.append(
          String.format(
              Locale.ROOT,
              "warehouse: %s   landing: %s%ntry: bin/brightstar sql \"select count(*) from"
                  + " gold.customer_360\"%n",
              config.warehouse(),
              config.landing()));
      return sb.toString();
    }
  }

  public static Result run(
      SparkSession spark, BrightstarConfig config, GeneratorSpec spec, Progress progress)
      throws IOException {
    if (spec.out().toString().contains("://")) {
      throw new BrightstarException(
          "demo cannot generate into " + spec.out(),
          "the generator writes a local folder",
          "run the demo with a local --landing folder");
    }
    GenerateResult generated = Generator.run(spec, progress.stage("generate")::log);
    IngestSummary ingested =
        IngestJob.run(spark, config, "all", spec.start(), spec.end(), progress.stage("ingest"));
    UnifyJob.run(spark, config, spec.end(), progress.stage("unify"));
    ClvJob.run(spark, config, spec.end(), progress.stage("clv"));
    Customer360Job.run(spark, config, spec.end(), progress.stage("customer360"));
    FeaturesJob.run(spark, config, spec.end(), progress.stage("features"));
    List<ModelJobs.Run> models =
        ModelJobs.train(spark, config, spec.end(), progress.stage("train"));
    if (models.stream().anyMatch(m -> m.trained().isPresent())) {
      // Insights need labelled snapshots, as training does; a young history skips both.
      InsightsJob.run(spark, config, spec.end(), List.of(Outcome.values()),
          progress.stage("insights"));
    }
    ModelJobs.score(spark, config, spec.end(), progress.stage("score"));
    InterventionsJob.run(spark, config, spec.end(), 0, progress.stage("interventions"));
    LookalikeJob.run(spark, config, spec.end(), progress.stage("lookalike"));

    TableCatalog catalog = new TableCatalog(spark, config.warehouse());
    Map<String, Long> rows = new LinkedHashMap<>();
    for (TableId t : catalog.registerExisting()) {
      rows.put(t.qualified(), catalog.read(t).count());
    }
    return new Result(spec, generated, ingested, rows, models, progress.elapsedSeconds());
  }
}
