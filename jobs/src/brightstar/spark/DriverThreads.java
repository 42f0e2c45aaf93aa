package brightstar.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;

/**
 * Runs independent pieces of a job (one per table) on a few driver threads. Spark runs jobs
 * from several threads side by side, so one table's planning, code generation and Delta commit
 * overlap another's tasks: with many small per-table jobs that per-job overhead, not the data,
 * dominates a run.
 */
public final class DriverThreads {
  private DriverThreads() {}

  /** The caller was interrupted while the threads' jobs ran (the job was asked to stop). */
  public static final class Interrupted extends RuntimeException {
    Interrupted(String name, InterruptedException cause) {
      super(name + " interrupted while its jobs ran", cause);
    }
  }

  /**
   * Applies {@code work} to every item on up to {@code threads} threads (1: one after the
   * other, on the caller's thread) and returns the results in the items' order. Waits for all,
   * then rethrows the first failure in that order.
   *
   * @param name the threads' name, e.g. {@code brightstar-ingest}
   * @throws Interrupted when the caller is interrupted while waiting
   */
  public static <T, R> List<R> map(SparkSession spark, String name, int threads, List<T> items,
      Function<T, R> work) {
    int n = Math.min(threads, items.size());
    if (n <= 1) {
      return items.stream().map(work).toList();
    }
    ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<R>> futures = new ArrayList<>();
      for (T item : items) {
        futures.add(pool.submit(() -> {
          SparkSession.setActiveSession(spark);
          return work.apply(item);
        }));
      }
      List<R> out = new ArrayList<>();
      RuntimeException first = null;
      for (Future<R> f : futures) {
        try {
          out.add(f.get());
        } catch (ExecutionException e) {
          out.add(null);
          if (first == null) {
            first = e.getCause() instanceof RuntimeException r ? r
                : new IllegalStateException(e.getCause());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new Interrupted(name, e);
        }
      }
      if (first != null) {
        throw first;
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
