package dev.sluice.analysis.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.analysis.MeasurementOutcome;
import dev.sluice.analysis.MetricValue;
import dev.sluice.api.status.StatusText;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a web metric's answer into a measurement: the JSON at {@code jsonPath} (the whole answer without one) is the
 * result.
 *
 * <ul>
 *   <li>a number, or a string holding one ({@code "0.95"}, {@code "NaN"}): one value;</li>
 *   <li>a list of such: one value each, in order;</li>
 *   <li>nothing at the path, or {@code null}: no values, so the conditions see no data;</li>
 *   <li>anything else (true/false, an object, a word), an answer that is not JSON, or a non-2xx status: a failure
 *       saying so, since conditions work on numbers.</li>
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
    if (result == null || result.isNull() || result.isMissingNode()) {
      return MeasurementOutcome.value(MetricValue.vector());
    }
    if (result.isArray()) {
      List<Double> values = new ArrayList<>(result.size());
      List<String> raw = new ArrayList<>(result.size());
      for (JsonNode element : result) {
        Double number = number(element);
        if (number == null) {
          return notNumeric(path, element);
        }
        values.add(number);
        raw.add(element.asText());
      }
      return MeasurementOutcome.value(new MetricValue(MetricValue.Kind.VECTOR, values, MetricValue.listDisplay(raw)));
    }
    Double number = number(result);
    if (number == null) {
      return notNumeric(path, result);
    }
    return MeasurementOutcome.value(new MetricValue(MetricValue.Kind.SCALAR, List.of(number),
        StatusText.message(result.asText())));
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

  private static MeasurementOutcome notNumeric(JsonPath path, JsonNode node) {
    String what = node.isBoolean() ? "a boolean" : node.isObject() ? "an object" : node.isArray() ? "a list"
        : node.isTextual() ? "a string" : "not a number";
    return MeasurementOutcome.failure("web result" + (path == null ? "" : " at " + path) + " is " + what + " ("
        + snippet(node.toString()) + "); conditions need a number or a list of numbers");
  }

  static String snippet(String text) {
    String flat = text == null ? "" : text.replaceAll("[\\p{Cntrl}\\s]+", " ").trim();
    return flat.length() <= SNIPPET ? flat : flat.substring(0, SNIPPET) + "...";
  }
}
