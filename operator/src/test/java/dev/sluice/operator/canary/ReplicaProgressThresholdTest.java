package dev.sluice.operator.canary;

import static dev.sluice.operator.canary.Rollouts.pause;
import static dev.sluice.operator.canary.Rollouts.setWeight;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.ReplicaProgressThreshold;
import dev.sluice.api.v1alpha1.RolloutPhase;
import org.junit.jupiter.api.Test;

/**
 * canary.replicaProgressThreshold, as Argo Rollouts documents it: a step (and the promotion) goes on once that share
 * or number of the canary's pods is available, instead of all of them.
 */
class ReplicaProgressThresholdTest {
  private static CanaryWorld world(Rollouts.Builder builder) {
    CanaryWorld world = CanaryWorld.stable(builder.replicas(10).routed().steps(setWeight(50), pause()).build(), "s1");
    world.availability = CanaryWorld.Availability.MANUAL;
    return world;
  }

  @Test
  void aStepGoesOnOnceThePercentageOfItsCanaryPodsIsAvailable() {
    CanaryWorld world = world(Rollouts.canary().replicaProgressThreshold("Percent", 60));
    world.deploy("c1").settle();
    world.revisions.get("c1").available = 2;
    world.settle();
    assertThat(world.weight()).as("2 of 5 pods: below 60%").isZero();
    assertThat(world.status().message).contains("2/5 available");

    world.revisions.get("c1").available = 3;
    world.settle();
    assertThat(world.weight()).as("3 of 5 pods: 60%").isEqualTo(50);
    assertThat(world.phase()).isEqualTo(RolloutPhase.Paused);
  }

  @Test
  void withoutAThresholdEveryPodOfTheStepMustBeAvailable() {
    CanaryWorld world = world(Rollouts.canary());
    world.deploy("c1").settle();
    world.revisions.get("c1").available = 4;
    world.settle();
    assertThat(world.weight()).isZero();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Progressing);
  }

  @Test
  void thePromotionGoesOnWithThatManyPodsAvailable() {
    CanaryWorld world = world(Rollouts.canary().replicaProgressThreshold("Pods", 8));
    world.deploy("c1").settle();
    world.makeAvailable("c1").settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Paused);
    world.promote().settle();
    world.revisions.get("c1").available = 7;
    world.settle();
    assertThat(world.status().stableRS).as("7 of 10").isEqualTo("s1");

    world.revisions.get("c1").available = 8;
    world.settle();
    assertThat(world.status().stableRS).as("8 of 10").isEqualTo("c1");
  }

  @Test
  void thresholdArithmetic() {
    ReplicaProgressThreshold percent = new ReplicaProgressThreshold();
    percent.type = ReplicaProgressThreshold.Type.Percent;
    percent.value = 90;
    assertThat(ReplicaProgressThreshold.met(percent, 9, 10)).isTrue();
    assertThat(ReplicaProgressThreshold.met(percent, 8, 10)).isFalse();
    assertThat(ReplicaProgressThreshold.met(percent, 0, 0)).isTrue();
    ReplicaProgressThreshold pods = new ReplicaProgressThreshold();
    pods.type = ReplicaProgressThreshold.Type.Pods;
    pods.value = 5;
    assertThat(ReplicaProgressThreshold.met(pods, 2, 2)).as("fewer asked for than the value").isTrue();
    assertThat(ReplicaProgressThreshold.met(pods, 4, 10)).isFalse();
    assertThat(ReplicaProgressThreshold.met(null, 9, 10)).isFalse();
  }
}
