package dev.sluice.operator.canary;

import dev.sluice.operator.plan.WeightCheck;
import dev.sluice.operator.plan.Revision;
import dev.sluice.operator.plan.Plan;
import dev.sluice.operator.plan.Observation;
import dev.sluice.operator.plan.Action;
import static dev.sluice.operator.canary.Rollouts.setWeight;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** revisionHistoryLimit: old zero-replica revisions beyond the limit are deleted, newest kept. */
class RevisionHistoryTest {
  static final Instant T = CanaryWorld.T0;

  private static Observation observation(Rollout rollout, Revision... revisions) {
    RolloutStatus status = new RolloutStatus();
    status.stableRS = "stable";
    status.currentPodHash = "stable";
    status.currentStepIndex = 1;
    rollout.setStatus(status);
    Map<String, Revision> map = new LinkedHashMap<>();
    for (Revision revision : revisions) {
      map.put(revision.hash(), revision);
    }
    return new Observation(rollout, "stable", map, WeightCheck.VERIFIED, Map.of(), false, T.plusSeconds(3600));
  }

  private static Revision old(String hash, int minutes, int desired) {
    return new Revision(hash, desired, desired, desired, desired, T.plusSeconds(60L * minutes), null);
  }

  private static List<String> deleted(Plan plan) {
    return plan.actions().stream().filter(a -> a instanceof Action.DeleteRevision)
        .map(a -> ((Action.DeleteRevision) a).hash()).toList();
  }

  @Test
  void theOldestZeroReplicaRevisionsBeyondTheLimitAreDeleted() {
    Rollout rollout = Rollouts.canary().replicas(2).routed().revisionHistoryLimit(2).steps(setWeight(10)).build();
    Plan plan = CanaryPlanner.plan(observation(rollout,
        old("o3", 3, 0), old("o1", 1, 0), old("o5", 5, 0), old("o2", 2, 0), old("o4", 4, 0),
        new Revision("stable", 2, 2, 2, 2, T.plusSeconds(3000), null)));
    assertThat(deleted(plan)).containsExactlyInAnyOrder("o1", "o2", "o3");
  }

  @Test
  void revisionsStillRunningAreNeverDeleted() {
    Rollout rollout = Rollouts.canary().replicas(2).routed().revisionHistoryLimit(0).steps(setWeight(10)).build();
    Revision scalingDown = new Revision("busy", 2, 2, 2, 2, T, T.plusSeconds(999_999));
    Plan plan = CanaryPlanner.plan(observation(rollout, scalingDown, old("idle", 5, 0),
        new Revision("stable", 2, 2, 2, 2, T.plusSeconds(3000), null)));
    assertThat(deleted(plan)).containsExactly("idle");
  }

  @Test
  void theLimitDefaultsToTen() {
    Rollout rollout = Rollouts.canary().replicas(2).routed().steps(setWeight(10)).build();
    Revision[] revisions = new Revision[13];
    for (int i = 0; i < 12; i++) {
      revisions[i] = old("o" + i, i, 0);
    }
    revisions[12] = new Revision("stable", 2, 2, 2, 2, T.plusSeconds(3000), null);
    assertThat(deleted(CanaryPlanner.plan(observation(rollout, revisions)))).containsExactlyInAnyOrder("o0", "o1");
  }

  @Test
  void stableAndCurrentRevisionsDoNotCount() {
    Rollout rollout = Rollouts.canary().replicas(2).routed().revisionHistoryLimit(1).steps(setWeight(10)).build();
    Plan plan = CanaryPlanner.plan(observation(rollout, old("o1", 1, 0), old("o2", 2, 0),
        new Revision("stable", 2, 2, 2, 2, T, null)));
    assertThat(deleted(plan)).containsExactly("o1");
  }

  @Test
  void overManyReleasesOnlyTheNewestOldRevisionsStay() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(2).routed().revisionHistoryLimit(1)
        .steps(setWeight(50)).build(), "s1");
    for (String hash : new String[] {"c1", "c2", "c3", "c4"}) {
      world.deploy(hash).driveToHealthy();
      world.followRequeue();
      world.settle();
    }
    assertThat(world.revisions.keySet()).containsExactly("c3", "c4");
    assertThat(world.allActions()).filteredOn(a -> a instanceof Action.DeleteRevision)
        .containsExactly(new Action.DeleteRevision("s1"), new Action.DeleteRevision("c1"), new Action.DeleteRevision("c2"));
  }
}
