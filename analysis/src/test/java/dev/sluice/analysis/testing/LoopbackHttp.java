package dev.sluice.analysis.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What every local vendor API server of the analysis tests does alike: listen on a free loopback port (never another
 * interface), answer a status with a body, read a query string, wait before answering (the slow answers), stop.
 * Each server keeps only its vendor's API: paths, authentication, answer shapes, error and rate-limit answers.
 */
public final class LoopbackHttp implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();

  private LoopbackHttp(Map<String, HttpHandler> contexts) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    // One thread per request, so a slow answer does not hold the next request back.
    server.setExecutor(executor);
    contexts.forEach(server::createContext);
    server.start();
  }

  /** A server answering each path prefix with its handler, started. */
  public static LoopbackHttp serve(Map<String, HttpHandler> contexts) throws IOException {
    return new LoopbackHttp(contexts);
  }

  /** http://127.0.0.1:PORT */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Answers status with body as contentType; an empty body is sent as no body at all. */
  public static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** Answers status with a JSON body. */
  public static void sendJson(HttpExchange exchange, int status, String body) throws IOException {
    send(exchange, status, "application/json", body);
  }

  /** The decoded parameters of a query string or form body (null or empty: none), in their order. */
  public static Map<String, String> params(String encoded) {
    Map<String, String> out = new LinkedHashMap<>();
    if (encoded == null || encoded.isEmpty()) {
      return out;
    }
    for (String pair : encoded.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  /** Waits before answering; an interrupt (the server stopping) ends the wait. */
  public static void pause(Duration duration) {
    if (duration.isZero()) {
      return;
    }
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
