package dev.sluice.kubectl.convert;

import dev.sluice.kubectl.cli.CliException;
import dev.sluice.kubectl.cli.ExitCodes;
import dev.sluice.kubectl.lint.LintSources;
import dev.sluice.kubectl.lint.LintSources.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What `convert -f` names, as `lint -f` reads it, and where each file goes under -o DIR: a directory's files under
 * their path below that directory, a named file under its file name.
 */
public final class ConvertSources {
  private ConvertSources() {
  }

  /** A file to convert and its path under the output directory. */
  public record Input(Source source, Path relative) {
  }

  /** Refuses (as a usage error) stdin or two inputs with the same place when writing to a directory. */
  public static List<Input> expand(List<String> arguments, boolean toDirectory) {
    List<Input> inputs = new ArrayList<>();
    for (String argument : arguments) {
      Path path = argument.equals("-") ? null : Path.of(argument);
      for (Source source : LintSources.expand(List.of(argument))) {
        Path relative = source.path() == null ? null
            : path != null && Files.isDirectory(path) ? path.relativize(source.path()) : source.path().getFileName();
        inputs.add(new Input(source, relative));
      }
    }
    if (toDirectory) {
      Map<Path, String> seen = new HashMap<>();
      for (Input input : inputs) {
        if (input.relative() == null) {
          throw new CliException("-o DIR cannot name a file for stdin (-f -): convert stdin to stdout", ExitCodes.USAGE);
        }
        String other = seen.put(input.relative().normalize(), input.source().name());
        if (other != null) {
          throw new CliException(other + " and " + input.source().name() + " would both be written to "
              + input.relative() + " under -o DIR: convert them separately", ExitCodes.USAGE);
        }
      }
    }
    return inputs;
  }
}
