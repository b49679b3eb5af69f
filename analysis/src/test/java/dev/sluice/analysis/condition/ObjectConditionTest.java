package dev.sluice.analysis.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Conditions over a Rollout as Argo's notification triggers write them ({@code when:} in expr-lang), with the answer
 * expr-lang gives on the Rollout decoded from JSON: a key the map lacks is nil, reading from nil is an error, numbers
 * compare across int and float.
 */
class ObjectConditionTest {
  private final ObjectConditionCompiler compiler = new ObjectConditionCompiler(Set.of("rollout", "event"));

  private static final Map<String, Object> ROLLOUT = Map.of(
      "metadata", Map.of("name", "payments-api", "labels", Map.of("team", "payments", "app.kubernetes.io/part-of", "shop")),
      "spec", Map.of("replicas", 3, "template", Map.of(
          "metadata", Map.of("labels", Map.of("app", "payments-api")),
          "spec", Map.of("containers", List.of(
              Map.of("name", "api", "image", "argoproj/rollouts-demo:purple"),
              Map.of("name", "sidecar", "image", "envoy:1.30"))))),
      "status", Map.of("phase", "Degraded", "currentStepIndex", 2, "conditions", List.of(
          Map.of("type", "Available", "status", "True"),
          Map.of("type", "Progressing", "status", "False"))));

  private boolean evaluate(String expression) throws Exception {
    return compiler.compile(expression).evaluate(Map.of("rollout", ROLLOUT, "event", Map.of("reason", "RolloutAborted")));
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource(delimiterString = "~~", quoteCharacter = '"', value = {
      // Argo's docs/features/notifications.md
      "rollout.spec.template.spec.containers[0].image == 'argoproj/rollouts-demo:purple' ~~ true",
      "rollout.spec.template.spec.containers[0].image == 'argoproj/rollouts-demo:blue' ~~ false",
      "rollout.metadata.labels.team == 'payments' ~~ true",
      "rollout.metadata.labels.team != 'payments' ~~ false",
      "rollout.metadata.labels['app.kubernetes.io/part-of'] == 'shop' ~~ true",
      "rollout.status.phase == 'Degraded' and rollout.metadata.labels.team == 'payments' ~~ true",
      "rollout.status.phase == 'Healthy' or rollout.metadata.labels.team == 'search' ~~ false",
      "not (rollout.status.phase == 'Healthy') ~~ true",
      "rollout.status.phase in ['Degraded', 'Paused'] ~~ true",
      "rollout.status.phase not in ['Degraded', 'Paused'] ~~ false",
      "'team' in rollout.metadata.labels ~~ true",
      "'owner' in rollout.metadata.labels ~~ false",
      // JSON numbers are floats to expr-lang, and compare with integer literals.
      "rollout.spec.replicas == 3 ~~ true",
      "rollout.spec.replicas > 2 && rollout.status.currentStepIndex >= 2 ~~ true",
      "rollout.spec.template.spec.containers[-1].name == 'sidecar' ~~ true",
      "len(rollout.spec.template.spec.containers) == 2 ~~ true",
      "rollout.metadata.name startsWith 'payments' ~~ true",
      "rollout.spec.template.spec.containers[0].image contains 'purple' ~~ true",
      "rollout.metadata.name matches '^pay.*-api$' ~~ true",
      "any(rollout.status.conditions, {.type == 'Progressing' && .status == 'False'}) ~~ true",
      "all(rollout.status.conditions, .status == 'True') ~~ false",
      "event.reason == 'RolloutAborted' ~~ true",
      // A key the Rollout does not have is nil, as in expr-lang: the label is not 'payments', and is nil.
      "rollout.metadata.labels.owner == 'payments' ~~ false",
      "rollout.metadata.labels.owner != 'payments' ~~ true",
      "rollout.metadata.labels.owner == nil ~~ true",
  })
  void answersAsArgo(String expression, boolean expected) throws Exception {
    assertThat(evaluate(expression)).isEqualTo(expected);
  }

  @Test
  void aVariableNotGivenIsNil() throws Exception {
    assertThat(compiler.compile("event == nil").evaluate(Map.of("rollout", ROLLOUT))).isTrue();
  }

  @Test
  void readingFromNilIsAnErrorNamingTheField() {
    // spec.strategy is not in this Rollout: expr-lang cannot read canary from nil either.
    assertThatThrownBy(() -> evaluate("rollout.spec.strategy.canary.steps == nil"))
        .isInstanceOf(ConditionEvaluationException.class).hasMessageContaining("cannot read 'canary' from nil");
  }

  @Test
  void aTypeErrorIsAnError() {
    assertThatThrownBy(() -> evaluate("rollout.metadata.name > 3"))
        .isInstanceOf(ConditionEvaluationException.class);
    assertThatThrownBy(() -> evaluate("rollout.spec.template.spec.containers[5].name == 'x'"))
        .isInstanceOf(ConditionEvaluationException.class).hasMessageContaining("index 5 out of range");
  }

  @Test
  void aValueThatIsNotTrueOrFalseIsAnError() {
    assertThatThrownBy(() -> evaluate("rollout.metadata.name"))
        .isInstanceOf(ConditionEvaluationException.class).hasMessageContaining("evaluated to payments-api, not true or false");
  }

  @Test
  void aConditionPastItsCostBoundIsAnErrorNotAHang() {
    List<Integer> many = java.util.stream.IntStream.range(0, 5000).boxed().toList();
    assertThatThrownBy(() -> compiler.compile("all(rollout.items, {# in rollout.items})")
        .evaluate(Map.of("rollout", Map.of("items", many))))
        .isInstanceOf(ConditionEvaluationException.class).hasMessageContaining("cost limit");
  }

  @Test
  void whatIsNotExprLangIsRefusedWithTheReason() {
    assertThatThrownBy(() -> compiler.compile("rollout.status.phase == 'Degraded"))
        .isInstanceOf(InvalidConditionException.class).hasMessageContaining("not Argo Rollouts' expression language");
    assertThatThrownBy(() -> compiler.compile("rollout.status.phase ==")).isInstanceOf(InvalidConditionException.class);
    assertThatThrownBy(() -> compiler.compile("app.status.sync.status == 'Unknown'"))
        .isInstanceOf(InvalidConditionException.class).hasMessageContaining("unknown name app")
        .hasMessageContaining("may read event, rollout");
    assertThatThrownBy(() -> compiler.compile("time.Now().Sub(time.Parse(rollout.status.x)).Minutes() > 5"))
        .isInstanceOf(InvalidConditionException.class).hasMessageContaining("time functions");
    assertThatThrownBy(() -> compiler.compile("isNil(rollout.status)"))
        .isInstanceOf(InvalidConditionException.class).hasMessageContaining("x == nil");
    assertThatThrownBy(() -> compiler.compile(" ")).isInstanceOf(InvalidConditionException.class);
  }

  @Test
  void analysisConditionsAreTranslatedAsBefore() throws Exception {
    // The object form does not change how result reads: a negative index is still size-based, no fetch.
    assertThat(ArgoExprTranslator.toCel("result[-1] > 0.5")).doesNotContain("fetch");
    assertThat(compiler.compile("rollout.metadata.name == 'x'").cel()).contains("fetch(fetch(rollout, \"metadata\"), \"name\")");
  }
}
