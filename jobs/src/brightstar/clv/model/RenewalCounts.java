package brightstar.clv.model;

import brightstar.clv.SubscriptionRenewals;
import java.util.ArrayList;
import java.util.List;

/**
 * Weighted renewal histories: the input of the sBG fit. Row i says that {@code weight(i)}
 * subscriptions either left after {@code terms(i)} terms ({@code churned(i)}: renewed terms - 1
 * times, then not) or were still under contract after {@code terms(i)} renewals (censored; 0
 * when still in the first term).
 */
public final class RenewalCounts {
  private final int[] terms;
  private final boolean[] churned;
  private final double[] weight;

  private RenewalCounts(int[] terms, boolean[] churned, double[] weight) {
    this.terms = terms;
    this.churned = churned;
    this.weight = weight;
  }

  /**
   * Counts as rows.
   *
   * @throws ClvException when there is no row, a churned row has terms &lt; 1, a censored row
   *     terms &lt; 0, or a weight is not positive
   */
  public static RenewalCounts of(int[] terms, boolean[] churned, double[] weight) {
    if (terms.length == 0 || terms.length != churned.length || terms.length != weight.length) {
      throw ClvException.of("No renewal histories to fit the sBG model on",
          "the model needs at least one subscription, with terms, churn flags and weights of "
              + "equal length", "check that the subscriptions have terms ending by the as-of "
              + "date");
    }
    for (int i = 0; i < terms.length; i++) {
      if (terms[i] < (churned[i] ? 1 : 0) || !(weight[i] > 0) || !Double.isFinite(weight[i])) {
        throw ClvException.of("Renewal row " + i + " (terms=" + terms[i] + ", churned="
                + churned[i] + ", weight=" + weight[i] + ") is not allowed",
            "a subscription that left did so after at least one term; a censored one has "
                + "renewed 0 or more times; weights are positive counts",
            "derive the rows from subscription terms as SubscriptionRenewals does");
      }
    }
    return new RenewalCounts(terms.clone(), churned.clone(), weight.clone());
  }

  /**
   * A cohort's survivor curve as renewal counts: {@code survivors[t]} still subscribed after t
   * renewals, survivors[0] the cohort size (the paper's table 1 layout). The drop between
   * t - 1 and t left after t terms; the last entry is censored.
   *
   * @throws ClvException when the curve is empty, rises, or is negative
   */
  public static RenewalCounts fromSurvivors(double[] survivors) {
    List<Integer> t = new ArrayList<>();
    List<Boolean> c = new ArrayList<>();
    List<Double> w = new ArrayList<>();
    for (int k = 1; k < survivors.length; k++) {
      double lost = survivors[k - 1] - survivors[k];
      if (lost < 0 || survivors[k] < 0) {
        throw ClvException.of("Survivor curve rises or is negative at year " + k,
            "survivors after t renewals cannot exceed those after t - 1",
            "pass cumulative survivors, e.g. 1000, 869, 743, ...");
      }
      if (lost > 0) {
        t.add(k);
        c.add(true);
        w.add(lost);
      }
    }
    if (survivors.length > 0 && survivors[survivors.length - 1] > 0) {
      t.add(survivors.length - 1);
      c.add(false);
      w.add(survivors[survivors.length - 1]);
    }
    if (t.isEmpty()) {
      throw ClvException.of("Survivor curve of " + survivors.length + " points has no one",
          "a cohort needs a positive size", "pass the cohort size first, then the survivors");
    }
    int[] terms = t.stream().mapToInt(Integer::intValue).toArray();
    boolean[] churned = new boolean[c.size()];
    for (int i = 0; i < churned.length; i++) {
      churned[i] = c.get(i);
    }
    return of(terms, churned, w.stream().mapToDouble(Double::doubleValue).toArray());
  }

  public int size() {
    return terms.length;
  }

  public int terms(int i) {
    return terms[i];
  }

  public boolean churned(int i) {
    return churned[i];
  }

  public double weight(int i) {
    return weight[i];
  }

  public double totalWeight() {
    double s = 0;
    for (double v : weight) {
      s += v;
    }
    return s;
  }

  int maxTerms() {
    int m = 0;
    for (int v : terms) {
      m = Math.max(m, v);
    }
    return m;
  }
}
