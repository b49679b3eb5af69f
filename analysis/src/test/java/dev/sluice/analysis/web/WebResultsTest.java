package dev.sluice.analysis.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.analysis.MeasurementOutcome;
import dev.sluice.analysis.MetricValue;
import dev.sluice.analysis.condition.ConditionCompiler;
import dev.sluice.analysis.condition.ConditionEvaluationException;
import dev.sluice.api.status.StatusText;
import org.junit.jupiter.api.Test;

/**
 * A web answer of each JSON shape through the conditions Argo Rollouts' docs write for it: the value at jsonPath
 * keeps its type, and a condition that reads a field it lacks or compares across kinds is an error, never a verdict.
 */
class WebResultsTest {
  private static final ConditionCompiler CONDITIONS = new ConditionCompiler();

  private static MetricValue answer(String body, String jsonPath) {
    MeasurementOutcome outcome = WebResults.parse(200, body, jsonPath == null ? null : JsonPath.compile(jsonPath));
    assertThat(outcome).isInstanceOf(MeasurementOutcome.Value.class);
    return ((MeasurementOutcome.Value) outcome).value();
  }

  private static MetricValue answer(String body) {
    return answer(body, null);
  }

  private static boolean holds(String condition, MetricValue value) throws Exception {
    return CONDITIONS.compile(condition).evaluate(value);
  }

  private static String error(String condition, MetricValue value) {
    try {
      boolean verdict = CONDITIONS.compile(condition).evaluate(value);
      throw new AssertionError(condition + " gave " + verdict + " instead of an error");
    } catch (ConditionEvaluationException e) {
      return e.getMessage();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aBooleanIsABoolean() throws Exception {
    MetricValue ok = answer("{\"data\":{\"ok\":true}}", "{$.data.ok}");
    assertThat(ok.display()).isEqualTo("true");
    assertThat(holds("result == true", ok)).isTrue();
    assertThat(holds("result == false", ok)).isFalse();
    assertThat(holds("result", ok)).isTrue();
    assertThat(holds("!result", ok)).isFalse();
    MetricValue notOk = answer("{\"data\":{\"ok\":false}}", "$.data.ok");
    assertThat(holds("result == true", notOk)).isFalse();
    assertThat(holds("result == false", notOk)).isTrue();
  }

  @Test
  void anObjectHasItsFields() throws Exception {
    MetricValue healthy = answer("{\"data\":{\"ok\":true,\"successPercent\":0.95}}", "{$.data}");
    assertThat(healthy.display()).isEqualTo("{\"ok\":true,\"successPercent\":0.95}");
    assertThat(holds("result.ok", healthy)).isTrue();
    assertThat(holds("result.ok && result.successPercent >= 0.90", healthy)).isTrue();
    assertThat(holds("result.ok == true and result.successPercent > 0.9", healthy)).isTrue();
    MetricValue degraded = answer("{\"ok\":true,\"successPercent\":0.5}");
    assertThat(holds("result.ok && result.successPercent >= 0.90", degraded)).isFalse();
    assertThat(holds("result.successPercent < 0.6", degraded)).isTrue();
  }

  @Test
  void aStringIsAStringAndItsJsonTextIsTheValue() throws Exception {
    MetricValue status = answer("{\"status\":\"ok\"}", "{.status}");
    assertThat(status.display()).isEqualTo("\"ok\"");
    assertThat(holds("result == \"ok\"", status)).isTrue();
    assertThat(holds("result == 'ok'", status)).isTrue();
    assertThat(holds("result != \"ok\"", status)).isFalse();
    assertThat(holds("result in [\"ok\", \"degraded\"]", status)).isTrue();
    assertThat(holds("result == \"down\"", answer("\"up\""))).isFalse();
  }

  @Test
  void aListOfObjectsIsAList() throws Exception {
    MetricValue pods = answer("{\"pods\":[{\"name\":\"a\",\"ready\":true},{\"name\":\"b\",\"ready\":false}]}",
        "{$.pods}");
    assertThat(holds("len(result) > 0", pods)).isTrue();
    assertThat(holds("len(result) == 2", pods)).isTrue();
    assertThat(holds("result[0].ready", pods)).isTrue();
    assertThat(holds("result[-1].name == \"b\"", pods)).isTrue();
    assertThat(holds("all(result, {.ready})", pods)).isFalse();
    assertThat(holds("any(result, {#.ready})", pods)).isTrue();
    assertThat(error("result.ready", pods)).contains("result is a list: [{\"name\":\"a\"");
  }

  @Test
  void aListOfStringsIsAList() throws Exception {
    MetricValue zones = answer("{\"zones\":[\"a\",\"b\"]}", "{$.zones}");
    assertThat(zones.display()).isEqualTo("[\"a\",\"b\"]");
    assertThat(holds("len(result) > 0", zones)).isTrue();
    assertThat(holds("\"b\" in result", zones)).isTrue();
    assertThat(holds("len(result) > 0", answer("[]"))).isFalse();
  }

  @Test
  void aFieldTheAnswerLacksIsAnErrorNamingItNeverAVerdict() {
    MetricValue up = answer("{\"status\":\"up\"}");
    assertThat(error("result.ok", up)).contains("'ok'").contains("result is an object: {\"status\":\"up\"}");
    // With only a failureCondition, a false would pass the measurement: it must be an error instead.
    assertThat(error("!result.ok", up)).contains("'ok'");
    assertThat(error("result.ok == false", up)).contains("'ok'");
    // A null member is left out, so it reads as missing too.
    assertThat(error("result.ok", answer("{\"ok\":null}"))).contains("'ok'");
  }

  @Test
  void comparingAcrossKindsIsAnErrorNotFalse() {
    MetricValue word = answer("\"ok\"");
    assertThat(error("result == true", word)).contains("cannot compare a string with a boolean")
        .contains("result is a string: \"ok\"");
    assertThat(error("result != true", word)).contains("cannot compare a string with a boolean");
    assertThat(error("result > 0.9", word)).contains("result is a string");
    assertThat(error("result.ok == true", answer("{\"ok\":\"true\"}")))
        .contains("cannot compare a string with a boolean");
    assertThat(error("result == true", answer("0.95"))).contains("cannot compare a number with a boolean");
    assertThat(error("result == 1", answer("{\"ok\":true}"))).contains("cannot compare an object with a number");
    assertThat(error("result", answer("\"true\""))).contains("not a boolean");
  }

  @Test
  void nullOrNothingAtThePathIsNoData() throws Exception {
    for (MetricValue nothing : new MetricValue[] {answer("{\"ok\":null}", "{$.ok}"), answer("{}", "{$.ok}")}) {
      assertThat(nothing.isEmpty()).isTrue();
      assertThat(holds("isNil(result)", nothing)).isTrue();
      assertThat(holds("result == nil", nothing)).isTrue();
      assertThat(error("result == true", nothing)).isEqualTo(ConditionEvaluationException.NO_DATA);
      assertThat(error("result != true", nothing)).isEqualTo(ConditionEvaluationException.NO_DATA);
      assertThat(error("result.ok", nothing)).isEqualTo(ConditionEvaluationException.NO_DATA);
    }
    assertThat(answer("null").display()).isEqualTo("null");
  }

  @Test
  void numbersStayNumbers() throws Exception {
    MetricValue rate = answer("{\"rate\":0.95}", "{$.rate}");
    assertThat(rate.values()).containsExactly(0.95);
    assertThat(rate.display()).isEqualTo("0.95");
    assertThat(holds("result > 0.9", rate)).isTrue();
    assertThat(holds("result == 0.95", rate)).isTrue();
    assertThat(holds("result[0] < 1", rate)).isTrue();
    // A numeric string is its number for numeric conditions (as before) and still the string it is.
    MetricValue text = answer("{\"rate\":\"0.95\"}", "{$.rate}");
    assertThat(holds("result > 0.9", text)).isTrue();
    assertThat(holds("result == \"0.95\"", text)).isTrue();
    assertThat(holds("asFloat(result) > 0.9", text)).isTrue();
    MetricValue list = answer("[1, 2, 3]");
    assertThat(list.values()).containsExactly(1.0, 2.0, 3.0);
    assertThat(list.display()).isEqualTo("[1,2,3]");
    assertThat(holds("all(result, # < 5)", list)).isTrue();
    assertThat(holds("len(result) == 3", list)).isTrue();
  }

  @Test
  void aHugeAnswerIsShownBoundedAndStillRead() throws Exception {
    StringBuilder body = new StringBuilder("{\"pods\":[");
    for (int i = 0; i < 20_000; i++) {
      body.append(i == 0 ? "" : ",").append("{\"name\":\"pod-").append(i).append("\",\"ready\":true}");
    }
    body.append("]}");
    assertThat(body.length()).isGreaterThan(500_000);
    MetricValue pods = answer(body.toString(), "{$.pods}");
    assertThat(pods.display()).hasSizeLessThanOrEqualTo(StatusText.MAX_CHARS).startsWith("[{\"name\":\"pod-0\"")
        .contains("more characters");
    assertThat(holds("len(result) == 20000", pods)).isTrue();
    assertThat(holds("all(result, {.ready})", pods)).isTrue();
    // An error quotes only the start of it.
    assertThat(error("result.ready", pods)).hasSizeLessThan(400);
  }

  @Test
  void nestingDeeperThanConditionsReadIsKeptAsText() throws Exception {
    MetricValue deep = answer("{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":{\"g\":{\"h\":{\"i\":1}}}}}}}}}");
    assertThat(holds("result.a.b.c.d.e.f.g.h == \"{\\\"i\\\":1}\"", deep)).isTrue();
  }
}
