package brightstar.ml.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brightstar.ml.eval.BinaryEvaluation.Decile;
import brightstar.ml.eval.BinaryEvaluation.Point;
import java.util.List;
import org.junit.jupiter.api.Test;

class BinaryEvaluationTest {
  private static final double EPS = 1e-12;

  // Five rows, a positive and a negative tied at 0.8, a positive at the bottom.
  private static final double[] SCORES = {0.9, 0.8, 0.8, 0.3, 0.1};
  private static final boolean[] LABELS = {true, true, false, false, true};

  @Test
  void rocAucCountsATiedPairAsHalf() {
    // Pairs (positive, negative): 0.9>0.8, 0.9>0.3, 0.8=0.8 (1/2), 0.8>0.3, 0.1<0.8, 0.1<0.3.
    BinaryEvaluation e = BinaryEvaluation.of(SCORES, LABELS);
    assertEquals(3.5 / 6, e.rocAuc(), EPS);
    assertEquals(5, e.rows());
    assertEquals(3, e.positives());
  }

  @Test
  void prAucIsTheTrapezoidFromZeroRecallAtTheFirstPrecision() {
    // Thresholds 0.9, 0.8, 0.3, 0.1 -> (recall, precision) = (1/3, 1), (2/3, 2/3), (2/3, 1/2),
    // (1, 3/5), preceded by (0, 1). Area = 1/3 + 1/3 * (5/3) / 2 + 0 + 1/3 * (11/10) / 2.
    BinaryEvaluation e = BinaryEvaluation.of(SCORES, LABELS);
    assertEquals(143.0 / 180, e.prAuc(), EPS);
    assertEquals(
        List.of(
            new Point(0, 1),
            new Point(1.0 / 3, 1),
            new Point(2.0 / 3, 2.0 / 3),
            new Point(2.0 / 3, 0.5),
            new Point(1, 0.6)),
        e.pr());
    assertEquals(
        List.of(
            new Point(0, 0),
            new Point(0, 1.0 / 3),
            new Point(0.5, 2.0 / 3),
            new Point(1, 2.0 / 3),
            new Point(1, 1)),
        e.roc());
  }

  @Test
  void decilesPutTheNegativeOfATieInTheHigherDecile() {
    // Five rows: ranks 0..4 go to deciles 10, 8, 6, 4, 2; within the 0.8 tie the negative
    // ranks first, so decile 8 gets it and decile 6 the positive.
    BinaryEvaluation e = BinaryEvaluation.of(SCORES, LABELS);
    double rate = 3.0 / 5;
    assertEquals(
        List.of(
            new Decile(10, 1, 1, 0.9, 1, 1 / rate, 1.0 / 3),
            new Decile(8, 1, 0, 0.8, 0, 0, 1.0 / 3),
            new Decile(6, 1, 1, 0.8, 1, 1 / rate, 2.0 / 3),
            new Decile(4, 1, 0, 0.3, 0, 0, 2.0 / 3),
            new Decile(2, 1, 1, 0.1, 1, 1 / rate, 1)),
        e.deciles());
    assertEquals(5.0 / 3, e.topDecileLift(), EPS);
    assertEquals(1.0 / 3, e.topDecileCapture(), EPS);
    assertNull(e.decile(9));
  }

  @Test
  void calibrationErrorIsTheRowWeightedMeanGapPerDecile() {
    // |0.9-1| + |0.8-0| + |0.8-1| + |0.3-0| + |0.1-1| = 2.3 over 5 rows.
    assertEquals(0.46, BinaryEvaluation.of(SCORES, LABELS).calibrationError(), EPS);
  }

  @Test
  void twentyRowsMakeDecilesOfTwoAndTheTieAcrossTheBoundaryIsSplitByLabel() {
    // 0.9 (positive) ranks first; the three 0.7 rows (positive, negative, positive) take ranks
    // 1-3, the negative first: decile 10 = {0.9+, 0.7-}, decile 9 = {0.7+, 0.7+}.
    double[] score = new double[20];
    boolean[] label = new boolean[20];
    score[0] = 0.7;
    label[0] = true;
    score[1] = 0.9;
    label[1] = true;
    score[2] = 0.7;
    label[2] = false;
    score[3] = 0.7;
    label[3] = true;
    for (int i = 4; i < 20; i++) {
      score[i] = 0.5 - i * 0.01;
      label[i] = i == 19;
    }
    BinaryEvaluation e = BinaryEvaluation.of(score, label);
    assertEquals(10, e.deciles().size());
    double rate = 4.0 / 20;
    assertEquals(new Decile(10, 2, 1, (0.9 + 0.7) / 2, 0.5, 0.5 / rate, 0.25), e.deciles().get(0));
    assertEquals(new Decile(9, 2, 2, 0.7, 1, 1 / rate, 0.75), e.deciles().get(1));
    assertEquals(new Decile(1, 2, 1, (score[18] + score[19]) / 2, 0.5, 0.5 / rate, 1), e.decile(1));
    assertEquals(2.5, e.topDecileLift(), EPS);
    assertEquals(0.25, e.topDecileCapture(), EPS);
  }

  @Test
  void theInputOrderDoesNotChangeAnyFigure() {
    double[] score = {0.8, 0.1, 0.9, 0.3, 0.8};
    boolean[] label = {false, true, true, false, true};
    assertEquals(BinaryEvaluation.of(SCORES, LABELS), BinaryEvaluation.of(score, label));
  }

  @Test
  void aPerfectRankingScoresOneAndAReversedOneZero() {
    double[] score = {0.1, 0.2, 0.3, 0.4};
    BinaryEvaluation perfect = BinaryEvaluation.of(score, new boolean[] {false, false, true, true});
    assertEquals(1, perfect.rocAuc(), EPS);
    assertEquals(1, perfect.prAuc(), EPS);
    assertEquals(2, perfect.topDecileLift(), EPS);

    BinaryEvaluation reversed =
        BinaryEvaluation.of(score, new boolean[] {true, true, false, false});
    assertEquals(0, reversed.rocAuc(), EPS);
    // (0, 0), (0, 0), (1/2, 1/3), (1, 1/2): 1/2 * (1/3) / 2 + 1/2 * (5/6) / 2 = 7/24.
    assertEquals(7.0 / 24, reversed.prAuc(), EPS);
    assertEquals(0, reversed.topDecileLift(), EPS);
  }

  @Test
  void oneScoreForAllRowsIsARandomRanking() {
    BinaryEvaluation e =
        BinaryEvaluation.of(
            new double[] {0.5, 0.5, 0.5, 0.5}, new boolean[] {true, false, false, false});
    assertEquals(0.5, e.rocAuc(), EPS);
    assertEquals(0.25, e.prAuc(), EPS);
    assertEquals(List.of(new Point(0, 0), new Point(1, 1)), e.roc());
    // Four rows, ranks to deciles 10, 8, 5, 3; the tie puts the positive last.
    assertEquals(0, e.topDecileCapture(), EPS);
    assertEquals(1, e.decile(3).positives());
  }

  @Test
  void minusZeroAndZeroAreOneThreshold() {
    BinaryEvaluation e =
        BinaryEvaluation.of(new double[] {-0.0, 0.0, 1}, new boolean[] {true, false, true});
    assertEquals(0.75, e.rocAuc(), EPS);
    assertEquals(
        BinaryEvaluation.of(new double[] {0.0, -0.0, 1}, new boolean[] {true, false, true}), e);
  }

  @Test
  void longCurvesAreDownsampledKeepingTheirEnds() {
    int n = 5000;
    double[] score = new double[n];
    boolean[] label = new boolean[n];
    for (int i = 0; i < n; i++) {
      score[i] = i;
      label[i] = i % 3 == 1;
    }
    BinaryEvaluation e = BinaryEvaluation.of(score, label);
    assertEquals(BinaryEvaluation.MAX_CURVE_POINTS, e.roc().size());
    assertEquals(BinaryEvaluation.MAX_CURVE_POINTS, e.pr().size());
    assertEquals(new Point(0, 0), e.roc().get(0));
    assertEquals(new Point(1, 1), e.roc().get(e.roc().size() - 1));
    assertEquals(new Point(0, 1), e.pr().get(0));
    assertEquals(new Point(1, 1667.0 / n), e.pr().get(e.pr().size() - 1));
    for (int i = 1; i < e.roc().size(); i++) {
      assertTrue(e.roc().get(i).x() >= e.roc().get(i - 1).x(), "ROC x never decreases");
    }
  }

  @Test
  void badInputIsRejectedWithTheReason() {
    assertEquals(
        "cannot evaluate an empty set: no rows",
        rejected(new double[0], new boolean[0]).getMessage());
    assertEquals(
        "score and label must have one entry per row: 2 scores but 1 labels",
        rejected(new double[] {1, 2}, new boolean[] {true}).getMessage());
    assertEquals(
        "score of row 1 is NaN; every score must be a finite number",
        rejected(new double[] {1, Double.NaN}, new boolean[] {true, false}).getMessage());
    assertEquals(
        "ROC AUC and PR AUC are undefined: all 2 rows are positive;"
            + " the evaluation set needs both classes",
        rejected(new double[] {1, 2}, new boolean[] {true, true}).getMessage());
    assertEquals(
        "ROC AUC and PR AUC are undefined: all 1 rows are negative;"
            + " the evaluation set needs both classes",
        rejected(new double[] {1}, new boolean[] {false}).getMessage());
  }

  private static IllegalArgumentException rejected(double[] score, boolean[] label) {
    return assertThrows(IllegalArgumentException.class, () -> BinaryEvaluation.of(score, label));
  }
}
