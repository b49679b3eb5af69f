package dev.sluice.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The packaged Sluice operator (operator/target/quarkus-app) running as its own process against the test cluster,
 * as it would in a Pod: tests can kill it (SIGKILL) and start it again. Its log goes to target/operator-N.log.
 */
public final class OperatorProcess implements AutoCloseable {
  private static final String LEADING = "Started event processing";
  private static final String STARTED = " started in ";
  private static int started;
  private final Process process;
  private final Path log;

  private OperatorProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts the operator and waits until it leads: it holds the Lease and its controllers process events. */
  public static OperatorProcess start(TestCluster cluster, String... properties) {
    return start(cluster.kubeconfig(), LEADING, properties);
  }

  /** Starts a second replica and waits until it is up; it waits on the Lease while another replica leads. */
  public static OperatorProcess startStandby(TestCluster cluster, String... properties) {
    return start(cluster.kubeconfig(), STARTED, properties);
  }

  /** With a kubeconfig of its own, e.g. one holding a ServiceAccount's token, to run with that account's RBAC. */
  public static OperatorProcess start(Path kubeconfig, String... properties) {
    return start(kubeconfig, LEADING, properties);
  }

  private static synchronized OperatorProcess start(Path kubeconfig, String readyLine, String... properties) {
    Path jar = RepoPaths.resolve("operator/target/quarkus-app/quarkus-run.jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing: build the operator first (./mvnw -pl operator -am package)");
    }
    Path log = Path.of("target", "operator-" + (++started) + ".log").toAbsolutePath();
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-Dquarkus.http.port=0", "-Dquarkus.log.console.json.enabled=false"));
    for (String property : properties) {
      command.add("-D" + property);
    }
    command.add("-jar");
    command.add(jar.toString());
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().put("KUBECONFIG", kubeconfig.toString());
      OperatorProcess operator = new OperatorProcess(builder.start(), log);
      Runtime.getRuntime().addShutdownHook(new Thread(operator.process::destroyForcibly));
      Eventually.until("the operator to start (" + log + ")", Duration.ofSeconds(90), () -> {
        if (!operator.process.isAlive()) {
          throw new IllegalStateException("the operator exited: see " + log);
        }
        return operator.log().contains(readyLine);
      });
      return operator;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether this replica leads: its controllers started processing events. */
  public boolean leads() {
    return log().contains(LEADING);
  }

  public long pid() {
    return process.pid();
  }

  public String log() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SIGKILL: no shutdown hook, no lease release, as when a node dies. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * SIGTERM, as Kubernetes stops a Pod, then waits up to {@code timeout}.
   *
   * @return the exit status, or empty if the process was still running after the timeout (it is then killed)
   */
  public Optional<Integer> terminate(Duration timeout) {
    process.destroy();
    try {
      if (process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
        return Optional.of(process.exitValue());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    kill();
    return Optional.empty();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        kill();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
