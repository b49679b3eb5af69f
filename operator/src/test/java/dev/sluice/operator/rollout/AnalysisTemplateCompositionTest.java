package dev.sluice.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sluice.api.v1alpha1.AnalysisRunSpec;
import dev.sluice.api.v1alpha1.AnalysisTemplateRef;
import dev.sluice.api.v1alpha1.AnalysisTemplateSpec;
import dev.sluice.api.v1alpha1.Rollout;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Argo's "Analysis Template referencing other Analysis Templates": a run of a template that lists others in
 * spec.templates measures all of their metrics, with their args, dryRun and measurementRetention.
 */
class AnalysisTemplateCompositionTest {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Map<String, AnalysisTemplateSpec> namespaced = new HashMap<>(Map.of(
      "success-rate", template("""
          args: [{name: service-name}]
          metrics:
          - name: success-rate
            successCondition: result[0] >= 0.95
            provider: {prometheus: {address: "http://prometheus:9090", query: "up{service='{{args.service-name}}'}"}}
          dryRun: [{metricName: success-rate}]
          """),
      "error-rate", template("""
          args: [{name: service-name}, {name: threshold, value: "0.05"}]
          metrics:
          - name: error-rate
            successCondition: result[0] <= 0.05
            provider: {prometheus: {address: "http://prometheus:9090", query: "errors"}}
          measurementRetention: [{metricName: error-rate, limit: 3}]
          """),
      "rates", template("""
          args: [{name: service-name}]
          templates:
          - templateName: success-rate
          - templateName: error-rate
            clusterScope: false
          """)));
  private final Map<String, AnalysisTemplateSpec> cluster = new HashMap<>(Map.of(
      "latency", template("""
          metrics:
          - name: latency
            provider: {prometheus: {address: "http://prometheus:9090", query: "latency"}}
          """)));

  private final Function<AnalysisTemplateRef, AnalysisTemplateSpec> lookup =
      ref -> (Boolean.TRUE.equals(ref.clusterScope) ? cluster : namespaced).get(ref.templateName);

  @Test
  void aTemplateOfTemplatesGivesTheRunEveryMetricArgumentAndRule() throws IOException {
    AnalysisRunSpec spec = run("rates").getSpec();
    assertThat(spec.metrics).extracting(m -> m.name).containsExactly("success-rate", "error-rate");
    assertThat(spec.args).extracting(a -> a.name + "=" + a.value)
        .as("service-name declared by three templates is one argument").containsExactly("service-name=web", "threshold=0.05");
    assertThat(spec.dryRun).extracting(r -> r.metricName).containsExactly("success-rate");
    assertThat(spec.measurementRetention).extracting(r -> r.metricName + "=" + r.limit).containsExactly("error-rate=3");
  }

  @Test
  void nestedAndClusterScopedReferencesAreFollowed() throws IOException {
    namespaced.put("all", template("""
        metrics:
        - name: own
          provider: {prometheus: {address: "http://prometheus:9090", query: "own"}}
        templates: [{templateName: rates}, {templateName: latency, clusterScope: true}]
        """));
    assertThat(run("all").getSpec().metrics).extracting(m -> m.name)
        .containsExactly("own", "success-rate", "error-rate", "latency");
  }

  @Test
  void aMetricDefinedByTwoTemplatesIsRefusedNamingBoth() throws IOException {
    namespaced.put("dup", template("""
        metrics:
        - name: error-rate
          provider: {prometheus: {address: "http://prometheus:9090", query: "other"}}
        templates: [{templateName: error-rate}]
        """));
    assertThatThrownBy(() -> run("dup")).isInstanceOf(RolloutProblem.class)
        .hasMessageContaining("metric \"error-rate\" is defined by both AnalysisTemplate \"dup\" and AnalysisTemplate \"error-rate\"")
        .extracting(e -> ((RolloutProblem) e).reason()).isEqualTo("AnalysisSpecError");
  }

  @Test
  void aCycleIsRefusedWithTheChain() {
    namespaced.put("a", template("templates: [{templateName: b}]"));
    namespaced.put("b", template("templates: [{templateName: a}]"));
    assertThatThrownBy(() -> run("a")).isInstanceOf(RolloutProblem.class)
        .hasMessageContaining("cycle: AnalysisTemplate \"a\" -> AnalysisTemplate \"b\" -> AnalysisTemplate \"a\"")
        .extracting(e -> ((RolloutProblem) e).reason()).isEqualTo("AnalysisTemplateCycle");
  }

  @Test
  void aMissingReferencedTemplateIsNamedWithWhoReferencesIt() {
    namespaced.put("broken", template("templates: [{templateName: success-rate}, {templateName: gone}]"));
    assertThatThrownBy(() -> run("broken")).isInstanceOf(RolloutProblem.class)
        .hasMessageContaining("AnalysisTemplate \"gone\" not found (referenced by AnalysisTemplate \"broken\")")
        .extracting(e -> ((RolloutProblem) e).reason()).isEqualTo("AnalysisTemplateNotFound");
  }

  @Test
  void aTemplateReferencedTwiceThroughTwoPathsIsNotACycleButItsMetricsRepeat() {
    namespaced.put("left", template("templates: [{templateName: success-rate}]"));
    namespaced.put("right", template("templates: [{templateName: success-rate}]"));
    namespaced.put("diamond", template("templates: [{templateName: left}, {templateName: right}]"));
    assertThatThrownBy(() -> run("diamond")).isInstanceOf(RolloutProblem.class)
        .hasMessageContaining("metric \"success-rate\" is defined by both");
  }

  private dev.sluice.api.v1alpha1.AnalysisRun run(String template) throws IOException {
    Rollout rollout = YAML.readValue("""
        apiVersion: sluice.dev/v1alpha1
        kind: Rollout
        metadata: {name: web, namespace: shop, uid: u-1}
        spec:
          strategy:
            canary:
              analysis:
                templates: [{templateName: %s}]
                args: [{name: service-name, value: web}]
        """.formatted(template), Rollout.class);
    return AnalysisRunFactory.build(lookup, rollout, "web-abc-1", rollout.getSpec().strategy.canary.analysis, "abc");
  }

  private static AnalysisTemplateSpec template(String yaml) {
    try {
      return YAML.readValue(yaml, AnalysisTemplateSpec.class);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
