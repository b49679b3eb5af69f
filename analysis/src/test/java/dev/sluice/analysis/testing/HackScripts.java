package dev.sluice.analysis.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an installer under hack/ for a test server and returns the last line it prints (the path it installed). */
final class HackScripts {
  private HackScripts() {
  }

  static String run(String script) throws IOException, InterruptedException {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("hack").resolve(script))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("hack/" + script + " not found above " + Path.of("").toAbsolutePath());
    }
    Path errors = Files.createTempFile("sluice-" + script, ".log");
    try {
      Process install = new ProcessBuilder(dir.resolve("hack").resolve(script).toString())
          .redirectError(errors.toFile()).start();
      String out = new String(install.getInputStream().readAllBytes());
      if (!install.waitFor(10, TimeUnit.MINUTES) || install.exitValue() != 0) {
        throw new IllegalStateException("hack/" + script + " failed:\n" + Files.readString(errors));
      }
      List<String> lines = out.lines().toList();
      return lines.get(lines.size() - 1).trim();
    } finally {
      Files.deleteIfExists(errors);
    }
  }
}
