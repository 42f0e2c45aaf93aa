package brightstar.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratorDeterminismTest {
  @TempDir
  Path tmp;

  private static GeneratorSpec spec(Path out, long seed) {
    return new GeneratorSpec(80, seed, LocalDate.of(2024, 1, 1), LocalDate.of(2024, 3, 31), out);
  }

  private static void assertSameBytes(Path a, Path b) throws IOException {
    List<Path> filesA = LandingReader.allFiles(a);
    assertEquals(filesA, LandingReader.allFiles(b), "same files");
    assertTrue(filesA.size() > 100, "a real landing zone: " + filesA.size());
    for (Path file : filesA) {
      assertEquals(-1L, Files.mismatch(a.resolve(file), b.resolve(file)), "bytes of " + file);
    }
  }

  @Test
  void sameSeedGivesIdenticalBytes() throws IOException {
    Generator.run(spec(tmp.resolve("a"), 42), line -> {});
    Generator.run(spec(tmp.resolve("b"), 42), line -> {});
    assertSameBytes(tmp.resolve("a"), tmp.resolve("b"));
  }

  @Test
  void differentSeedGivesDifferentData() throws IOException {
    Generator.run(spec(tmp.resolve("a"), 1), line -> {});
    Generator.run(spec(tmp.resolve("b"), 2), line -> {});
    Path customersA = tmp.resolve("a/_truth/customers.csv");
    Path customersB = tmp.resolve("b/_truth/customers.csv");
    assertNotEquals(-1L, Files.mismatch(customersA, customersB));
    Set<String> idsA = new HashSet<>(recordIds(tmp.resolve("a")));
    Set<String> idsB = new HashSet<>(recordIds(tmp.resolve("b")));
    idsA.retainAll(idsB);
    assertTrue(idsA.isEmpty(), "no invoice id in common, found " + idsA);
    List<String> namesA = column(tmp.resolve("a"), "company_name");
    List<String> namesB = column(tmp.resolve("b"), "company_name");
    assertNotEquals(namesA, namesB);
  }

  @Test
  void bufferBudgetDoesNotChangeBytes() throws IOException {
    GenerateResult big = Generator.run(spec(tmp.resolve("a"), 7), line -> {});
    GenerateResult small = Generator.run(spec(tmp.resolve("b"), 7), line -> {}, 4_000);
    assertSameBytes(tmp.resolve("a"), tmp.resolve("b"));
    assertEquals(big, small);
  }

  @Test
  void rerunReplacesOnlyTheGeneratorsOwnFolders() throws IOException {
    Path out = tmp.resolve("landing");
    Files.createDirectories(out.resolve("sales/stale/2020-01-01"));
    Files.writeString(out.resolve("sales/stale/2020-01-01/part-00000.csv"), "old\n");
    Files.writeString(out.resolve("notes.txt"), "keep me\n");
    Generator.run(spec(out, 3), line -> {});
    assertFalse(Files.exists(out.resolve("sales/stale")), "stale generator output removed");
    assertEquals("keep me\n", Files.readString(out.resolve("notes.txt")));
    Generator.run(spec(tmp.resolve("fresh"), 3), line -> {});
    Files.delete(out.resolve("notes.txt"));
    assertSameBytes(out, tmp.resolve("fresh"));
  }

  private static List<String> recordIds(Path root) {
    return LandingReader.truth(root, "records.csv").stream()
        .filter(r -> r.get("entity").equals("invoices"))
        .map(r -> r.get("record_id"))
        .toList();
  }

  private static List<String> column(Path root, String column) {
    return LandingReader.truth(root, "customers.csv").stream().map(r -> r.get(column)).toList();
  }
}
