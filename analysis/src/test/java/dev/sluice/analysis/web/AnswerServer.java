package dev.sluice.analysis.web;

import com.sun.net.httpserver.HttpExchange;
import dev.sluice.analysis.testing.LoopbackHttp;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A local HTTP server that records each request and answers as the test says. */
final class AnswerServer implements AutoCloseable {
  record Recorded(String method, String pathAndQuery, Map<String, List<String>> headers, String body) {
    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }
  }

  interface Responder {
    void respond(HttpExchange exchange) throws IOException;
  }

  final List<Recorded> requests = new CopyOnWriteArrayList<>();
  private final HttpServer server;
  private volatile Responder responder = exchange -> send(exchange, 200, "1");

  AnswerServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.createContext("/", exchange -> {
      try (exchange) {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
            Map.copyOf(exchange.getRequestHeaders()), body));
        responder.respond(exchange);
      }
    });
    server.start();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  void respond(Responder responder) {
    this.responder = responder;
  }

  void answer(int status, String body) {
    respond(exchange -> send(exchange, status, body));
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
