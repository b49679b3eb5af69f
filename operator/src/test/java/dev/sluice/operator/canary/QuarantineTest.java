package dev.sluice.operator.canary;

import dev.sluice.operator.plan.Reasons;
import dev.sluice.operator.plan.Plan;
import dev.sluice.operator.plan.Action;
import static dev.sluice.operator.canary.Rollouts.analysisStep;
import static dev.sluice.operator.canary.Rollouts.pause;
import static dev.sluice.operator.canary.Rollouts.setWeight;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.AnalysisPhase;
import dev.sluice.api.v1alpha1.RolloutPhase;
import dev.sluice.gitops.GitRevertOutcome;
import dev.sluice.operator.gitrevert.Quarantine;
import dev.sluice.operator.gitrevert.RevertResults;
import dev.sluice.operator.status.Conditions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A revision reverted in Git that is applied again gets no canary until a person retries it. */
class QuarantineTest {
  static final String STEP_RUN = "demo-c1-1";

  /** s1 stable; c1's analysis failed and aborted it; the revert of c1 was pushed as commit abc123. */
  static CanaryWorld reverted() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(10).routed()
        .steps(setWeight(20), analysisStep("smoke"), setWeight(50), pause()).build(), "s1");
    world.deploy("c1").settle();
    world.run(STEP_RUN, AnalysisPhase.Failed, "error rate 0.2").settle();
    assertThat(world.status().abortReason).isEqualTo(Reasons.ABORT_ANALYSIS);
    RevertResults.record(world.status(), "c1", new GitRevertOutcome(GitRevertOutcome.Phase.Pushed,
        GitRevertOutcome.Reason.RevertedCommit, "abc123", "main", 1, List.of("def456"), "reverted"), 1L, world.now);
    world.advanceSeconds(60).settle();
    assertThat(world.desired("c1")).isZero();
    return world;
  }

  @Test
  void theRevertItselfDoesNotChangeTheAbortedRollout() {
    CanaryWorld world = reverted();
    assertThat(world.status().abortReason).as("still the analysis abort").isEqualTo(Reasons.ABORT_ANALYSIS);
    assertThat(world.condition(Quarantine.CONDITION)).isEmpty();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Degraded);
  }

  @Test
  void applyingTheRevertedTemplateReturnsToHealthyWithoutANewReplicaSet() {
    CanaryWorld world = reverted();
    world.forgetHistory();
    world.deploy("s1").settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
    assertThat(world.revisions.keySet()).containsExactlyInAnyOrder("s1", "c1");
    assertThat(world.desired("s1")).isEqualTo(10);
    assertThat(world.status().gitRevert.rejectedRevisions).containsExactly("c1");
  }

  @Test
  void theRevertedTemplateAppliedAgainIsRejectedBeforeAnyCanaryPodStarts() {
    CanaryWorld world = reverted();
    world.deploy("s1").settle();
    world.forgetHistory();

    world.deploy("c1");
    Plan plan = world.reconcile();
    assertThat(plan.actions()).noneMatch(a -> a instanceof Action.ScaleRevision s && s.hash().equals("c1") && s.replicas() > 0);
    assertThat(plan.actions()).noneMatch(a -> a instanceof Action.StartAnalysis);
    assertThat(plan.events()).extracting(Plan.Event::reason).containsExactly(Quarantine.CONDITION);
    world.settle();
    world.advanceSeconds(120).settle();
    assertThat(world.desired("c1")).isZero();
    assertThat(world.desired("s1")).isEqualTo(10);
    assertThat(world.routerWeight).isZero();
    assertThat(world.stableServiceHash).isEqualTo("s1");
    assertThat(world.phase()).isEqualTo(RolloutPhase.Degraded);
    assertThat(world.conditionStatus(Quarantine.CONDITION)).isEqualTo("True");
    assertThat(world.condition(Quarantine.CONDITION).orElseThrow().getMessage()).contains("abc123").contains("c1");
    assertThat(world.conditionReason(Conditions.READY)).isEqualTo(Quarantine.CONDITION);
    assertThat(world.status().message).startsWith("ReleaseRejected").contains("abc123");
    assertThat(world.status().abortReason).isEqualTo(Reasons.ABORT_REJECTED);
    assertThat(world.eventReasons()).as("the Warning Event once").containsExactly(Quarantine.CONDITION);
    assertThat(world.startedRuns).isEmpty();
  }

  /** Without a router the abort scales the canary by pods; a rejected revision whose ReplicaSet is gone gets none. */
  @Test
  void aRejectedBasicCanaryWhoseReplicaSetIsGoneGetsNoneBack() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(5)
        .steps(setWeight(20), analysisStep("smoke"), pause()).build(), "s1");
    world.deploy("c1").settle();
    world.run(STEP_RUN, AnalysisPhase.Failed, "error rate 0.2").settle();
    assertThat(world.desired("c1")).as("a basic canary scales down in the abort").isZero();
    RevertResults.record(world.status(), "c1", new GitRevertOutcome(GitRevertOutcome.Phase.Pushed,
        GitRevertOutcome.Reason.RevertedCommit, "abc123", "main", 1, List.of("def456"), "reverted"), 1L, world.now);
    world.deploy("s1").settle();
    world.revisions.remove("c1");
    world.forgetHistory();

    world.deploy("c1").settle();
    assertThat(world.allActions()).noneMatch(a -> a instanceof Action.ScaleRevision s && s.hash().equals("c1"));
    assertThat(world.revisions).doesNotContainKey("c1");
    assertThat(world.conditionStatus(Quarantine.CONDITION)).isEqualTo("True");
    assertThat(world.desired("s1")).isEqualTo(5);
    assertThat(world.weight()).isZero();
  }

  @Test
  void aRetryLiftsTheQuarantineForThatRevisionOnly() {
    CanaryWorld world = reverted();
    world.status().gitRevert.rejectedRevisions = new java.util.ArrayList<>(List.of("x9", "c1"));
    world.deploy("s1").settle();
    world.deploy("c1").settle();
    assertThat(world.status().abortReason).isEqualTo(Reasons.ABORT_REJECTED);
    world.forgetHistory();

    world.retry().settle();
    assertThat(world.status().gitRevert.rejectedRevisions).containsExactly("x9");
    assertThat(world.condition(Quarantine.CONDITION)).isEmpty();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Progressing);
    assertThat(world.desired("c1")).isEqualTo(2);
    assertThat(world.eventReasons()).startsWith("RolloutRetried").doesNotContain(Quarantine.CONDITION);
    assertThat(world.startedRuns).containsExactly("demo-c1-r1-1");
  }

  @Test
  void aRetryOfTheAnalysisAbortAlsoLiftsTheQuarantineAndTheRevertRequest() {
    CanaryWorld world = reverted();
    world.status().revertRequested = true;
    world.forgetHistory();
    world.retry().settle();
    assertThat(world.status().gitRevert.rejectedRevisions).isNull();
    assertThat(world.status().revertRequested).isNull();
    assertThat(world.status().gitRevert.phase).as("a later failure of c1 may be reverted again").isNull();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Progressing);
  }

  @Test
  void anotherRevisionIsNotRejected() {
    CanaryWorld world = reverted();
    world.deploy("s1").settle();
    world.forgetHistory();
    world.deploy("c2").settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Progressing);
    assertThat(world.desired("c2")).isEqualTo(2);
    assertThat(world.eventReasons()).doesNotContain(Quarantine.CONDITION);
  }
}
