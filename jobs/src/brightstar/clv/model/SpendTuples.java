package brightstar.clv.model;

import java.util.Arrays;
import java.util.List;

/**
 * Weighted (frequency, mean repeat value) pairs: the input of the Gamma-Gamma spend fit.
 *
 * <p>Only customers with repeat purchases tell anything about spend per repeat transaction,
 * so every row has x &gt;= 1 and a mean value m &gt; 0 (the Gamma-Gamma likelihood has ln m).
 * Identical (x, m) pairs are grouped and weighted by their count.
 */
public final class SpendTuples {
  private final int[] frequency;
  private final double[] monetary;
  private final double[] weight;

  private SpendTuples(int[] frequency, double[] monetary, double[] weight) {
    this.frequency = frequency;
    this.monetary = monetary;
    this.weight = weight;
  }

  /**
   * Already weighted pairs; the arrays are copied.
   *
   * @throws ClvException if the arrays differ in length, are empty, or a row has x &lt; 1,
   *     m &lt;= 0 or a weight that is not positive
   */
  public static SpendTuples weighted(int[] frequency, double[] monetary, double[] weight) {
    RfmTuples.requireSameLength(frequency.length, monetary.length, weight.length,
        weight.length);
    SpendTuples s = new SpendTuples(frequency.clone(), monetary.clone(), weight.clone());
    s.validate();
    return s;
  }

  /** Per-customer pairs grouped into distinct pairs weighted by count. */
  public static SpendTuples aggregate(int[] frequency, double[] monetary) {
    RfmTuples.requireSameLength(frequency.length, monetary.length, monetary.length,
        monetary.length);
    double[] ones = new double[frequency.length];
    Arrays.fill(ones, 1.0);
    new SpendTuples(frequency, monetary, ones).validate();
    Dedup.Groups g = Dedup.group(
        frequency.length,
        i -> frequency[i] * 31L + Dedup.bits(monetary[i]),
        (i, j) -> frequency[i] == frequency[j]
            && Dedup.bits(monetary[i]) == Dedup.bits(monetary[j]));
    int n = g.count();
    int[] x = new int[n];
    double[] m = new double[n];
    double[] w = new double[n];
    for (int k = 0; k < n; k++) {
      x[k] = frequency[g.firstRow()[k]];
      m[k] = monetary[g.firstRow()[k]];
    }
    for (int i = 0; i < frequency.length; i++) {
      w[g.groupOfRow()[i]] += 1;
    }
    return new SpendTuples(x, m, w);
  }

  /**
   * The spend pairs of the summarised customers with repeat purchases and a positive mean
   * repeat value; customers whose repeat days net to zero on average carry no spend signal
   * and are left out.
   */
  public static SpendTuples of(List<CustomerSummary> customers) {
    List<CustomerSummary> spenders = customers.stream()
        .filter(c -> c.frequency() > 0 && c.monetary() > 0)
        .toList();
    if (spenders.isEmpty()) {
      throw ClvException.of("No customers with repeat purchases to fit spend on",
          "the Gamma-Gamma model learns from the mean value of repeat purchases, and no "
              + "customer has a repeat purchase with a positive value",
          "use a longer calibration period or a log with repeat customers");
    }
    int[] x = new int[spenders.size()];
    double[] m = new double[spenders.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = spenders.get(i).frequency();
      m[i] = spenders.get(i).monetary();
    }
    return aggregate(x, m);
  }

  /** Every stride-th row, weights kept: a cheap sample for a fit's starting point. */
  SpendTuples every(int stride) {
    int n = (size() + stride - 1) / stride;
    int[] frequencyOut = new int[n];
    double[] monetaryOut = new double[n];
    double[] weightOut = new double[n];
    for (int k = 0; k < n; k++) {
      frequencyOut[k] = frequency[k * stride];
      monetaryOut[k] = monetary[k * stride];
      weightOut[k] = weight[k * stride];
    }
    return new SpendTuples(frequencyOut, monetaryOut, weightOut);
  }

  public int size() {
    return frequency.length;
  }

  public int frequency(int i) {
    return frequency[i];
  }

  public double monetary(int i) {
    return monetary[i];
  }

  public double weight(int i) {
    return weight[i];
  }

  /** The sum of the weights: the number of customers when weights are counts. */
  public double totalWeight() {
    double s = 0;
    for (double w : weight) {
      s += w;
    }
    return s;
  }

  private String describe(int i) {
    return "Spend tuple " + i + " (x=" + frequency[i] + ", m=" + monetary[i] + ", weight="
        + weight[i] + ")";
  }

  private void validate() {
    if (frequency.length == 0) {
      throw RfmTuples.emptyInput();
    }
    for (int i = 0; i < frequency.length; i++) {
      if (frequency[i] < 1) {
        throw ClvException.of(describe(i) + " has no repeat purchases",
            "the mean repeat value is defined only for customers with x >= 1",
            "keep customers with frequency > 0 (SpendTuples.of does this)");
      }
      if (!(monetary[i] > 0) || !Double.isFinite(monetary[i])) {
        throw ClvException.of(describe(i) + " has a mean value that is not a positive number",
            "the Gamma-Gamma model describes positive spend and takes ln m",
            "leave out customers whose repeat purchases net to zero or less");
      }
      if (!(weight[i] > 0) || !Double.isFinite(weight[i])) {
        throw ClvException.of(describe(i) + " has a weight that is not a positive number",
            "weights count the customers sharing a pair",
            "drop pairs with zero weight and pass counts or positive weights");
      }
    }
  }
}
