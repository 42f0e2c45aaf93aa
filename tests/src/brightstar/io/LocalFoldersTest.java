package brightstar.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFoldersTest {
  @Test
  void copyMergesATreeIntoAnotherAndReplacesFilesOfTheSamePath(@TempDir Path dir)
      throws IOException {
    Path from = dir.resolve("from");
    Files.createDirectories(from.resolve("a/b"));
    Files.createDirectories(from.resolve("empty"));
    Files.writeString(from.resolve("a/b/new.txt"), "new");
    Files.writeString(from.resolve("a/same.txt"), "from");
    Path to = dir.resolve("to");
    Files.createDirectories(to.resolve("a"));
    Files.writeString(to.resolve("a/same.txt"), "to");
    Files.writeString(to.resolve("kept.txt"), "kept");

    assertEquals(to, LocalFolders.copy(from, to));

    assertEquals("new", Files.readString(to.resolve("a/b/new.txt")));
    assertEquals("from", Files.readString(to.resolve("a/same.txt")));
    assertEquals("kept", Files.readString(to.resolve("kept.txt")));
    assertTrue(Files.isDirectory(to.resolve("empty")));
    assertEquals("from", Files.readString(from.resolve("a/same.txt")), "the source is kept");
  }

  @Test
  void deleteRemovesATreeAndIgnoresAMissingOne(@TempDir Path dir) throws IOException {
    Path tree = dir.resolve("tree");
    Files.createDirectories(tree.resolve("x/y"));
    Files.writeString(tree.resolve("x/y/z.txt"), "z");
    LocalFolders.delete(tree);
    assertFalse(Files.exists(tree));
    LocalFolders.delete(tree);
  }
}
