package brightstar.identity;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Countries as people type them ("DE", "de", "Germany", "UK") to ISO 3166 alpha-2 codes, from
 * the JDK's own ISO list and English names, so no table of names is kept here.
 */
public final class Countries {
  private static final Map<String, String> BY_NAME = new HashMap<>();
  private static final Set<String> CODES = new HashSet<>();

  static {
    for (String code : Locale.getISOCountries()) {
      CODES.add(code);
      BY_NAME.put(new Locale("", code).getDisplayCountry(Locale.ENGLISH)
          .toLowerCase(Locale.ROOT), code);
    }
    BY_NAME.put("uk", "GB");
    BY_NAME.put("great britain", "GB");
    BY_NAME.put("england", "GB");
    BY_NAME.put("usa", "US");
    BY_NAME.put("united states of america", "US");
    BY_NAME.put("holland", "NL");
    BY_NAME.put("the netherlands", "NL");
  }

  private Countries() {}

  /** The alpha-2 code, or null when the value is empty or no known country. */
  public static String code(String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    String s = raw.strip().toLowerCase(Locale.ROOT);
    String named = BY_NAME.get(s);
    if (named != null) {
      return named;
    }
    String upper = s.toUpperCase(Locale.ROOT);
    return s.length() == 2 && CODES.contains(upper) ? upper : null;
  }
}
