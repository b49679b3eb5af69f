package dev.sluice.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A webhook receiver as a deploy log or a chat bridge runs one: it keeps each request it accepted (200) and counts
 * those it refused while {@link #refusing} (503, as a receiver that is down for maintenance answers).
 */
final class WebhookReceiver implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  record Request(String authorization, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private final HttpServer server;
  private final List<Request> accepted = new CopyOnWriteArrayList<>();
  private final List<Request> refused = new CopyOnWriteArrayList<>();
  volatile boolean refusing;

  WebhookReceiver() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", exchange -> {
      Request request = new Request(exchange.getRequestHeaders().getFirst("Authorization"),
          new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      boolean refuse = refusing;
      (refuse ? refused : accepted).add(request);
      exchange.sendResponseHeaders(refuse ? 503 : 200, -1);
      exchange.close();
    });
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/deploys";
  }

  List<Request> accepted() {
    return List.copyOf(accepted);
  }

  List<Request> refused() {
    return List.copyOf(refused);
  }

  /** The accepted requests whose JSON summary names this trigger. */
  List<Request> accepted(String trigger) {
    return accepted.stream().filter(r -> trigger.equals(r.json().path("trigger").asText())).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
