package brightstar.ml.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How well a score ranks a binary outcome on one evaluation set: the figures of
 * {@code gold.model_runs} and the curves of the model report (docs/models.md defines each one).
 *
 * <p>Input: one score per row (a predicted probability or any rule score; higher means more
 * likely positive) and its label. The figures depend only on the multiset of (score, label)
 * pairs, never on the input order:
 *
 * <ul>
 *   <li>{@code rocAuc}: area under the ROC curve, exact. Equals the Mann-Whitney statistic
 *       P(score of a random positive &gt; score of a random negative), a tied pair counting 1/2;
 *       computed as the trapezoid over the ROC points of every distinct score, which is the same
 *       number as Spark's {@code BinaryClassificationEvaluator} {@code areaUnderROC}.
 *   <li>{@code prAuc}: the <b>trapezoidal</b> area under the precision-recall curve (not average
 *       precision), chosen to match Spark's {@code areaUnderPR}: one point (recall, precision) per
 *       distinct score, taken as a threshold from the highest down, preceded by the point (0,
 *       precision at the highest score).
 *   <li>{@code deciles}: rows sorted by score descending, ties broken by putting negatives before
 *       positives (the pessimistic order: a tie never flatters the higher decile), then cut into
 *       ten groups as equal as possible; the row of rank r (0-based) is in decile {@code 10 -
 *       floor(10 r / rows)}. Decile 10 holds the highest scores. Listed from decile 10 down to 1;
 *       with fewer than 10 rows the empty deciles are left out.
 *   <li>{@code topDecileLift}: positive rate of decile 10 / overall positive rate; {@code
 *       topDecileCapture}: positives in decile 10 / all positives.
 *   <li>{@code calibrationError}: expected calibration error over the deciles, the row-weighted
 *       mean of |mean score - positive rate|. Only meaningful when the score is a probability;
 *       for a rule score (e.g. an RFM sum) it is a number without meaning.
 * </ul>
 *
 * <p>{@code roc} runs from (0, 0) to (1, 1) with x = false positive rate, y = true positive rate;
 * {@code pr} has x = recall, y = precision. Both are downsampled to at most {@link
 * #MAX_CURVE_POINTS} points (first and last kept) for charts and tables; the areas are computed on
 * the full curves.
 */
public record BinaryEvaluation(
    long rows,
    long positives,
    double rocAuc,
    double prAuc,
    double topDecileLift,
    double topDecileCapture,
    double calibrationError,
    List<Point> roc,
    List<Point> pr,
    List<Decile> deciles) {

  /** Most points kept per curve. */
  public static final int MAX_CURVE_POINTS = 200;

  /** One point of a curve. */
  public record Point(double x, double y) {}

  /**
   * One tenth of the rows by score: {@code decile} 10 = the highest scores, 1 = the lowest.
   * {@code lift} = positiveRate / overall positive rate; {@code cumulativeCapture} = share of all
   * positives in this decile and every higher one.
   */
  public record Decile(
      int decile,
      long rows,
      long positives,
      double meanScore,
      double positiveRate,
      double lift,
      double cumulativeCapture) {}

  public BinaryEvaluation {
    roc = List.copyOf(roc);
    pr = List.copyOf(pr);
    deciles = List.copyOf(deciles);
  }

  /** The positive share of the rows. */
  public double positiveRate() {
    return (double) positives / rows;
  }

  /** The decile with the given number, or null when it has no rows (fewer than 10 rows). */
  public Decile decile(int number) {
    for (Decile d : deciles) {
      if (d.decile() == number) {
        return d;
      }
    }
    return null;
  }

  /**
   * Evaluates the scores against the labels.
   *
   * @throws IllegalArgumentException on empty input, arrays of different lengths, a NaN or
   *     infinite score, or labels of one class only (ROC and PR AUC are then undefined)
   */
  public static BinaryEvaluation of(double[] score, boolean[] label) {
    if (score == null || label == null) {
      throw new IllegalArgumentException("score and label arrays are required, got null");
    }
    if (score.length != label.length) {
      throw new IllegalArgumentException(
          "score and label must have one entry per row: "
              + score.length
              + " scores but "
              + label.length
              + " labels");
    }
    int n = score.length;
    if (n == 0) {
      throw new IllegalArgumentException("cannot evaluate an empty set: no rows");
    }
    long positives = 0;
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(score[i])) {
        throw new IllegalArgumentException(
            "score of row " + i + " is " + score[i] + "; every score must be a finite number");
      }
      if (label[i]) {
        positives++;
      }
    }
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      throw new IllegalArgumentException(
          "ROC AUC and PR AUC are undefined: all "
              + n
              + " rows are "
              + (positives == 0 ? "negative" : "positive")
              + "; the evaluation set needs both classes");
    }

    int[] order = sortedDescending(score, label);

    // One ROC/PR point per distinct score, the threshold moving from the highest score down.
    List<Point> roc = new ArrayList<>();
    List<Point> pr = new ArrayList<>();
    roc.add(new Point(0, 0));
    double rocArea = 0;
    double prArea = 0;
    long tp = 0;
    long fp = 0;
    double prevFpr = 0;
    double prevTpr = 0;
    double prevRecall = 0;
    double prevPrecision = Double.NaN;
    int i = 0;
    while (i < n) {
      double s = score[order[i]];
      while (i < n && score[order[i]] == s) {
        if (label[order[i]]) {
          tp++;
        } else {
          fp++;
        }
        i++;
      }
      double fpr = (double) fp / negatives;
      double tpr = (double) tp / positives;
      rocArea += (fpr - prevFpr) * (tpr + prevTpr) / 2;
      roc.add(new Point(fpr, tpr));
      prevFpr = fpr;
      prevTpr = tpr;

      double precision = (double) tp / (tp + fp);
      if (pr.isEmpty()) {
        pr.add(new Point(0, precision));
        prevPrecision = precision;
      }
      prArea += (tpr - prevRecall) * (precision + prevPrecision) / 2;
      pr.add(new Point(tpr, precision));
      prevRecall = tpr;
      prevPrecision = precision;
    }
    // The last threshold takes every row, so the ROC curve already ends at (1, 1).

    List<Decile> deciles = deciles(score, label, order, positives);
    Decile top = deciles.get(0);
    double ece = 0;
    for (Decile d : deciles) {
      ece += d.rows() * Math.abs(d.meanScore() - d.positiveRate());
    }
    ece /= n;

    return new BinaryEvaluation(
        n,
        positives,
        rocArea,
        prArea,
        top.lift(),
        (double) top.positives() / positives,
        ece,
        downsample(roc),
        downsample(pr),
        deciles);
  }

  /** Row indices by score descending, negatives before positives within a score. */
  private static int[] sortedDescending(double[] score, boolean[] label) {
    Integer[] boxed = new Integer[score.length];
    for (int i = 0; i < boxed.length; i++) {
      boxed[i] = i;
    }
    Arrays.sort(
        boxed,
        (a, b) -> {
          // + 0.0 turns -0.0 into 0.0: the two are one threshold, as == says in the scan.
          int c = Double.compare(score[b] + 0.0, score[a] + 0.0);
          return c != 0 ? c : Boolean.compare(label[a], label[b]);
        });
    int[] order = new int[boxed.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = boxed[i];
    }
    return order;
  }

  private static List<Decile> deciles(
      double[] score, boolean[] label, int[] order, long allPositives) {
    int n = order.length;
    double overallRate = (double) allPositives / n;
    List<Decile> result = new ArrayList<>();
    long cumulativePositives = 0;
    int start = 0;
    while (start < n) {
      int decile = decileOfRank(start, n);
      int end = start;
      long rows = 0;
      long positives = 0;
      double scoreSum = 0;
      while (end < n && decileOfRank(end, n) == decile) {
        rows++;
        scoreSum += score[order[end]];
        if (label[order[end]]) {
          positives++;
        }
        end++;
      }
      cumulativePositives += positives;
      double rate = (double) positives / rows;
      result.add(
          new Decile(
              decile,
              rows,
              positives,
              scoreSum / rows,
              rate,
              rate / overallRate,
              (double) cumulativePositives / allPositives));
      start = end;
    }
    return result;
  }

  private static int decileOfRank(int rank, int n) {
    return 10 - (int) ((10L * rank) / n);
  }

  /** At most MAX_CURVE_POINTS points, evenly spaced by index, the first and last kept. */
  static List<Point> downsample(List<Point> curve) {
    int size = curve.size();
    if (size <= MAX_CURVE_POINTS) {
      return curve;
    }
    List<Point> kept = new ArrayList<>(MAX_CURVE_POINTS);
    for (int k = 0; k < MAX_CURVE_POINTS; k++) {
      kept.add(curve.get((int) Math.round((double) k * (size - 1) / (MAX_CURVE_POINTS - 1))));
    }
    return kept;
  }
}
