package dev.sluice.operator.canary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.RolloutPhase;
import dev.sluice.api.v1alpha1.WorkloadRef.ScaleDown;
import dev.sluice.operator.plan.SimulatedCluster.Availability;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * workloadRef's scaleDown: the Deployment the Rollout took its template from gives way to the Rollout's first
 * revision (a Deployment of 10 pods, the Rollout at 10 replicas).
 */
class WorkloadRefTest {
  private static CanaryWorld adopting(ScaleDown scaleDown) {
    CanaryWorld world = new CanaryWorld(Rollouts.canary().replicas(10).workloadRef(scaleDown).build());
    world.workloadReplicas = 10;
    world.availability = Availability.MANUAL;
    return world;
  }

  @Test
  void onSuccessScalesTheDeploymentToZeroOnceTheFirstRevisionIsHealthy() {
    CanaryWorld world = adopting(ScaleDown.onsuccess);
    world.deploy("d1").settle();
    world.revisions.get("d1").available = 9;
    world.settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Progressing);
    assertThat(world.workloadReplicas).as("not before the Rollout is Healthy").isEqualTo(10);
    world.makeAvailable("d1").settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
    assertThat(world.workloadScaleHistory).containsExactly(0);
  }

  @Test
  void progressivelyGivesUpAPodForEachReadyPodOfTheRollout() {
    CanaryWorld world = adopting(ScaleDown.progressively);
    world.deploy("d1").settle();
    assertThat(world.workloadReplicas).as("no ready pod of the Rollout yet").isEqualTo(10);
    world.revisions.get("d1").available = 3;
    world.settle();
    assertThat(world.workloadReplicas).isEqualTo(7);
    world.revisions.get("d1").available = 1;
    world.settle();
    assertThat(world.workloadReplicas).as("pods the Rollout lost come back on the Deployment").isEqualTo(9);
    world.makeAvailable("d1").settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
    assertThat(world.workloadScaleHistory).containsExactly(7, 9, 0);
  }

  @Test
  void neverLeavesTheDeploymentAsItIs() {
    CanaryWorld world = adopting(ScaleDown.never);
    world.deploy("d1").settle();
    world.makeAvailable("d1").settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
    assertThat(world.workloadScaleHistory).isEmpty();
    CanaryWorld unset = adopting(null);
    unset.deploy("d1").settle();
    unset.makeAvailable("d1").settle();
    assertThat(unset.workloadScaleHistory).as("scaleDown unset is never, as in Argo").isEmpty();
  }

  @Test
  void aLaterRevisionLeavesTheDeploymentToThePerson() {
    CanaryWorld world = adopting(ScaleDown.onsuccess);
    world.availability = Availability.INSTANT;
    world.deploy("d1").settle();
    assertThat(world.workloadReplicas).isZero();
    // Migrating back, as Argo's docs say: the person scales the Deployment up again, and changes its template.
    world.workloadReplicas = 10;
    world.deploy("d2").settle();
    assertThat(world.status().stableRS).isEqualTo("d2");
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
    assertThat(world.workloadReplicas).isEqualTo(10);
    assertThat(world.workloadScaleHistory).isEqualTo(List.of(0));
  }
}
