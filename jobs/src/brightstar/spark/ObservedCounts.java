package brightstar.spark;

import java.lang.ref.Cleaner;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.util.QueryExecutionListener;

/**
 * Counts taken by the action that writes the rows (a named {@link Dataset#observe}: Spark
 * aggregates the metrics in the same tasks and hands them to query listeners when the action
 * ends), instead of a job of their own over a cached copy.
 *
 * <p>Not Spark's {@code Observation}: in Spark 4.0.1 using it gives the session an
 * {@code ObservationManager} that cannot be serialised, and from then on every task whose
 * closure holds the session fails (an MLlib model's training summary does), and its listener
 * logs an error for every query it cannot analyse. This listener only reads the metrics a
 * finished query carries and never throws.
 */
public final class ObservedCounts {
  /** How long to wait for the counts of a finished action before counting another way. */
  public static final long WAIT_SECONDS = 30;
  private static final Set<SparkSession> LISTENING =
      Collections.newSetFromMap(new WeakHashMap<>());
  private static final String PREFIX = "brightstar_counts_";
  /**
   * Counts by observation name, one entry per {@link Pending} not read yet: the first read
   * removes it, and so does the {@link #CLEANER} once its Pending is unreachable (a job that
   * failed between its write and the read). The listener completes only entries that are
   * there, so a plan that runs again after the read (or after its reader is gone) leaves
   * nothing behind.
   */
  private static final Map<String, CompletableFuture<Map<String, Long>>> RESULTS =
      new ConcurrentHashMap<>();
  private static final Cleaner CLEANER = Cleaner.create();

  private ObservedCounts() {}

  /** One set of counts to be taken by the next action over {@link #on}'s rows. */
  public static final class Pending {
    private final String name = PREFIX + UUID.randomUUID().toString().replace("-", "");
    /** What the first read found (the shared map forgets it then); null before it. */
    private Optional<Map<String, Long>> read;
    private final CompletableFuture<Map<String, Long>> slot = new CompletableFuture<>();

    private Pending() {
      String key = name; // the cleaning action must not hold this Pending
      RESULTS.put(key, slot);
      CLEANER.register(this, () -> RESULTS.remove(key));
    }

    /**
     * The rows with the counts attached (each metric an aggregate such as
     * {@code count(lit(1)).as("rows")}, its alias the name it is read by).
     */
    public Dataset<Row> on(Dataset<Row> rows, Column first, Column... more) {
      return rows.observe(name, first, more);
    }

    /** One count of the action that ran over {@link #on}'s rows, else {@code fallback}'s. */
    public long get(String metric, LongSupplier fallback) {
      return get().map(m -> m.get(metric)).orElseGet(fallback::getAsLong);
    }

    /** As {@link #get(long)}, waiting up to {@value #WAIT_SECONDS} s. */
    public Optional<Map<String, Long>> get() {
      return get(WAIT_SECONDS);
    }

    /**
     * The counts of the action that ran over {@link #on}'s rows, by alias; empty when they did
     * not arrive within {@code waitSeconds} of asking (the caller counts another way). They
     * come with the end of the action, so this waits only for the listener's thread. Only the
     * first call waits: later ones give what it found.
     */
    public synchronized Optional<Map<String, Long>> get(long waitSeconds) {
      if (read == null) {
        read = await(waitSeconds);
      }
      return read;
    }

    private Optional<Map<String, Long>> await(long waitSeconds) {
      try {
        return Optional.of(slot.get(waitSeconds, TimeUnit.SECONDS));
      } catch (TimeoutException | ExecutionException e) {
        return Optional.empty();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      } finally {
        RESULTS.remove(name);
      }
    }
  }

  /** Sets of counts whose reader has not read them yet and still can (diagnostics, tests). */
  public static int held() {
    return RESULTS.size();
  }

  /** A new set of counts; the session's listener is registered on first use. */
  public static Pending pending(SparkSession spark) {
    synchronized (LISTENING) {
      if (LISTENING.add(spark)) {
        spark.listenerManager().register(new Listener());
      }
    }
    return new Pending();
  }

  /** Hands the counts a finished query carries to their readers. */
  private static final class Listener implements QueryExecutionListener {
    @Override
    public void onSuccess(String funcName, QueryExecution qe, long durationNs) {
      try {
        qe.observedMetrics().foreach(e -> {
          CompletableFuture<Map<String, Long>> slot =
              e._1().startsWith(PREFIX) ? RESULTS.get(e._1()) : null;
          if (slot != null) {
            slot.complete(values(e._2()));
          }
          return null;
        });
      } catch (Exception e) {
        // Not ours to fail (Spark's AnalysisException is a checked exception, hence Exception):
        // a query the listener cannot read has no counts of ours.
      }
    }

    @Override
    public void onFailure(String funcName, QueryExecution qe, Exception exception) {}
  }

  private static Map<String, Long> values(Row row) {
    Map<String, Long> out = new LinkedHashMap<>();
    String[] names = row.schema().fieldNames();
    for (int i = 0; i < names.length; i++) {
      out.put(names[i], row.isNullAt(i) ? 0L : ((Number) row.get(i)).longValue());
    }
    return out;
  }
}
