package brightstar.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

  /**
   * Copies a folder's tree into another, creating it and merging with what is there (a file
   * of the same relative path is replaced).
   *
   * @return the target folder
   * @throws IOException naming the first path that could not be copied
   */
  public static Path copy(Path from, Path to) throws IOException {
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(from)) {
      paths = walk.toList();
    }
    for (Path p : paths) {
      Path target = to.resolve(from.relativize(p).toString());
      if (Files.isDirectory(p)) {
        Files.createDirectories(target);
      } else {
        Files.createDirectories(target.getParent());
        Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return to;
  }
}
