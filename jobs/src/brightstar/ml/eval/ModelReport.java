package brightstar.ml.eval;

import brightstar.ml.eval.BinaryEvaluation.Decile;
import brightstar.ml.eval.BinaryEvaluation.Point;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The report of one model version: five PNG charts drawn with JFreeChart and a Markdown page
 * that links them by relative path, so the files are written side by side (next to the model).
 * Pure: no file system, no clock; the caller writes the returned bytes. The same input gives
 * the same bytes (on the same JVM and fonts), so a re-run does not churn the files.
 *
 * <ul>
 *   <li>{@value #ROC}: ROC curves of model and baseline, with the diagonal of a random score.
 *   <li>{@value #PR}: precision-recall curves, with the positive rate of a random score.
 *   <li>{@value #LIFT}: cumulative gains by decile (share of positives captured when the top k
 *       deciles are targeted), model, baseline and random.
 *   <li>{@value #CALIBRATION}: the model's mean predicted probability against the observed
 *       positive rate per decile, with the diagonal of perfect calibration.
 *   <li>{@value #IMPORTANCE}: horizontal bars of the {@value #TOP_FEATURES} features with the
 *       largest absolute importance.
 *   <li>{@value #MARKDOWN}: periods, rows, positives, model-vs-baseline metric table, algorithm and
 *       why, deciles, top features, parameters, the charts.
 * </ul>
 *
 * <p>Runs headless: {@code java.awt.headless} is set to true before any AWT class loads unless
 * the JVM was started with a value.
 */
public final class ModelReport {
  // First in the class: static initialisers run in text order, before the Color constants.
  static {
    // A cluster driver or a CI box has no display; AWT must know before its first class loads.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  public static final String ROC = "roc.png";
  public static final String PR = "pr.png";
  public static final String LIFT = "lift.png";
  public static final String CALIBRATION = "calibration.png";
  public static final String IMPORTANCE = "importance.png";
  public static final String MARKDOWN = "report.md";

  /** Size of every chart, pixels. */
  public static final int WIDTH = 800;

  public static final int HEIGHT = 600;

  /** Features shown in the importance chart and table. */
  public static final int TOP_FEATURES = 20;

  private static final Color MODEL_COLOR = new Color(31, 119, 180);
  private static final Color BASELINE_COLOR = new Color(255, 127, 14);
  private static final Color REFERENCE_COLOR = Color.GRAY;

  private ModelReport() {}

  /** File name -> content, in the order of the class comment. */
  public static Map<String, byte[]> render(ReportInput in) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(ROC, png(rocChart(in)));
    files.put(PR, png(prChart(in)));
    files.put(LIFT, png(gainsChart(in)));
    files.put(CALIBRATION, png(calibrationChart(in)));
    files.put(IMPORTANCE, png(importanceChart(in)));
    files.put(MARKDOWN, markdown(in).getBytes(StandardCharsets.UTF_8));
    return Collections.unmodifiableMap(files);
  }

  /** The Markdown page alone (also part of {@link #render}). */
  public static String markdown(ReportInput in) {
    BinaryEvaluation m = in.modelEvaluation();
    BinaryEvaluation b = in.baselineEvaluation();
    StringBuilder md = new StringBuilder();
    md.append("# ").append(in.model()).append(" model, version ").append(in.version());
    md.append("\n\n");
    md.append("**Algorithm:** ").append(in.algorithm()).append(". ");
    md.append("**Why:** ").append(in.choiceReason().strip()).append("\n\n");

    md.append("| | |\n|---|---|\n");
    row(md, "Training period", in.trainPeriod());
    row(md, "Test period (held out)", in.testPeriod());
    row(md, "Test rows", Long.toString(m.rows()));
    row(md, "Positives", m.positives() + " (" + percent(m.positiveRate()) + ")");
    row(md, "Baseline", in.baselineName());
    md.append('\n');

    md.append("## Model against the baseline\n\n");
    md.append(comparison("ROC AUC", m.rocAuc(), b.rocAuc())).append(".\n\n");
    md.append("| Metric | Model | Baseline (")
        .append(cell(in.baselineName()))
        .append(") | Difference |\n");
    md.append("|---|---:|---:|---:|\n");
    metricRow(md, "ROC AUC", m.rocAuc(), b.rocAuc());
    metricRow(md, "PR AUC", m.prAuc(), b.prAuc());
    metricRow(md, "Top-decile lift", m.topDecileLift(), b.topDecileLift());
    metricRow(md, "Top-decile capture", m.topDecileCapture(), b.topDecileCapture());
    md.append("| Calibration error (ECE) | ")
        .append(fixed(m.calibrationError()))
        .append(" | n/a | |\n\n");
    md.append(
        "The baseline is a rule score, not a probability, so it has no calibration error. "
            + "Definitions: docs/models.md.\n\n");

    md.append("## Charts\n\n");
    image(md, "ROC curve", ROC);
    image(md, "Precision-recall curve", PR);
    image(md, "Cumulative gains by decile", LIFT);
    image(md, "Calibration by decile", CALIBRATION);
    image(md, "Feature importance", IMPORTANCE);

    md.append("## Deciles of the model score\n\n");
    md.append(
        "| Decile | Rows | Positives | Mean score | Positive rate | Lift | Cumulative capture"
            + " |\n");
    md.append("|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Decile d : m.deciles()) {
      md.append("| ")
          .append(d.decile())
          .append(" | ")
          .append(d.rows())
          .append(" | ")
          .append(d.positives())
          .append(" | ")
          .append(fixed(d.meanScore()))
          .append(" | ")
          .append(fixed(d.positiveRate()))
          .append(" | ")
          .append(fixed(d.lift()))
          .append(" | ")
          .append(fixed(d.cumulativeCapture()))
          .append(" |\n");
    }
    md.append('\n');

    md.append("## Top features\n\n");
    List<Map.Entry<String, Double>> top = topFeatures(in.importance());
    if (top.isEmpty()) {
      md.append("No feature importance was given.\n\n");
    } else {
      md.append("| Rank | Feature | Importance |\n|---:|---|---:|\n");
      for (int i = 0; i < top.size(); i++) {
        md.append("| ")
            .append(i + 1)
            .append(" | ")
            .append(cell(top.get(i).getKey()))
            .append(" | ")
            .append(String.format(Locale.ROOT, "%.4f", top.get(i).getValue()))
            .append(" |\n");
      }
      md.append('\n');
    }

    md.append("## Parameters\n\n");
    if (in.parameters().isEmpty()) {
      md.append("No parameters were given.\n");
    } else {
      md.append("| Parameter | Value |\n|---|---|\n");
      in.parameters().forEach((k, v) -> row(md, k, v));
    }
    return md.toString();
  }

  /** E.g. "ROC AUC 0.872 vs baseline 0.801 (+0.071)". */
  static String comparison(String metric, double model, double baseline) {
    return metric
        + " "
        + fixed(model)
        + " vs baseline "
        + fixed(baseline)
        + " ("
        + difference(model, baseline)
        + ")";
  }

  /** The features with the largest absolute importance, at most TOP_FEATURES; stable on ties. */
  static List<Map.Entry<String, Double>> topFeatures(Map<String, Double> importance) {
    List<Map.Entry<String, Double>> all = new ArrayList<>(importance.entrySet());
    all.sort(Comparator.comparingDouble((Map.Entry<String, Double> e) -> -Math.abs(e.getValue())));
    return all.subList(0, Math.min(TOP_FEATURES, all.size()));
  }

  private static JFreeChart rocChart(ReportInput in) {
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(
        curve(label("Model", in.modelEvaluation().rocAuc()), in.modelEvaluation().roc()));
    data.addSeries(
        curve(
            label(in.baselineName(), in.baselineEvaluation().rocAuc()),
            in.baselineEvaluation().roc()));
    data.addSeries(curve("Random", List.of(new Point(0, 0), new Point(1, 1))));
    JFreeChart chart =
        lineChart(
            title(in, "ROC curve"), "False positive rate", "True positive rate (recall)", data);
    unitAxes(chart);
    return chart;
  }

  private static JFreeChart prChart(ReportInput in) {
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(curve(label("Model", in.modelEvaluation().prAuc()), in.modelEvaluation().pr()));
    data.addSeries(
        curve(
            label(in.baselineName(), in.baselineEvaluation().prAuc()),
            in.baselineEvaluation().pr()));
    double rate = in.modelEvaluation().positiveRate();
    data.addSeries(curve("Random", List.of(new Point(0, rate), new Point(1, rate))));
    JFreeChart chart = lineChart(title(in, "Precision-recall curve"), "Recall", "Precision", data);
    unitAxes(chart);
    return chart;
  }

  private static JFreeChart gainsChart(ReportInput in) {
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(gains("Model", in.modelEvaluation()));
    data.addSeries(gains(in.baselineName(), in.baselineEvaluation()));
    data.addSeries(curve("Random", List.of(new Point(0, 0), new Point(1, 1))));
    JFreeChart chart =
        lineChart(
            title(in, "Cumulative gains")
                + " (top-decile lift "
                + fixed(in.modelEvaluation().topDecileLift())
                + " vs "
                + fixed(in.baselineEvaluation().topDecileLift())
                + ")",
            "Share of customers targeted, highest scores first",
            "Share of positives captured",
            data);
    shapes(chart, 0, 1);
    unitAxes(chart);
    return chart;
  }

  private static JFreeChart calibrationChart(ReportInput in) {
    XYSeriesCollection data = new XYSeriesCollection();
    XYSeries model = new XYSeries("Model (ECE " + fixed(in.modelEvaluation().calibrationError())
        + ")", false, true);
    // Drawn from the lowest decile up so the line runs left to right.
    List<Decile> deciles = new ArrayList<>(in.modelEvaluation().deciles());
    Collections.reverse(deciles);
    for (Decile d : deciles) {
      model.add(d.meanScore(), d.positiveRate());
    }
    data.addSeries(model);
    data.addSeries(curve("Perfect calibration", List.of(new Point(0, 0), new Point(1, 1))));
    JFreeChart chart =
        lineChart(
            title(in, "Calibration by decile"),
            "Mean predicted probability",
            "Observed positive rate",
            data);
    shapes(chart, 0);
    unitAxes(chart);
    return chart;
  }

  private static JFreeChart importanceChart(ReportInput in) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    List<Map.Entry<String, Double>> top = topFeatures(in.importance());
    for (Map.Entry<String, Double> e : top) {
      data.addValue(e.getValue(), "Importance", e.getKey());
    }
    JFreeChart chart =
        ChartFactory.createBarChart(
            title(in, "Top " + top.size() + " features"),
            null,
            "Importance",
            data,
            PlotOrientation.HORIZONTAL,
            false,
            false,
            false);
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    plot.setNoDataMessage("No feature importance was given");
    BarRenderer renderer = (BarRenderer) plot.getRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setSeriesPaint(0, MODEL_COLOR);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  private static XYSeries gains(String name, BinaryEvaluation e) {
    XYSeries s = new XYSeries(name, false, true);
    s.add(0, 0);
    long rows = 0;
    for (Decile d : e.deciles()) {
      rows += d.rows();
      s.add((double) rows / e.rows(), d.cumulativeCapture());
    }
    return s;
  }

  private static XYSeries curve(String name, List<Point> points) {
    // No sorting: a ROC or PR curve may go straight up or down at one x.
    XYSeries s = new XYSeries(name, false, true);
    for (Point p : points) {
      s.add(p.x(), p.y());
    }
    return s;
  }

  private static JFreeChart lineChart(
      String title, String xLabel, String yLabel, XYSeriesCollection data) {
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            title, xLabel, yLabel, data, PlotOrientation.VERTICAL, true, false, false);
    chart.setBackgroundPaint(Color.WHITE);
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    Color[] colors = {MODEL_COLOR, BASELINE_COLOR, REFERENCE_COLOR};
    for (int i = 0; i < data.getSeriesCount(); i++) {
      boolean reference = i == data.getSeriesCount() - 1;
      renderer.setSeriesPaint(i, reference ? REFERENCE_COLOR : colors[Math.min(i, 1)]);
      renderer.setSeriesStroke(
          i,
          reference
              ? new BasicStroke(
                  1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f},
                  0f)
              : new BasicStroke(2.5f));
    }
    plot.setRenderer(renderer);
    return chart;
  }

  private static void shapes(JFreeChart chart, int... series) {
    XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) chart.getXYPlot().getRenderer();
    for (int s : series) {
      renderer.setSeriesShapesVisible(s, true);
    }
  }

  private static void unitAxes(JFreeChart chart) {
    XYPlot plot = chart.getXYPlot();
    for (NumberAxis axis :
        List.of((NumberAxis) plot.getDomainAxis(), (NumberAxis) plot.getRangeAxis())) {
      axis.setRange(0, 1.0);
    }
  }

  private static byte[] png(JFreeChart chart) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
    } catch (IOException e) {
      // A ByteArrayOutputStream does not fail; only the encoder could.
      throw new UncheckedIOException("could not encode the chart '" + chart.getTitle() + "'", e);
    }
    return out.toByteArray();
  }

  private static String title(ReportInput in, String what) {
    return in.model() + " " + in.version() + ": " + what;
  }

  private static String label(String name, double auc) {
    return name + " (AUC " + fixed(auc) + ")";
  }

  private static void row(StringBuilder md, String key, String value) {
    md.append("| ").append(cell(key)).append(" | ").append(cell(value)).append(" |\n");
  }

  private static void metricRow(StringBuilder md, String metric, double model, double baseline) {
    md.append("| ")
        .append(metric)
        .append(" | ")
        .append(fixed(model))
        .append(" | ")
        .append(fixed(baseline))
        .append(" | ")
        .append(difference(model, baseline))
        .append(" |\n");
  }

  private static void image(StringBuilder md, String alt, String file) {
    md.append("![").append(alt).append("](").append(file).append(")\n\n");
  }

  /** A table cell: a pipe or a line break would end the cell or the row. */
  private static String cell(String s) {
    return s.replace("|", "\\|").replaceAll("\\s*\\R\\s*", " ");
  }

  private static String fixed(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  /** Difference of the two numbers as printed, so "0.872 vs 0.801" always reads "+0.071". */
  private static String difference(double model, double baseline) {
    BigDecimal d = new BigDecimal(fixed(model)).subtract(new BigDecimal(fixed(baseline)));
    return (d.signum() < 0 ? "" : "+") + d.toPlainString();
  }

  private static String percent(double v) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * v);
  }
}
