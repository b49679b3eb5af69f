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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local server speaking the two calls of Datadog's documented metrics API that Argo Rollouts' datadog provider
 * makes, for tests (no Datadog server can be installed): {@code GET /api/v1/query} (query, from, to in seconds;
 * a {@code time_series} answer) and {@code POST /api/v2/query/scalar} (a {@code scalar_request}; a
 * {@code scalar_response} with one number column, plus a group column for a query given per group). It checks the
 * {@code DD-API-KEY} and {@code DD-APPLICATION-KEY} headers (403 with {@code errors} as Datadog answers), checks the
 * request's shape (400 with {@code errors}), evaluates formulas of + - * / and parentheses over the queries' values,
 * and can answer 429 with Datadog's rate-limit headers, slowly, or with a huge body.
 */
public final class DatadogApiServer implements AutoCloseable {
  /** How the next answers are made. */
  public enum Mode { NORMAL, RATE_LIMITED, SLOW, HUGE, NOT_JSON }

  private static final ObjectMapper JSON = new ObjectMapper();
  private final LoopbackHttp http;
  private final String apiKey;
  private final String appKey;
  private final Map<String, Double> values = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Double>> groups = new ConcurrentHashMap<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final List<JsonNode> scalarRequests = java.util.Collections.synchronizedList(new ArrayList<>());
  private volatile Mode mode = Mode.NORMAL;

  public DatadogApiServer(String apiKey, String appKey) throws IOException {
    this.apiKey = apiKey;
    this.appKey = appKey;
    http = LoopbackHttp.serve(Map.of("/api/v1/query", this::v1, "/api/v2/query/scalar", this::v2));
  }

  /** http://127.0.0.1:PORT, what the Secret's {@code address} holds. */
  public String address() {
    return http.url();
  }

  /** The metric query {@code query} (as the provider sends it) has {@code value}; null: no data. */
  public DatadogApiServer put(String query, Double value) {
    if (value == null) {
      values.remove(query);
    } else {
      values.put(query, value);
    }
    return this;
  }

  /** The query is grouped ({@code by {tag}}): one value per group, in order. */
  public DatadogApiServer putGroups(String query, Map<String, Double> byGroup) {
    groups.put(query, new LinkedHashMap<>(byGroup));
    return this;
  }

  public void mode(Mode mode) {
    this.mode = mode;
  }

  public int requests() {
    return requests.get();
  }

  /** The bodies of the v2 requests received, oldest first. */
  public List<JsonNode> scalarRequests() {
    return List.copyOf(scalarRequests);
  }

  private boolean refused(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    String api = exchange.getRequestHeaders().getFirst("DD-API-KEY");
    String app = exchange.getRequestHeaders().getFirst("DD-APPLICATION-KEY");
    if (!apiKey.equals(api) || !appKey.equals(app)) {
      LoopbackHttp.sendJson(exchange, 403, "{\"errors\":[\"Forbidden\"]}");
      return true;
    }
    switch (mode) {
      case RATE_LIMITED -> {
        exchange.getResponseHeaders().set("X-RateLimit-Limit", "100");
        exchange.getResponseHeaders().set("X-RateLimit-Period", "3600");
        exchange.getResponseHeaders().set("X-RateLimit-Remaining", "0");
        exchange.getResponseHeaders().set("X-RateLimit-Reset", "1200");
        exchange.getResponseHeaders().set("X-RateLimit-Name", "query_scalar_public");
        LoopbackHttp.sendJson(exchange, 429, "{\"errors\":[\"Too many requests\"]}");
        return true;
      }
      case SLOW -> LoopbackHttp.pause(Duration.ofSeconds(3));
      case HUGE -> {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
          byte[] chunk = "[0,1],".repeat(10_000).getBytes(StandardCharsets.US_ASCII);
          out.write("{\"series\":[{\"pointlist\":[".getBytes(StandardCharsets.US_ASCII));
          for (int i = 0; i < 200; i++) {
            out.write(chunk);
          }
          out.write("[0,1]]}]}".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
          // the client stopped reading at its bound
        }
        return true;
      }
      case NOT_JSON -> {
        LoopbackHttp.sendJson(exchange, 200, "<html>502 Bad Gateway</html>");
        return true;
      }
      default -> {
      }
    }
    return false;
  }

  private void v1(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (refused(exchange)) {
        return;
      }
      Map<String, String> params = LoopbackHttp.params(exchange.getRequestURI().getRawQuery());
      if (!"GET".equals(exchange.getRequestMethod()) || params.get("query") == null || params.get("from") == null
          || params.get("to") == null) {
        LoopbackHttp.sendJson(exchange, 400, "{\"errors\":[\"Missing required parameters: query, from, to\"]}");
        return;
      }
      long from = Long.parseLong(params.get("from"));
      long to = Long.parseLong(params.get("to"));
      if (from >= to) {
        LoopbackHttp.sendJson(exchange, 400, "{\"errors\":[\"The from date must be before the to date\"]}");
        return;
      }
      String query = params.get("query");
      ObjectNode answer = JSON.createObjectNode().put("status", "ok").put("res_type", "time_series")
          .put("query", query).put("from_date", from * 1000).put("to_date", to * 1000).put("message", "");
      answer.putArray("group_by");
      ArrayNode series = answer.putArray("series");
      Double value = values.get(query);
      if (value != null) {
        ObjectNode one = series.addObject().put("metric", query).put("expression", query).put("scope", "*")
            .put("interval", 60).put("length", 3).put("start", from * 1000).put("end", to * 1000);
        ArrayNode points = one.putArray("pointlist");
        // Older points differ, so a provider that does not take the last point gets another number.
        points.addArray().add((to - 120) * 1000.0).add(value + 1000);
        points.addArray().add((to - 60) * 1000.0).addNull();
        points.addArray().add(to * 1000.0).add(value);
      }
      LoopbackHttp.sendJson(exchange, 200, answer.toString());
    }
  }

  private void v2(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (refused(exchange)) {
        return;
      }
      JsonNode body;
      try {
        body = JSON.readTree(exchange.getRequestBody());
      } catch (IOException e) {
        LoopbackHttp.sendJson(exchange, 400, "{\"errors\":[\"Invalid JSON\"]}");
        return;
      }
      scalarRequests.add(body);
      JsonNode attributes = body.path("data").path("attributes");
      String problem = !"POST".equals(exchange.getRequestMethod()) ? "method must be POST"
          : !"scalar_request".equals(body.path("data").path("type").asText()) ? "data.type must be scalar_request"
          : !attributes.path("from").canConvertToLong() || !attributes.path("to").canConvertToLong()
              ? "attributes.from and attributes.to are required (milliseconds)"
          : attributes.path("from").asLong() >= attributes.path("to").asLong() ? "from must be before to"
          : attributes.path("to").asLong() < 100_000_000_000L ? "from and to are in milliseconds"
          : !attributes.path("queries").isArray() || attributes.path("queries").isEmpty() ? "queries are required"
          : null;
      Map<String, String> queries = new LinkedHashMap<>();
      for (JsonNode q : attributes.path("queries")) {
        if (problem == null && (!"metrics".equals(q.path("data_source").asText()) || !q.hasNonNull("name")
            || !q.hasNonNull("query") || !q.hasNonNull("aggregator"))) {
          problem = "each query needs data_source metrics, name, query and aggregator";
        }
        queries.put(q.path("name").asText(), q.path("query").asText());
      }
      if (problem != null) {
        LoopbackHttp.sendJson(exchange, 400, JSON.createObjectNode().set("errors", JSON.createArrayNode().add(problem)).toString());
        return;
      }
      JsonNode formulas = attributes.path("formulas");
      String formula = formulas.isArray() && !formulas.isEmpty() ? formulas.get(0).path("formula").asText() : null;
      ObjectNode answer = JSON.createObjectNode();
      ObjectNode data = answer.putObject("data").put("type", "scalar_response").put("id", "0");
      ArrayNode columns = data.putObject("attributes").putArray("columns");
      String first = queries.values().iterator().next();
      if (formula == null && groups.containsKey(first)) {
        ObjectNode groupColumn = columns.addObject().put("name", "service").put("type", "group");
        ObjectNode numberColumn = columns.addObject().put("name", queries.keySet().iterator().next())
            .put("type", "number");
        numberColumn.putObject("meta").putArray("unit");
        ArrayNode tags = groupColumn.putArray("values");
        ArrayNode numbers = numberColumn.putArray("values");
        groups.get(first).forEach((tag, value) -> {
          tags.addArray().add(tag);
          numbers.add(value);
        });
        LoopbackHttp.sendJson(exchange, 200, answer.toString());
        return;
      }
      Map<String, Double> named = new HashMap<>();
      queries.forEach((name, query) -> named.put(name, values.get(query)));
      Double result;
      try {
        result = formula == null ? named.get(queries.keySet().iterator().next()) : new Formula(formula, named).eval();
      } catch (IllegalArgumentException e) {
        LoopbackHttp.sendJson(exchange, 400, JSON.createObjectNode().set("errors", JSON.createArrayNode().add(e.getMessage()))
            .toString());
        return;
      }
      ObjectNode column = columns.addObject().put("name", formula == null ? queries.keySet().iterator().next()
          : "formula").put("type", "number");
      column.putObject("meta").putNull("unit");
      ArrayNode numbers = column.putArray("values");
      if (result == null) {
        numbers.addNull();
      } else {
        numbers.add(result);
      }
      LoopbackHttp.sendJson(exchange, 200, answer.toString());
    }
  }

  /** + - * / and parentheses over query names and numbers; a query without data makes the result null. */
  private static final class Formula {
    private final String text;
    private final Map<String, Double> names;
    private int at;
    private boolean missing;

    Formula(String text, Map<String, Double> names) {
      this.text = text.replace(" ", "");
      this.names = names;
    }

    Double eval() {
      double value = sum();
      if (at != text.length()) {
        throw new IllegalArgumentException("Error parsing formula: " + text);
      }
      return missing ? null : value;
    }

    private double sum() {
      double value = product();
      while (at < text.length() && (text.charAt(at) == '+' || text.charAt(at) == '-')) {
        char op = text.charAt(at++);
        double right = product();
        value = op == '+' ? value + right : value - right;
      }
      return value;
    }

    private double product() {
      double value = atom();
      while (at < text.length() && (text.charAt(at) == '*' || text.charAt(at) == '/')) {
        char op = text.charAt(at++);
        double right = atom();
        value = op == '*' ? value * right : value / right;
      }
      return value;
    }

    private double atom() {
      if (at < text.length() && text.charAt(at) == '(') {
        at++;
        double value = sum();
        if (at >= text.length() || text.charAt(at++) != ')') {
          throw new IllegalArgumentException("Error parsing formula: " + text);
        }
        return value;
      }
      int start = at;
      while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '.'
          || text.charAt(at) == '_')) {
        at++;
      }
      String token = text.substring(start, at);
      if (token.isEmpty()) {
        throw new IllegalArgumentException("Error parsing formula: " + text);
      }
      if (Character.isDigit(token.charAt(0))) {
        return Double.parseDouble(token);
      }
      if (!names.containsKey(token)) {
        throw new IllegalArgumentException("Formula refers to an unknown query: " + token);
      }
      Double value = names.get(token);
      if (value == null) {
        missing = true;
        return 0;
      }
      return value;
    }
  }

  @Override
  public void close() {
    http.close();
  }
}
