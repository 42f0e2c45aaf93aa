package brightstar.generate;

/**
 * A small, fully specified pseudo-random generator (SplitMix64) plus the stateless hashes every
 * seed in the generator is derived from.
 *
 * <p>Own code rather than {@link java.util.SplittableRandom}: "same seed, same bytes" is part of
 * the generator's contract, so the algorithm behind every draw (doubles, bounded ints,
 * Gaussians, Poisson, gamma) must not move with the JDK; {@link StrictMath} keeps the floating
 * point results identical on every platform.
 */
final class Rng {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private long state;

  Rng(long seed) {
    this.state = seed;
  }

  /** A generator for one stream of one owner, independent of every other (seed, owner, stream). */
  static Rng of(long seed, long owner, long stream) {
    return new Rng(hash(seed, owner, stream));
  }

  /** The SplitMix64 finaliser: a bijective 64-bit mix with full avalanche. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  static long hash(long a, long b) {
    return mix(mix(a + GOLDEN) ^ (b * 0xC2B2AE3D27D4EB4FL + 0x165667B19E3779F9L));
  }

  static long hash(long a, long b, long c) {
    return hash(hash(a, b), c);
  }

  /** The top 53 bits of a hash as a double in [0, 1). */
  static double unit(long hash) {
    return (hash >>> 11) * 0x1.0p-53;
  }

  static double sigmoid(double x) {
    return 1.0 / (1.0 + StrictMath.exp(-x));
  }

  long nextLong() {
    state += GOLDEN;
    return mix(state);
  }

  double nextDouble() {
    return unit(nextLong());
  }

  /** Uniform in [0, bound) for 0 < bound < 2^31 (multiply-shift, no modulo bias worth noting). */
  int nextInt(int bound) {
    return (int) (((nextLong() >>> 33) * bound) >>> 31);
  }

  /** Uniform integer in [lo, hi], both inclusive. */
  int between(int lo, int hi) {
    return lo + nextInt(hi - lo + 1);
  }

  double uniform(double lo, double hi) {
    return lo + (hi - lo) * nextDouble();
  }

  boolean chance(double p) {
    return nextDouble() < p;
  }

  /** Standard normal by Box-Muller (one value per call keeps the draw count predictable). */
  double gaussian() {
    double u1 = 1.0 - nextDouble();
    double u2 = nextDouble();
    return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
  }

  /** Exponential waiting time with the given rate (events per unit). */
  double exponential(double rate) {
    return -StrictMath.log(1.0 - nextDouble()) / rate;
  }

  /** Poisson count: Knuth's product method below 30, a rounded normal above. */
  int poisson(double mean) {
    if (mean <= 0) {
      return 0;
    }
    if (mean >= 30) {
      return (int) Math.max(0, Math.round(mean + StrictMath.sqrt(mean) * gaussian()));
    }
    double limit = StrictMath.exp(-mean);
    double product = nextDouble();
    int count = 0;
    while (product > limit) {
      product *= nextDouble();
      count++;
    }
    return count;
  }

  /** Gamma(shape, scale) by Marsaglia-Tsang; shapes below 1 use the boost u^(1/shape). */
  double gamma(double shape, double scale) {
    if (shape < 1.0) {
      double boost = StrictMath.pow(1.0 - nextDouble(), 1.0 / shape);
      return gamma(shape + 1.0, scale) * boost;
    }
    double d = shape - 1.0 / 3.0;
    double c = 1.0 / StrictMath.sqrt(9.0 * d);
    while (true) {
      double x = gaussian();
      double v = 1.0 + c * x;
      if (v <= 0) {
        continue;
      }
      v = v * v * v;
      double u = 1.0 - nextDouble();
      if (StrictMath.log(u) < 0.5 * x * x + d - d * v + d * StrictMath.log(v)) {
        return d * v * scale;
      }
    }
  }

  /** Index drawn with probability proportional to its (non-negative) weight. */
  int pick(double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double target = nextDouble() * total;
    for (int i = 0; i < weights.length - 1; i++) {
      target -= weights[i];
      if (target < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  <T> T pick(T[] items) {
    return items[nextInt(items.length)];
  }
}
