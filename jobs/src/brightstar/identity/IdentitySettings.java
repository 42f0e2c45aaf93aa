package brightstar.identity;

import brightstar.BrightstarException;
import brightstar.config.BrightstarConfig;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * The {@code brightstar.identity} section of the configuration, typed and checked once: the
 * rules and thresholds of identity resolution (docs/identity.md).
 *
 * @param personalEmailDomains webmail domains; their addresses never link to a company domain
 * @param legalForms legal forms removed from names (lower case, without dots)
 * @param departmentSuffixes department names cut from the end of a name after a dash
 * @param stopWords words dropped from names wherever they stand
 * @param autoMatch name similarity at or above which a record attaches on its own
 * @param ambiguityMargin how far the best customer must score above the runner-up
 * @param reviewFloor lowest score written to silver.customer_match_candidates
 * @param wordMatchScore the score of a one-word name equal to a company name's first word
 * @param countryMismatchPenalty subtracted when both sides name different countries
 * @param maxIterations rounds of label propagation allowed for connected components
 */
public record IdentitySettings(
    List<String> personalEmailDomains,
    List<String> legalForms,
    List<String> departmentSuffixes,
    List<String> stopWords,
    double autoMatch,
    double ambiguityMargin,
    double reviewFloor,
    double wordMatchScore,
    double countryMismatchPenalty,
    int maxIterations)
    implements Serializable {

  public static final String SECTION = "brightstar.identity";

  public IdentitySettings {
    personalEmailDomains = lower(personalEmailDomains);
    legalForms = lower(legalForms);
    departmentSuffixes = lower(departmentSuffixes);
    stopWords = lower(stopWords);
    check(autoMatch > 0 && autoMatch <= 1, "auto-match", autoMatch, "a similarity in (0, 1]");
    check(reviewFloor > 0 && reviewFloor <= autoMatch, "review-floor", reviewFloor,
        "a similarity in (0, auto-match]");
    check(ambiguityMargin >= 0 && ambiguityMargin < 1, "ambiguity-margin", ambiguityMargin,
        "a score difference in [0, 1)");
    check(wordMatchScore > 0 && wordMatchScore <= 1, "word-match-score", wordMatchScore,
        "a similarity in (0, 1]");
    check(countryMismatchPenalty >= 0 && countryMismatchPenalty < 1, "country-mismatch-penalty",
        countryMismatchPenalty, "a number in [0, 1)");
    check(maxIterations >= 2, "max-iterations", maxIterations, "a count >= 2");
  }

  /**
   * Reads {@code brightstar.identity}.
   *
   * @throws BrightstarException when a key is missing or out of range
   */
  public static IdentitySettings from(BrightstarConfig config) {
    try {
      Config c = config.raw().getConfig(SECTION);
      return new IdentitySettings(
          c.getStringList("personal-email-domains"),
          c.getStringList("legal-forms"),
          c.getStringList("department-suffixes"),
          c.getStringList("stop-words"),
          c.getDouble("auto-match"),
          c.getDouble("ambiguity-margin"),
          c.getDouble("review-floor"),
          c.getDouble("word-match-score"),
          c.getDouble("country-mismatch-penalty"),
          c.getInt("max-iterations"));
    } catch (ConfigException e) {
      throw new BrightstarException("invalid " + SECTION + " configuration", e.getMessage(),
          "see the " + SECTION + " section of conf/brightstar.conf", e);
    }
  }

  private static List<String> lower(List<String> words) {
    return words.stream().map(w -> w.trim().toLowerCase(Locale.ROOT)).toList();
  }

  private static void check(boolean ok, String key, Object value, String expected) {
    if (!ok) {
      throw new BrightstarException(
          "invalid " + SECTION + "." + key + ": " + value,
          "it must be " + expected,
          "fix " + SECTION + "." + key + " in your config file or --conf");
    }
  }
}
