package dev.sluice.analysis.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Prometheus server for tests: {@code /usr/bin/prometheus} (Debian's package; {@code hack/install-prometheus.sh}
 * installs it) on a free loopback port, with a generated config scraping the given targets every second and its
 * storage in a temporary directory. {@link #start} returns once the server is ready and every target is up;
 * {@link #close()} stops the process and removes the directory. A missing binary is a test failure, never a skip.
 */
public final class PrometheusServer implements AutoCloseable {
  public static final Path BINARY = Path.of(System.getProperty("sluice.prometheus.binary", "/usr/bin/prometheus"));
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Path directory;
  private final int port;
  private final Thread shutdownHook;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private boolean stopped;

  private PrometheusServer(Process process, Path directory, int port) {
    this.process = process;
    this.directory = directory;
    this.port = port;
    // If the test JVM dies without close(), do not leave a Prometheus behind.
    this.shutdownHook = new Thread(() -> process.destroyForcibly(), "stop-prometheus-" + port);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Fails with the fix in the message when Prometheus is not installed. */
  public static void requireBinary() {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException("Prometheus is not installed at " + BINARY + ". Run hack/install-prometheus.sh"
          + " (as root; CI runs it) to install Debian's prometheus package. These tests need a real server and are"
          + " not skipped.");
    }
  }

  public static PrometheusServer start(List<String> scrapeTargets) throws IOException, InterruptedException {
    requireBinary();
    IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      Path directory = Files.createTempDirectory("sluice-prometheus-");
      int port = freePort();
      Files.writeString(directory.resolve("prometheus.yml"), config(scrapeTargets));
      Process process = new ProcessBuilder(BINARY.toString(),
          "--config.file=" + directory.resolve("prometheus.yml"),
          "--storage.tsdb.path=" + directory.resolve("data"),
          "--web.listen-address=127.0.0.1:" + port,
          "--storage.tsdb.retention.time=1h",
          "--log.level=warn")
          .redirectErrorStream(true)
          .redirectOutput(directory.resolve("prometheus.log").toFile())
          .start();
      PrometheusServer server = new PrometheusServer(process, directory, port);
      try {
        server.awaitReady();
        server.awaitTargetsUp(scrapeTargets.size(), Duration.ofSeconds(30));
        return server;
      } catch (IOException e) {
        last = e;
        server.close();
      } catch (RuntimeException | InterruptedException e) {
        server.close();
        throw e;
      }
    }
    throw last;
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public boolean isRunning() {
    return process.isAlive();
  }

  /** Runs a PromQL instant query with the JDK client (independent of the code under test); returns data.result. */
  public JsonNode query(String promql) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/api/v1/query?query="
        + java.net.URLEncoder.encode(promql, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(10)).build();
    JsonNode root = JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
    return root.path("data").path("result");
  }

  private void awaitReady() throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IOException("prometheus exited with " + process.exitValue() + ":\n" + logTail());
      }
      try {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url() + "/-/ready"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("prometheus not ready after " + STARTUP_TIMEOUT + ":\n" + logTail());
  }

  /** Waits until Prometheus has scraped each of its {@code expected} targets successfully. */
  public void awaitTargetsUp(int expected, Duration timeout) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    String seen = "";
    while (Instant.now().isBefore(deadline)) {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url() + "/api/v1/targets"))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      JsonNode targets = JSON.readTree(response.body()).path("data").path("activeTargets");
      List<String> health = new ArrayList<>();
      targets.forEach(t -> health.add(t.path("scrapeUrl").asText() + "=" + t.path("health").asText()));
      seen = health.toString();
      if (health.size() == expected && health.stream().allMatch(h -> h.endsWith("=up"))) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("prometheus targets not up after " + timeout + ": " + seen + "\n" + logTail());
  }

  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(directory.resolve("prometheus.log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Stops the process (SIGTERM, then SIGKILL after 15s) and deletes its directory. Idempotent. */
  public synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(15, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down; the hook runs anyway
    }
    deleteRecursively(directory);
  }

  @Override
  public void close() {
    stop();
  }

  private static String config(List<String> targets) {
    StringBuilder yaml = new StringBuilder()
        .append("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\n")
        .append("scrape_configs:\n  - job_name: test\n    static_configs:\n      - targets:\n");
    for (String target : targets) {
      yaml.append("          - '").append(target).append("'\n");
    }
    return yaml.toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot remove " + root, e);
    }
  }
}
