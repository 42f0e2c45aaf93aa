package brightstar.conform;

import brightstar.BrightstarException;
import brightstar.config.BrightstarConfig;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The settings of conforming bronze into silver, typed and checked once: the FX rates of the
 * {@code *_usd} columns ({@code brightstar.unify.fx-to-usd}) and the reference mappings of the
 * golden record ({@code brightstar.conform}).
 *
 * @param fxToUsd USD per unit of each ISO 4217 currency code
 * @param countries upper-cased country spelling -> ISO 3166 alpha-2 code
 * @param industries lower-cased industry spelling -> canonical industry code
 * @param legalForms legal forms, lower case without dots ({@code bv} for "B.V.")
 * @param departmentSuffixes departments finance appends to bill-to names, as written
 */
public record ConformSettings(
    Map<String, BigDecimal> fxToUsd,
    Map<String, String> countries,
    Map<String, String> industries,
    List<String> legalForms,
    List<String> departmentSuffixes) {

  public static final String FX_SECTION = "brightstar.unify.fx-to-usd";
  public static final String SECTION = "brightstar.conform";
  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
  private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
  private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_]*");

  public ConformSettings {
    fxToUsd = Map.copyOf(new TreeMap<>(fxToUsd));
    countries = Map.copyOf(countries);
    industries = Map.copyOf(industries);
    legalForms = List.copyOf(legalForms);
    departmentSuffixes = List.copyOf(departmentSuffixes);
    fxToUsd.forEach((currency, rate) -> {
      check(CURRENCY.matcher(currency).matches(), FX_SECTION, currency,
          "three upper-case letters (ISO 4217), e.g. EUR = 1.08");
      check(rate.signum() > 0, FX_SECTION + "." + currency, rate, "a rate > 0 (USD per unit)");
    });
    countries.forEach((name, code) -> check(COUNTRY.matcher(code).matches(),
        SECTION + ".countries", code, "an ISO 3166 alpha-2 code in upper case, e.g. GB"));
    industries.forEach((name, code) -> check(CODE.matcher(code).matches(),
        SECTION + ".industries", code, "a lower-case snake_case code, e.g. financial_services"));
  }

  /** Reads {@code brightstar.unify.fx-to-usd} and {@code brightstar.conform}. */
  public static ConformSettings from(BrightstarConfig config) {
    Config raw = config.raw();
    try {
      Map<String, BigDecimal> fx = new TreeMap<>();
      ConfigObject rates = raw.getObject(FX_SECTION);
      for (Map.Entry<String, ConfigValue> e : rates.entrySet()) {
        Object v = e.getValue().unwrapped();
        if (!(v instanceof Number n)) {
          throw new BrightstarException("invalid " + FX_SECTION + "." + e.getKey(),
              "the rate " + v + " is not a number", "write it as USD per unit, e.g. EUR = 1.08");
        }
        fx.put(e.getKey(), new BigDecimal(n.toString()));
      }
      Config c = raw.getConfig(SECTION);
      Map<String, String> countries = new LinkedHashMap<>();
      for (Config entry : c.getConfigList("countries")) {
        String code = entry.getString("code").trim().toUpperCase(Locale.ROOT);
        countries.put(code, code);
        for (String name : entry.getStringList("names")) {
          put(countries, countryKey(name), code, SECTION + ".countries");
        }
      }
      Map<String, String> industries = new LinkedHashMap<>();
      for (Config entry : c.getConfigList("industries")) {
        String code = entry.getString("code").trim();
        put(industries, industryKey(code), code, SECTION + ".industries");
        for (String name : entry.getStringList("names")) {
          put(industries, industryKey(name), code, SECTION + ".industries");
        }
      }
      return new ConformSettings(fx, countries, industries,
          c.getStringList("legal-forms").stream()
              .map(f -> f.trim().toLowerCase(Locale.ROOT).replace(".", "")).toList(),
          c.getStringList("department-suffixes").stream().map(String::trim).toList());
    } catch (ConfigException e) {
      throw new BrightstarException("invalid " + SECTION + " configuration", e.getMessage(),
          "see the " + SECTION + " and " + FX_SECTION + " sections of conf/brightstar.conf", e);
    }
  }

  /** How a country spelling is compared: trimmed, single spaces, upper case. */
  static String countryKey(String name) {
    return name.trim().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
  }

  /** How an industry spelling is compared: trimmed, single spaces, lower case. */
  static String industryKey(String name) {
    return name.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }

  private static void put(Map<String, String> map, String key, String code, String where) {
    String before = map.put(key, code);
    if (before != null && !before.equals(code)) {
      throw new BrightstarException("invalid " + where,
          "'" + key + "' is listed under both " + before + " and " + code,
          "list each spelling under one code only");
    }
  }

  private static void check(boolean ok, String key, Object value, String expected) {
    if (!ok) {
      throw new BrightstarException("setting " + key + " = " + value + " is not allowed",
          "it must be " + expected,
          "fix it in the config file, an environment variable or --conf");
    }
  }
}
