package brightstar.generate;

/**
 * Company and person names. Company names are a bijection of the company index (through a keyed
 * permutation), so every customer, prospect and lead-only company has a distinct legal name and
 * domain without any global registry, and neither leaks the index.
 *
 * <p>A name is a word plus a noun ("Bluepeak Analytics"). Words are English compounds (prefix +
 * root) while the population is small enough, and three-syllable coinages ("Tazomi") beyond
 * that. Domains are unique because no noun ends with another noun (a test checks it): if two
 * names gave one domain, one word would be a prefix of the other and the longer noun would end
 * with the shorter one.
 */
final class Names {
  static final String[] PREFIXES = {
    "Blue", "Bright", "North", "South", "East", "West", "Iron", "Silver", "Golden", "Oak", "Pine",
    "Cedar", "Maple", "Red", "Green", "Clear", "Swift", "Stone", "River", "Lake", "Sun", "Moon",
    "Star", "Cloud", "Sky", "Ever", "High", "Deep", "True", "Prime", "Nova", "Terra", "Aqua",
    "Fire", "Frost", "Snow", "Storm", "Thunder", "Bold", "Quick", "Smart", "Wise", "Open", "Free",
    "Pure", "Core", "Peak", "Vista", "Metro", "Urban", "Harbor", "Bay", "Ridge", "Valley",
    "Forest", "Meadow", "Falcon", "Eagle", "Fox", "Wolf", "Bear", "Lion", "Orbit", "Pixel"
  };
  static final String[] ROOTS = {
    "field", "stone", "bridge", "wave", "line", "gate", "wood", "point", "path", "port", "view",
    "light", "spring", "brook", "crest", "dale", "ford", "hill", "mark", "mont", "shore", "side",
    "vale", "wind", "wing", "bit", "byte", "data", "logic", "mind", "sense", "sight", "scale",
    "shift", "spark", "sphere", "stack", "stream", "sync", "tide", "trail", "tree", "vault",
    "verse", "well", "yard", "haven", "hub", "lab", "loop", "nest", "forge", "grid", "key",
    "leaf", "link", "mill", "rock", "root", "star", "sail", "works", "cast", "frame"
  };
  static final String[] NOUNS = {
    "Analytics", "Systems", "Logistics", "Labs", "Foods", "Health", "Partners", "Solutions",
    "Dynamics", "Software", "Networks", "Energy", "Capital", "Media", "Robotics", "Consulting",
    "Industries", "Technologies", "Holdings", "Group", "Ventures", "Studios", "Pharma", "Motors",
    "Materials", "Retail", "Designs", "Interactive", "Digital", "Security", "Learning", "Finance",
    "Insights", "Devices", "Engineering", "Freight", "Kitchens", "Clinics", "Builders",
    "Outfitters", "Brands", "Data", "Cloud", "Apparel", "Supply", "Textiles", "Hotels", "Travel",
    "Games", "Biosciences"
  };
  private static final String CONSONANTS = "bcdfghjklmnprstvz";
  private static final String VOWELS = "aeiou";
  private static final int SYLLABLES = CONSONANTS.length() * VOWELS.length();
  static final long COMPOUND_WORDS = (long) PREFIXES.length * ROOTS.length;
  static final long COMPOUND_SPACE = COMPOUND_WORDS * NOUNS.length;
  static final long NAME_SPACE =
      (COMPOUND_WORDS + (long) SYLLABLES * SYLLABLES * SYLLABLES) * NOUNS.length;

  static final String[] FIRST_NAMES = {
    "Anna", "James", "Maria", "David", "Sofia", "Lukas", "Emma", "Noah", "Olivia", "Liam", "Mia",
    "Jürgen", "Zoë", "Søren", "François", "José", "Chloé", "Mateo", "Hannah", "Oliver",
    "Charlotte", "Elias", "Ava", "Ben", "Lena", "Tom", "Sarah", "Daniel", "Laura", "Felix",
    "Julia", "Max", "Emily", "Jack", "Grace", "Leo", "Isabel", "Hugo", "Nina", "Paul", "Clara",
    "Erik", "Ingrid", "Lars", "Freya", "Marco", "Giulia", "Pablo", "Lucía", "Raj", "Priya", "Wei",
    "Mei", "Kenji", "Yuki", "Omar", "Fatima", "Ahmed", "Aisha", "Connor", "Siobhan", "Niamh",
    "Sean", "Ethan", "Chloe", "Lucas", "Amelia", "Henry", "Ella", "Samuel", "Ruby", "Jonas", "Lea",
    "Finn", "Maja", "Oscar", "Alice", "Victor", "Camille", "Louis"
  };
  static final String[] LAST_NAMES = {
    "Smith", "Johnson", "Müller", "Schmidt", "Garcia", "Martin", "Dubois", "de Vries", "Jansen",
    "Andersson", "Johansson", "O'Brien", "Murphy", "Brown", "Wilson", "Taylor", "Clark", "Lewis",
    "Walker", "Hall", "Young", "King", "Wright", "Scott", "Green", "Baker", "Adams", "Nelson",
    "Hill", "Campbell", "Mitchell", "Roberts", "Carter", "Phillips", "Evans", "Turner", "Torres",
    "Parker", "Collins", "Edwards", "Stewart", "Morris", "Rogers", "Reed", "Cook", "Morgan",
    "Bell", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Bernard",
    "Dupont", "Lefèvre", "Moreau", "Fernández", "López", "Martínez", "Sánchez", "Pérez", "Bakker",
    "Visser", "Smit", "Nilsson", "Larsson", "Eriksson", "Kelly", "Byrne", "Ryan", "Walsh",
    "Patel", "Singh", "Chen", "Wang", "Tanaka", "Sato", "Kim", "Nguyen", "Rossi", "Russo",
    "Bianchi", "Novak", "Kowalski", "Nowak", "Hansen", "Olsen", "Ødegaard"
  };
  static final String[] JOB_TITLES = {
    "CTO", "Head of Operations", "IT Manager", "Finance Director", "Operations Lead",
    "Product Manager", "VP Sales", "Office Manager", "Data Analyst", "CEO", "Head of IT",
    "Procurement Manager", "Team Lead", "Marketing Manager", ""
  };
  static final String[] REPS = {
    "Jamie Ortiz", "Priya Nair", "Tom Becker", "Sara Lindqvist", "Marcus Hale", "Ines Moreau",
    "Kofi Mensah", "Laura Chen", "Daniel Roth", "Aoife Byrne", "Ravi Kumar", "Elena Petrova",
    "Chris Adams", "Nora Jensen", "Miguel Santos", "Hannah Weiss"
  };
  private static final String[] PERSONAL_DOMAINS = {
    "gmail.com", "gmail.com", "gmail.com", "outlook.com", "yahoo.com", "hotmail.com", "gmx.de"
  };

  private static final String[] FIRST_ASCII = ascii(FIRST_NAMES);
  private static final String[] LAST_ASCII = ascii(LAST_NAMES);

  private Names() {}

  private static String[] ascii(String[] names) {
    String[] out = new String[names.length];
    for (int i = 0; i < names.length; i++) {
      out[i] = Text.asciiLetters(names[i]);
    }
    return out;
  }

  /**
   * The name of company {@code companyIndex} out of {@code totalCompanies}: compound words only
   * while they can hold four times the population, so small demos read naturally.
   */
  static Company company(long seed, long totalCompanies, int companyIndex, Firmographics f,
      Rng r) {
    long space = totalCompanies * 2 <= COMPOUND_SPACE ? COMPOUND_SPACE : NAME_SPACE;
    long n = Ids.permuteBelow(Ids.key(seed, "company_name"), space, companyIndex);
    String noun = NOUNS[(int) (n % NOUNS.length)];
    String word = word(n / NOUNS.length);
    String[] suffixes = Firmographics.LEGAL_SUFFIXES[f.country()];
    String suffix = suffixes[r.nextInt(suffixes.length)];
    double tldDraw = r.nextDouble();
    String tld = tldDraw < 0.15 ? ".com" : tldDraw < 0.25 ? ".io" : Firmographics.TLDS[f.country()];
    return new Company(word, noun, suffix, tld, f.country());
  }

  /** Word {@code w}: compounds first, then CV-CV-CV coinages (uniquely decodable). */
  static String word(long w) {
    if (w < COMPOUND_WORDS) {
      return PREFIXES[(int) (w % PREFIXES.length)] + ROOTS[(int) (w / PREFIXES.length)];
    }
    long s = w - COMPOUND_WORDS;
    StringBuilder sb = new StringBuilder(6);
    for (int i = 0; i < 3; i++) {
      int syllable = (int) (s % SYLLABLES);
      s /= SYLLABLES;
      sb.append(CONSONANTS.charAt(syllable / VOWELS.length()))
          .append(VOWELS.charAt(syllable % VOWELS.length()));
    }
    sb.setCharAt(0, Character.toUpperCase(sb.charAt(0)));
    return sb.toString();
  }

  /** A person at a company; their company address follows the company's e-mail style. */
  static Person person(Company company, int emailStyle, Rng r) {
    int firstIndex = r.nextInt(FIRST_NAMES.length);
    int lastIndex = r.nextInt(LAST_NAMES.length);
    String first = FIRST_NAMES[firstIndex];
    String last = LAST_NAMES[lastIndex];
    String title = r.pick(JOB_TITLES);
    String f = FIRST_ASCII[firstIndex];
    String l = LAST_ASCII[lastIndex];
    String local = switch (emailStyle) {
      case 0 -> f + "." + l;
      case 1 -> f.charAt(0) + l;
      case 2 -> f;
      case 3 -> f + "_" + l;
      default -> f + l.charAt(0);
    };
    String personal = f + "." + l + r.between(1, 99) + "@" + r.pick(PERSONAL_DOMAINS);
    return new Person(first, last, title, local + "@" + company.domain(), personal);
  }

  /**
   * A company's names.
   *
   * @param word distinctive word, e.g. Bluepeak
   * @param noun generic noun, e.g. Analytics
   * @param suffix legal form of the company's country, e.g. GmbH
   * @param tld top-level domain including the dot
   * @param country index into {@link Firmographics#COUNTRIES}
   */
  record Company(String word, String noun, String suffix, String tld, int country) {
    String shortName() {
      return word + " " + noun;
    }

    /** The canonical name (the truth): short name plus legal form. */
    String legalName() {
      return shortName() + " " + suffix;
    }

    String domain() {
      return Text.lower(word + noun) + tld;
    }
  }

  /**
   * One person at a customer.
   *
   * @param companyEmail work address at the company's domain
   * @param personalEmail a private webmail address the person sometimes uses instead
   */
  record Person(String first, String last, String title, String companyEmail,
      String personalEmail) {}
}
