package dev.sluice.operator.canary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** scaleDownDelayRevisionLimit: how many old revisions keep their pods through scaleDownDelaySeconds. */
class ScaleDownDelayRevisionLimitTest {

  /** Promotes c1, c2 and c3 in turn (no steps: each promotes at once), ten seconds apart. */
  private static CanaryWorld threePromotions(Rollouts.Builder builder) {
    CanaryWorld world = CanaryWorld.stable(builder.replicas(4).routed().scaleDownDelaySeconds(600).build(), "s1");
    for (String hash : List.of("c1", "c2", "c3")) {
      world.advanceSeconds(10).deploy(hash).settle();
      assertThat(world.status().stableRS).isEqualTo(hash);
    }
    return world;
  }

  @Test
  void withoutALimitEveryOldRevisionWaitsOutItsDelay() {
    CanaryWorld world = threePromotions(Rollouts.canary());
    assertThat(List.of(world.desired("s1"), world.desired("c1"), world.desired("c2"))).containsOnly(4);
  }

  @Test
  void withALimitOnlyTheNewestOldRevisionsKeepTheirPods() {
    CanaryWorld world = threePromotions(Rollouts.canary().scaleDownDelayRevisionLimit(2));
    assertThat(world.desired("c2")).isEqualTo(4);
    assertThat(world.desired("c1")).isEqualTo(4);
    assertThat(world.desired("s1")).as("the third old revision scales down at once").isZero();
    world.advanceSeconds(600).settle();
    assertThat(world.desired("c1")).isZero();
    assertThat(world.desired("c2")).isZero();
    assertThat(world.desired("c3")).isEqualTo(4);
  }

  @Test
  void aLimitOfZeroScalesTheOldStableDownAtThePromotion() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(4).routed().scaleDownDelaySeconds(600)
        .scaleDownDelayRevisionLimit(0).build(), "s1");
    world.deploy("c1").settle();
    assertThat(world.status().stableRS).isEqualTo("c1");
    assertThat(world.desired("s1")).isZero();
  }
}
