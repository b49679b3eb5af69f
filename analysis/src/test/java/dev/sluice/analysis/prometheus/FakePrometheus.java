package dev.sluice.analysis.prometheus;

import com.sun.net.httpserver.HttpExchange;
import dev.sluice.analysis.testing.LoopbackHttp;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;

/**
 * A stand-in for Prometheus' HTTP API that records requests and answers as told. For transport concerns only
 * (headers, auth, TLS, status codes, timeouts); query semantics are tested against the real server.
 */
final class FakePrometheus implements AutoCloseable {
  record Recorded(String method, String path, Map<String, String> params, Map<String, List<String>> headers,
      String rawQuery, String body) {
    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }
  }

  interface Responder {
    void respond(HttpExchange exchange, Recorded request) throws IOException;
  }

  static final String ONE_SAMPLE = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\","
      + "\"result\":[{\"metric\":{},\"value\":[1714557600,\"1\"]}]}}";

  final List<Recorded> requests = new CopyOnWriteArrayList<>();
  private final HttpServer server;
  private volatile Responder responder = (exchange, request) -> send(exchange, 200, ONE_SAMPLE);

  private FakePrometheus(HttpServer server) {
    this.server = server;
    server.createContext("/", exchange -> {
      try (exchange) {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> params = LoopbackHttp.params(exchange.getRequestURI().getRawQuery());
        params.putAll(LoopbackHttp.params(body));
        Recorded recorded = new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), params,
            Map.copyOf(exchange.getRequestHeaders()), exchange.getRequestURI().getRawQuery(), body);
        requests.add(recorded);
        responder.respond(exchange, recorded);
      }
    });
    server.start();
  }

  static FakePrometheus http() throws IOException {
    return new FakePrometheus(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
  }

  static FakePrometheus https(SSLContext context) throws IOException {
    HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(context));
    return new FakePrometheus(server);
  }

  String url() {
    return (server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort();
  }

  void respond(Responder responder) {
    this.responder = responder;
  }

  Recorded last() {
    return requests.get(requests.size() - 1);
  }

  static void send(HttpExchange exchange, int status, String body) throws IOException {
    LoopbackHttp.sendJson(exchange, status, body);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
