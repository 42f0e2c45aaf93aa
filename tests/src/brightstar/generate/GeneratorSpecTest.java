package brightstar.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratorSpecTest {
  private static final LocalDate START = LocalDate.of(2024, 1, 1);
  private static final LocalDate END = LocalDate.of(2024, 3, 31);

  @TempDir
  Path tmp;

  @Test
  void rejectsAPopulationBelowOne() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new GeneratorSpec(0, 1, START, END, tmp));
    assertTrue(e.getMessage().contains("Cannot generate 0 customers"), e.getMessage());
    assertTrue(e.getMessage().contains("Pass --customers"), e.getMessage());
  }

  @Test
  void rejectsAnEndBeforeTheStart() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new GeneratorSpec(10, 1, END, START, tmp));
    assertEquals("Cannot generate the window 2024-03-31 to 2024-01-01: the end is before the"
        + " start. Pass an --end on or after --start.", e.getMessage());
  }

  @Test
  void rejectsAMissingOutputFolder() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new GeneratorSpec(10, 1, START, END, null));
    assertTrue(e.getMessage().contains("Pass --out"), e.getMessage());
  }

  @Test
  void refusesToWriteOverAFile() throws IOException {
    Path file = Files.writeString(tmp.resolve("landing"), "not a folder");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Generator.run(new GeneratorSpec(10, 1, START, END, file), line -> {}));
    assertTrue(e.getMessage().contains("it is a file, not a folder"), e.getMessage());
    assertEquals("not a folder", Files.readString(file));
  }

  @Test
  void oneDayWindowAndOneCustomerStillWriteAConsistentLandingZone() throws IOException {
    GenerateResult result = Generator.run(new GeneratorSpec(1, 5, START, START, tmp), l -> {});
    assertEquals(1, result.customers());
    assertEquals(1, LandingReader.truth(tmp, "customers.csv").size());
    assertEquals(START.toString(),
        LandingReader.truth(tmp, "customers.csv").get(0).get("acquired_date"));
    assertEquals(result.files(), LandingReader.dataFiles(tmp).size());
  }
}
