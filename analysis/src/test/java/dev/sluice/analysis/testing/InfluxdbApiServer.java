package dev.sluice.analysis.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A local server speaking InfluxDB 2's documented query API, for the influxdb provider's tests: InfluxDB 2 itself
 * does not build here (its Flux engine is Rust pinned to an old toolchain), and no other real server answers Flux.
 * {@code POST /api/v2/query?org=ORG} with {@code Authorization: Token TOKEN} and a JSON body {@code {"query", "type":
 * "flux", "dialect"}}; anything else is answered as InfluxDB answers it: 401 {@code unauthorized}, 404 for an unknown
 * organization, 400 {@code invalid} for a body that is not a Flux query request. The test decides the answer to each
 * query ({@link #answer}); {@link #csv} writes annotated CSV the way InfluxDB does. Every query received is kept.
 */
public final class InfluxdbApiServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final LoopbackHttp http;
  private final String org;
  private final String token;
  private final List<String> queries = new CopyOnWriteArrayList<>();
  private volatile Function<String, Reply> answers = query -> Reply.ok(csv());

  /** One answer: status, body and content type; {@code delay} before answering. */
  public record Reply(int status, String body, String contentType, Duration delay) {
    public static Reply ok(String csv) {
      return new Reply(200, csv, "text/csv; charset=utf-8", Duration.ZERO);
    }

    public static Reply error(int status, String code, String message) {
      return new Reply(status, "{\"code\":\"" + code + "\",\"message\":\"" + message.replace("\"", "\\\"") + "\"}",
          "application/json; charset=utf-8", Duration.ZERO);
    }

    /** InfluxDB Cloud's answer when an organization's query rate is exceeded. */
    public static Reply rateLimited() {
      return error(429, "too many requests", "org 0a1b2c3d4e5f6071 has exceeded limited_query plan limit");
    }

    public Reply after(Duration wait) {
      return new Reply(status, body, contentType, wait);
    }
  }

  public InfluxdbApiServer(String org, String token) throws IOException {
    this.org = org;
    this.token = token;
    http = LoopbackHttp.serve(Map.of("/api/v2/query", this::query));
  }

  public String url() {
    return http.url();
  }

  public void answer(Function<String, Reply> answers) {
    this.answers = answers;
  }

  public List<String> queries() {
    return List.copyOf(queries);
  }

  private void query(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        send(exchange, Reply.error(405, "method not allowed", "allow: POST"));
        return;
      }
      if (!("Token " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        send(exchange, Reply.error(401, "unauthorized", "unauthorized access"));
        return;
      }
      String orgParam = LoopbackHttp.params(exchange.getRequestURI().getRawQuery()).get("org");
      if (!org.equals(orgParam)) {
        send(exchange, Reply.error(404, "not found", "organization name \"" + orgParam + "\" not found"));
        return;
      }
      JsonNode body;
      try {
        body = JSON.readTree(exchange.getRequestBody());
      } catch (IOException e) {
        send(exchange, Reply.error(400, "invalid", "failed to decode request body: " + e.getMessage()));
        return;
      }
      String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
      if (body == null || !body.path("query").isTextual() || !"flux".equals(body.path("type").asText("flux"))
          || contentType == null || !contentType.startsWith("application/json")) {
        send(exchange, Reply.error(400, "invalid", "failed to decode request body: request body requires either"
            + " spec or query"));
        return;
      }
      String query = body.path("query").asText();
      queries.add(query);
      Reply reply = answers.apply(query);
      LoopbackHttp.pause(reply.delay());
      send(exchange, reply);
    }
  }

  private static void send(HttpExchange exchange, Reply reply) throws IOException {
    if (reply.status() == 429) {
      exchange.getResponseHeaders().set("Retry-After", "30");
    }
    LoopbackHttp.send(exchange, reply.status(), reply.contentType(), reply.body());
  }

  /**
   * One table of a Flux answer as InfluxDB 2 writes it (annotated CSV, the columns of a {@code from |> range |>
   * filter}), one record per value, a minute apart; no values is an empty answer, as InfluxDB sends for no data.
   */
  public static String csv(double... values) {
    return table(0, values);
  }

  /** Several tables (one per series, e.g. one per pod), separated by the empty line InfluxDB puts between them. */
  public static String tables(double[]... tables) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < tables.length; i++) {
      out.add(table(i, tables[i]));
    }
    return String.join("\r\n", out);
  }

  private static String table(int table, double... values) {
    if (values.length == 0) {
      return "";
    }
    StringBuilder out = new StringBuilder()
        .append("#datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,dateTime:RFC3339,double,string,string,string\r\n")
        .append("#group,false,false,true,true,false,false,true,true,true\r\n")
        .append("#default,_result,,,,,,,,\r\n")
        .append(",result,table,_start,_stop,_time,_value,_field,_measurement,destination_workload\r\n");
    for (int i = 0; i < values.length; i++) {
      out.append(",,").append(table).append(",2026-12-06T01:00:00Z,2026-12-06T01:15:00Z,2026-12-06T01:")
          .append(String.format("%02d", i)).append(":00Z,").append(format(values[i]))
          .append(",percentage,istio:istio_requests_errors_percentage:rate1m:5xx,pod-").append(table).append("\r\n");
    }
    return out.toString();
  }

  /** Numbers as Flux's CSV encoder writes them (strconv.FormatFloat 'f', -1): NaN, +Inf, -Inf, plain digits. */
  private static String format(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    return new java.math.BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
  }

  /** The error table InfluxDB writes when a query fails after the answer began (HTTP 200). */
  public static String errorTable(String message) {
    return "#datatype,string,string\r\n#group,true,true\r\n#default,,\r\n,error,reference\r\n,\""
        + message.replace("\"", "\"\"") + "\",897\r\n";
  }

  @Override
  public void close() {
    http.close();
  }
}
