package dev.sluice.operator.notifications.services;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local HTTP server standing in for a vendor's API (Slack, Teams, PagerDuty, Opsgenie, Grafana have no local
 * server): it answers each request with the next scripted answer, shaped as the vendor's API documentation shows,
 * and keeps what it received.
 */
final class VendorServer implements AutoCloseable {
  record Received(String method, String path, Map<String, List<String>> headers, String body) {
    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
          .map(e -> e.getValue().get(0)).orElse(null);
    }
  }

  record Answer(int status, String body, Map<String, String> headers) {
    static Answer of(int status, String body) {
      return new Answer(status, body, Map.of());
    }
  }

  private final HttpServer server;
  private final Deque<Answer> answers = new ArrayDeque<>();
  final List<Received> received = new CopyOnWriteArrayList<>();

  VendorServer(Answer... script) {
    answers.addAll(List.of(script));
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
          Map.copyOf(exchange.getRequestHeaders()), body));
      Answer answer;
      synchronized (answers) {
        answer = answers.size() > 1 ? answers.poll() : answers.peek();
      }
      answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        exchange.getResponseBody().write(out);
      }
      exchange.close();
    });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
