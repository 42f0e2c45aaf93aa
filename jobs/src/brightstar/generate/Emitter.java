package brightstar.generate;

import java.io.IOException;

/**
 * One owner's view of the output: numbers its rows per entity (the ordinal feeds keys and
 * per-row randomness, whether or not the row is written in this pass), says which days the
 * current pass takes, and decides which rows are planted malformed.
 *
 * <p>Every decision is a hash of (seed, owner, entity, ordinal), so the same row comes out the
 * same in whichever pass writes it.
 */
final class Emitter {
  private final Plan plan;
  private final RowSink sink;
  private final int owner;
  private final String customerId;
  private final long ownerSeed;
  private final Malformation[] forced;
  private final int[] ordinals = new int[Entity.values().length];

  /**
   * @param customerId the truth's id, or "" for rows of no customer
   * @param forced per entity (by ordinal), the kind to plant in that entity's first row, or null
   */
  Emitter(Plan plan, RowSink sink, int owner, String customerId, long ownerSeed,
      Malformation[] forced) {
    this.plan = plan;
    this.sink = sink;
    this.owner = owner;
    this.customerId = customerId;
    this.ownerSeed = ownerSeed;
    this.forced = forced;
  }

  boolean accepts(int day) {
    return plan.inWindow(day) && sink.accepts(day);
  }

  /** The ordinal of this owner's next row of {@code entity}. */
  int next(Entity entity) {
    return ordinals[entity.ordinal()]++;
  }

  String id(Entity entity, int ordinal) {
    return Ids.id(plan.seed, entity, owner, ordinal);
  }

  /** Randomness for how row {@code ordinal} is spelled; never changes what happened. */
  Rng rowRng(Entity entity, int ordinal) {
    return new Rng(Rng.hash(ownerSeed, entity.ordinal() + 1, ordinal));
  }

  void emit(Entity entity, int day, int ordinal, String... fields) throws IOException {
    long h = Rng.hash(ownerSeed, 1000 + entity.ordinal(), ordinal);
    Malformation kind = forced != null && ordinal == 0 ? forced[entity.ordinal()] : null;
    if (kind == null && Rng.unit(h) < Plan.MALFORMED_RATE) {
      kind = entity.kinds[(int) ((Rng.mix(h) >>> 1) % entity.kinds.length)];
    }
    sink.write(entity, day, customerId, entity.recordId(fields), kind, h, fields);
  }
}
