package dev.sluice.operator.canary;

import dev.sluice.operator.plan.Plan;
import dev.sluice.operator.plan.Action;
import static dev.sluice.operator.canary.Rollouts.pause;
import static dev.sluice.operator.canary.Rollouts.setWeight;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.RolloutPhase;
import org.junit.jupiter.api.Test;

/** status.canary.weights as a user reads it: the weights, and whether the router verified them. */
class TrafficStatusTest {

  static CanaryWorld world() {
    return CanaryWorld.stable(Rollouts.canary().replicas(4).routed().steps(setWeight(25), pause(), setWeight(50), pause()).build(), "s1");
  }

  @Test
  void verifiedIsTrueOnlyOnceTheRouterCarriesTheRecordedWeight() {
    CanaryWorld world = world();
    assertThat(world.verified()).as("the stable's weight 0 was read back").isTrue();
    world.deploy("c1");
    world.reconcile();
    world.reconcile();
    assertThat(world.weight()).isEqualTo(25);
    assertThat(world.verified()).as("asked for 25, not read back yet").isFalse();
    world.reconcile();
    assertThat(world.verified()).isTrue();
  }

  @Test
  void theAbortPlanDoesNotClaimWeightZeroIsVerifiedBeforeTheRouterHasIt() {
    CanaryWorld world = world();
    world.deploy("c1").settle();
    assertThat(world.routerWeight).isEqualTo(25);
    world.abort();
    Plan plan = world.plan();
    assertThat(plan.status().canary.weights.canary.weight).isZero();
    assertThat(plan.status().canary.weights.verified).as("the router still carries 25 when this plan is made").isFalse();
    world.reconcile();
    world.reconcile();
    assertThat(world.verified()).isTrue();
  }

  @Test
  void theCompletingPlanDoesNotClaimWeightZeroIsVerified() {
    CanaryWorld world = world();
    world.deploy("c1").settle();
    world.promote().settle();
    world.promote().reconcile();
    assertThat(world.status().message).contains("promoting c1");
    Plan completing = world.reconcile();
    assertThat(completing.status().stableRS).isEqualTo("c1");
    assertThat(completing.status().canary.weights.verified).isFalse();
    world.settle();
    assertThat(world.verified()).isTrue();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
  }

  @Test
  void aRouterThatDriftsAfterPromotionIsReportedAndCorrected() {
    CanaryWorld world = world();
    world.deploy("c1").settle();
    world.promote().settle();
    world.promote().settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
    assertThat(world.verified()).isTrue();
    world.routerWeight = 30; // someone edited the route
    Plan plan = world.reconcile();
    assertThat(plan.actions()).contains(new Action.SetWeight(0));
    assertThat(world.verified()).as("the status does not claim a weight the router does not carry").isFalse();
    world.reconcile();
    assertThat(world.verified()).isTrue();
    assertThat(world.routerWeight).isZero();
  }

  @Test
  void weightsNameServicesAndRevisions() {
    CanaryWorld world = world();
    world.deploy("c1").settle();
    var weights = world.status().canary.weights;
    assertThat(weights.canary.serviceName).isEqualTo(Rollouts.CANARY_SERVICE);
    assertThat(weights.canary.podTemplateHash).isEqualTo("c1");
    assertThat(weights.canary.weight).isEqualTo(25);
    assertThat(weights.stable.serviceName).isEqualTo(Rollouts.STABLE_SERVICE);
    assertThat(weights.stable.podTemplateHash).isEqualTo("s1");
    assertThat(weights.stable.weight).isEqualTo(75);
  }
}
