package dev.sluice.gitops.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Git smart-HTTP server for tests: C Git's own {@code git http-backend} (the CGI that real Git hosting runs)
 * behind the JDK's HTTP server, on a free loopback port, with HTTP basic authentication on every request.
 * Serves every bare repository under {@code root} at {@code /git/<name>}.
 *
 * <p>Needs the {@code git} command on the PATH (Debian package git).
 */
public final class GitHttpServer implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor;
  private final Path root;
  private final String expectedAuthorization;
  private final AtomicInteger unauthorized = new AtomicInteger();
  private final AtomicInteger served = new AtomicInteger();

  private GitHttpServer(Path root, String username, String password) throws IOException {
    this.root = root;
    this.expectedAuthorization = "Basic " + Base64.getEncoder()
        .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    this.executor = Executors.newFixedThreadPool(16, r -> {
      Thread thread = new Thread(r, "git-http-test-server");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    server.createContext("/git/", exchange -> {
      try (exchange) {
        handle(exchange, username);
      } catch (IOException | RuntimeException e) {
        // The client sees a truncated response; nothing else to do in a test server.
      }
    });
    server.start();
  }

  /** Starts serving the repositories under {@code root}, accepting only {@code username}/{@code password}. */
  public static GitHttpServer start(Path root, String username, String password) {
    try {
      return new GitHttpServer(root, username, password);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** URL of the bare repository {@code root/<name>}. */
  public String url(String name) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/git/" + name;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Requests answered 401 so far. */
  public int unauthorizedRequests() {
    return unauthorized.get();
  }

  /** Requests passed to git http-backend so far. */
  public int servedRequests() {
    return served.get();
  }

  private void handle(HttpExchange exchange, String username) throws IOException {
    if (!expectedAuthorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
      unauthorized.incrementAndGet();
      exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"sluice-test\"");
      exchange.sendResponseHeaders(401, -1);
      return;
    }
    served.incrementAndGet();
    ProcessBuilder builder = new ProcessBuilder("git", "http-backend");
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("GIT_"));
    env.put("GIT_PROJECT_ROOT", root.toAbsolutePath().toString());
    env.put("GIT_HTTP_EXPORT_ALL", "1");
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("HOME", root.toAbsolutePath().toString());
    env.put("REQUEST_METHOD", exchange.getRequestMethod());
    env.put("PATH_INFO", exchange.getRequestURI().getPath().substring("/git".length()));
    env.put("QUERY_STRING", exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery());
    env.put("REMOTE_USER", username);
    env.put("REMOTE_ADDR", "127.0.0.1");
    putHeader(exchange, env, "Content-Type", "CONTENT_TYPE");
    putHeader(exchange, env, "Content-Length", "CONTENT_LENGTH");
    putHeader(exchange, env, "Content-Encoding", "HTTP_CONTENT_ENCODING");
    putHeader(exchange, env, "Git-Protocol", "GIT_PROTOCOL");
    builder.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process process = builder.start();
    Thread feeder = new Thread(() -> {
      try (InputStream in = exchange.getRequestBody(); OutputStream out = process.getOutputStream()) {
        in.transferTo(out);
      } catch (IOException e) {
        // The backend exited early; it reports the problem itself.
      }
    }, "git-http-test-server-body");
    feeder.setDaemon(true);
    feeder.start();
    try (InputStream cgi = new BufferedInputStream(process.getInputStream())) {
      int status = 200;
      String line;
      while (!(line = readLine(cgi)).isEmpty()) {
        int colon = line.indexOf(':');
        if (colon < 0) {
          continue;
        }
        String name = line.substring(0, colon).trim();
        String value = line.substring(colon + 1).trim();
        if (name.equalsIgnoreCase("Status")) {
          status = Integer.parseInt(value.split(" ")[0]);
        } else {
          exchange.getResponseHeaders().add(name, value);
        }
      }
      exchange.sendResponseHeaders(status, 0);
      try (OutputStream body = exchange.getResponseBody()) {
        cgi.transferTo(body);
      }
    } finally {
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
        feeder.join(TimeUnit.SECONDS.toMillis(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }

  private static void putHeader(HttpExchange exchange, Map<String, String> env, String header, String variable) {
    String value = exchange.getRequestHeaders().getFirst(header);
    if (value != null) {
      env.put(variable, value);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
