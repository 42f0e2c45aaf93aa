package brightstar.identity;

import java.io.Serializable;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Company names, domains and e-mail addresses as identity resolution compares them. Plain Java
 * (Spark calls it through UDFs), configured by {@link IdentitySettings}.
 *
 * <p>A normalised name is lower case ASCII words separated by one space, without accents,
 * punctuation, legal forms at the end, stop words or a department after a dash:
 * {@code "The Bluepeak Analytics, GmbH - Accounts Payable"} becomes {@code "bluepeak
 * analytics"}; "&" becomes "and". Its compact form drops the spaces ({@code
 * "bluepeakanalytics"}), which is what a domain's first label usually spells.
 */
public final class NameNormalizer implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  /** "A/S", "S/A": a legal form written with a slash between single letters. */
  private static final Pattern SLASHED = Pattern.compile("\\b([a-z])/([a-z])\\b");
  private static final Pattern NON_WORD = Pattern.compile("[^a-z0-9]+");
  private static final Pattern DOMAIN =
      Pattern.compile("^(?:[a-z]+://)?(?:www\\.)?((?:[a-z0-9-]+\\.)+[a-z]{2,})/?$");

  private final Set<String> legalForms;
  private final Set<String> stopWords;
  private final Set<String> personalDomains;
  private final Pattern department;
  private final double wordMatchScore;
  private final double countryMismatchPenalty;

  public NameNormalizer(IdentitySettings s) {
    this.legalForms = new HashSet<>(s.legalForms());
    this.stopWords = new HashSet<>(s.stopWords());
    this.personalDomains = new HashSet<>(s.personalEmailDomains());
    List<String> quoted = new ArrayList<>();
    for (String d : s.departmentSuffixes()) {
      quoted.add(Pattern.quote(d));
    }
    this.department =
        Pattern.compile("\\s[-\u2013\u2014]+\\s*(?:" + String.join("|", quoted) + ")\\s*$");
    this.wordMatchScore = s.wordMatchScore();
    this.countryMismatchPenalty = s.countryMismatchPenalty();
  }

  /** The normalised name, or null when nothing is left (empty, only a legal form...). */
  public String name(String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    String s = ascii(raw.strip()).toLowerCase(Locale.ROOT);
    s = department.matcher(s).replaceFirst("");
    s = SLASHED.matcher(s.replace("&", " and ").replace(".", "")).replaceAll("$1$2");
    List<String> words = new ArrayList<>();
    for (String w : NON_WORD.split(s)) {
      if (!w.isEmpty() && !stopWords.contains(w)) {
        words.add(w);
      }
    }
    // Legal forms only at the end ("GmbH & Co. KG"), so a name like "AS Bikes" keeps its word.
    while (words.size() > 1 && (legalForms.contains(words.get(words.size() - 1))
        || words.get(words.size() - 1).equals("and"))) {
      words.remove(words.size() - 1);
    }
    if (words.isEmpty() || (words.size() == 1 && legalForms.contains(words.get(0)))) {
      return null;
    }
    return String.join(" ", words);
  }

  /** "https://www.Acme.com/" -> "acme.com"; null when it is not a domain. */
  public static String domain(String raw) {
    if (raw == null) {
      return null;
    }
    String d = raw.strip().toLowerCase(Locale.ROOT);
    var m = DOMAIN.matcher(d);
    return m.matches() ? m.group(1) : null;
  }

  /** A value typed in a company field that is a web domain ("bluepeak.de"), else null. */
  public static String typedDomain(String raw) {
    return raw == null || raw.strip().contains(" ") ? null : domain(raw);
  }

  /** "Anna.Schmidt@Bluepeak.DE " -> "anna.schmidt@bluepeak.de"; null when not an address. */
  public static String email(String raw) {
    if (raw == null) {
      return null;
    }
    String e = raw.strip().toLowerCase(Locale.ROOT);
    int at = e.indexOf('@');
    return at > 0 && at == e.lastIndexOf('@') && domain(e.substring(at + 1)) != null ? e : null;
  }

  /** The company domain of an address, or null for webmail and non-addresses. */
  public String companyDomainOfEmail(String raw) {
    String e = email(raw);
    if (e == null) {
      return null;
    }
    String d = e.substring(e.indexOf('@') + 1);
    return personalDomains.contains(d) ? null : d;
  }

  /** True for an address at a webmail provider. */
  public boolean isPersonalEmail(String raw) {
    String e = email(raw);
    return e != null && personalDomains.contains(e.substring(e.indexOf('@') + 1));
  }

  /** The name a domain spells: its first label ("bluepeakanalytics.co.uk" -> that word). */
  public static String domainStem(String domain) {
    if (domain == null) {
      return null;
    }
    String d = domain.startsWith("www.") ? domain.substring(4) : domain;
    int dot = d.indexOf('.');
    String stem = dot < 0 ? d : d.substring(0, dot);
    stem = NON_WORD.matcher(stem).replaceAll("");
    return stem.isEmpty() ? null : stem;
  }

  /**
   * Blocking keys of a normalised name: its compact form and every form of it with one letter
   * deleted ({@code c:}), so two names one slip apart (a letter swapped, dropped or doubled)
   * share a key; and the first word ({@code w:}), so a name typed as one word meets the
   * companies whose name starts with it. A company name ({@code company}) always gives its
   * first word; a typed name gives it only when it is one word, since only then can the
   * {@code name_word} rule apply.
   *
   * <p>A block therefore holds names that nearly agree as a whole, and its size does not grow
   * with the population. Keys on the first word's deletions did: the generator draws first
   * words from a fixed vocabulary, and at 10^6 customers they left 184 million pairs.
   */
  public String[] blockingKeys(String normalised, boolean company) {
    if (normalised == null) {
      return new String[0];
    }
    int space = normalised.indexOf(' ');
    String compact = normalised.replace(" ", "");
    Set<String> keys = new java.util.LinkedHashSet<>();
    keys.add("c:" + compact);
    for (int i = 0; i < compact.length() && compact.length() > 3; i++) {
      keys.add("c:" + compact.substring(0, i) + compact.substring(i + 1));
    }
    if (company || space < 0) {
      keys.add("w:" + (space < 0 ? normalised : normalised.substring(0, space)));
    }
    return keys.toArray(String[]::new);
  }

  /** A similarity between two normalised names and the rule that gave it. */
  public record Score(double score, String rule) implements Serializable {}

  /**
   * How alike a typed name is to a company's name, both normalised: 1 when their compact forms
   * are equal; {@code word-match-score} when the typed name is one word equal to the company's
   * first word; else the Levenshtein similarity of the compact forms (1 - distance / longer
   * length). Countries, when both are given and differ, cost the configured penalty.
   */
  public Score similarity(String typed, String company, String typedCountry,
      String companyCountry) {
    if (typed == null || company == null) {
      return new Score(0, "none");
    }
    String a = typed.replace(" ", "");
    String b = company.replace(" ", "");
    Score s;
    if (a.equals(b)) {
      s = new Score(1.0, "name_exact");
    } else if (typed.indexOf(' ') < 0 && company.startsWith(typed + " ")) {
      s = new Score(wordMatchScore, "name_word");
    } else {
      int distance = LevenshteinDistance.getDefaultInstance().apply(a, b);
      s = new Score(1.0 - (double) distance / Math.max(a.length(), b.length()), "name_fuzzy");
    }
    if (typedCountry != null && companyCountry != null && !typedCountry.equals(companyCountry)) {
      s = new Score(Math.max(0, s.score() - countryMismatchPenalty), s.rule());
    }
    return s;
  }

  private static String ascii(String s) {
    String folded =
        s.replace("ß", "ss").replace("ø", "o").replace("Ø", "O").replace("æ", "ae")
            .replace("Æ", "AE").replace("ł", "l").replace("Ł", "L").replace("œ", "oe");
    return MARKS.matcher(Normalizer.normalize(folded, Normalizer.Form.NFKD)).replaceAll("");
  }
}
