package brightstar.generate;

/**
 * Serialises a row as its entity's file format, damaging it first when a malformation is
 * planted. What the damage looks like is drawn from the row's own hash, so it is reproducible.
 */
final class Malformer {
  private Malformer() {}

  /**
   * The line (without terminator) to write for one row.
   *
   * @param kind null for a well-formed row; DUPLICATE_KEY also gives the well-formed line (the
   *     caller writes it twice)
   */
  static String line(Entity entity, Malformation kind, String[] fields, long rowHash) {
    if (kind == null || kind == Malformation.DUPLICATE_KEY) {
      return serialise(entity, fields);
    }
    Rng r = new Rng(rowHash);
    String[] f = fields.clone();
    switch (kind) {
      case BAD_DATE -> f[entity.eventIndex] = badDate(f[entity.eventIndex], r);
      case NON_NUMERIC -> f[entity.numericIndex] = nonNumeric(f[entity.numericIndex], r);
      case MISSING_KEY -> f[entity.keyIndexes[0]] = "";
      case UNKNOWN_ENUM -> f[entity.enumIndex] = entity.unknownEnum;
      case OUT_OF_RANGE -> f[entity.rangeIndex] = outOfRange(entity, f);
      case TRUNCATED_LINE -> {
        return truncated(entity, f, r);
      }
      default -> throw new IllegalStateException("Unhandled malformation " + kind);
    }
    return serialise(entity, f);
  }

  static String serialise(Entity entity, String[] fields) {
    return entity.format == Entity.Format.JSON
        ? Text.jsonLine(entity, fields) : Text.csvLine(fields, fields.length);
  }

  /** An ISO date or timestamp rewritten in a way no ISO parser accepts. */
  static String badDate(String iso, Rng r) {
    String year = iso.substring(0, 4);
    String month = iso.substring(5, 7);
    String day = iso.substring(8, 10);
    String time = iso.length() > 10 ? iso.substring(10) : "";
    return switch (r.nextInt(4)) {
      case 0 -> day + "/" + month + "/" + year + (time.isEmpty() ? "" : " " + time.substring(1, 6));
      case 1 -> year + "-13-" + day + time;
      case 2 -> year + "-02-30" + time;
      default -> month + "-" + day + "-" + year;
    };
  }

  private static String nonNumeric(String value, Rng r) {
    if (value.isEmpty()) {
      return "n/a";
    }
    return switch (r.nextInt(4)) {
      case 0 -> "n/a";
      case 1 -> "approx. " + value;
      case 2 -> value + " (est.)";
      default -> "TBD";
    };
  }

  /** NPS 14 or CSAT 9 for a score, otherwise the negated number (never -0). */
  private static String outOfRange(Entity entity, String[] f) {
    String column = entity.columns[entity.rangeIndex];
    String value = f[entity.rangeIndex];
    if (column.equals("score")) {
      return f[2].equals("csat") ? "9" : "14";
    }
    boolean zero = value.isEmpty() || value.replace("0", "").replace(".", "").isEmpty();
    if (zero) {
      return value.contains(".") ? "-1.00" : "-1";
    }
    return "-" + value;
  }

  /** CSV: the first 1..n-1 fields only. JSON: the object cut off part-way. */
  private static String truncated(Entity entity, String[] f, Rng r) {
    if (entity.format == Entity.Format.CSV) {
      return Text.csvLine(f, 1 + r.nextInt(f.length - 1));
    }
    String whole = Text.jsonLine(entity, f);
    int cut = whole.length() / 3 + r.nextInt(whole.length() / 2);
    return whole.substring(0, cut);
  }
}
