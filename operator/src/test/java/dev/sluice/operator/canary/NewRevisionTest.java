package dev.sluice.operator.canary;

import dev.sluice.operator.plan.Plan;
import dev.sluice.operator.plan.Action;
import static dev.sluice.operator.canary.Rollouts.headerRoute;
import static dev.sluice.operator.canary.Rollouts.pause;
import static dev.sluice.operator.canary.Rollouts.setWeight;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.AnalysisPhase;
import dev.sluice.api.v1alpha1.RolloutPhase;
import dev.sluice.operator.status.Conditions;
import org.junit.jupiter.api.Test;

/** The spec's template changes mid-canary: to a new revision, or back to the stable one (rollback). */
class NewRevisionTest {

  static CanaryWorld world() {
    return CanaryWorld.stable(Rollouts.canary().replicas(10).routed().background(0, "bg")
        .steps(setWeight(20), headerRoute("x-canary", "1"), pause(), setWeight(50), pause()).build(), "s1");
  }

  @Test
  void aNewRevisionMidCanaryStartsOverAtStepZero() {
    CanaryWorld world = world();
    world.deploy("c1").settle();
    world.run("demo-c1-background", AnalysisPhase.Running, null);
    world.promote().settle();
    assertThat(world.index()).isEqualTo(4);
    assertThat(world.weight()).isEqualTo(50);
    world.forgetHistory();

    world.deploy("c2");
    Plan plan = world.reconcile();
    assertThat(plan.actions()).contains(new Action.ScheduleScaleDown("c1", world.now), new Action.ScaleRevision("c1", 0),
        new Action.TerminateAnalysis("demo-c1-background"), new Action.SetWeight(0), new Action.RemoveManagedRoutes(),
        new Action.ScaleRevision("c2", 2), new Action.ScaleRevision("s1", 10), new Action.PointServices("s1", "c2"));
    assertThat(plan.actions()).as("weight 0 first: c2 has no pods yet")
        .noneMatch(a -> a instanceof Action.SetWeight w && w.canaryWeight() != 0);
    assertThat(plan.actions()).as("traffic leaves c1 before it scales down")
        .containsSubsequence(new Action.SetWeight(0), new Action.ScaleRevision("c1", 0));
    assertThat(plan.events()).extracting(Plan.Event::reason).containsSubsequence("CanaryAbandoned", "RolloutUpdated");
    assertThat(world.index()).isZero();
    assertThat(world.weight()).isZero();
    assertThat(world.status().currentPodHash).isEqualTo("c2");
    assertThat(world.status().stableRS).isEqualTo("s1");
    assertThat(world.status().canary.currentBackgroundAnalysisRun).isEqualTo("demo-c2-background");
    assertThat(world.routerWeight).isZero();
    assertThat(world.headerRoutes).isEmpty();
    assertThat(world.desired("c1")).isZero();

    world.settle();
    assertThat(world.index()).isEqualTo(2);
    assertThat(world.weight()).isEqualTo(20);
    assertThat(world.canaryServiceHash).isEqualTo("c2");
    world.driveToHealthy();
    assertThat(world.status().stableRS).isEqualTo("c2");
    assertThat(world.routerWeights).containsExactly(0, 20, 50, 0);
    assertThat(world.eventReasons()).filteredOn("CanaryAbandoned"::equals).hasSize(1);
  }

  @Test
  void aNewRevisionAfterAnAbortStartsCleanly() {
    CanaryWorld world = world();
    world.deploy("c1").settle();
    world.abort().settle();
    world.deploy("c2").settle();
    assertThat(world.status().abort).isNull();
    assertThat(world.status().abortedAt).isNull();
    assertThat(world.status().abortReason).isNull();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Paused);
    assertThat(world.conditionStatus(Conditions.STALLED)).isEqualTo("False");
    assertThat(world.desired("c1")).isZero();
    world.driveToHealthy();
  }

  @Test
  void rollbackToStableSkipsAllSteps() {
    CanaryWorld world = world();
    world.deploy("c1").settle();
    world.promote().settle();
    assertThat(world.index()).isEqualTo(4);
    world.forgetHistory();

    world.deploy("s1");
    Plan plan = world.reconcile();
    assertThat(plan.events()).extracting(Plan.Event::reason).containsExactly("RolledBackToStable");
    assertThat(plan.actions()).contains(new Action.SetWeight(0), new Action.RemoveManagedRoutes(),
        new Action.PointServices("s1", "s1"), new Action.ScaleRevision("s1", 10), new Action.ScaleRevision("c1", 0),
        new Action.TerminateAnalysis("demo-c1-background"));
    assertThat(plan.actions()).containsSubsequence(new Action.SetWeight(0), new Action.ScaleRevision("c1", 0));
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
    assertThat(world.weight()).isZero();
    assertThat(world.index()).isEqualTo(5);
    assertThat(world.status().currentPodHash).isEqualTo("s1");
    assertThat(world.status().stableRS).isEqualTo("s1");
    assertThat(world.desired("c1")).isZero();
    world.settle();
    assertThat(world.startedRuns).isEmpty();
    assertThat(world.eventReasons()).containsExactly("RolledBackToStable");
  }

  @Test
  void rollbackToStableAfterAnAbortClearsTheAbort() {
    CanaryWorld world = world();
    world.deploy("c1").settle();
    world.abort().settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Degraded);
    world.forgetHistory();
    world.deploy("s1").settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
    assertThat(world.status().abort).isNull();
    assertThat(world.status().abortedAt).isNull();
    assertThat(world.status().abortReason).isNull();
    assertThat(world.conditionStatus(Conditions.STALLED)).isEqualTo("False");
    assertThat(world.conditionStatus(Conditions.READY)).isEqualTo("True");
    assertThat(world.desired("c1")).as("no need to wait for the abort delay").isZero();
    assertThat(world.eventReasons()).containsExactly("RolledBackToStable");
  }

  @Test
  void rollbackOfABasicCanaryRestoresTheStable() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(4).maxSurge(1).maxUnavailable(1)
        .steps(setWeight(50), pause()).build(), "s1");
    world.deploy("c1").settle();
    assertThat(world.desired("s1")).isEqualTo(2);
    world.deploy("s1").settle();
    assertThat(world.desired("s1")).isEqualTo(4);
    assertThat(world.desired("c1")).isZero();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
  }

  @Test
  void threeReleasesInARow() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(4).routed().steps(setWeight(50), pause("1m")).build(), "s1");
    for (String hash : new String[] {"c1", "c2", "c3"}) {
      world.deploy(hash).driveToHealthy();
      world.followRequeue();
    }
    assertThat(world.revisions.keySet()).containsExactly("s1", "c1", "c2", "c3");
    assertThat(world.revisions.values()).filteredOn(p -> p.desired > 0).extracting(p -> p.hash).containsExactly("c3");
    assertThat(world.eventReasons()).filteredOn("RolloutCompleted"::equals).hasSize(3);
  }
}
