package brightstar.generate;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Locale-free text formatting for the landing files: money, timestamps, CSV and JSON lines.
 * Nothing here consults the default locale or time zone.
 */
final class Text {
  private Text() {}

  /** Cents as a decimal with two places, e.g. 123456 -> "1234.56". */
  static String money(long cents) {
    long abs = Math.abs(cents);
    long units = abs / 100;
    int rest = (int) (abs % 100);
    StringBuilder sb = new StringBuilder(16);
    if (cents < 0) {
      sb.append('-');
    }
    sb.append(units).append('.');
    if (rest < 10) {
      sb.append('0');
    }
    return sb.append(rest).toString();
  }

  /** An ISO timestamp without zone, e.g. 2025-03-31T14:05:00. */
  static String timestamp(String isoDay, int secondOfDay) {
    int h = secondOfDay / 3600;
    int m = (secondOfDay / 60) % 60;
    int s = secondOfDay % 60;
    StringBuilder sb = new StringBuilder(19).append(isoDay).append('T');
    two(sb, h).append(':');
    two(sb, m).append(':');
    return two(sb, s).toString();
  }

  private static StringBuilder two(StringBuilder sb, int v) {
    if (v < 10) {
      sb.append('0');
    }
    return sb.append(v);
  }

  /** Zero-padded decimal, e.g. pad(42, 7) -> "0000042". */
  static String pad(long value, int width) {
    String digits = Long.toString(value);
    if (digits.length() >= width) {
      return digits;
    }
    return "0".repeat(width - digits.length()) + digits;
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  static String upper(String s) {
    return s.toUpperCase(Locale.ROOT);
  }

  /** Lower-case ASCII letters only, for e-mail local parts and domains ("Jürgen" -> "juergen"). */
  static String asciiLetters(String s) {
    String folded = s.replace("ü", "ue").replace("ö", "oe").replace("ä", "ae")
        .replace("ß", "ss").replace("ø", "o").replace("Ø", "O").replace("æ", "ae");
    folded = Normalizer.normalize(folded, Normalizer.Form.NFD);
    StringBuilder sb = new StringBuilder(folded.length());
    for (int i = 0; i < folded.length(); i++) {
      char c = Character.toLowerCase(folded.charAt(i));
      if (c >= 'a' && c <= 'z') {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** One CSV line (no terminator) of the first {@code count} fields, RFC 4180 quoting. */
  static String csvLine(String[] fields, int count) {
    StringBuilder sb = new StringBuilder(128);
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        sb.append(',');
      }
      appendCsvField(sb, fields[i]);
    }
    return sb.toString();
  }

  private static void appendCsvField(StringBuilder sb, String value) {
    // indexOf is an intrinsic: far cheaper than a charAt loop on the hot path.
    boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0
        || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0;
    if (!quote) {
      sb.append(value);
      return;
    }
    sb.append('"');
    if (value.indexOf('"') < 0) {
      sb.append(value);
    } else {
      sb.append(value.replace("\"", "\"\""));
    }
    sb.append('"');
  }

  /**
   * One JSON object on one line with the entity's columns in order. Empty values are null;
   * numeric columns are bare numbers when the value parses, otherwise strings (a planted
   * non-numeric value stays visible as text).
   */
  static String jsonLine(Entity entity, String[] fields) {
    StringBuilder sb = new StringBuilder(192).append('{');
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append('"').append(entity.columns[i]).append("\":");
      String v = fields[i];
      if (v.isEmpty()) {
        sb.append("null");
      } else if (entity.jsonNumeric[i] && isInteger(v)) {
        sb.append(v);
      } else {
        appendJsonString(sb, v);
      }
    }
    return sb.append('}').toString();
  }

  private static boolean needsJsonEscape(String v) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\') {
        return true;
      }
    }
    return false;
  }

  private static boolean isInteger(String v) {
    int start = v.charAt(0) == '-' ? 1 : 0;
    if (start == v.length()) {
      return false;
    }
    for (int i = start; i < v.length(); i++) {
      if (v.charAt(i) < '0' || v.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static void appendJsonString(StringBuilder sb, String v) {
    sb.append('"');
    if (!needsJsonEscape(v)) {
      sb.append(v).append('"');
      return;
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
