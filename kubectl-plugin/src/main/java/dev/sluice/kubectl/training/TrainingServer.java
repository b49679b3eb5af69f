package dev.sluice.kubectl.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * A stand-in API server on loopback for the training run: answers the reads of `get rollout`, `list rollouts` and
 * `version` with the objects of one YAML file, so the run takes the plugin's real paths (kubeconfig, client, HTTP,
 * deserialisation, views, rendering) without a cluster. Lists ignore selectors; nothing can be written.
 */
final class TrainingServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpServer server;
  private final String scheme;
  private final List<JsonNode> objects;

  private TrainingServer(HttpServer server, String scheme, List<JsonNode> objects) {
    this.server = server;
    this.scheme = scheme;
    this.objects = objects;
  }

  /** Over TLS that requires a client certificate when tls is given, else plain HTTP. */
  static TrainingServer start(String resource, Optional<SSLContext> tls) throws IOException {
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    HttpServer server;
    if (tls.isPresent()) {
      HttpsServer https = HttpsServer.create(loopback, 0);
      https.setHttpsConfigurator(new HttpsConfigurator(tls.get()) {
        @Override
        public void configure(HttpsParameters parameters) {
          parameters.setNeedClientAuth(true);
        }
      });
      server = https;
    } else {
      server = HttpServer.create(loopback, 0);
    }
    TrainingServer training = new TrainingServer(server, tls.isPresent() ? "https" : "http", documents(resource));
    server.createContext("/", training::answer);
    server.start();
    return training;
  }

  String url() {
    return scheme + "://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
  }

  private void answer(HttpExchange exchange) throws IOException {
    String[] path = exchange.getRequestURI().getPath().split("/");
    String last = path[path.length - 1];
    JsonNode body;
    if (last.equals("version")) {
      body = JSON.createObjectNode().put("major", "1").put("minor", "0").put("gitVersion", "v1.0.0-training");
    } else if (path.length >= 2 && plural(path[path.length - 2])) {
      body = objects.stream().filter(o -> o.path("metadata").path("name").asText().equals(last)
          && plural(o).equals(path[path.length - 2])).findFirst().orElse(null);
    } else {
      List<JsonNode> items = objects.stream().filter(o -> plural(o).equals(last)).toList();
      ObjectNode list = JSON.createObjectNode();
      items.stream().findFirst().ifPresent(o -> list.put("apiVersion", o.path("apiVersion").asText())
          .put("kind", o.path("kind").asText() + "List"));
      list.putObject("metadata");
      items.forEach(list.putArray("items")::add);
      body = list;
    }
    byte[] bytes = body == null ? new byte[0] : JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length == 0 ? -1 : bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  /** Whether a path segment is the plural of a kind served here (then the next one is an object's name). */
  private boolean plural(String segment) {
    return objects.stream().anyMatch(o -> plural(o).equals(segment));
  }

  private static String plural(JsonNode object) {
    return object.path("kind").asText().toLowerCase(Locale.ROOT) + "s";
  }

  private static List<JsonNode> documents(String resource) throws IOException {
    try (InputStream in = TrainingServer.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new UncheckedIOException(new IOException("no resource " + resource));
      }
      return new ObjectMapper(new YAMLFactory()).readerFor(JsonNode.class)
          .<JsonNode>readValues(new String(in.readAllBytes(), StandardCharsets.UTF_8)).readAll();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
