package brightstar.generate;

/**
 * The firmographic vocabularies (industries, countries and what hangs off a country) and one
 * company's drawn firmographics.
 *
 * @param industry index into {@link #INDUSTRIES}
 * @param country index into {@link #COUNTRIES}
 * @param employees head count, at least 2
 * @param foundedYear year of founding, never after the window's last year
 */
record Firmographics(int industry, int country, int employees, int foundedYear) {
  /** Canonical industry codes (the truth); the CRM types them as in {@link #INDUSTRY_TYPED}. */
  static final String[] INDUSTRIES = {
    "software", "financial_services", "healthcare", "manufacturing", "retail", "logistics",
    "education", "media", "hospitality", "construction"
  };

  /** How CRM users type each industry: the first spelling is the most common. */
  static final String[][] INDUSTRY_TYPED = {
    {"Software", "Computer Software", "SaaS", "software"},
    {"Financial Services", "Finance", "Banking", "FinServ"},
    {"Healthcare", "Health Care", "Hospital & Health Care", "healthcare"},
    {"Manufacturing", "Industrial", "manufacturing", "Industrial Automation"},
    {"Retail", "E-commerce", "Retail & Consumer", "retail"},
    {"Logistics", "Transportation", "Logistics & Supply Chain", "logistics"},
    {"Education", "EdTech", "Higher Education", "education"},
    {"Media", "Marketing & Advertising", "Publishing", "media"},
    {"Hospitality", "Restaurants", "Hotels & Leisure", "hospitality"},
    {"Construction", "Real Estate", "Building Materials", "construction"}
  };

  static final String[] COUNTRIES = {"US", "GB", "DE", "FR", "NL", "ES", "SE", "IE", "CA", "AU"};
  static final String[] COUNTRY_NAMES = {
    "United States", "United Kingdom", "Germany", "France", "Netherlands", "Spain", "Sweden",
    "Ireland", "Canada", "Australia"
  };
  static final String[] CURRENCIES = {
    "USD", "GBP", "EUR", "EUR", "EUR", "EUR", "EUR", "EUR", "USD", "USD"
  };
  static final String[] TLDS = {
    ".com", ".co.uk", ".de", ".fr", ".nl", ".es", ".se", ".ie", ".ca", ".com.au"
  };
  static final String[][] LEGAL_SUFFIXES = {
    {"Inc.", "LLC", "Corp."}, {"Ltd", "PLC"}, {"GmbH", "AG"}, {"SAS", "SA"}, {"B.V."},
    {"S.L."}, {"AB"}, {"Ltd"}, {"Inc.", "Ltd."}, {"Pty Ltd"}
  };

  String industryCode() {
    return INDUSTRIES[industry];
  }

  String countryCode() {
    return COUNTRIES[country];
  }

  String currency() {
    return CURRENCIES[country];
  }

  /** Fixed conversion rates used for every USD figure in the truth (documented). */
  static double usdPerUnit(String currency) {
    return switch (currency) {
      case "EUR" -> 1.08;
      case "GBP" -> 1.27;
      default -> 1.0;
    };
  }
}
