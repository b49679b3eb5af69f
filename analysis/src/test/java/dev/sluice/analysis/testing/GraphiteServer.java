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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real graphite-web (PyPI, in the virtualenv {@code hack/install-graphite.sh} makes; the script runs first and does
 * nothing when the pinned version is there) serving the render API over whisper files in a temporary directory, on a
 * free loopback port. {@link #put} writes points with whisper itself, as carbon would. {@link #close()} stops it.
 */
public final class GraphiteServer implements AutoCloseable {
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
  private final Path venv;
  private final Path storage;
  private final Process process;
  private final int port;

  private GraphiteServer(Path venv, Path storage, Process process, int port) {
    this.venv = venv;
    this.storage = storage;
    this.process = process;
    this.port = port;
  }

  public static GraphiteServer start() throws IOException, InterruptedException {
    Path venv = Path.of(HackScripts.run("install-graphite.sh"));
    Path storage = Files.createTempDirectory("sluice-graphite-");
    Files.createDirectories(storage.resolve("whisper"));
    int port = freePort();
    ProcessBuilder builder = new ProcessBuilder(venv.resolve("bin/django-admin").toString(), "runserver",
        "127.0.0.1:" + port, "--noreload")
        .redirectErrorStream(true)
        .redirectOutput(storage.resolve("server.log").toFile());
    builder.environment().put("GRAPHITE_STORAGE_DIR", storage.toString());
    builder.environment().put("DJANGO_SETTINGS_MODULE", "graphite.settings");
    GraphiteServer server = new GraphiteServer(venv, storage, builder.start(), port);
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

  /** Writes {@code values} into the whisper file of {@code metric} (dotted), one a minute, the last a minute ago. */
  public void put(String metric, double... values) throws IOException, InterruptedException {
    Path file = storage.resolve("whisper").resolve(metric.replace('.', '/') + ".wsp");
    Files.createDirectories(file.getParent());
    StringBuilder list = new StringBuilder();
    for (double value : values) {
      list.append(value).append(',');
    }
    String script = "import whisper, time, os\n"
        + "p = '" + file + "'\n"
        + "os.path.exists(p) or whisper.create(p, [(60, 1440)])\n"
        + "now = int(time.time()) // 60 * 60\n"
        + "values = [" + list + "]\n"
        + "for i, v in enumerate(values):\n"
        + "    whisper.update(p, v, now - 60 * (len(values) - i))\n";
    Process python = new ProcessBuilder(venv.resolve("bin/python").toString(), "-c", script)
        .redirectErrorStream(true).start();
    String out = new String(python.getInputStream().readAllBytes());
    if (!python.waitFor(30, TimeUnit.SECONDS) || python.exitValue() != 0) {
      throw new IOException("whisper could not write " + metric + ": " + out);
    }
  }

  private void awaitReady() throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IOException("graphite-web exited with " + process.exitValue() + ":\n" + logTail());
      }
      try {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url()
            + "/render?target=none&format=json")).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("graphite-web not ready after " + STARTUP_TIMEOUT + ":\n" + logTail());
  }

  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(storage.resolve("server.log"));
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
    try (Stream<Path> files = Files.walk(storage)) {
      List<Path> all = new ArrayList<>(files.sorted(Comparator.reverseOrder()).toList());
      for (Path path : all) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      // a temporary directory
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
