package dev.sluice.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The packaged Sluice operator (operator/target/quarkus-app) running as its own process against the test cluster,
 * as it would in a Pod: tests can kill it (SIGKILL) and start it again. Its log goes to target/operator-N.log.
 *
 * <p>Like the kubelet under a Pod, it is started again when it exits on its own: a leader that cannot renew its Lease
 * within the deadline exits by design (it must not go on writing beside a new leader), and on a loaded machine that
 * happens. Without a restart, nothing would reconcile for the rest of the test class. A restart is written into the
 * log; after {@link #MAX_RESTARTS} the process stays down, as a crash loop should fail the test, not hide in it.
 */
public final class OperatorProcess implements AutoCloseable {
  private static final String LEADING = "Started event processing";
  private static final String STARTED = " started in ";
  private static final int MAX_RESTARTS = 3;
  private static final Duration RESTART_DELAY = Duration.ofSeconds(1);
  private static int started;
  private final ProcessBuilder builder;
  private final Path log;
  private volatile Process process;
  /** Set before the test stops it (kill, terminate, close): that exit is not restarted. */
  private volatile boolean stopping;
  /** Set once it started: an exit while starting fails the start instead. */
  private volatile boolean up;
  private int restarts;

  private OperatorProcess(ProcessBuilder builder, Path log) throws IOException {
    this.builder = builder;
    this.log = log;
    this.process = launch();
  }

  private Process launch() throws IOException {
    Process launched = builder.start();
    Runtime.getRuntime().addShutdownHook(new Thread(launched::destroyForcibly));
    launched.onExit().thenRun(() -> restartAfterExit(launched));
    return launched;
  }

  /** Runs when a process of this replica exits: started again unless the test stopped it or it never came up. */
  private void restartAfterExit(Process exited) {
    synchronized (this) {
      if (stopping || !up || exited != process) {
        return;
      }
      if (restarts == MAX_RESTARTS) {
        appendToLog("--- the operator exited with status " + exited.exitValue() + " after " + restarts
            + " restarts: not restarted again ---");
        return;
      }
      restarts++;
      appendToLog("--- the operator exited with status " + exited.exitValue() + "; restart " + restarts
          + ", as the kubelet restarts a Pod's container ---");
    }
    try {
      Thread.sleep(RESTART_DELAY.toMillis());
      synchronized (this) {
        if (!stopping) {
          process = launch();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      appendToLog("--- the restart failed: " + e + " ---");
    }
  }

  /** The test stops this replica: whatever process it runs now is the last. */
  private synchronized Process stop() {
    stopping = true;
    return process;
  }

  private void appendToLog(String line) {
    try {
      Files.writeString(log, System.lineSeparator() + line + System.lineSeparator(), StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How many times the process exited on its own and was started again. */
  public synchronized int restarts() {
    return restarts;
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
      Files.deleteIfExists(log);
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().put("KUBECONFIG", kubeconfig.toString());
      OperatorProcess operator = new OperatorProcess(builder, log);
      Eventually.until("the operator to start (" + log + ")", Duration.ofSeconds(90), () -> {
        if (!operator.process.isAlive()) {
          throw new IllegalStateException("the operator exited: see " + log);
        }
        return operator.log().contains(readyLine);
      });
      operator.up = true;
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

  /** SIGKILL: no shutdown hook, no lease release, as when a node dies. Not restarted. */
  public void kill() {
    Process last = stop();
    last.destroyForcibly();
    try {
      last.waitFor();
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
    Process last = stop();
    last.destroy();
    try {
      if (last.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
        return Optional.of(last.exitValue());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    kill();
    return Optional.empty();
  }

  @Override
  public void close() {
    Process last = stop();
    last.destroy();
    try {
      if (!last.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        kill();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
