package brightstar.generate;

import java.util.Locale;

/**
 * The kinds of row the generator plants malformed on purpose, as named in
 * {@code _truth/malformed.csv}. See docs/generator.md for what each one looks like.
 */
enum Malformation {
  /** The event date (or timestamp) is not an ISO date: 31/03/2025, 2025-02-30, month 13. */
  BAD_DATE,
  /** A numeric column holds text: "n/a", "120.00 EUR", "approx. 40". */
  NON_NUMERIC,
  /** The business key is empty (CSV) or null (JSON). */
  MISSING_KEY,
  /** The line ends early: CSV with fewer fields than the header, JSON cut mid-object. */
  TRUNCATED_LINE,
  /** An enum column holds a value outside the contract: JPY, cheque, platinum, podcast. */
  UNKNOWN_ENUM,
  /** A number outside its range: negative quantity, amount or seats; NPS 14; CSAT 9. */
  OUT_OF_RANGE,
  /** The whole line appears twice in the same file; the second copy is the listed one. */
  DUPLICATE_KEY;

  /** The name used in _truth/malformed.csv, e.g. {@code bad_date}. */
  String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
