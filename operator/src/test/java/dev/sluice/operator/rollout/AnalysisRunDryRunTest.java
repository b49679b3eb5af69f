package dev.sluice.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sluice.api.v1alpha1.AnalysisRunSpec;
import dev.sluice.api.v1alpha1.AnalysisTemplateSpec;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutAnalysis;
import java.io.IOException;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The dryRun and measurementRetention of a Rollout's analysis reference (Argo's "Dry-Run Rollouts" and
 * "Measurements Retention for Rollouts Analysis") reach the AnalysisRun Sluice creates, ahead of the template's own.
 */
class AnalysisRunDryRunTest {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static final String REFERENCE = """
        templates:
        - templateName: random-fail
        - templateName: always-pass
        dryRun:
        - metricName: .*
        measurementRetention:
        - metricName: fail.*
          limit: 20
      """;

  private final Map<String, AnalysisTemplateSpec> templates = Map.of(
      "random-fail", template("""
          metrics:
          - name: fail-sometimes
            provider: {job: {spec: {template: {spec: {containers: [{name: c, image: busybox}]}}}}}
          measurementRetention:
          - metricName: fail-sometimes
            limit: 5
          """),
      "always-pass", template("""
          metrics:
          - name: pass
            provider: {job: {spec: {template: {spec: {containers: [{name: c, image: busybox}]}}}}}
          dryRun:
          - metricName: pass
          """));

  private final Function<dev.sluice.api.v1alpha1.AnalysisTemplateRef, AnalysisTemplateSpec> lookup =
      ref -> templates.get(ref.templateName);

  @Test
  void canaryBackgroundAnalysisCarriesItsRules() throws IOException {
    Rollout rollout = rollout("""
        canary:
          analysis:
        %s
        """.formatted(REFERENCE.indent(2)));
    assertRulesReachTheRun(rollout.getSpec().strategy.canary.analysis, rollout);
  }

  @Test
  void blueGreenPrePromotionAnalysisCarriesItsRules() throws IOException {
    Rollout rollout = rollout("""
        blueGreen:
          activeService: active
          prePromotionAnalysis:
        %s
        """.formatted(REFERENCE.indent(2)));
    assertRulesReachTheRun(rollout.getSpec().strategy.blueGreen.prePromotionAnalysis, rollout);
  }

  @Test
  void blueGreenPostPromotionAnalysisCarriesItsRules() throws IOException {
    Rollout rollout = rollout("""
        blueGreen:
          activeService: active
          postPromotionAnalysis:
        %s
        """.formatted(REFERENCE.indent(2)));
    assertRulesReachTheRun(rollout.getSpec().strategy.blueGreen.postPromotionAnalysis, rollout);
  }

  @Test
  void canaryStepAnalysisCarriesItsRules() throws IOException {
    Rollout rollout = rollout("""
        canary:
          steps:
          - analysis:
        %s
        """.formatted(REFERENCE.indent(4)));
    assertRulesReachTheRun(rollout.getSpec().strategy.canary.steps.get(0).analysis, rollout);
  }

  @Test
  void aMetricNamedTwiceIsRefusedWithTheName() throws IOException {
    Rollout rollout = rollout("""
        canary:
          analysis:
            templates: [{templateName: always-pass}]
            dryRun: [{metricName: pass}]
        """);
    assertThatThrownBy(() -> AnalysisRunFactory.build(lookup, rollout, "web-abc-1", rollout.getSpec().strategy.canary.analysis, "abc"))
        .isInstanceOf(RolloutProblem.class)
        .hasMessageContaining("dryRun").hasMessageContaining("\"pass\"");
  }

  @Test
  void withoutRulesOnTheReferenceTheTemplatesOwnAreKept() throws IOException {
    Rollout rollout = rollout("""
        canary:
          analysis:
            templates: [{templateName: always-pass}]
        """);
    AnalysisRunSpec spec = AnalysisRunFactory.build(lookup, rollout, "web-abc-1",
        rollout.getSpec().strategy.canary.analysis, "abc").getSpec();
    assertThat(spec.dryRun).extracting(rule -> rule.metricName).containsExactly("pass");
    assertThat(spec.measurementRetention).isEmpty();
  }

  private void assertRulesReachTheRun(RolloutAnalysis analysis, Rollout rollout) {
    AnalysisRunSpec spec = AnalysisRunFactory.build(lookup, rollout, "web-abc-1", analysis, "abc").getSpec();
    assertThat(spec.metrics).extracting(metric -> metric.name).containsExactly("fail-sometimes", "pass");
    assertThat(spec.dryRun).extracting(rule -> rule.metricName).containsExactly(".*", "pass");
    assertThat(spec.measurementRetention).extracting(rule -> rule.metricName + "=" + rule.limit)
        .containsExactly("fail.*=20", "fail-sometimes=5");
  }

  private static Rollout rollout(String strategy) throws IOException {
    return YAML.readValue("""
        apiVersion: sluice.dev/v1alpha1
        kind: Rollout
        metadata: {name: web, namespace: shop, uid: u-1}
        spec:
          strategy:
        %s
        """.formatted(strategy.indent(4)), Rollout.class);
  }

  private static AnalysisTemplateSpec template(String yaml) {
    try {
      return YAML.readValue(yaml, AnalysisTemplateSpec.class);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
