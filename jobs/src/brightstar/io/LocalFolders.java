package brightstar.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Folders on the local file system (landing zones, scratch warehouses), not tables. */
public final class LocalFolders {
  private LocalFolders() {}

  /**
   * Deletes a folder and everything in it, deepest first; nothing to do when it does not
   * exist.
   *
   * @throws IOException naming the first path that could not be deleted
   */
  public static void delete(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(folder)) {
      paths = walk.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path p : paths) {
      Files.deleteIfExists(p);
    }
  }
}
