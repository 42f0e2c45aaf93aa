package brightstar.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NamesAndIdsTest {
  private static final Firmographics GERMAN = new Firmographics(0, 2, 100, 2000);

  @Test
  void compoundWordsAreDistinctAndNeverLookLikeCoinages() {
    Set<String> words = new HashSet<>();
    for (long w = 0; w < Names.COMPOUND_WORDS; w++) {
      String word = Names.word(w);
      assertTrue(words.add(word), "duplicate compound " + word);
      assertFalse(Text.lower(word).matches("([bcdfghjklmnprstvz][aeiou]){3}"),
          word + " could collide with a three-syllable coinage");
    }
    assertEquals("Tazomi".length(), Names.word(Names.COMPOUND_WORDS + 12345).length());
  }

  @Test
  void noNounEndsWithAnotherNounSoDomainsCannotCollide() {
    for (String a : Names.NOUNS) {
      for (String b : Names.NOUNS) {
        if (!a.equals(b)) {
          assertFalse(Text.lower(a).endsWith(Text.lower(b)), a + " ends with " + b);
        }
      }
    }
  }

  @Test
  void companyNamesAndDomainsAreUniqueInALargePopulation() {
    int total = 300_000;
    Set<String> names = new HashSet<>();
    Set<String> domains = new HashSet<>();
    for (int i = 0; i < total; i++) {
      Names.Company c = Names.company(9, total, i, GERMAN, new Rng(i));
      assertTrue(names.add(c.shortName()), "duplicate name " + c.shortName());
      String domain = c.domain().substring(0, c.domain().length() - c.tld().length());
      assertTrue(domains.add(domain), "duplicate domain " + c.domain());
    }
  }

  @Test
  void smallPopulationsGetEnglishCompoundNames() {
    for (int i = 0; i < 3000; i++) {
      Names.Company c = Names.company(5, 3000, i, GERMAN, new Rng(i));
      assertFalse(Text.lower(c.word()).matches("([bcdfghjklmnprstvz][aeiou]){3}"), c.word());
      assertTrue(Set.of("GmbH", "AG").contains(c.suffix()), c.suffix());
    }
  }

  @Test
  void permuteBelowIsABijectionOfTheRange() {
    long key = Ids.key(1, "test");
    Set<Long> seen = new HashSet<>();
    for (long v = 0; v < 1000; v++) {
      long p = Ids.permuteBelow(key, 1000, v);
      assertTrue(p >= 0 && p < 1000, "in range: " + p);
      seen.add(p);
    }
    assertEquals(1000, seen.size());
  }

  @Test
  void idsAreUniquePerEntityAndDifferBetweenSeedsAndSilos() {
    Set<String> ids = new HashSet<>();
    for (int owner = 0; owner < 2000; owner++) {
      for (int ordinal = 0; ordinal < 50; ordinal++) {
        assertTrue(ids.add(Ids.id(3, Entity.INVOICES, owner, ordinal)));
      }
    }
    String invoice = Ids.id(3, Entity.INVOICES, 0, 0);
    assertTrue(invoice.matches("INV-[0-9A-Z]{10}"), invoice);
    assertNotEquals(invoice, Ids.id(4, Entity.INVOICES, 0, 0));
    assertNotEquals(invoice.substring(4), Ids.id(3, Entity.ORDERS, 0, 0).substring(3));
    assertNotEquals(Ids.billingAccount(3, 0), Ids.billingAccount(3, 1));
  }

  @Test
  void typosChangeTheWordButKeepItsFirstLetter() {
    for (long w = 0; w < Names.COMPOUND_WORDS; w += 7) {
      String word = Names.word(w);
      String typo = Messy.typo(word, new Rng(w));
      assertNotEquals(word, typo);
      assertEquals(word.charAt(0), typo.charAt(0));
    }
  }
}
