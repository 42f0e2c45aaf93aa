package brightstar.clv.model;

import java.util.List;

/**
 * Weighted (frequency, recency, age) tuples: the input of the BG/NBD and Pareto/NBD fits and
 * the shape of what the Spark summariser hands over (distinct tuples with their customer
 * counts).
 *
 * <p>Customers with identical (x, t_x, T) contribute identical likelihood terms, so the fits
 * run over distinct tuples weighted by their counts: a million customers cost what their
 * distinct tuples cost. Row i is frequency x = {@code frequency(i)}, recency t_x, age T (in
 * one period unit) and weight (a customer count, or any positive weight).
 *
 * <p>Invariants, checked on construction: at least one row; x &gt;= 0; 0 &lt;= t_x &lt;= T;
 * t_x = 0 when x = 0; all values finite; weights &gt; 0.
 */
public final class RfmTuples {
  private final int[] frequency;
  private final double[] recency;
  private final double[] age;
  private final double[] weight;

  private RfmTuples(int[] frequency, double[] recency, double[] age, double[] weight) {
    this.frequency = frequency;
    this.recency = recency;
    this.age = age;
    this.weight = weight;
  }

  /**
   * Tuples that are already weighted, e.g. a group-by count from Spark. Rows need not be
   * distinct. The arrays are copied.
   *
   * @throws ClvException if the arrays differ in length, are empty or break an invariant
   */
  public static RfmTuples weighted(
      int[] frequency, double[] recency, double[] age, double[] weight) {
    requireSameLength(frequency.length, recency.length, age.length, weight.length);
    RfmTuples t = new RfmTuples(
        frequency.clone(), recency.clone(), age.clone(), weight.clone());
    t.validate();
    return t;
  }

  /**
   * Per-customer rows grouped into distinct tuples, each weighted by its customer count, in
   * order of first appearance.
   *
   * @throws ClvException if the arrays differ in length, are empty or break an invariant
   */
  public static RfmTuples aggregate(int[] frequency, double[] recency, double[] age) {
    requireSameLength(frequency.length, recency.length, age.length, age.length);
    double[] ones = new double[frequency.length];
    java.util.Arrays.fill(ones, 1.0);
    new RfmTuples(frequency, recency, age, ones).validate();
    Dedup.Groups g = Dedup.group(
        frequency.length,
        i -> (frequency[i] * 31L + Dedup.bits(recency[i])) * 31L + Dedup.bits(age[i]),
        (i, j) -> frequency[i] == frequency[j]
            && Dedup.bits(recency[i]) == Dedup.bits(recency[j])
            && Dedup.bits(age[i]) == Dedup.bits(age[j]));
    int n = g.count();
    int[] x = new int[n];
    double[] tx = new double[n];
    double[] t = new double[n];
    double[] w = new double[n];
    for (int k = 0; k < n; k++) {
      int row = g.firstRow()[k];
      x[k] = frequency[row];
      tx[k] = recency[row];
      t[k] = age[row];
    }
    for (int i = 0; i < frequency.length; i++) {
      w[g.groupOfRow()[i]] += 1;
    }
    return new RfmTuples(x, tx, t, w);
  }

  /** The distinct tuples of summarised customers, weighted by customer count. */
  public static RfmTuples of(List<CustomerSummary> customers) {
    if (customers.isEmpty()) {
      throw emptyInput();
    }
    int n = customers.size();
    int[] x = new int[n];
    double[] tx = new double[n];
    double[] t = new double[n];
    for (int i = 0; i < n; i++) {
      CustomerSummary c = customers.get(i);
      x[i] = c.frequency();
      tx[i] = c.recency();
      t[i] = c.age();
    }
    return aggregate(x, tx, t);
  }

  /**
   * A sample for a fit's starting point: every row whose weight is at least {@code stride}
   * (the heavy tuples, such as the many customers who never bought again at a common age),
   * and every stride-th of the other rows with its weight multiplied by {@code stride}. Each
   * customer is then represented with the weight of its inclusion odds (Horvitz-Thompson), so
   * the sample's likelihood estimates the full one without the noise of drawing a handful of
   * heavy tuples; it has about size()/stride light rows plus at most totalWeight()/stride
   * heavy ones.
   */
  RfmTuples sample(int stride) {
    int[] rows = new int[size()];
    int n = 0;
    int light = 0;
    for (int i = 0; i < size(); i++) {
      if (weight[i] >= stride || light++ % stride == 0) {
        rows[n++] = i;
      }
    }
    int[] frequencyOut = new int[n];
    double[] recencyOut = new double[n];
    double[] ageOut = new double[n];
    double[] weightOut = new double[n];
    for (int k = 0; k < n; k++) {
      int i = rows[k];
      frequencyOut[k] = frequency[i];
      recencyOut[k] = recency[i];
      ageOut[k] = age[i];
      weightOut[k] = weight[i] >= stride ? weight[i] : weight[i] * stride;
    }
    return new RfmTuples(frequencyOut, recencyOut, ageOut, weightOut);
  }

  public int size() {
    return frequency.length;
  }

  public int frequency(int i) {
    return frequency[i];
  }

  public double recency(int i) {
    return recency[i];
  }

  public double age(int i) {
    return age[i];
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

  /** The largest age T, which sets the time scale of the fits' starting point. */
  double maxAge() {
    double m = 0;
    for (double t : age) {
      m = Math.max(m, t);
    }
    return m;
  }

  private void validate() {
    if (frequency.length == 0) {
      throw emptyInput();
    }
    for (int i = 0; i < frequency.length; i++) {
      int x = frequency[i];
      double tx = recency[i];
      double t = age[i];
      double w = weight[i];
      if (x < 0 || !(tx >= 0) || !(t >= 0) || !Double.isFinite(tx) || !Double.isFinite(t)) {
        throw ClvException.of(describe(i) + " has a negative or non-finite value",
            "frequency, recency and age count purchases and elapsed periods, which cannot be "
                + "negative",
            "check the summariser: recency and age are measured from the first purchase");
      }
      if (tx > t) {
        throw ClvException.of(describe(i) + " has recency greater than age",
            "the last purchase cannot come after the end of the calibration period",
            "measure age T up to the calibration end and drop purchases after it");
      }
      if (x == 0 && tx != 0) {
        throw ClvException.of(describe(i) + " has recency without repeat purchases",
            "with frequency 0 the last purchase is the first, so recency must be 0",
            "set recency to 0 for customers without repeat purchases");
      }
      if (!(w > 0) || !Double.isFinite(w)) {
        throw ClvException.of(describe(i) + " has a weight that is not a positive number",
            "weights count the customers sharing a tuple",
            "drop tuples with zero weight and pass counts or positive weights");
      }
    }
  }

  private String describe(int i) {
    return "Customer tuple " + i + " (x=" + frequency[i] + ", t_x=" + recency[i] + ", T="
        + age[i] + ", weight=" + weight[i] + ")";
  }

  public static ClvException emptyInput() {
    return ClvException.of("No customers to fit",
        "the input has no rows",
        "summarise a transaction log with at least one purchase before fitting");
  }

  static void requireSameLength(int a, int b, int c, int d) {
    if (a != b || a != c || a != d) {
      throw ClvException.of(
          "Input arrays differ in length (" + a + ", " + b + ", " + c + ", " + d + ")",
          "each row of a tuple is read at the same index of every array",
          "pass arrays of one length, one entry per customer or tuple");
    }
  }
}
