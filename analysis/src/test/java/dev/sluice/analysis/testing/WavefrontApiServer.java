package dev.sluice.analysis.testing;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A local server speaking Wavefront's documented chart API (Wavefront is hosted only), for the wavefront provider's
 * tests: {@code GET /api/v2/chart/api?q=QUERY&s=START_MS&g=GRANULARITY...} with {@code Authorization: Bearer TOKEN}.
 * A wrong token is answered 401 and a request without {@code q}, {@code s} or {@code g} 400, both in the REST API's
 * {@code {"status": {"result": "ERROR", "message", "code"}}} shape. The test decides the answer to each query
 * ({@link #answer}); {@link #series} writes the chart API's {@code timeseries} answer. Requests are kept.
 */
public final class WavefrontApiServer implements AutoCloseable {
  private final LoopbackHttp http;
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
    http = LoopbackHttp.serve(Map.of("/api/v2/chart/api", this::chart));
  }

  public String url() {
    return http.url();
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
      Map<String, String> params = LoopbackHttp.params(exchange.getRequestURI().getRawQuery());
      if (!params.containsKey("q") || !params.containsKey("s") || !params.containsKey("g")) {
        send(exchange, Reply.error(400, "q, s and g are required"));
        return;
      }
      requests.add(params);
      Reply reply = answers.apply(params.get("q"));
      LoopbackHttp.pause(reply.delay());
      send(exchange, reply);
    }
  }

  private static void send(HttpExchange exchange, Reply reply) throws IOException {
    LoopbackHttp.sendJson(exchange, reply.status(), reply.body());
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
    http.close();
  }
}
