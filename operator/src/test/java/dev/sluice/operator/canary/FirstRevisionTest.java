package dev.sluice.operator.canary;

import dev.sluice.operator.plan.Plan;
import dev.sluice.operator.plan.Action;
import static dev.sluice.operator.canary.Rollouts.pause;
import static dev.sluice.operator.canary.Rollouts.setWeight;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.RolloutPhase;
import dev.sluice.operator.status.Conditions;
import org.junit.jupiter.api.Test;

class FirstRevisionTest {

  @Test
  void theFirstRevisionGoesStraightToFullSizeAndBecomesStable() {
    CanaryWorld world = new CanaryWorld(Rollouts.canary().replicas(5).routed()
        .steps(setWeight(20), pause(), setWeight(50), pause()).build());
    world.availability = CanaryWorld.Availability.MANUAL;
    world.deploy("s1");

    Plan first = world.reconcile();
    assertThat(first.actions()).containsExactly(
        new Action.ScaleRevision("s1", 5), new Action.PointServices("s1", "s1"), new Action.SetWeight(0),
        new Action.SetRoleMetadata("s1", null));
    assertThat(world.phase()).isEqualTo(RolloutPhase.Progressing);
    assertThat(world.status().stableRS).isNull();
    assertThat(world.status().currentPodHash).isEqualTo("s1");
    assertThat(world.conditionStatus(Conditions.READY)).isEqualTo("False");
    assertThat(world.conditionStatus(Conditions.AVAILABLE)).isEqualTo("False");
    assertThat(world.status().message).contains("0/5");

    world.makeAvailable("s1");
    world.reconcile();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
    assertThat(world.status().stableRS).isEqualTo("s1");
    assertThat(world.status().currentStepIndex).as("no steps for the first revision").isEqualTo(4);
    assertThat(world.conditionStatus(Conditions.READY)).isEqualTo("True");
    assertThat(world.conditionStatus(Conditions.COMPLETED)).isEqualTo("True");
    assertThat(world.conditionStatus(Conditions.AVAILABLE)).isEqualTo("True");
    assertThat(world.conditionStatus(Conditions.PROGRESSING)).isEqualTo("True");
    assertThat(world.stableServiceHash).isEqualTo("s1");
    assertThat(world.canaryServiceHash).isEqualTo("s1");
    assertThat(world.routerWeight).isZero();
    assertThat(world.weight()).isZero();
    assertThat(world.status().canary.weights.stable.weight).isEqualTo(100);
    assertThat(world.status().canary.weights.canary.serviceName).isEqualTo(Rollouts.CANARY_SERVICE);
    assertThat(world.status().canary.weights.stable.serviceName).isEqualTo(Rollouts.STABLE_SERVICE);
    assertThat(world.status().replicas).isEqualTo(5);
    assertThat(world.status().availableReplicas).isEqualTo(5);
    assertThat(world.status().updatedReplicas).isEqualTo(5);
    assertThat(world.allActions()).noneMatch(a -> a instanceof Action.StartAnalysis);

    Plan steady = world.settle();
    assertThat(steady.events()).isEmpty();
    assertThat(steady.requeueAfter()).isEmpty();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
  }

  @Test
  void withoutTrafficRoutingNoWeightIsSet() {
    CanaryWorld world = new CanaryWorld(Rollouts.canary().replicas(3).steps(setWeight(50)).build());
    world.deploy("s1").settle();
    assertThat(world.allActions()).noneMatch(a -> a instanceof Action.SetWeight || a instanceof Action.RemoveManagedRoutes);
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
    assertThat(world.desired("s1")).isEqualTo(3);
    assertThat(world.status().stableRS).isEqualTo("s1");
  }

  @Test
  void replicasDefaultToOne() {
    CanaryWorld world = new CanaryWorld(Rollouts.canary().replicas(null).build());
    world.deploy("s1").settle();
    assertThat(world.desired("s1")).isEqualTo(1);
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
  }

  @Test
  void aSecondTemplateBeforeTheFirstIsAvailableReplacesIt() {
    CanaryWorld world = new CanaryWorld(Rollouts.canary().replicas(3).routed().steps(setWeight(50)).build());
    world.availability = CanaryWorld.Availability.MANUAL;
    world.deploy("s1").reconcile();
    world.deploy("s2").reconcile();
    assertThat(world.desired("s1")).isZero();
    world.makeAvailable("s2").settle();
    assertThat(world.status().stableRS).isEqualTo("s2");
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
  }
}
