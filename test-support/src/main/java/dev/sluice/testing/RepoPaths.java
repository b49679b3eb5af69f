package dev.sluice.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository's root from wherever a test runs (a module directory, the root, an IDE). */
public final class RepoPaths {
  private RepoPaths() {
  }

  public static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isExecutable(dir.resolve("hack/local-cluster.sh")) && Files.exists(dir.resolve("mvnw"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException("not inside the Sluice repository: no hack/local-cluster.sh above " + Path.of("").toAbsolutePath());
  }

  public static Path resolve(String relative) {
    return root().resolve(relative);
  }
}
