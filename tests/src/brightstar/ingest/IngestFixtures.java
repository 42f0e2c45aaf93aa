package brightstar.ingest;

import brightstar.config.BrightstarConfig;
import brightstar.io.LocalFolders;
import brightstar.testing.SharedSpark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Fixture landing zones (copied so a test may re-deliver files) and the ingest test config. */
final class IngestFixtures {
  private IngestFixtures() {}

  /** The folder of a fixture on the test classpath, e.g. {@code ingest/landing}. */
  static Path fixture(String name) {
    URL url = IngestFixtures.class.getClassLoader().getResource("fixtures/" + name);
    if (url == null) {
      throw new IllegalArgumentException("no fixture fixtures/" + name);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Copies the fixture tree {@code name} into {@code target} (merging with what is there). */
  static Path copy(String name, Path target) {
    try {
      return LocalFolders.copy(fixture(name), target);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The shared test config over a warehouse and a landing zone, with the repo's contracts. */
  static BrightstarConfig config(Path warehouse, Path landing) {
    return SharedSpark.config(warehouse)
        .with("brightstar.landing", landing.toString())
        .with(Contracts.DIRECTORY_KEY, Path.of("conf/sources").toAbsolutePath().toString());
  }
}
