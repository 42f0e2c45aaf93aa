package brightstar.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TempDirsTest {
  @Test
  void deletesAFolderWithNestedFilesAndLeavesItsSiblings(@TempDir Path tmp) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("warehouse/gold/customer_360/_delta_log"));
    Files.writeString(dir.resolve("00000000000000000000.json"), "{}");
    Files.writeString(tmp.resolve("warehouse/gold/part-0.parquet"), "x");
    Path sibling = Files.writeString(tmp.resolve("keep.txt"), "keep");

    TempDirs.delete(tmp.resolve("warehouse"));

    assertFalse(Files.exists(tmp.resolve("warehouse")));
    assertTrue(Files.exists(sibling));
  }

  @Test
  void aFolderAlreadyGoneIsNotAnError(@TempDir Path tmp) {
    TempDirs.delete(tmp.resolve("never-made"));
    assertFalse(Files.exists(tmp.resolve("never-made")));
  }

  @Test
  void untilExitMakesAnEmptyFolderUnderTheTempFolder() throws Exception {
    Path dir = TempDirs.untilExit("brightstar-temp-dirs-test");
    assertTrue(Files.isDirectory(dir));
    assertTrue(dir.getFileName().toString().startsWith("brightstar-temp-dirs-test"));
    try (var entries = Files.list(dir)) {
      assertFalse(entries.findAny().isPresent());
    }
  }
}
