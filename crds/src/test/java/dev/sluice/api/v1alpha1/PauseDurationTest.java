package dev.sluice.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A pause duration as Argo Rollouts reads it (an integer or a unit-less string is seconds), read the way the
 * controller reads a Rollout (fabric8's serialization) and turned into the wait the planner uses (Durations.parseSecondsOrDuration).
 */
class PauseDurationTest {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"10|10", "'10'|10", "0|0", "10s|10", "1m30s|90", "1h|3600"})
  void pauseDurationIsReadAsArgoReadsIt(String yamlValue, long seconds) {
    Rollout rollout = SERIALIZATION.unmarshal("""
        apiVersion: sluice.dev/v1alpha1
        kind: Rollout
        metadata: {name: web}
        spec:
          strategy:
            canary:
              steps:
              - pause: {duration: %s}
        """.formatted(yamlValue), Rollout.class);

    String duration = rollout.getSpec().strategy.canary.steps.get(0).pause.duration;
    assertThat(Durations.parseSecondsOrDuration(duration)).isEqualTo(Duration.ofSeconds(seconds));
  }
}
