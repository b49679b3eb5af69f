package dev.sluice.analysis.datadog;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.sluice.analysis.MeasurementOutcome;
import dev.sluice.analysis.MetricValue;
import dev.sluice.api.status.StatusText;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Datadog's answers as Argo Rollouts does. v1: the last point of the first series is the result, no series (or
 * no point) is no data. v2: the first {@code number} column; without a {@code group} column (no {@code by {tag}}) its
 * first value is the result, with one every group's value is, as a list; {@code null} values (a group without data)
 * are left out. Errors quote Datadog's {@code errors}, bounded.
 */
final class DatadogAnswers {
  // Datadog writes no NaN, but a proxy or a future API might: it then reaches the condition as NaN, not as an error.
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

  private DatadogAnswers() {
  }

  /** An answer that is not 2xx: what Datadog says, and for 429 which rate limit to raise (Argo's docs). */
  static MeasurementOutcome refused(int status, String body, boolean v2) {
    String said = errors(body);
    if (status == 429) {
      return MeasurementOutcome.failure("datadog rate limited the query (HTTP 429" + said + "); ask Datadog to raise"
          + " the rate limit " + (v2 ? "query_scalar_public" : "of /api/v1/query") + ", or measure less often");
    }
    if (status == 401 || status == 403) {
      return MeasurementOutcome.failure("datadog refused the api-key or app-key (HTTP " + status + said + ")");
    }
    return MeasurementOutcome.failure("datadog answered HTTP " + status + said);
  }

  static MeasurementOutcome v1(String body) {
    JsonNode root = read(body);
    if (root == null) {
      return notJson(body);
    }
    if ("error".equals(root.path("status").asText()) || root.hasNonNull("error")) {
      return MeasurementOutcome.failure("datadog query failed: " + StatusText.message(root.path("error").asText()));
    }
    JsonNode series = root.path("series");
    if (!series.isMissingNode() && !series.isArray()) {
      return MeasurementOutcome.failure("datadog answer's series is not a list: " + StatusText.message(body));
    }
    if (series.isEmpty()) {
      return noData();
    }
    JsonNode points = series.get(0).path("pointlist");
    Double last = null;
    for (JsonNode point : points) {
      if (!point.isArray() || point.size() != 2) {
        return MeasurementOutcome.failure("datadog point is not [time, value]: " + StatusText.message(point.toString()));
      }
      JsonNode value = point.get(1);
      if (value.isNumber()) {
        last = value.asDouble();
      } else if (!value.isNull()) {
        return MeasurementOutcome.failure("datadog point value is not a number: "
            + StatusText.message(value.toString()));
      }
    }
    return last == null ? noData() : MeasurementOutcome.value(MetricValue.scalar(last));
  }

  static MeasurementOutcome v2(String body) {
    JsonNode root = read(body);
    if (root == null) {
      return notJson(body);
    }
    String errors = text(root.path("errors"));
    if (errors.isEmpty()) {
      errors = text(root.path("data").path("errors"));
    }
    if (!errors.isEmpty()) {
      return MeasurementOutcome.failure("datadog query failed: " + StatusText.message(errors));
    }
    JsonNode columns = root.path("data").path("attributes").path("columns");
    JsonNode numbers = null;
    boolean grouped = false;
    for (JsonNode column : columns) {
      String type = column.path("type").asText("");
      if (numbers == null && (type.isEmpty() || type.equals("number"))) {
        numbers = column;
      }
      grouped |= type.equals("group");
    }
    if (numbers == null) {
      return noData();
    }
    List<Double> values = new ArrayList<>();
    for (JsonNode value : numbers.path("values")) {
      if (value.isNumber()) {
        values.add(value.asDouble());
      } else if (!value.isNull()) {
        return MeasurementOutcome.failure("datadog value in column \"" + StatusText.message(numbers.path("name")
            .asText()) + "\" is not a number: " + StatusText.message(value.toString()));
      }
    }
    if (values.isEmpty()) {
      return noData();
    }
    if (!grouped) {
      return MeasurementOutcome.value(MetricValue.scalar(values.get(0)));
    }
    return MeasurementOutcome.value(new MetricValue(MetricValue.Kind.VECTOR, values,
        MetricValue.listDisplay(values.stream().map(MetricValue::format).toList())));
  }

  private static MeasurementOutcome noData() {
    return MeasurementOutcome.value(new MetricValue(MetricValue.Kind.VECTOR, List.of(), "[]"));
  }

  private static MeasurementOutcome notJson(String body) {
    return MeasurementOutcome.failure("datadog answered something other than JSON: " + StatusText.message(body));
  }

  private static JsonNode read(String body) {
    try {
      JsonNode node = JSON.readTree(body);
      return node == null || !node.isObject() ? null : node;
    } catch (IOException e) {
      return null;
    }
  }

  /** ": first error; second" from {"errors": [...]} or {"errors": "..."}; the start of the body otherwise. */
  private static String errors(String body) {
    JsonNode root = read(body);
    String text = root == null ? "" : text(root.path("errors"));
    if (text.isEmpty()) {
      text = body == null ? "" : body.strip();
    }
    return text.isEmpty() ? "" : ": " + StatusText.message(text);
  }

  private static String text(JsonNode node) {
    if (node.isTextual()) {
      return node.asText();
    }
    if (node.isArray()) {
      List<String> parts = new ArrayList<>();
      node.forEach(n -> parts.add(n.isTextual() ? n.asText() : n.toString()));
      return String.join("; ", parts);
    }
    return "";
  }
}
