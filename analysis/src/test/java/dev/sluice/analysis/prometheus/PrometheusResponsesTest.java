package dev.sluice.analysis.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.analysis.MeasurementOutcome;
import dev.sluice.analysis.MetricValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrometheusResponsesTest {
  private static MetricValue value(String json) {
    MeasurementOutcome outcome = PrometheusResponses.parse(200, json);
    assertThat(outcome).isInstanceOf(MeasurementOutcome.Value.class);
    return ((MeasurementOutcome.Value) outcome).value();
  }

  private static String failure(int status, String body) {
    MeasurementOutcome outcome = PrometheusResponses.parse(status, body);
    assertThat(outcome).isInstanceOf(MeasurementOutcome.Failure.class);
    return ((MeasurementOutcome.Failure) outcome).message();
  }

  private static String success(String type, String result) {
    return "{\"status\":\"success\",\"data\":{\"resultType\":\"" + type + "\",\"result\":" + result + "}}";
  }

  @Test
  void scalar() {
    MetricValue value = value(success("scalar", "[1714557600.123,\"0.995\"]"));
    assertThat(value.kind()).isEqualTo(MetricValue.Kind.SCALAR);
    assertThat(value.values()).containsExactly(0.995);
    assertThat(value.display()).isEqualTo("0.995");
  }

  @Test
  void vectorKeepsServerOrderAndText() {
    MetricValue value = value(success("vector",
        "[{\"metric\":{\"code\":\"200\"},\"value\":[1,\"1e-05\"]},{\"metric\":{\"code\":\"500\"},\"value\":[1,\"2\"]}]"));
    assertThat(value.kind()).isEqualTo(MetricValue.Kind.VECTOR);
    assertThat(value.values()).containsExactly(0.00001, 2.0);
    assertThat(value.display()).isEqualTo("[1e-05,2]");
  }

  @Test
  void emptyVector() {
    MetricValue value = value(success("vector", "[]"));
    assertThat(value.isEmpty()).isTrue();
    assertThat(value.display()).isEqualTo("[]");
  }

  @Test
  void specialValues() {
    MetricValue value = value(success("vector",
        "[{\"metric\":{},\"value\":[1,\"NaN\"]},{\"metric\":{},\"value\":[1,\"+Inf\"]},{\"metric\":{},\"value\":[1,\"-Inf\"]}]"));
    assertThat(value.values()).containsExactly(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
    assertThat(value.hasNaN()).isTrue();
    assertThat(value.display()).isEqualTo("[NaN,+Inf,-Inf]");
  }

  @Test
  void matrixWithOneSeriesIsItsValuesOldestFirst() {
    MetricValue value = value(success("matrix",
        "[{\"metric\":{\"job\":\"a\"},\"values\":[[1,\"0.1\"],[2,\"0.2\"],[3,\"NaN\"]]}]"));
    assertThat(value.kind()).isEqualTo(MetricValue.Kind.SERIES);
    assertThat(value.values()).containsExactly(0.1, 0.2, Double.NaN);
    assertThat(value.display()).isEqualTo("[0.1,0.2,NaN]");
  }

  @Test
  void emptyMatrix() {
    MetricValue value = value(success("matrix", "[]"));
    assertThat(value.kind()).isEqualTo(MetricValue.Kind.SERIES);
    assertThat(value.isEmpty()).isTrue();
  }

  @Test
  void matrixWithSeveralSeriesIsAFailure() {
    assertThat(failure(200, success("matrix",
        "[{\"metric\":{\"a\":\"1\"},\"values\":[[1,\"1\"]]},{\"metric\":{\"a\":\"2\"},\"values\":[[1,\"1\"]]}]")))
        .isEqualTo("range query returned 2 series; conditions need one: aggregate the query, e.g. with sum(...) or max(...)");
  }

  @Test
  void stringResultIsAFailure() {
    assertThat(failure(200, success("string", "[1,\"hello\"]"))).isEqualTo("query returned a string; conditions need numbers");
  }

  @Test
  void prometheusErrorsCarryTheirMessage() {
    assertThat(failure(400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"1:14: parse error: unclosed left parenthesis\"}"))
        .isEqualTo("prometheus error (bad_data): 1:14: parse error: unclosed left parenthesis [HTTP 400]");
    assertThat(failure(200, "{\"status\":\"error\",\"error\":\"boom\"}")).isEqualTo("prometheus error: boom");
    assertThat(failure(503, "{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"query timed out in expression evaluation\"}"))
        .isEqualTo("prometheus error (timeout): query timed out in expression evaluation [HTTP 503]");
  }

  @Test
  void nonJsonAnswers() {
    assertThat(failure(502, "<html>\n<body>Bad Gateway</body>\n</html>"))
        .isEqualTo("prometheus answered HTTP 502: <html> <body>Bad Gateway</body> </html>");
    assertThat(failure(200, "not json")).isEqualTo("prometheus answered with something that is not JSON: not json");
    assertThat(failure(500, "x".repeat(1000))).hasSize("prometheus answered HTTP 500: ".length() + 303);
    assertThat(failure(404, "")).isEqualTo("prometheus answered HTTP 404: ");
  }

  @Test
  void successJsonWithErrorStatusCode() {
    assertThat(failure(500, success("vector", "[]"))).startsWith("prometheus answered HTTP 500: {\"status\":\"success\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"status\":\"success\"}",
      "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":{}}}",
      "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"value\":[1]}]}}",
      "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"value\":[1,\"abc\"]}]}}",
      "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1,2]}}",
      "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{}}]}}",
      "{\"status\":\"success\",\"data\":{\"resultType\":\"histogram\",\"result\":[]}}",
      "{\"status\":\"pending\"}",
      "[1,2,3]"})
  void malformedAnswersAreFailuresNotExceptions(String body) {
    assertThat(failure(200, body)).startsWith("prometheus ");
  }

  /** Issue 13: a 100k-sample vector and a 100k-point matrix keep every value for conditions, and show ten. */
  @Test
  void largeAnswersKeepEveryValueButShowTheFirstTen() {
    StringBuilder vector = new StringBuilder("[");
    StringBuilder points = new StringBuilder("[");
    for (int i = 0; i < 100_000; i++) {
      vector.append(i == 0 ? "" : ",").append("{\"metric\":{\"i\":\"").append(i).append("\"},\"value\":[1,\"")
          .append(i).append(".5\"]}");
      points.append(i == 0 ? "" : ",").append("[").append(i).append(",\"").append(i).append(".5\"]");
    }
    MetricValue wide = value(success("vector", vector.append("]").toString()));
    assertThat(wide.values()).hasSize(100_000);
    assertThat(wide.display())
        .isEqualTo("[0.5,1.5,2.5,3.5,4.5,5.5,6.5,7.5,8.5,9.5,...] (100000 values, first 10 shown)");
    MetricValue longSeries = value(success("matrix", "[{\"metric\":{},\"values\":" + points.append("]") + "}]"));
    assertThat(longSeries.values()).hasSize(100_000);
    assertThat(longSeries.display()).endsWith("(100000 values, first 10 shown)");
  }

  @Test
  void aMebibyteErrorTextIsCut() {
    String message = failure(422, "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\""
        + "z".repeat(1024 * 1024) + "\"}");
    assertThat(message).startsWith("prometheus error (execution): zzz").contains("more characters)")
        .endsWith("[HTTP 422]").hasSizeLessThan(1100);
  }
}
