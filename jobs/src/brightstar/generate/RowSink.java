package brightstar.generate;

import java.io.IOException;

/** Where generated rows go; keeps the silos free of files, buffers and truth bookkeeping. */
interface RowSink {
  /** Whether rows dated {@code day} are written. */
  boolean accepts(int day);

  /**
   * Writes one row (and records it in the truth).
   *
   * @param kind the malformation to plant, or null for a well-formed row
   * @param rowHash per-row randomness for how the malformation looks
   * @param fields the well-formed values, in the entity's column order
   */
  void write(Entity entity, int day, String customerId, String recordId, Malformation kind,
      long rowHash, String[] fields) throws IOException;
}
