package dev.sluice.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a repository script and returns its standard output; its standard error goes to the test log. */
public final class Scripts {
  private Scripts() {
  }

  public static String run(Path script, String... args) {
    return run(java.util.Map.of(), script, args);
  }

  public static String run(java.util.Map<String, String> env, Path script, String... args) {
    return run(env, ProcessBuilder.Redirect.INHERIT, script, args);
  }

  private static String run(java.util.Map<String, String> env, ProcessBuilder.Redirect stderr, Path script,
      String... args) {
    List<String> command = new ArrayList<>();
    command.add(script.toString());
    command.addAll(List.of(args));
    try {
      ProcessBuilder builder = new ProcessBuilder(command).directory(RepoPaths.root().toFile())
          .redirectError(stderr);
      builder.environment().putAll(env);
      Process process = builder.start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed (exit " + process.exitValue() + ")");
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("could not run " + script, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + script, e);
    }
  }

  /** Runs a script whose standard error is of no interest (a probe that may fail); fails as {@link #run} does. */
  public static String runQuietly(Path script, String... args) {
    return run(java.util.Map.of(), ProcessBuilder.Redirect.DISCARD, script, args);
  }

  /** The last non-empty line of a script's output, where Sluice's scripts print their result. */
  public static String lastLine(String output) {
    String[] lines = output.strip().split("\n");
    return lines[lines.length - 1].strip();
  }
}
