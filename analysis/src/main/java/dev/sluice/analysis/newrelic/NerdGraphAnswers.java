package dev.sluice.analysis.newrelic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.analysis.JsonValues;
import dev.sluice.analysis.MeasurementOutcome;
import dev.sluice.analysis.MetricValue;
import dev.sluice.api.status.StatusText;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads NerdGraph's answer to an NRQL query, {@code data.actor.account.nrql.results}: each result row is a map of its
 * named fields ({@link JsonValues}, as a web answer's), which conditions read as {@code result.successRate} for one
 * row, or {@code result[0].count} for several, as in Argo Rollouts. GraphQL {@code errors} are Errors quoting their
 * messages; a rate limit says so.
 */
final class NerdGraphAnswers {
  private static final ObjectMapper JSON = new ObjectMapper();

  private NerdGraphAnswers() {
  }

  static MeasurementOutcome parse(int status, String body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      root = null;
    }
    String errors = root == null ? "" : errors(root.path("errors"));
    if (status == 429 || rateLimited(errors) || (root != null && rateLimited(root.path("errors").findValuesAsText(
        "errorClass").toString()))) {
      return MeasurementOutcome.failure("new relic rate limited the query (" + (status == 429 ? "HTTP 429" : "NRQL")
          + (errors.isEmpty() ? "" : ": " + StatusText.message(errors)) + "); measure less often");
    }
    if (status == 401 || status == 403) {
      return MeasurementOutcome.failure("new relic refused the personal-api-key (HTTP " + status
          + (errors.isEmpty() ? "" : ": " + StatusText.message(errors)) + ")");
    }
    if (status < 200 || status >= 300) {
      return MeasurementOutcome.failure("new relic answered HTTP " + status + ": "
          + StatusText.message(errors.isEmpty() ? body : errors));
    }
    if (root == null || !root.isObject()) {
      return MeasurementOutcome.failure("new relic answered something other than JSON: " + StatusText.message(body));
    }
    if (!errors.isEmpty()) {
      return MeasurementOutcome.failure("new relic query failed: " + StatusText.message(errors));
    }
    JsonNode results = root.path("data").path("actor").path("account").path("nrql").path("results");
    if (!results.isArray()) {
      return MeasurementOutcome.failure("new relic answer has no data.actor.account.nrql.results: "
          + StatusText.message(body));
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (JsonNode result : results) {
      if (!result.isObject()) {
        return MeasurementOutcome.failure("new relic result row is not an object: "
            + StatusText.message(result.toString()));
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> row = (Map<String, Object>) JsonValues.of(result);
      if (!row.isEmpty()) {
        rows.add(row);
      }
    }
    String display = rows.size() == 1 ? results.get(0).toString() : results.toString();
    return MeasurementOutcome.value(MetricValue.rows(rows, StatusText.message(display)));
  }

  /** "message; message" of GraphQL errors. */
  private static String errors(JsonNode errors) {
    if (!errors.isArray()) {
      return errors.isTextual() ? errors.asText() : "";
    }
    List<String> messages = new ArrayList<>();
    for (JsonNode error : errors) {
      messages.add(error.path("message").asText(error.toString()));
    }
    return String.join("; ", messages);
  }

  private static boolean rateLimited(String errors) {
    String lower = errors.toLowerCase(Locale.ROOT);
    return lower.contains("rate limit") || lower.contains("too many requests") || lower.contains("too_many_requests");
  }
}
