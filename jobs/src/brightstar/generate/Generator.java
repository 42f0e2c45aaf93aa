package brightstar.generate;

import brightstar.io.LocalFolders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Writes a synthetic landing zone as docs/landing.md specifies: four silos that share no keys,
 * a prospects extract, and the _truth/ folder. See docs/generator.md for the causal model, the
 * messiness and the malformed rows.
 *
 * <p>Streaming: no customer is kept in memory. Each customer's whole history is a pure function
 * of (seed, customer index), generated once and written row by row into per-(entity, day)
 * buffers that are appended to their files whenever they exceed a budget (an eighth of the
 * maximum heap, at least 16 and at most 256 million characters). Files hold rows in customer
 * order, so the bytes do not depend on the budget.
 *
 * <p>The output folder: created if missing. If it exists, only the generator's own
 * sub-folders (finance, sales, marketing, support, prospects, _truth) are deleted and
 * rewritten; anything else in it is left alone. A file at that path is an error.
 */
public final class Generator {
  static final List<String> OWN_FOLDERS =
      List.of("finance", "sales", "marketing", "support", "prospects", Truth.FOLDER);
  private static final int CUSTOMER_SPACE = 1;
  private static final int PROSPECT_SPACE = 2;

  private Generator() {}

  /**
   * Writes the landing zone.
   *
   * @param spec what to generate (validated when built)
   * @param progress receives one line per stage: stage, rows so far, elapsed seconds
   * @return counts of what was written
   * @throws IllegalArgumentException when {@code spec.out()} is a file
   * @throws IOException when a file cannot be written (the message names the path)
   */
  public static GenerateResult run(GeneratorSpec spec, Consumer<String> progress)
      throws IOException {
    return run(spec, progress, defaultBudget());
  }

  /** As {@link #run(GeneratorSpec, Consumer)} with an explicit buffer budget in characters. */
  static GenerateResult run(GeneratorSpec spec, Consumer<String> progress, long budgetChars)
      throws IOException {
    Plan plan = new Plan(spec);
    Path out = spec.out();
    prepare(out);
    long started = System.nanoTime();
    LandingSink sink;
    try (Truth truth = new Truth(out);
        LandingSink landing = new LandingSink(out, truth, plan, budgetChars)) {
      sink = landing;
      writeCustomers(plan, landing, truth, progress, started);
      writeLeadOnly(plan, landing);
      writeProspects(plan, landing, truth);
      progress.accept(String.format(Locale.ROOT,
          "generate: lead-only contacts and prospects: %,d rows, %.1f s", landing.totalRows(),
          seconds(started)));
    } catch (IOException e) {
      throw new IOException("Cannot write the landing zone under " + out + ": " + e.getMessage()
          + ". Check that the folder is writable and the disk has space, then run again.", e);
    }
    Map<String, Long> rows = new TreeMap<>();
    for (Entity entity : Entity.values()) {
      rows.put(entity.folder(), sink.rows(entity));
    }
    GenerateResult result = new GenerateResult(plan.customers, plan.prospects, rows,
        sink.malformedRows(), sink.files());
    progress.accept(String.format(Locale.ROOT,
        "generate: done: %,d customers, %,d prospects, %,d rows in %,d files (%,d malformed,"
            + " %d flushes), %.1f s", plan.customers, plan.prospects, result.totalRows(),
        result.files(), result.malformedRows(), sink.flushes(), seconds(started)));
    return result;
  }

  /** An eighth of the heap the JVM may use, within [16M, 256M] characters. */
  static long defaultBudget() {
    long eighth = Runtime.getRuntime().maxMemory() / 8;
    return Math.max(16L << 20, Math.min(256L << 20, eighth));
  }

  private static void writeCustomers(Plan plan, LandingSink sink, Truth truth,
      Consumer<String> progress, long started) throws IOException {
    int[] forcedCustomers = forcedCustomers(plan);
    int step = Math.max(1, plan.customers / 10);
    for (int i = 0; i < plan.customers; i++) {
      Profile p = CausalModel.customer(plan, i);
      Emitter out = new Emitter(plan, sink, i, plan.customerId(i),
          Rng.hash(plan.seed, CUSTOMER_SPACE, i), forcedFor(i, forcedCustomers));
      Life life = Life.live(plan, p, out);
      truth.customer(plan, p, life.company, life.outcome);
      sink.flushIfFull();
      if ((i + 1) % step == 0 || i + 1 == plan.customers) {
        progress.accept(String.format(Locale.ROOT, "generate: customers %,d/%,d: %,d rows, %.1f s",
            i + 1, plan.customers, sink.totalRows(), seconds(started)));
      }
    }
  }

  private static void writeLeadOnly(Plan plan, LandingSink sink) throws IOException {
    for (int j = 0; j < plan.leadOnly; j++) {
      int owner = plan.leadOnlyOwner(j);
      Emitter out = new Emitter(plan, sink, owner, "", Rng.hash(plan.seed, CUSTOMER_SPACE, owner),
          null);
      MarketingSilo.leadOnly(plan, j, out);
      sink.flushIfFull();
    }
  }

  private static void writeProspects(Plan plan, LandingSink sink, Truth truth)
      throws IOException {
    for (int j = 0; j < plan.prospects; j++) {
      Prospects.Prospect prospect = Prospects.prospect(plan, j);
      Emitter out = new Emitter(plan, sink, j, "", Rng.hash(plan.seed, PROSPECT_SPACE, j), null);
      Prospects.emit(plan, prospect, out);
      truth.prospect(Prospects.id(plan, j), prospect.archetype());
      sink.flushIfFull();
    }
  }

  /**
   * Where the forced malformation of a kind goes (the first row of that entity): entities of
   * which every customer has a first row on or before its acquisition day, so always written.
   */
  static Entity forcedEntity(Malformation kind) {
    return switch (kind) {
      case BAD_DATE, OUT_OF_RANGE -> Entity.ORDERS;
      case NON_NUMERIC, UNKNOWN_ENUM -> Entity.INVOICES;
      case MISSING_KEY -> Entity.LEADS;
      case TRUNCATED_LINE -> Entity.SUBSCRIPTIONS;
      case DUPLICATE_KEY -> Entity.ACCOUNTS;
    };
  }

  /** One customer per malformation kind, spread over the population. */
  private static int[] forcedCustomers(Plan plan) {
    Malformation[] kinds = Malformation.values();
    int[] customers = new int[kinds.length];
    for (int k = 0; k < kinds.length; k++) {
      customers[k] = (int) ((2L * k + 1) * plan.customers / (2L * kinds.length));
    }
    return customers;
  }

  private static Malformation[] forcedFor(int customer, int[] forcedCustomers) {
    Malformation[] forced = null;
    for (int k = 0; k < forcedCustomers.length; k++) {
      if (forcedCustomers[k] == customer) {
        if (forced == null) {
          forced = new Malformation[Entity.values().length];
        }
        int entity = forcedEntity(Malformation.values()[k]).ordinal();
        if (forced[entity] == null) {
          forced[entity] = Malformation.values()[k];
        }
      }
    }
    return forced;
  }

  /** Creates the folder, or clears the generator's own sub-folders in an existing one. */
  static void prepare(Path out) throws IOException {
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new IllegalArgumentException("Cannot write the landing zone to " + out + ": it is a"
          + " file, not a folder. Pass --out with a folder path (it is created if missing).");
    }
    Files.createDirectories(out);
    for (String own : OWN_FOLDERS) {
      LocalFolders.delete(out.resolve(own));
    }
  }

  private static double seconds(long started) {
    return (System.nanoTime() - started) / 1e9;
  }
}
