package dev.sluice.analysis.datadog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.analysis.args.ArgTemplate;
import dev.sluice.analysis.args.ArgumentException;
import dev.sluice.api.v1alpha1.DatadogMetric;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * The request Datadog's documented API takes for a metric, as Argo Rollouts sends it: v1 {@code GET /api/v1/query}
 * with {@code query}, {@code from} and {@code to} in seconds; v2 {@code POST /api/v2/query/scalar} with a
 * {@code scalar_request} over milliseconds, each query a {@code metrics} query with the aggregator (default
 * {@code last}), and the formula if one is given. Keys go in {@code DD-API-KEY} and {@code DD-APPLICATION-KEY}.
 */
final class DatadogRequests {
  static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(5);
  private static final MediaType JSON_TYPE = MediaType.get("application/json");
  private static final ObjectMapper JSON = new ObjectMapper();

  private DatadogRequests() {
  }

  /** The base URL: http(s), without a trailing slash. */
  static HttpUrl base(String address) throws ArgumentException {
    String trimmed = address.endsWith("/") ? address.substring(0, address.length() - 1) : address;
    HttpUrl url = HttpUrl.parse(trimmed);
    if (url == null) {
      throw new ArgumentException("datadog: the Secret's address is not an http(s) URL");
    }
    return url;
  }

  static Request build(DatadogMetric spec, Map<String, String> args, DatadogCredentials credentials, Instant now,
      Duration interval) throws ArgumentException {
    HttpUrl base = base(credentials.address());
    long to = now.getEpochSecond();
    long from = to - interval.toSeconds();
    Request.Builder request = new Request.Builder()
        .header("Accept", "application/json")
        .header("DD-API-KEY", credentials.apiKey())
        .header("DD-APPLICATION-KEY", credentials.appKey());
    if (!DatadogChecks.v2(spec)) {
      HttpUrl url = base.newBuilder().addPathSegments("api/v1/query")
          .addQueryParameter("query", ArgTemplate.substitute("datadog.query", spec.query, args))
          .addQueryParameter("from", Long.toString(from))
          .addQueryParameter("to", Long.toString(to))
          .build();
      return request.url(url).get().build();
    }
    Map<String, String> queries = new LinkedHashMap<>();
    if (spec.query != null && !spec.query.isBlank()) {
      queries.put("query", ArgTemplate.substitute("datadog.query", spec.query, args));
    } else {
      for (Map.Entry<String, String> q : new TreeMap<>(spec.queries).entrySet()) {
        queries.put(q.getKey(), ArgTemplate.substitute("datadog.queries." + q.getKey(), q.getValue(), args));
      }
    }
    ObjectNode attributes = JSON.createObjectNode().put("from", from * 1000).put("to", to * 1000);
    ArrayNode queryList = attributes.putArray("queries");
    String aggregator = spec.aggregator == null || spec.aggregator.isBlank() ? "last" : spec.aggregator;
    queries.forEach((name, query) -> queryList.addObject().put("aggregator", aggregator)
        .put("data_source", "metrics").put("name", name).put("query", query));
    ArrayNode formulas = attributes.putArray("formulas");
    if (spec.formula != null && !spec.formula.isBlank()) {
      formulas.addObject().put("formula", ArgTemplate.substitute("datadog.formula", spec.formula, args));
    }
    ObjectNode body = JSON.createObjectNode();
    body.putObject("data").put("type", "scalar_request").set("attributes", attributes);
    HttpUrl url = base.newBuilder().addPathSegments("api/v2/query/scalar").build();
    return request.url(url).post(RequestBody.create(body.toString(), JSON_TYPE)).build();
  }
}
