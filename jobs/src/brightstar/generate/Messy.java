package brightstar.generate;

/**
 * How each silo writes the same company or person differently: case, legal suffixes, typos,
 * personal webmail instead of work e-mail, domain decoration. Every method draws from the row's
 * own generator, so the variant is a pure function of (seed, owner, entity, row).
 */
final class Messy {
  private Messy() {}

  /** The CRM account name: mostly the legal name, sometimes short, comma-styled or upper case. */
  static String crmName(Names.Company c, Rng r) {
    double u = r.nextDouble();
    if (u < 0.62) {
      return c.legalName();
    }
    if (u < 0.80) {
      return c.shortName();
    }
    if (u < 0.90) {
      return c.shortName() + ", " + c.suffix();
    }
    return Text.upper(c.legalName());
  }

  /** A duplicate CRM account typed by another rep: never identical to the legal name. */
  static String duplicateCrmName(Names.Company c, Rng r) {
    double u = r.nextDouble();
    if (u < 0.35) {
      return c.shortName();
    }
    if (u < 0.65) {
      return typo(c.word(), r) + " " + c.noun() + " " + c.suffix();
    }
    return Text.upper(c.shortName());
  }

  /** The domain field of the CRM: decorated or missing now and then. */
  static String crmDomain(Names.Company c, Rng r) {
    double u = r.nextDouble();
    if (u < 0.80) {
      return c.domain();
    }
    if (u < 0.88) {
      return "www." + c.domain();
    }
    if (u < 0.95) {
      return "https://" + c.domain();
    }
    return "";
  }

  /** Finance's bill-to name: legal, shouted, alternative legal form, or an AP department. */
  static String billToName(Names.Company c, Rng r) {
    double u = r.nextDouble();
    if (u < 0.50) {
      return c.legalName();
    }
    if (u < 0.70) {
      return Text.upper(c.legalName());
    }
    if (u < 0.85) {
      return c.shortName() + " " + alternativeSuffix(c.suffix());
    }
    return c.legalName() + " - Accounts Payable";
  }

  /** A company name typed into a web form or a support ticket. */
  static String typedCompany(Names.Company c, Rng r) {
    double u = r.nextDouble();
    if (u < 0.35) {
      return c.shortName();
    }
    if (u < 0.52) {
      return Text.lower(c.shortName());
    }
    if (u < 0.67) {
      return c.word();
    }
    if (u < 0.79) {
      return typo(c.word(), r) + " " + c.noun();
    }
    if (u < 0.92) {
      return c.legalName();
    }
    return c.domain();
  }

  /** A work e-mail as a person typed it: mostly as is, sometimes capitalised. */
  static String typedEmail(String email, Rng r) {
    double u = r.nextDouble();
    if (u < 0.88) {
      return email;
    }
    if (u < 0.96) {
      return capitalizeLocalPart(email);
    }
    return Text.upper(email);
  }

  /** The address a contact uses: their work address, or now and then their webmail. */
  static String contactEmail(Names.Person p, double personalShare, Rng r) {
    return r.chance(personalShare) ? p.personalEmail() : typedEmail(p.companyEmail(), r);
  }

  /** One keyboard slip: swap, drop or double a letter (never the first one). */
  static String typo(String word, Rng r) {
    if (word.length() < 4) {
      return word + word.charAt(word.length() - 1);
    }
    int i = r.between(1, word.length() - 2);
    StringBuilder sb = new StringBuilder(word);
    switch (r.nextInt(3)) {
      case 0 -> {
        char c = sb.charAt(i);
        sb.setCharAt(i, sb.charAt(i + 1));
        sb.setCharAt(i + 1, c);
        if (sb.toString().equals(word)) {
          sb.deleteCharAt(i);
        }
      }
      case 1 -> sb.deleteCharAt(i);
      default -> sb.insert(i, sb.charAt(i));
    }
    return sb.toString();
  }

  private static String alternativeSuffix(String suffix) {
    return switch (suffix) {
      case "GmbH" -> "Gmbh";
      case "Inc." -> "Inc";
      case "Ltd" -> "Limited";
      case "Ltd." -> "Ltd";
      case "LLC" -> "L.L.C.";
      case "Corp." -> "Corporation";
      case "B.V." -> "BV";
      case "S.L." -> "SL";
      case "PLC" -> "plc";
      default -> suffix + ".";
    };
  }

  private static String capitalizeLocalPart(String email) {
    StringBuilder sb = new StringBuilder(email);
    boolean start = true;
    for (int i = 0; i < sb.length() && sb.charAt(i) != '@'; i++) {
      char c = sb.charAt(i);
      if (start && Character.isLetter(c)) {
        sb.setCharAt(i, Character.toUpperCase(c));
      }
      start = c == '.' || c == '_';
    }
    return sb.toString();
  }
}
