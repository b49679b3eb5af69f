package dev.sluice.operator.canary;

import static dev.sluice.operator.canary.Rollouts.pause;
import static dev.sluice.operator.canary.Rollouts.setWeight;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.RolloutPhase;
import dev.sluice.operator.plan.Action;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * canaryMetadata and stableMetadata (Argo Rollouts' ephemeral metadata): the labels and annotations each revision's
 * pods carry for as long as the revision has the role, and no longer.
 */
class RoleMetadataTest {
  static final Map<String, String> CANARY = Map.of("role", "canary");
  static final Map<String, String> STABLE = Map.of("role", "stable", "tier", "prod");

  @Test
  void theFirstRevisionIsStableFromItsFirstPod() {
    CanaryWorld world = new CanaryWorld(Rollouts.canary().replicas(3).roleMetadata().steps(setWeight(50), pause()).build());
    world.availability = CanaryWorld.Availability.MANUAL;
    world.deploy("s1").settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Progressing);
    assertThat(world.roleLabels("s1")).as("nothing is stable yet: the revision takes the stable role").isEqualTo(STABLE);
  }

  @Test
  void theCanaryCarriesCanaryMetadataUntilPromotedThenTheStableRole() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(4).routed().roleMetadata()
        .steps(setWeight(50), pause()).build(), "s1");
    assertThat(world.roleLabels("s1")).isEqualTo(STABLE);

    world.deploy("c1").settle();
    assertThat(world.roleLabels("c1")).isEqualTo(CANARY);
    assertThat(world.roleAnnotations("c1")).containsEntry("note", "under test");
    assertThat(world.roleLabels("s1")).isEqualTo(STABLE);
    assertThat(world.allActions()).as("the canary's ReplicaSet is created with its role, then given it, in one plan")
        .containsSubsequence(new Action.ScaleRevision("c1", 2),
            new Action.SetRoleMetadata("c1", world.rollout.getSpec().strategy.canary.canaryMetadata));

    world.promote().driveToHealthy();
    assertThat(world.roleLabels("c1")).as("promoted: the pods are relabelled in place").isEqualTo(STABLE);
    assertThat(world.roleAnnotations("c1")).as("the canary's annotation goes with its role").isEmpty();
    assertThat(world.roleLabels("s1")).as("the old stable keeps no role while it waits to scale down").isEmpty();
    world.followRequeue();
    assertThat(world.desired("s1")).isZero();
  }

  @Test
  void anAbortedCanaryKeepsTheCanaryRoleAndTheWayBackToStableDropsIt() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(4).routed().roleMetadata()
        .steps(setWeight(50), pause()).build(), "s1");
    world.deploy("c1").settle();
    world.abort().settle();
    assertThat(world.roleLabels("c1")).as("as in Argo Rollouts: still the new revision").isEqualTo(CANARY);
    assertThat(world.roleLabels("s1")).isEqualTo(STABLE);

    world.deploy("s1").settle();
    assertThat(world.roleLabels("c1")).as("no longer the canary of anything").isEmpty();
    assertThat(world.roleLabels("s1")).isEqualTo(STABLE);
  }

  @Test
  void aSupersededCanaryLosesItsRoleToTheNewOne() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(5).roleMetadata()
        .steps(setWeight(20), pause()).build(), "s1");
    world.deploy("c1").settle();
    world.deploy("c2").settle();
    assertThat(world.roleLabels("c2")).isEqualTo(CANARY);
    assertThat(world.roleLabels("c1")).isEmpty();
    assertThat(world.roleLabels("s1")).isEqualTo(STABLE);
  }

  @Test
  void withoutRoleMetadataNoRevisionCarriesAny() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(4).steps(setWeight(50), pause()).build(), "s1");
    world.deploy("c1").settle();
    assertThat(world.roleLabels("c1")).isEmpty();
    assertThat(world.roleLabels("s1")).isEmpty();
    assertThat(world.allActions()).filteredOn(a -> a instanceof Action.SetRoleMetadata)
        .allMatch(a -> ((Action.SetRoleMetadata) a).metadata() == null);
  }
}
