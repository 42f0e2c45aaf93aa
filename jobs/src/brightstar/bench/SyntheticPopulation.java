package brightstar.bench;

import brightstar.clv.TransactionSummariser;
import brightstar.clv.model.BgNbdModel;
import brightstar.clv.model.GammaGammaModel;
import brightstar.clv.model.PeriodUnit;
import java.util.SplittableRandom;

/**
 * Customers drawn from the BG/NBD purchase process and the Gamma-Gamma spend process, observed
 * the way {@link TransactionSummariser} observes a real log: by day. For benchmarks and for
 * tests that fit a model to data whose true parameters are known.
 *
 * <p>Each customer is acquired on a day drawn uniformly so that its age is 0 to {@code
 * maxAgeDays} days at the calibration end; then, in continuous time, buys as a Poisson process
 * with rate lambda ~ Gamma(r, alpha) per period and after each repeat purchase drops out with
 * probability p ~ Beta(a, b). Purchases falling on one day count once, as in the summariser.
 * Each repeat purchase day's value is Gamma(p, nu) with nu ~ Gamma(q, gamma) per customer.
 * The same seed gives the same population.
 *
 * @param frequency x per customer
 * @param recency t_x per customer, in the period unit
 * @param age T per customer, in the period unit
 * @param monetary mean repeat-day value per customer, 0 without repeat purchases
 */
public record SyntheticPopulation(
    int[] frequency, double[] recency, double[] age, double[] monetary) {

  /**
   * Draws a population.
   *
   * @param purchases the true purchase process, rates per {@code unit}
   * @param spend the true spend process
   * @param customers how many customers
   * @param maxAgeDays the oldest customer's age in days
   * @param unit the period unit of the rates and of the output recency and age
   * @param seed the random seed
   */
  public static SyntheticPopulation draw(BgNbdModel purchases, GammaGammaModel spend,
      int customers, int maxAgeDays, PeriodUnit unit, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] x = new int[customers];
    double[] tx = new double[customers];
    double[] t = new double[customers];
    double[] m = new double[customers];
    double periodDays = unit.days();
    for (int i = 0; i < customers; i++) {
      int ageDays = random.nextInt(maxAgeDays + 1);
      double lambda = gamma(random, purchases.r()) / purchases.alpha();
      double dropout = beta(random, purchases.a(), purchases.b());
      double nu = gamma(random, spend.q()) / spend.gamma();
      double time = 0;
      long lastDay = 0;
      int repeatDays = 0;
      double value = 0;
      while (true) {
        time += -Math.log(1 - random.nextDouble()) / lambda;
        long day = (long) Math.floor(time * periodDays);
        if (day > ageDays) {
          break;
        }
        if (day != lastDay) {
          repeatDays++;
          value += gamma(random, spend.p()) / nu;
          lastDay = day;
        }
        if (random.nextDouble() < dropout) {
          break;
        }
      }
      x[i] = repeatDays;
      tx[i] = lastDay / periodDays;
      t[i] = ageDays / periodDays;
      m[i] = repeatDays == 0 ? 0 : value / repeatDays;
    }
    return new SyntheticPopulation(x, tx, t, m);
  }

  /** Gamma(shape, 1) by Marsaglia and Tsang (2000), boosted for shape &lt; 1. */
  public static double gamma(SplittableRandom random, double shape) {
    if (shape < 1) {
      double u = random.nextDouble();
      return gamma(random, shape + 1) * Math.pow(u, 1 / shape);
    }
    double d = shape - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double z = normal(random);
      double v = 1 + c * z;
      if (v <= 0) {
        continue;
      }
      v = v * v * v;
      double u = random.nextDouble();
      if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) {
        return d * v;
      }
    }
  }

  static double beta(SplittableRandom random, double a, double b) {
    double ga = gamma(random, a);
    return ga / (ga + gamma(random, b));
  }

  private static double normal(SplittableRandom random) {
    // Box-Muller; one of the pair is enough here.
    double u1 = 1 - random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
