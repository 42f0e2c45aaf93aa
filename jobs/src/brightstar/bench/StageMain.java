package brightstar.bench;

import brightstar.cli.Main;
import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * One benchmarked stage in its own JVM, as a scheduler runs it: {@code StageMain METRICS
 * <brightstar command and flags>} runs the command through {@link Main#execute}, then writes
 * to METRICS one line {@code exit=0 peak_heap_bytes=... cpu_seconds=... gc_seconds=...} and
 * exits with the command's code.
 *
 * <p>The peak heap is the largest heap in use just before any collection (the moment the heap
 * is fullest) or at the end: what the stage needed, not what the JVM reserved.
 */
public final class StageMain {
  private StageMain() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: StageMain METRICS_FILE COMMAND [FLAGS...]");
      System.exit(2);
    }
    AtomicLong peak = new AtomicLong();
    watchCollections(peak);
    int exit = Main.execute(Arrays.copyOfRange(args, 1, args.length));
    peak.accumulateAndGet(heapUsed(), Math::max);
    long gcMillis = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      gcMillis += Math.max(0, gc.getCollectionTime());
    }
    long cpuNanos = ClvBenchmark.processCpuNanos();
    Files.writeString(Path.of(args[0]), String.format(Locale.ROOT,
        "exit=%d peak_heap_bytes=%d cpu_seconds=%.3f gc_seconds=%.3f%n",
        exit, peak.get(), cpuNanos / 1e9, gcMillis / 1e3), StandardCharsets.UTF_8);
    System.exit(exit);
  }

  private static long heapUsed() {
    long used = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        used += pool.getUsage().getUsed();
      }
    }
    return used;
  }

  /** Keeps in {@code peak} the heap in use before each collection. */
  private static void watchCollections(AtomicLong peak) {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener((notification, handback) -> {
          if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION
              .equals(notification.getType())) {
            return;
          }
          GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo
              .from((CompositeData) notification.getUserData());
          long before = 0;
          for (var e : info.getGcInfo().getMemoryUsageBeforeGc().entrySet()) {
            if (isHeap(e.getKey())) {
              MemoryUsage u = e.getValue();
              before += u.getUsed();
            }
          }
          peak.accumulateAndGet(before, Math::max);
        }, null, null);
      }
    }
  }

  private static boolean isHeap(String pool) {
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getName().equals(pool)) {
        return p.getType() == MemoryType.HEAP;
      }
    }
    return false;
  }
}
