package dev.sluice.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutPhase;
import dev.sluice.api.v1alpha1.RolloutStatus;
import dev.sluice.operator.metrics.SluiceMetrics;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class StatusWriterTest {
  @Test
  void anUnchangedStatusIsNotWrittenButCountedInTheMetrics() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    // No client: an unchanged status must not reach the API server.
    StatusWriter writer = new StatusWriter(null, new SluiceMetrics(registry));
    Rollout rollout = new Rollout();
    rollout.setMetadata(new ObjectMetaBuilder().withNamespace("shop").withName("web").build());
    RolloutStatus status = new RolloutStatus();
    status.phase = RolloutPhase.Degraded;
    rollout.setStatus(status);

    Rollout result = writer.write(rollout, StatusWriter.copyOf(status));

    assertThat(result).isSameAs(rollout);
    assertThat(registry.get("sluice.rollouts").tag("phase", "Degraded").gauge().value()).isEqualTo(1);
    assertThat(registry.get("sluice.rollouts").tag("phase", "Healthy").gauge().value()).isEqualTo(0);
  }
}
