package dev.sluice.operator.canary;

import static dev.sluice.operator.canary.Rollouts.pause;
import static dev.sluice.operator.canary.Rollouts.setWeight;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.RolloutPhase;
import dev.sluice.operator.plan.SimulatedCluster.Availability;
import org.junit.jupiter.api.Test;

/**
 * dynamicStableScale, walked as Argo Rollouts' own e2e test walks it (4 replicas, setWeight 25, pause, setWeight 75,
 * pause; pods become ready only when the test says so).
 */
class DynamicStableScaleTest {
  private static CanaryWorld atSeventyFive(Rollouts.Builder builder) {
    CanaryWorld world = CanaryWorld.stable(builder.replicas(4).routed().dynamicStableScale()
        .steps(setWeight(25), pause(), setWeight(75), pause()).build(), "s1");
    world.availability = Availability.MANUAL;
    world.deploy("c1").settle();
    ready(world, "c1", 1);
    assertThat(world.phase()).isEqualTo(RolloutPhase.Paused);
    assertThat(world.routerWeight).isEqualTo(25);
    assertThat(world.desired("s1")).as("the stable gives up the pods of the traffic it lost").isEqualTo(3);
    assertThat(world.desired("c1")).isEqualTo(1);
    world.promote().settle();
    ready(world, "c1", 3);
    assertThat(world.index()).isEqualTo(3);
    assertThat(world.routerWeight).isEqualTo(75);
    assertThat(world.desired("s1")).isEqualTo(1);
    assertThat(world.desired("c1")).isEqualTo(3);
    return world;
  }

  private static void ready(CanaryWorld world, String hash, int available) {
    world.revisions.get(hash).available = available;
    world.settle();
  }

  @Test
  void theStableShrinksOnlyOnceTheRouterHasMovedTheWeight() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(4).routed().dynamicStableScale()
        .steps(setWeight(25), pause()).build(), "s1");
    world.availability = Availability.MANUAL;
    world.routerStuck = true;
    world.deploy("c1").settle();
    ready(world, "c1", 1);
    assertThat(world.routerWeight).as("the router did not take 25").isZero();
    assertThat(world.desired("s1")).as("the stable keeps its pods while it keeps its traffic").isEqualTo(4);
    world.routerStuck = false;
    world.advanceSeconds(2).settle();
    assertThat(world.routerWeight).isEqualTo(25);
    assertThat(world.desired("s1")).isEqualTo(3);
  }

  @Test
  void withoutItTheStableStaysAtFullSize() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(4).routed()
        .steps(setWeight(25), pause(), setWeight(75), pause()).build(), "s1");
    world.deploy("c1").settle();
    world.promote().settle();
    assertThat(world.routerWeight).isEqualTo(75);
    assertThat(world.desired("s1")).isEqualTo(4);
  }

  @Test
  void anAbortStepsTheWeightBackAsTheStableComesBackAndTheCanaryFollows() {
    CanaryWorld world = atSeventyFive(Rollouts.canary());
    world.forgetHistory();
    world.abort().settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Degraded);
    assertThat(world.routerWeight).as("the stable's one pod cannot take 75% back").isEqualTo(75);
    assertThat(world.desired("s1")).isEqualTo(3);
    assertThat(world.desired("c1")).isEqualTo(3);
    assertThat(world.status().canary.weights.canary.weight).isEqualTo(75);

    ready(world, "s1", 3);
    assertThat(world.routerWeight).isEqualTo(25);
    assertThat(world.desired("c1")).isEqualTo(1);
    assertThat(world.desired("s1")).isEqualTo(4);

    ready(world, "s1", 4);
    assertThat(world.routerWeight).isZero();
    assertThat(world.desired("c1")).isZero();
    assertThat(world.desired("s1")).isEqualTo(4);
    assertThat(world.routerWeights).containsExactly(25, 0);
  }

  @Test
  void anExplicitAbortScaleDownDelayKeepsTheCanaryUntilTheStableIsBack() {
    CanaryWorld world = atSeventyFive(Rollouts.canary().abortScaleDownDelaySeconds(30));
    world.abort().settle();
    assertThat(world.routerWeight).isEqualTo(75);
    assertThat(world.desired("c1")).isEqualTo(3);
    assertThat(world.revisions.get("c1").scaleDownAt).as("no deadline while the canary serves").isNull();
    ready(world, "s1", 3);
    assertThat(world.routerWeight).isEqualTo(25);
    assertThat(world.desired("s1")).isEqualTo(4);
    ready(world, "s1", 4);
    assertThat(world.routerWeight).isZero();
    assertThat(world.status().canary.weights.stable.weight).isEqualTo(100);
    assertThat(world.desired("c1")).as("kept through the delay").isEqualTo(3);
    assertThat(world.revisions.get("c1").scaleDownAt).isNotNull();
    world.advanceSeconds(30).settle();
    assertThat(world.desired("c1")).isZero();
  }

  @Test
  void arithmeticAsArgoCountsIt() {
    assertThat(DynamicStableScale.stableWhileProgressing(10, 100, 30, 0)).isEqualTo(10);
    assertThat(DynamicStableScale.stableWhileProgressing(10, 100, 30, 30)).isEqualTo(7);
    assertThat(DynamicStableScale.stableWhileProgressing(10, 100, 100, 30)).isEqualTo(7);
    assertThat(DynamicStableScale.stableWhileProgressing(10, 100, 100, 100)).isZero();
  }
}
