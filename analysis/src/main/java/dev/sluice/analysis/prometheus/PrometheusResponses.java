package dev.sluice.analysis.prometheus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.analysis.MeasurementOutcome;
import dev.sluice.analysis.MetricValue;
import dev.sluice.api.status.StatusText;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a Prometheus HTTP API answer into a measurement outcome.
 *
 * <ul>
 *   <li>scalar: {@link MetricValue.Kind#SCALAR} with its one number;</li>
 *   <li>vector: {@link MetricValue.Kind#VECTOR}, one number per series (possibly none);</li>
 *   <li>matrix (range query): {@link MetricValue.Kind#SERIES}, the values of the single series, oldest first; no
 *       series gives an empty list; several series are an error, since which one the condition meant is
 *       unknowable;</li>
 *   <li>string, an error status, a non-2xx status or malformed JSON: a failure with a message.</li>
 * </ul>
 */
final class PrometheusResponses {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SNIPPET = 300;

  private PrometheusResponses() {
  }

  static MeasurementOutcome parse(int httpStatus, String body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      root = null;
    }
    boolean ok = httpStatus >= 200 && httpStatus < 300;
    if (root == null || !root.isObject()) {
      return MeasurementOutcome.failure(ok
          ? "prometheus answered with something that is not JSON: " + snippet(body)
          : "prometheus answered HTTP " + httpStatus + ": " + snippet(body));
    }
    String status = root.path("status").asText("");
    if ("error".equals(status)) {
      String type = root.path("errorType").asText("");
      String error = StatusText.message(root.path("error").asText("no error message"));
      return MeasurementOutcome.failure("prometheus error" + (type.isEmpty() ? "" : " (" + type + ")") + ": " + error
          + (ok ? "" : " [HTTP " + httpStatus + "]"));
    }
    if (!ok) {
      return MeasurementOutcome.failure("prometheus answered HTTP " + httpStatus + ": " + snippet(body));
    }
    if (!"success".equals(status)) {
      return malformed("status is \"" + status + "\"");
    }
    JsonNode data = root.path("data");
    JsonNode result = data.path("result");
    try {
      return switch (data.path("resultType").asText("")) {
        case "scalar" -> scalar(result);
        case "vector" -> vector(result);
        case "matrix" -> matrix(result);
        case "string" -> MeasurementOutcome.failure("query returned a string; conditions need numbers");
        case "" -> malformed("no data.resultType");
        default -> malformed("unknown resultType \"" + data.path("resultType").asText() + "\"");
      };
    } catch (MalformedException e) {
      return malformed(e.getMessage());
    }
  }

  private static MeasurementOutcome scalar(JsonNode result) throws MalformedException {
    String raw = sampleValue(result);
    return MeasurementOutcome.value(new MetricValue(MetricValue.Kind.SCALAR, List.of(number(raw)), StatusText.message(raw)));
  }

  private static MeasurementOutcome vector(JsonNode result) throws MalformedException {
    if (!result.isArray()) {
      throw new MalformedException("vector result is not a list");
    }
    List<Double> values = new ArrayList<>(result.size());
    List<String> raw = new ArrayList<>(result.size());
    for (JsonNode sample : result) {
      String text = sampleValue(sample.path("value"));
      raw.add(text);
      values.add(number(text));
    }
    return MeasurementOutcome.value(new MetricValue(MetricValue.Kind.VECTOR, values, MetricValue.listDisplay(raw)));
  }

  private static MeasurementOutcome matrix(JsonNode result) throws MalformedException {
    if (!result.isArray()) {
      throw new MalformedException("matrix result is not a list");
    }
    if (result.size() > 1) {
      return MeasurementOutcome.failure("range query returned " + result.size()
          + " series; conditions need one: aggregate the query, e.g. with sum(...) or max(...)");
    }
    List<Double> values = new ArrayList<>();
    List<String> raw = new ArrayList<>();
    if (result.size() == 1) {
      JsonNode points = result.get(0).path("values");
      if (!points.isArray()) {
        throw new MalformedException("matrix series has no values list");
      }
      for (JsonNode point : points) {
        String text = sampleValue(point);
        raw.add(text);
        values.add(number(text));
      }
    }
    return MeasurementOutcome.value(new MetricValue(MetricValue.Kind.SERIES, values, MetricValue.listDisplay(raw)));
  }

  /** A sample is {@code [unixTime, "value"]}. */
  private static String sampleValue(JsonNode pair) throws MalformedException {
    if (!pair.isArray() || pair.size() != 2 || !pair.get(1).isTextual()) {
      throw new MalformedException("sample is not [time, \"value\"]: " + snippet(pair.toString()));
    }
    return pair.get(1).asText();
  }

  private static double number(String raw) throws MalformedException {
    try {
      return SampleValues.parse(raw);
    } catch (NumberFormatException e) {
      throw new MalformedException("sample value is not a number: " + snippet(raw));
    }
  }

  private static MeasurementOutcome malformed(String what) {
    return MeasurementOutcome.failure("prometheus response is malformed: " + what);
  }

  static String snippet(String text) {
    String flat = text == null ? "" : text.replaceAll("[\\p{Cntrl}\\s]+", " ").trim();
    return flat.length() <= SNIPPET ? flat : flat.substring(0, SNIPPET) + "...";
  }

  private static final class MalformedException extends Exception {
    MalformedException(String message) {
      super(message, null, false, false);
    }
  }
}
