package brightstar.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/tables.md's silver and gold sections are generated from {@link Tables}; this fails when
 * they are out of date ({@code -Dbrightstar.update-docs=true} rewrites them instead).
 */
class TablesDocTest {
  private static final Path DOC = Path.of("docs/tables.md");

  @Test
  void docsTablesMdMatchesTheCatalogue() throws IOException {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    String expected = TablesDoc.update(doc);
    if (Boolean.getBoolean("brightstar.update-docs")) {
      Files.writeString(DOC, expected, StandardCharsets.UTF_8);
      doc = expected;
    }
    assertEquals(expected, doc, "docs/tables.md is out of date with brightstar.io.Tables: run"
        + " mvn -q test -Dtest=TablesDocTest -Dbrightstar.update-docs=true");
  }

  @Test
  void everyDeclaredTableAndColumnIsDocumentedWithItsMeaning() throws IOException {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    for (TableSpec t : Tables.ALL) {
      int at = doc.indexOf("\n### " + t.id().qualified() + "\n");
      assertTrue(at >= 0, t.id() + " has no section");
      int next = doc.indexOf("\n### ", at + 1);
      String section = doc.substring(at, next < 0 ? doc.length() : next);
      for (TableSpec.Column c : t.columns()) {
        String rest = " | " + c.type().sql().toLowerCase() + " | " + c.unit() + " | "
            + c.meaning() + " |";
        assertTrue(section.contains("| " + c.name() + rest)
                || section.contains("| *" + c.name() + "*" + rest),
            t.id() + "." + c.name() + " is not documented with its meaning");
      }
    }
  }

  @Test
  void everyDeclaredColumnHasAMeaning() {
    for (TableSpec t : Tables.ALL) {
      for (TableSpec.Column c : t.columns()) {
        assertTrue(c.meaning().length() >= 5, t.id() + "." + c.name());
      }
    }
  }
}
