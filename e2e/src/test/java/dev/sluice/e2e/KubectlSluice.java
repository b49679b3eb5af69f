package dev.sluice.e2e;

import dev.sluice.testing.RepoPaths;
import dev.sluice.testing.TestCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** `kubectl sluice` as a person runs it: bin/kubectl-sluice with the cluster's kubeconfig, in the test's namespace. */
public final class KubectlSluice {
  public record Result(int exitCode, String out, String err) {
  }

  /** A command that runs until stopped (get rollout -w); its output so far can be read at any time. */
  record Running(Process process, Path out) implements AutoCloseable {
    String outSoFar() {
      try {
        return Files.readString(out);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() {
      process.destroy();
    }
  }

  private final TestCluster cluster;
  private final String namespace;

  public KubectlSluice(TestCluster cluster, String namespace) {
    this.cluster = cluster;
    this.namespace = namespace;
  }

  public Result run(String... args) {
    try {
      Path out = Files.createTempFile("kubectl-sluice", ".out");
      Path err = Files.createTempFile("kubectl-sluice", ".err");
      Process process = builder(args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!process.waitFor(Duration.ofMinutes(2).toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("kubectl sluice " + String.join(" ", args) + " did not finish in 2 minutes");
      }
      return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Running start(String... args) {
    try {
      Path out = Files.createTempFile("kubectl-sluice", ".out");
      return new Running(builder(args).redirectOutput(out.toFile()).redirectErrorStream(true).start(), out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ProcessBuilder builder(String... args) {
    List<String> command = new ArrayList<>(List.of(RepoPaths.resolve("bin/kubectl-sluice").toString()));
    command.addAll(List.of(args));
    command.addAll(List.of("-n", namespace));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("KUBECONFIG", cluster.kubeconfig().toString());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    return builder;
  }
}
