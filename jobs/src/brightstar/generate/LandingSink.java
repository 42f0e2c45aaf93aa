package brightstar.generate;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes the landing files with bounded memory: rows are buffered per (entity, day) and, once
 * the buffers hold more than a budget of characters, every buffer is appended to its file and
 * emptied. A file's content is therefore its rows in the order they were written, whatever the
 * budget, so output bytes do not depend on the heap size.
 *
 * <p>Physical line numbers are counted as rows arrive (header = line 1 for CSV), so every
 * written line can be recorded in the truth, and planted malformations listed with their file
 * and line, before anything is flushed.
 */
final class LandingSink implements RowSink, Closeable {
  private final Path root;
  private final Truth truth;
  private final Plan plan;
  private final long budgetChars;
  private final int days;
  private final StringBuilder[] buffers;
  private final long[] lines;
  private final boolean[] created;
  private final long[] rows = new long[Entity.values().length];
  private long buffered;
  private long malformedRows;
  private long files;
  private int flushes;

  /**
   * @param budgetChars characters buffered before a flush; only speed and memory depend on it
   */
  LandingSink(Path root, Truth truth, Plan plan, long budgetChars) {
    this.root = root;
    this.truth = truth;
    this.plan = plan;
    this.budgetChars = budgetChars;
    this.days = plan.windowDays();
    int slots = Entity.values().length * days;
    this.buffers = new StringBuilder[slots];
    this.lines = new long[slots];
    this.created = new boolean[slots];
  }

  @Override
  public boolean accepts(int day) {
    return plan.inWindow(day);
  }

  @Override
  public void write(Entity entity, int day, String customerId, String recordId,
      Malformation kind, long rowHash, String[] fields) throws IOException {
    if (!accepts(day)) {
      throw new IllegalStateException("Row of " + entity.folder() + " dated " + Days.iso(day)
          + " is outside the window; emitters must check accepts() first");
    }
    int slot = entity.ordinal() * days + (day - plan.startDay);
    String line = Malformer.line(entity, kind, fields, rowHash);
    append(entity, slot, line);
    truth.record(entity, recordId, customerId);
    if (kind == Malformation.DUPLICATE_KEY) {
      append(entity, slot, line);
      truth.record(entity, recordId, customerId);
    }
    if (kind != null) {
      truth.malformed(entity, relativePath(entity, day), lines[slot], kind);
      malformedRows++;
    }
  }

  private void append(Entity entity, int slot, String line) {
    StringBuilder sb = buffers[slot];
    if (sb == null) {
      sb = new StringBuilder(256);
      buffers[slot] = sb;
      if (lines[slot] == 0 && entity.format == Entity.Format.CSV) {
        sb.append(entity.csvHeader).append('\n');
        lines[slot] = 1;
        buffered += sb.length();
      }
    }
    sb.append(line).append('\n');
    lines[slot]++;
    rows[entity.ordinal()]++;
    buffered += line.length() + 1;
  }

  /** Flushes when the buffers exceed the budget; call between owners. */
  void flushIfFull() throws IOException {
    if (buffered > budgetChars) {
      flush();
    }
  }

  /** Appends every buffer to its file (creating it on first use) and drops the buffers. */
  void flush() throws IOException {
    Entity[] entities = Entity.values();
    for (int slot = 0; slot < buffers.length; slot++) {
      StringBuilder sb = buffers[slot];
      if (sb == null) {
        continue;
      }
      Entity entity = entities[slot / days];
      Path path = root.resolve(relativePath(entity, plan.startDay + slot % days));
      if (!created[slot]) {
        Files.createDirectories(path.getParent());
        files++;
      }
      StandardOpenOption mode = created[slot]
          ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
      try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE,
          StandardOpenOption.WRITE, mode)) {
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
      }
      created[slot] = true;
      buffers[slot] = null;
    }
    buffered = 0;
    flushes++;
  }

  private static String relativePath(Entity entity, int day) {
    return entity.folder() + "/" + Days.iso(day) + "/" + entity.fileName();
  }

  long rows(Entity entity) {
    return rows[entity.ordinal()];
  }

  long totalRows() {
    long total = 0;
    for (long r : rows) {
      total += r;
    }
    return total;
  }

  long malformedRows() {
    return malformedRows;
  }

  long files() {
    return files;
  }

  int flushes() {
    return flushes;
  }

  @Override
  public void close() throws IOException {
    flush();
  }
}
