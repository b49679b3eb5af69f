package dev.sluice.kubectl;

import dev.sluice.testing.Eventually;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** The plugin as a separate process (the packaged jar or bin/kubectl-sluice), for the *IT tests. */
public final class PluginProcess {
  private final Process process;
  private final Path out;
  private final Path err;

  private PluginProcess(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  /** The jar the build made (failsafe passes its path). */
  public static Path jar() {
    return Path.of(System.getProperty("sluice.plugin.jar", "target/kubectl-sluice.jar"));
  }

  public static List<String> javaJar(String... args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar().toString()));
    command.addAll(List.of(args));
    return command;
  }

  public static PluginProcess start(List<String> command, Map<String, String> env, String stdin, Path workDir) {
    try {
      Path out = Files.createTempFile(workDir, "out", ".txt");
      Path err = Files.createTempFile(workDir, "err", ".txt");
      Path in = Files.writeString(Files.createTempFile(workDir, "in", ".txt"), stdin);
      ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
          .redirectInput(in.toFile());
      builder.environment().remove("KUBECONFIG");
      builder.environment().putAll(env);
      return new PluginProcess(builder.start(), out, err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static CliRunner.Result run(List<String> command, Map<String, String> env, String stdin, Path workDir) throws Exception {
    return start(command, env, stdin, workDir).await(Duration.ofMinutes(3));
  }

  public String outSoFar() {
    return read(out);
  }

  /** Waits until the output satisfies the condition; a failure shows both output streams. */
  public void awaitOutput(String description, Duration timeout, Predicate<String> condition) {
    try {
      Eventually.until(description, timeout, () -> condition.test(read(out)));
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + (process.isAlive() ? "" : " (exited " + process.exitValue() + ")")
          + "\n--- stdout\n" + read(out) + "--- stderr\n" + read(err), e);
    }
  }

  public CliRunner.Result await(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("still running after " + timeout + "; output so far:\n" + read(out) + read(err));
    }
    return new CliRunner.Result(process.exitValue(), read(out), read(err));
  }

  /** Ends a watch the way Ctrl-C would. */
  public void stop() {
    process.destroy();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The repository's root, where bin/kubectl-sluice is. */
  public static Path repoRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !new File(dir.toFile(), "bin/kubectl-sluice").exists()) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("no bin/kubectl-sluice above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }
}
