package dev.sluice.analysis.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real moto server (an AWS API server from PyPI) for tests: {@code moto_server} from the virtualenv that
 * {@code hack/install-moto.sh} makes (the script is run first, so a machine without it installs it; it does nothing
 * when the pinned version is there), on a free loopback port. Answers CloudWatch, STS and the rest with any
 * credentials. {@link #close()} stops it. A missing Python is a test failure, never a skip.
 */
public final class MotoServer implements AutoCloseable {
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final Path log;
  private final int port;
  private final Thread shutdownHook;

  private MotoServer(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
    this.shutdownHook = new Thread(process::destroyForcibly, "stop-moto-" + port);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  public static MotoServer start() throws IOException, InterruptedException {
    Path binary = Path.of(HackScripts.run("install-moto.sh"));
    int port = freePort();
    Path log = Files.createTempFile("sluice-moto-", ".log");
    Process process = new ProcessBuilder(binary.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    MotoServer server = new MotoServer(process, log, port);
    try {
      server.awaitReady();
      return server;
    } catch (IOException | RuntimeException | InterruptedException e) {
      server.close();
      throw e;
    }
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  private void awaitReady() throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IOException("moto_server exited with " + process.exitValue() + ":\n" + logTail());
      }
      try {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url() + "/moto-api/"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() < 500) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("moto_server not ready after " + STARTUP_TIMEOUT + ":\n" + logTail());
  }

  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // shutting down: the hook runs anyway
    }
    try {
      Files.deleteIfExists(log);
    } catch (IOException e) {
      // a temporary file
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
