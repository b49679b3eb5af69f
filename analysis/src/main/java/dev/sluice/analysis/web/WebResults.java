package dev.sluice.analysis.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.analysis.JsonValues;
import dev.sluice.analysis.MeasurementOutcome;
import dev.sluice.analysis.MetricValue;
import dev.sluice.api.status.StatusText;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a web metric's answer into a measurement: the JSON at {@code jsonPath} (the whole answer without one) is the
 * result, with its type, as Argo Rollouts gives it to conditions ({@link MetricValue.Kind#JSON}):
 *
 * <ul>
 *   <li>true/false, a string, an object, a list: as they are ({@code result == true}, {@code result == "ok"},
 *       {@code result.ok}, {@code len(result) > 0}); the measurement's value is their JSON text;</li>
 *   <li>a number, or a string holding one ({@code "0.95"}, {@code "NaN"}), or a list of such: also their numbers, so
 *       {@code result > 0.9} and {@code all(result, # < 1)} work as on any provider; the value shows the numbers;</li>
 *   <li>nothing at the path, or {@code null}: no data, which {@code isNil(result)} tests;</li>
 *   <li>an answer that is not JSON, or a non-2xx status: a failure saying so.</li>
 * </ul>
 */
final class WebResults {
  private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build()).build());
  private static final int SNIPPET = 300;

  private WebResults() {
  }

  static MeasurementOutcome parse(int httpStatus, String body, JsonPath path) {
    if (httpStatus < 200 || httpStatus >= 300) {
      return MeasurementOutcome.failure("web answered HTTP " + httpStatus + ": " + snippet(body));
    }
    JsonNode root;
    try {
      root = body == null || body.isBlank() ? null : JSON.readTree(body);
    } catch (JsonProcessingException e) {
      return MeasurementOutcome.failure("web answer is not JSON: " + snippet(body));
    }
    if (root == null) {
      return MeasurementOutcome.failure("web answer is empty; it must be JSON");
    }
    JsonNode result = path == null ? root : path.select(root);
    if (result == null || result.isMissingNode()) {
      return MeasurementOutcome.value(MetricValue.json(null, List.of(), "[]"));
    }
    List<Double> numbers = numbers(result);
    String display;
    if (result.isArray() && !numbers.isEmpty()) {
      List<String> raw = new ArrayList<>(result.size());
      result.forEach(element -> raw.add(element.asText()));
      display = MetricValue.listDisplay(raw);
    } else {
      display = StatusText.message(numbers.isEmpty() ? result.toString() : result.asText());
    }
    return MeasurementOutcome.value(MetricValue.json(JsonValues.of(result), numbers, display));
  }

  /** The numbers of a number, a numeric string or a list of them (every element one); else none. */
  private static List<Double> numbers(JsonNode result) {
    if (!result.isArray()) {
      Double number = number(result);
      return number == null ? List.of() : List.of(number);
    }
    List<Double> values = new ArrayList<>(result.size());
    for (JsonNode element : result) {
      Double number = number(element);
      if (number == null) {
        return List.of();
      }
      values.add(number);
    }
    return values;
  }

  /** The number in a JSON number or numeric string (Argo's asFloat), else null. */
  static Double number(JsonNode node) {
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isTextual()) {
      String text = node.asText().trim();
      switch (text) {
        case "NaN":
          return Double.NaN;
        case "+Inf", "Inf", "Infinity", "+Infinity":
          return Double.POSITIVE_INFINITY;
        case "-Inf", "-Infinity":
          return Double.NEGATIVE_INFINITY;
        default:
          break;
      }
      try {
        return Double.parseDouble(text);
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  static String snippet(String text) {
    String flat = text == null ? "" : text.replaceAll("[\\p{Cntrl}\\s]+", " ").trim();
    return flat.length() <= SNIPPET ? flat : flat.substring(0, SNIPPET) + "...";
  }
}
