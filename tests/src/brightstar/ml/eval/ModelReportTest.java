package brightstar.ml.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ModelReportTest {
  private static final int ROWS = 1000;
  private static final List<String> CHARTS =
      List.of("roc.png", "pr.png", "lift.png", "calibration.png", "importance.png");

  @Test
  void rendersFiveChartsOfTheChartSizeAndThePage() throws IOException {
    Map<String, byte[]> files = ModelReport.render(input(importance(30), parameters()));
    assertEquals(
        List.of("roc.png", "pr.png", "lift.png", "calibration.png", "importance.png", "report.md"),
        List.copyOf(files.keySet()));
    for (String png : CHARTS) {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(files.get(png)));
      assertNotNull(image, png + " decodes as an image");
      assertEquals(ModelReport.WIDTH, image.getWidth(), png);
      assertEquals(ModelReport.HEIGHT, image.getHeight(), png);
      assertTrue(colours(image) > 2, png + " is not blank");
    }
    assertEquals("true", System.getProperty("java.awt.headless"));
  }

  @Test
  void renderingTwiceGivesTheSameBytes() {
    Map<String, byte[]> first = ModelReport.render(input(importance(5), parameters()));
    Map<String, byte[]> second = ModelReport.render(input(importance(5), parameters()));
    for (String file : first.keySet()) {
      assertArrayEquals(first.get(file), second.get(file), file);
    }
  }

  @Test
  void pageStatesTheMetricsAgainstTheBaselineAndLinksTheCharts() {
    ReportInput in = input(importance(30), parameters());
    BinaryEvaluation m = in.modelEvaluation();
    BinaryEvaluation b = in.baselineEvaluation();
    String md =
        new String(ModelReport.render(in).get(ModelReport.MARKDOWN), StandardCharsets.UTF_8);

    assertTrue(md.startsWith("# high_value model, version 2026-11-01\n"), md);
    assertTrue(md.contains("**Algorithm:** gradient-boosted trees."), md);
    assertTrue(md.contains("**Why:** better PR AUC on validation"), md);
    assertTrue(md.contains("| Training period | 2025-01-31 .. 2025-10-31 |"), md);
    assertTrue(md.contains("| Test period (held out) | 2025-11-30 |"), md);
    assertTrue(md.contains("| Test rows | 1000 |"), md);
    assertTrue(md.contains("| Positives | " + m.positives() + " ("), md);
    assertTrue(md.contains(ModelReport.comparison("ROC AUC", m.rocAuc(), b.rocAuc())), md);
    assertTrue(md.contains(metricRow("ROC AUC", m.rocAuc(), b.rocAuc())), md);
    assertTrue(md.contains(metricRow("PR AUC", m.prAuc(), b.prAuc())), md);
    assertTrue(md.contains(metricRow("Top-decile lift", m.topDecileLift(), b.topDecileLift())), md);
    assertTrue(
        md.contains(
            metricRow("Top-decile capture", m.topDecileCapture(), b.topDecileCapture())),
        md);
    assertTrue(md.contains("| Calibration error (ECE) | " + f(m.calibrationError())), md);
    for (String png : CHARTS) {
      assertTrue(md.contains("](" + png + ")"), png + " is linked");
    }
    assertTrue(md.contains("| max_depth | 5 |"), md);
    assertTrue(md.contains("| 1 | f29 | 0.9380 |"), "largest importance first: " + md);
    assertTrue(md.contains("| 20 | f10 | "), md);
    assertFalse(md.contains("| 21 |"), "only the top 20 features: " + md);
    assertEquals(10, md.lines().filter(l -> l.matches("\\| (10|[1-9]) \\| 100 \\| .*")).count());
  }

  @Test
  void comparisonShowsTheDifferenceOfThePrintedNumbers() {
    assertEquals(
        "ROC AUC 0.872 vs baseline 0.801 (+0.071)",
        ModelReport.comparison("ROC AUC", 0.872, 0.801));
    // 0.8726 - 0.8014 = 0.0712 would print +0.071; the page prints 0.873 and 0.801, so +0.072.
    assertEquals(
        "PR AUC 0.873 vs baseline 0.801 (+0.072)",
        ModelReport.comparison("PR AUC", 0.8726, 0.8014));
    assertEquals(
        "ROC AUC 0.700 vs baseline 0.750 (-0.050)",
        ModelReport.comparison("ROC AUC", 0.7, 0.75));
  }

  @Test
  void topFeaturesRankByAbsoluteImportance() {
    Map<String, Double> importance = new LinkedHashMap<>();
    importance.put("small", 0.1);
    importance.put("negative", -0.8);
    importance.put("large", 0.5);
    assertEquals(
        List.of("negative", "large", "small"),
        ModelReport.topFeatures(importance).stream().map(Map.Entry::getKey).toList());
  }

  @Test
  void emptyImportanceAndParametersStillRender() throws IOException {
    Map<String, byte[]> files = ModelReport.render(input(Map.of(), Map.of()));
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(files.get("importance.png")));
    assertEquals(ModelReport.WIDTH, image.getWidth());
    String md = new String(files.get("report.md"), StandardCharsets.UTF_8);
    assertTrue(md.contains("No feature importance was given."), md);
    assertTrue(md.contains("No parameters were given."), md);
  }

  @Test
  void tableCellsEscapePipesAndLineBreaks() {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("grid", "a|b\nc");
    String md = ModelReport.markdown(input(Map.of(), parameters));
    assertTrue(md.contains("| grid | a\\|b c |"), md);
  }

  @Test
  void modelAndBaselineMustCoverTheSameRows() {
    BinaryEvaluation m = BinaryEvaluation.of(new double[] {1, 0}, new boolean[] {true, false});
    BinaryEvaluation b =
        BinaryEvaluation.of(new double[] {1, 0, 0}, new boolean[] {true, false, false});
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new ReportInput(
                    "m", "v", "a", "r", "t", "t", m, b, "rule", Map.of(), Map.of()));
    assertEquals(
        "the model and the baseline must be evaluated on the same rows:"
            + " model has 2 rows / 1 positives, baseline 3 / 1",
        e.getMessage());
  }

  private static String metricRow(String metric, double model, double baseline) {
    String diff = ModelReport.comparison("", model, baseline);
    diff = diff.substring(diff.lastIndexOf('(') + 1, diff.length() - 1);
    return "| " + metric + " | " + f(model) + " | " + f(baseline) + " | " + diff + " |";
  }

  private static String f(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  private static int colours(BufferedImage image) {
    Set<Integer> seen = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 7) {
      for (int x = 0; x < image.getWidth(); x += 7) {
        seen.add(image.getRGB(x, y));
      }
    }
    return seen.size();
  }

  /** f0 .. f(n-1) with importance 0.01 + 0.032 i, given in ascending order. */
  private static Map<String, Double> importance(int n) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      m.put("f" + i, 0.01 + 0.032 * i);
    }
    return m;
  }

  private static Map<String, String> parameters() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("max_depth", "5");
    p.put("max_iter", "40");
    return p;
  }

  private static ReportInput input(Map<String, Double> importance, Map<String, String> params) {
    Random random = new Random(7);
    double[] probability = new double[ROWS];
    double[] rule = new double[ROWS];
    boolean[] label = new boolean[ROWS];
    for (int i = 0; i < ROWS; i++) {
      double z = random.nextGaussian();
      probability[i] = 1 / (1 + Math.exp(-(1.5 * z - 1.5)));
      label[i] = random.nextDouble() < probability[i];
      rule[i] = Math.round(z + random.nextGaussian());
    }
    return new ReportInput(
        "high_value",
        "2026-11-01",
        "gradient-boosted trees",
        "better PR AUC on validation than the logistic regression (0.61 vs 0.55).",
        "2025-01-31 .. 2025-10-31",
        "2025-11-30",
        BinaryEvaluation.of(probability, label),
        BinaryEvaluation.of(rule, label),
        "RFM score",
        importance,
        params);
  }
}
