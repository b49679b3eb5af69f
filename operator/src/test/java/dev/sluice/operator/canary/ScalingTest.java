package dev.sluice.operator.canary;

import static dev.sluice.operator.canary.Rollouts.pause;
import static dev.sluice.operator.canary.Rollouts.setWeight;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.RolloutPhase;
import dev.sluice.operator.status.Conditions;
import org.junit.jupiter.api.Test;

/** spec.replicas changes (kubectl scale, an HPA through the scale subresource) in every situation. */
class ScalingTest {

  private static void scale(CanaryWorld world, int replicas) {
    world.rollout.getSpec().replicas = replicas;
    world.rollout.getMetadata().setGeneration(world.rollout.getMetadata().getGeneration() + 1);
  }

  @Test
  void aHealthyRolloutScalesItsStable() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(4).routed().steps(setWeight(20)).build(), "s1");
    world.availability = CanaryWorld.Availability.MANUAL;
    scale(world, 8);
    world.settle();
    assertThat(world.desired("s1")).isEqualTo(8);
    assertThat(world.phase()).isEqualTo(RolloutPhase.Progressing);
    assertThat(world.conditionStatus(Conditions.AVAILABLE)).isEqualTo("False");
    assertThat(world.status().message).contains("4/8");
    world.makeAvailable("s1").settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
    assertThat(world.status().replicas).isEqualTo(8);
    assertThat(world.status().availableReplicas).isEqualTo(8);
    assertThat(world.events).isEmpty();

    scale(world, 2);
    world.settle();
    assertThat(world.desired("s1")).isEqualTo(2);
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
  }

  @Test
  void scaledToZeroAndBack() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(3).routed().steps(setWeight(20)).build(), "s1");
    scale(world, 0);
    world.settle();
    assertThat(world.desired("s1")).isZero();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
    scale(world, 3);
    world.settle();
    assertThat(world.desired("s1")).isEqualTo(3);
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
  }

  @Test
  void aRoutedCanaryFollowsTheNewSizeAtItsCurrentStep() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(4).routed()
        .steps(setWeight(25), pause(), setWeight(50), pause()).build(), "s1");
    world.deploy("c1").settle();
    assertThat(world.desired("c1")).isEqualTo(1);
    scale(world, 8);
    world.settle();
    assertThat(world.index()).as("a completed step stays completed").isEqualTo(1);
    assertThat(world.desired("c1")).isEqualTo(2);
    assertThat(world.desired("s1")).isEqualTo(8);
    assertThat(world.weight()).isEqualTo(25);
    world.promote().settle();
    assertThat(world.desired("c1")).isEqualTo(4);
    world.promote().settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
    assertThat(world.desired("c1")).isEqualTo(8);
  }

  @Test
  void aBasicCanaryConvergesOnTheNewSizeWithinItsLimits() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(10).maxSurge(2).maxUnavailable(1)
        .steps(setWeight(50), pause()).build(), "s1");
    world.availability = CanaryWorld.Availability.NEXT_RECONCILE;
    world.deploy("c1").driveToStep(1).settle();
    assertThat(world.desired("c1")).isEqualTo(5);
    scale(world, 20);
    world.trackInvariants = true;
    for (int i = 0; i < 30; i++) {
      world.reconcile();
    }
    assertThat(world.desired("c1")).isEqualTo(10);
    assertThat(world.desired("s1")).isEqualTo(10);
    assertThat(world.maxTotal).isLessThanOrEqualTo(22);
    assertThat(world.phase()).isEqualTo(RolloutPhase.Paused);
  }

  @Test
  void anAbortedRolloutRestoresTheStableAtTheNewSize() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(4).routed()
        .steps(setWeight(25), pause()).build(), "s1");
    world.deploy("c1").settle();
    world.abort().settle();
    scale(world, 6);
    world.settle();
    assertThat(world.desired("s1")).isEqualTo(6);
    assertThat(world.phase()).isEqualTo(RolloutPhase.Degraded);
  }

  @Test
  void replicasInStatusCountEveryRevision() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(4).routed()
        .steps(setWeight(50), pause()).build(), "s1");
    world.deploy("c1").settle();
    assertThat(world.status().replicas).isEqualTo(6);
    assertThat(world.status().availableReplicas).isEqualTo(6);
    assertThat(world.status().readyReplicas).isEqualTo(6);
    assertThat(world.status().updatedReplicas).as("the canary's pods").isEqualTo(2);
  }
}
