package brightstar.clv.model;

import java.util.stream.IntStream;

/**
 * Sums a per-row computation over fixed chunks of rows, in parallel when there are many. The
 * chunk boundaries do not depend on the number of cores and the partial sums are added in
 * chunk order, so results are identical run to run and machine to machine.
 */
final class Chunks {
  /** Rows per chunk; below two chunks' worth the work stays on the calling thread. */
  static final int CHUNK = 16_384;

  /** Adds the rows [from, to) into {@code acc}. */
  interface RangeSum {
    void add(int from, int to, double[] acc);
  }

  private Chunks() {}

  static double[] sum(int rows, int width, RangeSum body) {
    int chunks = (rows + CHUNK - 1) / CHUNK;
    double[][] partial = new double[Math.max(chunks, 1)][width];
    IntStream range = IntStream.range(0, chunks);
    if (chunks > 2) {
      range = range.parallel();
    }
    range.forEach(c -> body.add(c * CHUNK, Math.min(rows, (c + 1) * CHUNK), partial[c]));
    double[] total = new double[width];
    for (double[] p : partial) {
      for (int j = 0; j < width; j++) {
        total[j] += p[j];
      }
    }
    return total;
  }
}
