package brightstar.ingest;

import java.io.Serializable;

/**
 * How an entity's files are read: CSV separator and quote, text encoding, and the date and
 * timestamp patterns ({@link java.time.format.DateTimeFormatter} letters; an empty pattern means
 * ISO-8601, {@code 2025-03-31} and {@code 2025-03-31T14:05:00}). Defaults follow
 * {@code docs/landing.md}.
 */
public record ReaderOptions(
    char delimiter, char quote, String encoding, String dateFormat, String timestampFormat)
    implements Serializable {
  public static final ReaderOptions LANDING_DEFAULTS = new ReaderOptions(',', '"', "UTF-8", "", "");

  /** The date pattern as people read it in messages. */
  public String dateFormatLabel() {
    return dateFormat.isEmpty() ? "yyyy-MM-dd" : dateFormat;
  }

  /** The timestamp pattern as people read it in messages. */
  public String timestampFormatLabel() {
    return timestampFormat.isEmpty() ? "yyyy-MM-dd'T'HH:mm:ss" : timestampFormat;
  }
}
