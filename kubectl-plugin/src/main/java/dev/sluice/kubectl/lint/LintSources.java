package dev.sluice.kubectl.lint;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** What `lint -f` names: files, directories (every *.yaml, *.yml, *.json below them, sorted) and "-" for stdin. */
public final class LintSources {
  public static final String STDIN_NAME = "<stdin>";

  private LintSources() {
  }

  /** A file to lint, by the name messages use; text() reads it (stdin at most once). */
  public record Source(String name, Path path) {
    public String text(InputStream stdin) throws IOException {
      if (path == null) {
        return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
      }
      return Files.readString(path, StandardCharsets.UTF_8);
    }
  }

  public static List<Source> expand(List<String> arguments) {
    List<Source> sources = new ArrayList<>();
    for (String argument : arguments) {
      if (argument.equals("-")) {
        sources.add(new Source(STDIN_NAME, null));
        continue;
      }
      Path path = Path.of(argument);
      if (Files.isDirectory(path)) {
        try (Stream<Path> files = Files.walk(path)) {
          files.filter(Files::isRegularFile).filter(LintSources::manifestFile).sorted()
              .forEach(f -> sources.add(new Source(f.toString(), f)));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      } else {
        sources.add(new Source(argument, path));
      }
    }
    return sources;
  }

  private static boolean manifestFile(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
  }
}
