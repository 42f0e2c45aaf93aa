package brightstar.generate;

/**
 * Business keys that do not leak the customer index: a keyed Feistel permutation turns the
 * injective pair (owner, ordinal) into a pseudo-random number, printed in base 36.
 *
 * <p>Because the permutation is a bijection and the packing {@code owner << 22 | ordinal} is
 * injective, keys never collide within an entity, with no global state: any pass can recompute
 * any key. Each entity (and the billing account) has its own key, so the same customer's keys in
 * two silos are unrelated.
 */
final class Ids {
  /** Owners (customers plus leads that never bought) must fit in 26 bits. */
  static final int MAX_OWNERS = 1 << 26;
  /** Rows of one entity for one owner must fit in 22 bits. */
  static final int MAX_ORDINAL = 1 << 22;
  private static final int BITS = 48;
  private static final int DIGITS = 10;
  private static final char[] BASE36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray();
  private static final String BILLING_ACCOUNT = "billing_account";

  private Ids() {}

  /** The business key of row {@code ordinal} of {@code entity} for one owner. */
  static String id(long seed, Entity entity, int owner, int ordinal) {
    long packed = ((long) owner << 22) | ordinal;
    return format(entity.idPrefix(), permute(key(seed, entity.name()), BITS, packed));
  }

  /** The finance silo's billing account number of one customer. */
  static String billingAccount(long seed, int customer) {
    return format("BA-", permute(key(seed, BILLING_ACCOUNT), BITS, customer));
  }

  static long key(long seed, String purpose) {
    return Rng.hash(seed, purpose.hashCode());
  }

  /**
   * A keyed permutation of [0, 2^bits) for an even {@code bits} up to 62: four Feistel rounds
   * over two halves of bits/2 each.
   */
  static long permute(long key, int bits, long value) {
    int half = bits / 2;
    long mask = (1L << half) - 1;
    long left = (value >>> half) & mask;
    long right = value & mask;
    for (int round = 0; round < 4; round++) {
      long f = Rng.hash(key, round, right) & mask;
      long next = left ^ f;
      left = right;
      right = next;
    }
    return (left << half) | right;
  }

  /**
   * A keyed permutation of [0, bound) by cycle walking: apply the power-of-two permutation until
   * the value falls below the bound. Bijective on [0, bound) because the walk follows cycles.
   */
  static long permuteBelow(long key, long bound, long value) {
    int bits = 2;
    while ((1L << bits) < bound) {
      bits += 2;
    }
    long v = permute(key, bits, value);
    while (v >= bound) {
      v = permute(key, bits, v);
    }
    return v;
  }

  private static String format(String prefix, long value) {
    char[] out = new char[prefix.length() + DIGITS];
    prefix.getChars(0, prefix.length(), out, 0);
    long v = value;
    for (int i = out.length - 1; i >= prefix.length(); i--) {
      out[i] = BASE36[(int) (v % 36)];
      v /= 36;
    }
    return new String(out);
  }
}
