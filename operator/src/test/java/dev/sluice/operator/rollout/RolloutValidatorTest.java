package dev.sluice.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.validation.Violation;
import java.io.IOException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RolloutValidatorTest {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static Rollout canary() throws IOException {
    return YAML.readValue("""
        apiVersion: sluice.dev/v1alpha1
        kind: Rollout
        metadata: {name: web, namespace: shop}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec: {containers: [{name: web, image: web:1}]}
          strategy:
            canary:
              canaryService: web-canary
              stableService: web-stable
              steps: [{setWeight: 50}]
        """, Rollout.class);
  }

  @Test
  void missingServicesAreNamedWithTheFieldThatReferencesThem() throws IOException {
    assertThat(RolloutValidator.validate(canary(), Set.of("web-stable")))
        .containsExactly(new Violation("spec.strategy.canary.canaryService", "Service \"web-canary\" not found"));
  }

  @Test
  void aRolloutWhoseServicesExistIsValid() throws IOException {
    assertThat(RolloutValidator.validate(canary(), Set.of("web-stable", "web-canary"))).isEmpty();
  }

  @Test
  void selectorMismatchIsReportedToo() throws IOException {
    Rollout rollout = canary();
    rollout.getSpec().template.getMetadata().getLabels().put("app", "api");
    assertThat(RolloutValidator.validate(rollout, Set.of("web-stable", "web-canary")))
        .extracting(Violation::field).containsExactly("spec.selector");
  }

  @Test
  void missingBlueGreenServicesAreNamedWithTheirFields() throws IOException {
    Rollout rollout = YAML.readValue("""
        apiVersion: sluice.dev/v1alpha1
        kind: Rollout
        metadata: {name: web, namespace: shop}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec: {containers: [{name: web, image: web:1}]}
          strategy:
            blueGreen: {activeService: web-active, previewService: web-preview}
        """, Rollout.class);
    assertThat(RolloutValidator.validate(rollout, Set.of())).containsExactly(
        new Violation("spec.strategy.blueGreen.activeService", "Service \"web-active\" not found"),
        new Violation("spec.strategy.blueGreen.previewService", "Service \"web-preview\" not found"));
    assertThat(RolloutValidator.validate(rollout, Set.of("web-active", "web-preview"))).isEmpty();
  }
}
