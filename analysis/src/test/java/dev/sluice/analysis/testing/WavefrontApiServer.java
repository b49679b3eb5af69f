package dev.sluice.analysis.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A local server speaking Wavefront's documented chart API (Wavefront is hosted only), for the wavefront provider's
 * tests: {@code GET /api/v2/chart/api?q=QUERY&s=START_MS&g=GRANULARITY...} with {@code Authorization: Bearer TOKEN}.
 * A wrong token is answered 401 and a request without {@code q}, {@code s} or {@code g} 400, both in the REST API's
 * {@code {"status": {"result": "ERROR", "message", "code"}}} shape. The test decides the answer to each query
 * ({@link #answer}); {@link #series} writes the chart API's {@code timeseries} answer. Requests are kept.
 */
public final class WavefrontApiServer implements AutoCloseable {
  private final HttpServer server;
  private final String token;
  private final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
  private volatile Function<String, Reply> answers = query -> Reply.ok(series());

  /** One answer: status, JSON body and a delay before answering. */
  public record Reply(int status, String body, Duration delay) {
    public static Reply ok(String body) {
      return new Reply(200, body, Duration.ZERO);
    }

    public static Reply error(int status, String message) {
      return new Reply(status, "{\"status\":{\"result\":\"ERROR\",\"message\":\"" + message.replace("\"", "\\\"")
          + "\",\"code\":" + status + "}}", Duration.ZERO);
    }

    public static Reply rateLimited() {
      return error(429, "Too many requests: rate limit of 40 queries per second per customer exceeded");
    }

    /** The chart API's answer to a query it could not run. */
    public static Reply queryFailed(String errorType, String message) {
      return new Reply(400, "{\"query\":\"ts(x)\",\"errorType\":\"" + errorType + "\",\"errorMessage\":\""
          + message + "\"}", Duration.ZERO);
    }

    public Reply after(Duration wait) {
      return new Reply(status, body, wait);
    }
  }

  public WavefrontApiServer(String token) throws IOException {
    this.token = token;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/api/v2/chart/api", this::chart);
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public void answer(Function<String, Reply> answers) {
    this.answers = answers;
  }

  /** The query parameters of each chart request received. */
  public List<Map<String, String>> requests() {
    return List.copyOf(requests);
  }

  private void chart(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod())) {
        send(exchange, Reply.error(405, "HTTP 405 Method Not Allowed"));
        return;
      }
      if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        send(exchange, Reply.error(401, "Authorization required"));
        return;
      }
      Map<String, String> params = params(exchange.getRequestURI().getRawQuery());
      if (!params.containsKey("q") || !params.containsKey("s") || !params.containsKey("g")) {
        send(exchange, Reply.error(400, "q, s and g are required"));
        return;
      }
      requests.add(params);
      Reply reply = answers.apply(params.get("q"));
      if (!reply.delay().isZero()) {
        try {
          Thread.sleep(reply.delay().toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      send(exchange, reply);
    }
  }

  private static Map<String, String> params(String query) {
    Map<String, String> out = new HashMap<>();
    if (query != null) {
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return out;
  }

  private static void send(HttpExchange exchange, Reply reply) throws IOException {
    byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(reply.status(), bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /**
   * The chart API's answer with one series per value, each with one point at the current second (what Argo's
   * request, start and end now and one point, gets back); no values is an answer without series.
   */
  public static String series(double... values) {
    long now = System.currentTimeMillis() / 1000;
    StringBuilder out = new StringBuilder("{\"query\":\"q\",\"name\":\"q\",\"timeseries\":[");
    for (int i = 0; i < values.length; i++) {
      String value = Double.isNaN(values[i]) ? "NaN" : Double.toString(values[i]);
      out.append(i == 0 ? "" : ",").append("{\"label\":\"istio.requestcount.count\",\"host\":\"pod-").append(i)
          .append("\",\"tags\":{\"destination_service\":\"web\"},\"data\":[[").append(now - 60).append(",0.5],[")
          .append(now).append(",").append(value).append("]]}");
    }
    return out.append("],\"granularity\":1,\"stats\":{\"keys\":2,\"points\":2,\"latency\":1}}").toString();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
