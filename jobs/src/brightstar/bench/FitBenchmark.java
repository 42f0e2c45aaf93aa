package brightstar.bench;

import brightstar.clv.model.BgNbdModel;
import brightstar.clv.model.FitResult;
import brightstar.clv.model.GammaGammaModel;
import brightstar.clv.model.PeriodUnit;
import brightstar.clv.model.RfmTuples;
import brightstar.clv.model.SpendTuples;

/**
 * Times the fit stage at scale: BG/NBD and Gamma-Gamma on a synthetic population drawn with
 * the CDNOW estimates as true parameters (weekly periods, ages up to two years, seeded).
 *
 * <p>Usage: {@code java -cp <classpath> brightstar.bench.FitBenchmark [customers] [seed]},
 * default 1,000,000 customers and seed 42. Prints the time of each step in milliseconds: the
 * draw, grouping into distinct tuples (which Spark does in phase 2), and each fit.
 */
public final class FitBenchmark {
  private FitBenchmark() {}

  public static void main(String[] args) {
    int customers = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 42L;
    BgNbdModel purchases = new BgNbdModel(0.243, 4.414, 0.793, 2.426);
    GammaGammaModel spend = new GammaGammaModel(6.25, 3.74, 15.44);

    long t0 = System.nanoTime();
    SyntheticPopulation pop = SyntheticPopulation.draw(
        purchases, spend, customers, 730, PeriodUnit.WEEK, seed);
    long t1 = System.nanoTime();
    RfmTuples rfm = RfmTuples.aggregate(pop.frequency(), pop.recency(), pop.age());
    SpendTuples spendTuples = spendTuples(pop);
    long t2 = System.nanoTime();
    FitResult bg = BgNbdModel.fit(rfm);
    long t3 = System.nanoTime();
    FitResult gg = GammaGammaModel.fit(spendTuples);
    long t4 = System.nanoTime();

    int maxX = 0;
    for (int x : pop.frequency()) {
      maxX = Math.max(maxX, x);
    }
    System.out.printf("customers %,d (max frequency %d), cores %d%n", customers, maxX,
        Runtime.getRuntime().availableProcessors());
    System.out.printf("draw %d ms%n", ms(t0, t1));
    System.out.printf("group: %,d distinct (x, t_x, T) tuples, %,d (x, m) pairs: %d ms%n",
        rfm.size(), spendTuples.size(), ms(t1, t2));
    System.out.printf("fit BG/NBD %d ms: %s%n", ms(t2, t3), bg);
    System.out.printf("fit Gamma-Gamma %d ms: %s%n", ms(t3, t4), gg);
    System.out.printf("fit stage (group + both fits) %d ms, fits alone %d ms%n", ms(t1, t4),
        ms(t2, t4));
  }

  private static SpendTuples spendTuples(SyntheticPopulation pop) {
    int n = 0;
    for (int x : pop.frequency()) {
      n += x > 0 ? 1 : 0;
    }
    int[] x = new int[n];
    double[] m = new double[n];
    int k = 0;
    for (int i = 0; i < pop.frequency().length; i++) {
      if (pop.frequency()[i] > 0) {
        x[k] = pop.frequency()[i];
        m[k++] = pop.monetary()[i];
      }
    }
    return SpendTuples.aggregate(x, m);
  }

  private static long ms(long from, long to) {
    return (to - from) / 1_000_000;
  }
}
