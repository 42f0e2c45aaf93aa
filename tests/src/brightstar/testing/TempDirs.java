package brightstar.testing;

import brightstar.io.LocalFolders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Temp folders that live as long as the test JVM, for fixtures shared beyond one test class
 * (where JUnit's {@code @TempDir} would delete them too early): deleted with their contents
 * when the JVM exits, so repeated test runs do not fill the machine's temp folder (the shared
 * demo warehouse alone is about 80 MB).
 */
public final class TempDirs {
  private TempDirs() {}

  /** A new folder under the system temp folder, named from {@code prefix}. */
  public static Path untilExit(String prefix) {
    try {
      Path dir = Files.createTempDirectory(prefix);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir), "delete " + dir));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temp folder " + prefix + "* under "
          + System.getProperty("java.io.tmpdir") + ": check that it exists and has space", e);
    }
  }

  /** Deletes {@code dir} and everything under it; at exit there is no one to tell of a failure. */
  static void delete(Path dir) {
    try {
      LocalFolders.delete(dir);
    } catch (IOException | UncheckedIOException e) {
      // The folder stays behind, as every folder did before.
    }
  }
}
