package dev.sluice.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutPhase;
import dev.sluice.api.v1alpha1.RolloutSpec;
import dev.sluice.api.v1alpha1.RolloutStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;

class StoredRolloutTest {
  @Test
  void theCachedRolloutWithTheWrittenStatusAtTheAnswersResourceVersionLeavingTheCachedCopyAsItWas() {
    Rollout cached = new Rollout();
    cached.setMetadata(new ObjectMetaBuilder().withNamespace("shop").withName("web").withResourceVersion("10").withGeneration(4L)
        .addToLabels("team", "shop").build());
    cached.setSpec(new RolloutSpec());
    RolloutStatus before = new RolloutStatus();
    before.phase = RolloutPhase.Progressing;
    cached.setStatus(before);
    RolloutStatus written = new RolloutStatus();
    written.phase = RolloutPhase.Healthy;

    Rollout stored = StoredRollout.withStatus(cached, written, "11");

    assertThat(stored.getMetadata().getResourceVersion()).isEqualTo("11");
    assertThat(stored.getMetadata().getGeneration()).isEqualTo(4L);
    assertThat(stored.getMetadata().getLabels()).containsEntry("team", "shop");
    assertThat(stored.getSpec()).isSameAs(cached.getSpec());
    assertThat(stored.getStatus().phase).isEqualTo(RolloutPhase.Healthy);
    assertThat(stored.getKind()).isEqualTo("Rollout");
    assertThat(stored.getApiVersion()).isEqualTo("sluice.dev/v1alpha1");
    assertThat(cached.getMetadata().getResourceVersion()).isEqualTo("10");
    assertThat(cached.getStatus().phase).isEqualTo(RolloutPhase.Progressing);
  }
}
