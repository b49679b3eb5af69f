package dev.sluice.operator.canary;

import static dev.sluice.operator.canary.Rollouts.canaryScaleWeight;
import static dev.sluice.operator.canary.Rollouts.pause;
import static dev.sluice.operator.canary.Rollouts.setWeight;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.RolloutPhase;
import dev.sluice.operator.plan.SimulatedCluster.Availability;
import org.junit.jupiter.api.Test;

/**
 * trafficRouting.maxTrafficWeight 1000, as Argo Rollouts computes with it: setWeight and setCanaryScale's weight are
 * parts of 1000, the canary gets ceil(replicas * weight / 1000) pods, the stable's weight in status is 1000 minus the
 * canary's, and the end of the steps (and an abort) is weight 1000 (and 0) of 1000.
 */
class MaxTrafficWeightTest {
  static CanaryWorld world(Rollouts.Builder builder) {
    return CanaryWorld.stable(builder.replicas(10).routed().maxTrafficWeight(1000)
        .steps(setWeight(5), pause(), setWeight(250), pause(), canaryScaleWeight(600), pause()).build(), "s1");
  }

  @Test
  void stepsWeighAndScaleOutOfTheTotal() {
    CanaryWorld world = world(Rollouts.canary());

    world.deploy("c1").settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Paused);
    assertThat(world.routerWeight).as("0.5%% of the traffic").isEqualTo(5);
    assertThat(world.status().canary.weights.canary.weight).isEqualTo(5);
    assertThat(world.status().canary.weights.stable.weight).isEqualTo(995);
    assertThat(world.verified()).isTrue();
    assertThat(world.desired("c1")).as("ceil(10 * 5 / 1000)").isEqualTo(1);
    assertThat(world.desired("s1")).isEqualTo(10);

    world.promote().settle();
    assertThat(world.routerWeight).isEqualTo(250);
    assertThat(world.status().canary.weights.stable.weight).isEqualTo(750);
    assertThat(world.desired("c1")).as("ceil(10 * 250 / 1000)").isEqualTo(3);

    world.promote().settle();
    assertThat(world.routerWeight).as("setCanaryScale leaves the weight").isEqualTo(250);
    assertThat(world.desired("c1")).as("setCanaryScale weight 600 of 1000").isEqualTo(6);

    world.promote().settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
    assertThat(world.status().stableRS).isEqualTo("c1");
    assertThat(world.routerWeight).isZero();
    assertThat(world.status().canary.weights.stable.weight).isEqualTo(1000);
  }

  @Test
  void anAbortPutsTheWholeTotalBackOnTheStable() {
    CanaryWorld world = world(Rollouts.canary());
    world.deploy("c1").settle();
    world.promote().settle();
    assertThat(world.routerWeight).isEqualTo(250);

    world.abort().settle();

    assertThat(world.phase()).isEqualTo(RolloutPhase.Degraded);
    assertThat(world.routerWeight).isZero();
    assertThat(world.status().canary.weights.canary.weight).isZero();
    assertThat(world.status().canary.weights.stable.weight).isEqualTo(1000);
    assertThat(world.verified()).isTrue();
  }

  @Test
  void dynamicStableScaleGivesUpThePodsOfTheTrafficItLost() {
    CanaryWorld world = world(Rollouts.canary().dynamicStableScale());
    world.deploy("c1").settle();
    world.promote().settle();
    assertThat(world.routerWeight).isEqualTo(250);
    assertThat(world.desired("s1")).as("ceil(10 * 750 / 1000)").isEqualTo(8);
    assertThat(world.desired("c1")).isEqualTo(3);
  }

  @Test
  void anAbortWithDynamicStableScaleStepsBackThroughTheTotal() {
    CanaryWorld world = world(Rollouts.canary().dynamicStableScale());
    world.availability = Availability.MANUAL;
    world.deploy("c1").settle();
    world.revisions.get("c1").available = 1;
    world.settle();
    world.promote().settle();
    world.revisions.get("c1").available = 3;
    world.settle();
    assertThat(world.routerWeight).isEqualTo(250);
    assertThat(world.desired("s1")).isEqualTo(8);
    world.revisions.get("s1").available = 8;

    world.abort().settle();
    assertThat(world.routerWeight).as("8 stable pods cannot carry 995 of 1000").isEqualTo(250);
    assertThat(world.desired("s1")).isEqualTo(10);
    world.revisions.get("s1").available = 10;
    world.settle();
    assertThat(world.routerWeight).as("the stable's 10 pods carry all 1000").isZero();
    assertThat(world.status().canary.weights.stable.weight).isEqualTo(1000);
  }

  /** With pingPong the new Service takes the whole total before the roles flip. */
  @Test
  void pingPongPromotionSendsTheWholeTotalToTheNewServiceFirst() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(4).routed().maxTrafficWeight(1000)
        .pingPong(true).steps(setWeight(250), pause()).build(), "s1");
    world.deploy("c1").settle();
    assertThat(world.serviceWeights).containsEntry("pong", 250).containsEntry("ping", 750);

    world.promote().settle();

    assertThat(world.routerWeights).contains(1000);
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
    assertThat(world.status().canary.stablePingPong).isEqualTo("pong");
  }
}
