package dev.sluice.e2e;

import dev.sluice.testing.Eventually;
import dev.sluice.testing.RepoPaths;
import dev.sluice.testing.TestCluster;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Flux as the GitOps agent of a test or of the demo: source-controller and kustomize-controller, built from their Go
 * modules, run by {@code hack/flux.sh run} against the test cluster. What they do is read through {@link FluxView}.
 */
public final class FluxAgent implements AutoCloseable {
  private static int started;
  private final Process process;
  private final Path state;

  private FluxAgent(Process process, Path state) {
    this.process = process;
    this.state = state;
  }

  /**
   * Builds Flux if needed (hack/build-flux.sh; install-prerequisites.sh builds it ahead), installs its CRDs, starts
   * both controllers and waits until they answer their health checks.
   */
  public static synchronized FluxAgent start(TestCluster cluster) {
    Path state = Path.of("target", "flux-" + ProcessHandle.current().pid() + "-" + (++started)).toAbsolutePath();
    try {
      Files.createDirectories(state);
      ProcessBuilder builder = new ProcessBuilder(RepoPaths.resolve("hack/flux.sh").toString(), "run")
          .directory(RepoPaths.root().toFile()).redirectError(state.resolve("flux.sh.log").toFile());
      builder.environment().put("KUBECONFIG", cluster.kubeconfig().toString());
      builder.environment().put("SLUICE_FLUX_DIR", state.toString());
      Process process = builder.start();
      FluxAgent flux = new FluxAgent(process, state);
      Runtime.getRuntime().addShutdownHook(new Thread(flux::close, "flux-stop"));
      CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = out.readLine()) != null) {
            if (line.equals("ready")) {
              return true;
            }
          }
          return false;
        } catch (IOException e) {
          return false;
        }
      });
      // A cold build of Flux takes long on a small machine; install-prerequisites.sh does it ahead of the tests.
      if (!ready.get(45, TimeUnit.MINUTES)) {
        throw new IllegalStateException("hack/flux.sh run ended before Flux was ready: see " + state);
      }
      return flux;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Flux did not become ready: see " + state, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** kustomize-controller's log so far (what Flux did, as its operator would read it). */
  public String kustomizeControllerLog() {
    try {
      Path log = state.resolve("kustomize-controller.log");
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public boolean running() {
    return process.isAlive();
  }

  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy(); // SIGTERM: hack/flux.sh stops both controllers
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Eventually.until("hack/flux.sh stopped", Duration.ofSeconds(30), () -> !process.isAlive());
  }
}
