package brightstar.lookalike;

import java.util.Arrays;
import java.util.Collection;

/**
 * The area under the ROC curve of a score for two groups: the probability that a random
 * member of the positive group scores higher than a random member of the negative one (ties
 * count half), i.e. the Mann-Whitney U statistic over the product of the group sizes.
 */
public final class RocAuc {
  private RocAuc() {}

  /**
   * @return the AUC in [0, 1]
   * @throws IllegalArgumentException when a group is empty or a score is not a number
   */
  public static double of(Collection<Double> positives, Collection<Double> negatives) {
    if (positives.isEmpty() || negatives.isEmpty()) {
      throw new IllegalArgumentException("AUC needs scores in both groups (positives: "
          + positives.size() + ", negatives: " + negatives.size() + ")");
    }
    double[] pos = sorted(positives);
    double[] neg = sorted(negatives);
    // Walk the negatives once: for each positive, count negatives below and equal to it.
    double wins = 0;
    int below = 0;
    for (double p : pos) {
      while (below < neg.length && neg[below] < p) {
        below++;
      }
      int equal = 0;
      while (below + equal < neg.length && neg[below + equal] == p) {
        equal++;
      }
      wins += below + equal / 2.0;
    }
    return wins / ((double) pos.length * neg.length);
  }

  private static double[] sorted(Collection<Double> scores) {
    double[] out = scores.stream().mapToDouble(d -> {
      if (d == null || Double.isNaN(d)) {
        throw new IllegalArgumentException("AUC of a score that is null or NaN");
      }
      return d;
    }).toArray();
    Arrays.sort(out);
    return out;
  }
}
