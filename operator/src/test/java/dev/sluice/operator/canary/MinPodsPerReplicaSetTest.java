package dev.sluice.operator.canary;

import static dev.sluice.operator.canary.Rollouts.canaryScaleReplicas;
import static dev.sluice.operator.canary.Rollouts.pause;
import static dev.sluice.operator.canary.Rollouts.setWeight;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** minPodsPerReplicaSet: with traffic routing, a revision asked for any pods gets at least that many. */
class MinPodsPerReplicaSetTest {
  @Test
  void aSmallWeightStillGetsTheMinimumOfCanaryPods() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(10).routed().minPodsPerReplicaSet(2)
        .steps(setWeight(5), pause()).build(), "s1");
    world.deploy("c1").settle();
    assertThat(world.routerWeight).isEqualTo(5);
    assertThat(world.desired("c1")).as("ceil(10 * 5%) = 1, raised to 2").isEqualTo(2);
    assertThat(world.desired("s1")).isEqualTo(10);
  }

  @Test
  void withDynamicStableScaleTheStableKeepsTheMinimumToo() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(10).routed().dynamicStableScale()
        .minPodsPerReplicaSet(3).steps(setWeight(95), pause()).build(), "s1");
    world.deploy("c1").settle();
    assertThat(world.routerWeight).isEqualTo(95);
    assertThat(world.desired("s1")).as("ceil(10 * 5%) = 1, raised to 3").isEqualTo(3);
  }

  @Test
  void theMinimumIsCappedAtReplicasAndZeroStaysZero() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(2).routed().minPodsPerReplicaSet(5)
        .steps(pause(), setWeight(10), pause()).build(), "s1");
    world.deploy("c1").settle();
    assertThat(world.desired("c1")).as("no weight yet: no canary pods").isZero();
    world.promote().settle();
    assertThat(world.desired("c1")).isEqualTo(2);
  }

  @Test
  void anExplicitCanaryScaleIsLeftAsItIs() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(10).routed().minPodsPerReplicaSet(3)
        .steps(canaryScaleReplicas(1), pause()).build(), "s1");
    world.deploy("c1").settle();
    assertThat(world.desired("c1")).isEqualTo(1);
  }

  @Test
  void withoutRoutingItHasNoEffect() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(10).minPodsPerReplicaSet(3)
        .steps(setWeight(10), pause()).build(), "s1");
    world.deploy("c1").settle();
    assertThat(world.desired("c1")).isEqualTo(1);
  }
}
