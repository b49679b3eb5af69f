package dev.sluice.analysis.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local server speaking the part of New Relic's NerdGraph (GraphQL) API that Argo Rollouts' newRelic provider
 * uses, for tests (no New Relic server can be installed): {@code POST /graphql} with an {@code API-Key} header and the
 * {@code actor { account(id) { nrql(query, timeout) { results } } }} query with variables query, accountId and
 * timeout. It answers {@code data.actor.account.nrql.results} rows set per NRQL query, HTTP 401 for a wrong key,
 * GraphQL {@code errors} (HTTP 200) for an unknown account, a query it has no rows for (as NRQL syntax errors come)
 * and NRQL's rate limit, HTTP 429, slowly, or with a huge body.
 */
public final class NerdGraphServer implements AutoCloseable {
  /** How the next answers are made. */
  public enum Mode { NORMAL, RATE_LIMITED, HTTP_429, SLOW, HUGE }

  private static final ObjectMapper JSON = new ObjectMapper();
  private final LoopbackHttp http;
  private final String apiKey;
  private final long accountId;
  private final Map<String, String> results = new ConcurrentHashMap<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final List<JsonNode> received = Collections.synchronizedList(new ArrayList<>());
  private volatile Mode mode = Mode.NORMAL;

  public NerdGraphServer(String apiKey, long accountId) throws IOException {
    this.apiKey = apiKey;
    this.accountId = accountId;
    http = LoopbackHttp.serve(Map.of("/graphql", this::graphql));
  }

  /** The URL the profile Secret's {@code base-url-nerdgraph} holds. */
  public String url() {
    return http.url() + "/graphql";
  }

  /** The NRQL query (as the provider sends it, arguments placed) answers these rows, a JSON list. */
  public NerdGraphServer put(String nrql, String resultsJson) {
    results.put(nrql.strip(), resultsJson);
    return this;
  }

  public void mode(Mode mode) {
    this.mode = mode;
  }

  public int requests() {
    return requests.get();
  }

  /** The request bodies received, oldest first. */
  public List<JsonNode> received() {
    return List.copyOf(received);
  }

  private void graphql(HttpExchange exchange) throws IOException {
    try (exchange) {
      requests.incrementAndGet();
      if (!apiKey.equals(exchange.getRequestHeaders().getFirst("API-Key"))) {
        LoopbackHttp.sendJson(exchange, 401, "{\"errors\":[{\"message\":\"Invalid API key\"}]}");
        return;
      }
      JsonNode body;
      try {
        body = JSON.readTree(exchange.getRequestBody());
      } catch (IOException e) {
        LoopbackHttp.sendJson(exchange, 400, "{\"errors\":[{\"message\":\"Invalid JSON\"}]}");
        return;
      }
      received.add(body);
      JsonNode variables = body.path("variables");
      String query = body.path("query").asText();
      if (!"POST".equals(exchange.getRequestMethod()) || !query.contains("nrql(query: $query, timeout: $timeout)")
          || !query.contains("account(id: $accountId)") || !variables.path("accountId").isIntegralNumber()
          || !variables.path("query").isTextual() || !variables.path("timeout").isIntegralNumber()) {
        LoopbackHttp.sendJson(exchange, 200, error("Validation error: the query needs $query: Nrql!, $accountId: Int!,"
            + " $timeout: Seconds!", "INVALID_INPUT"));
        return;
      }
      switch (mode) {
        case RATE_LIMITED -> {
          LoopbackHttp.sendJson(exchange, 200, error("NRDB query rate limit exceeded: too many concurrent queries",
              "TOO_MANY_REQUESTS"));
          return;
        }
        case HTTP_429 -> {
          LoopbackHttp.sendJson(exchange, 429, "{\"errors\":[{\"message\":\"Too Many Requests\"}]}");
          return;
        }
        case SLOW -> LoopbackHttp.pause(Duration.ofSeconds(variables.path("timeout").asLong() + 10));
        case HUGE -> {
          exchange.sendResponseHeaders(200, 0);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write("{\"data\":{\"actor\":{\"account\":{\"nrql\":{\"results\":[".getBytes(StandardCharsets.UTF_8));
            byte[] row = "{\"count\":1},".repeat(5_000).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 200; i++) {
              out.write(row);
            }
            out.write("{\"count\":1}]}}}}}".getBytes(StandardCharsets.UTF_8));
          } catch (IOException e) {
            // the client stopped reading at its bound
          }
          return;
        }
        default -> {
        }
      }
      if (variables.path("accountId").asLong() != accountId) {
        LoopbackHttp.sendJson(exchange, 200, error("Access denied to account " + variables.path("accountId").asLong(), "FORBIDDEN"));
        return;
      }
      String rows = results.get(variables.path("query").asText().strip());
      if (rows == null) {
        LoopbackHttp.sendJson(exchange, 200, error("NRQL Syntax Error: Error at line 1 position 1, unexpected query", "INVALID_INPUT"));
        return;
      }
      ObjectNode answer = JSON.createObjectNode();
      answer.putObject("data").putObject("actor").putObject("account").putObject("nrql")
          .set("results", JSON.readTree(rows));
      LoopbackHttp.sendJson(exchange, 200, answer.toString());
    }
  }

  /** A GraphQL error as NerdGraph answers one: HTTP 200, data with a null field, and errors. */
  private static String error(String message, String errorClass) {
    ObjectNode answer = JSON.createObjectNode();
    answer.putObject("data").putObject("actor").putObject("account").putNull("nrql");
    ArrayNode errors = answer.putArray("errors");
    ObjectNode error = errors.addObject().put("message", message);
    error.putArray("path").add("actor").add("account").add("nrql");
    error.putObject("extensions").put("errorClass", errorClass);
    return answer.toString();
  }

  @Override
  public void close() {
    http.close();
  }
}
