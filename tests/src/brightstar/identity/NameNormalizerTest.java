package brightstar.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brightstar.config.BrightstarConfig;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NameNormalizerTest {
  private final NameNormalizer nz =
      new NameNormalizer(IdentitySettings.from(BrightstarConfig.defaults()));

  @Test
  void namesLoseCaseAccentsPunctuationLegalFormsAndDepartments() {
    assertEquals("bluepeak analytics", nz.name("Bluepeak Analytics GmbH"));
    assertEquals("bluepeak analytics", nz.name("BLUEPEAK ANALYTICS, GMBH"));
    assertEquals("bluepeak analytics", nz.name("Bluepeak Analytics GmbH - Accounts Payable"));
    assertEquals("bluepeak analytics", nz.name("The Bluepeak Analytics L.L.C."));
    assertEquals("bluepeak analytics", nz.name("Bluepeak Analytics B.V."));
    assertEquals("smith and sons", nz.name("Smith & Sons Ltd"));
    assertEquals("smith and sons", nz.name("Smith and Sons Limited"));
    assertEquals("sodertalje kok", nz.name("Södertälje Kök AB"));
    assertEquals("orsted", nz.name("Ørsted A/S"));
    assertEquals("grosse bau", nz.name("Große Bau GmbH & Co. KG"));
  }

  @Test
  void aDepartmentWordWithoutDashAndALegalFormAtTheStartArePartOfTheName() {
    assertEquals("bluepeak finance", nz.name("Bluepeak Finance Ltd"));
    assertEquals("as bikes", nz.name("AS Bikes"));
    assertNull(nz.name("GmbH"));
    assertNull(nz.name("  "));
    assertNull(nz.name(null));
  }

  @Test
  void domainsAndAddressesAreNormalisedAndWebmailIsNoCompany() {
    assertEquals("acme.com", NameNormalizer.domain(" HTTPS://www.Acme.com/ "));
    assertEquals("acme.co.uk", NameNormalizer.domain("www.acme.co.uk"));
    assertNull(NameNormalizer.domain("not a domain"));
    assertEquals("bluepeak.de", NameNormalizer.typedDomain("Bluepeak.de"));
    assertNull(NameNormalizer.typedDomain("Bluepeak Analytics"));
    assertEquals("anna.schmidt@bluepeak.de", NameNormalizer.email(" Anna.Schmidt@Bluepeak.DE "));
    assertNull(NameNormalizer.email("anna@@x.de"));
    assertEquals("bluepeak.de", nz.companyDomainOfEmail("ANNA@BLUEPEAK.DE"));
    assertNull(nz.companyDomainOfEmail("anna.schmidt42@gmail.com"));
    assertTrue(nz.isPersonalEmail("Anna.Schmidt42@GMX.de"));
    assertFalse(nz.isPersonalEmail("anna@bluepeak.de"));
    assertEquals("bluepeakanalytics", NameNormalizer.domainStem("bluepeak-analytics.co.uk"));
  }

  @Test
  void similarityRewardsExactNamesAndFirstWordsAndToleratesOneTypo() {
    assertEquals(new NameNormalizer.Score(1.0, "name_exact"),
        nz.similarity("bluepeak analytics", "bluepeak analytics", "DE", "DE"));
    assertEquals(new NameNormalizer.Score(0.95, "name_word"),
        nz.similarity("bluepeak", "bluepeak analytics", null, "DE"));
    NameNormalizer.Score typo = nz.similarity("bleupeak analytics", "bluepeak analytics",
        null, null);
    assertEquals("name_fuzzy", typo.rule());
    assertEquals(1 - 2.0 / 17, typo.score(), 1e-12);
    // A different root is not a typo: below the auto-match threshold of 0.88.
    assertTrue(nz.similarity("bluepath analytics", "bluepeak analytics", null, null).score()
        < 0.85);
    assertEquals(0.9, nz.similarity("bluepeak analytics", "bluepeak analytics", "FR", "DE")
        .score(), 1e-12);
  }

  @Test
  void blockingKeysJoinNamesOneSlipApartAndNothingElse() {
    List<String> keys = List.of(nz.blockingKeys("bluepeak analytics", true));
    assertEquals(List.of("c:bluepeakanalytics", "c:luepeakanalytics", "c:buepeakanalytics"),
        keys.subList(0, 3));
    assertEquals("w:bluepeak", keys.get(keys.size() - 1));
    // The compact form, its 17 deletions (no letter is doubled) and the first word.
    assertEquals(1 + 17 + 1, keys.size());
    for (String typo : List.of("bleupeak analytics", "blupeak analytics",
        "bluuepeak analytics", "bluepeak analytcs", "bluepeak", "bluepeakanalytics")) {
      Set<String> shared = new HashSet<>(keys);
      shared.retainAll(List.of(nz.blockingKeys(typo, false)));
      assertFalse(shared.isEmpty(), typo + " shares no block with bluepeak analytics");
    }
    for (String other : List.of("bluepath analytics", "bluepeak systems", "bluepeak data")) {
      Set<String> shared = new HashSet<>(List.of(nz.blockingKeys(other, false)));
      shared.retainAll(keys);
      assertTrue(shared.isEmpty(), other + " shares a block with bluepeak analytics: " + shared);
    }
    // A typed name of two words never gets its first word as a key; a company's always does.
    assertFalse(List.of(nz.blockingKeys("bluepeak systems", false)).contains("w:bluepeak"));
    assertTrue(List.of(nz.blockingKeys("bluepeak systems", true)).contains("w:bluepeak"));
    assertEquals(0, nz.blockingKeys(null, true).length);
  }

  @Test
  void countriesAsTypedBecomeIsoCodes() {
    assertEquals("DE", Countries.code("Germany"));
    assertEquals("DE", Countries.code("de"));
    assertEquals("GB", Countries.code("UK"));
    assertEquals("NL", Countries.code("Netherlands"));
    assertNull(Countries.code("Atlantis"));
    assertNull(Countries.code(""));
  }
}
