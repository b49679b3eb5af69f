package dev.sluice.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.AnalysisPhase;
import dev.sluice.api.v1alpha1.RolloutPhase;
import org.junit.jupiter.api.Test;

/**
 * Rules of the shared planning core, written once and run through each strategy: a strategy's test class extends
 * this and says how to build its world. A rule changed in {@link Transitions} shows here for both.
 */
public abstract class SharedRulesContract {

  /**
   * A world settled and Healthy on stable revision "s1" with 4 replicas. With analysis, the first AnalysisRun of a
   * new revision ({@link #runOf}) gates it once its first 2 pods are up; without, the new revision waits for a
   * person once its first 2 pods are up.
   */
  protected abstract SimulatedCluster<?> stableWorld(boolean analysis);

  /** How many pods of "c1" the strategy waits for first (the canary's first weight, the preview). */
  protected abstract int firstPods();

  /** The AnalysisRun the status names for the new revision (a step run, or the pre-promotion run). */
  protected abstract String runOf(SimulatedCluster<?> world);

  /** The name of the new revision's gating run in the given attempt. */
  protected abstract String runName(int attempt);

  private SimulatedCluster<?> analysedNewRevision() {
    SimulatedCluster<?> world = stableWorld(true);
    world.deploy("c1").settle();
    return world;
  }

  private SimulatedCluster<?> withDeadline(SimulatedCluster<?> world, boolean abort) {
    world.rollout.getSpec().progressDeadlineSeconds = 60;
    world.rollout.getSpec().progressDeadlineAbort = abort;
    return world;
  }

  // --- abort and retry -----------------------------------------------------------------------------------

  @Test
  void anAnalysisAbortKeepsNamingTheRunThatFailed() {
    SimulatedCluster<?> world = analysedNewRevision();
    assertThat(runOf(world)).isEqualTo(runName(0));
    world.run(runName(0), AnalysisPhase.Failed, "error-rate = 0.3").settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Degraded);
    assertThat(world.status().abortReason).isEqualTo(Reasons.ABORT_ANALYSIS);
    assertThat(runOf(world)).as("the status still names the run that ended the rollout, as Argo Rollouts keeps it")
        .isEqualTo(runName(0));
    assertThat(world.terminatedRuns).as("a completed run has nothing to terminate").doesNotContain(runName(0));
    assertThat(world.status().message).contains(runName(0), "error-rate = 0.3");
  }

  @Test
  void aManualAbortTerminatesTheRunningAnalysisAndKeepsItsName() {
    SimulatedCluster<?> world = analysedNewRevision();
    world.abort().settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Degraded);
    assertThat(world.status().abortReason).isEqualTo(Reasons.ABORT_MANUAL);
    assertThat(world.terminatedRuns).containsExactly(runName(0));
    assertThat(runOf(world)).isEqualTo(runName(0));
  }

  @Test
  void aRetryForgetsTheAbortedRunAndStartsAFreshAttempt() {
    SimulatedCluster<?> world = analysedNewRevision();
    world.run(runName(0), AnalysisPhase.Failed, "error-rate = 0.3").settle();
    world.retry().settle();
    assertThat(world.status().abort).isNull();
    assertThat(world.eventReasons()).contains(Reasons.RETRIED);
    assertThat(runOf(world)).isEqualTo(runName(1));
    assertThat(world.startedRuns).containsSubsequence(runName(0), runName(1));
  }

  // --- the progress deadline: time without progress while waiting for what should come by itself ----------

  @Test
  void podsThatNeverComeUpMissTheDeadline() {
    SimulatedCluster<?> world = withDeadline(stableWorld(false), false);
    world.availability = SimulatedCluster.Availability.MANUAL;
    world.deploy("c1").settle();
    assertThat(world.lastPlan().requeueAfter()).contains(java.time.Duration.ofSeconds(60));
    world.followRequeue();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Degraded);
    assertThat(world.conditionReason(dev.sluice.operator.status.Conditions.PROGRESSING)).isEqualTo(Reasons.DEADLINE_EXCEEDED);
    assertThat(world.status().message).startsWith(Reasons.DEADLINE_EXCEEDED).contains("no progress for 60s");
    assertThat(world.eventReasons()).containsOnlyOnce(Reasons.DEADLINE_EXCEEDED);
    assertThat(world.status().abort).isNull();
  }

  @Test
  void podsComingUpOneByOneAreProgress() {
    SimulatedCluster<?> world = withDeadline(stableWorld(false), false);
    world.availability = SimulatedCluster.Availability.MANUAL;
    world.deploy("c1").settle();
    world.advanceSeconds(50);
    world.revisions.get("c1").available = firstPods() - 1;
    world.settle();
    world.advanceSeconds(50).settle();
    assertThat(world.phase()).as("one more pod 50s ago restarted the deadline").isEqualTo(RolloutPhase.Progressing);
    world.advanceSeconds(10).settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Degraded);
  }

  @Test
  void withProgressDeadlineAbortAMissedDeadlineAborts() {
    SimulatedCluster<?> world = withDeadline(stableWorld(false), true);
    world.availability = SimulatedCluster.Availability.MANUAL;
    world.deploy("c1").settle();
    world.followRequeue();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Degraded);
    assertThat(world.status().abort).isTrue();
    assertThat(world.status().abortReason).isEqualTo(Reasons.ABORT_DEADLINE);
    assertThat(world.status().message).startsWith(Reasons.ABORTED).contains("no progress for 60s");
  }

  @Test
  void anAnalysisLongerThanTheDeadlineIsNotCounted() {
    SimulatedCluster<?> world = withDeadline(stableWorld(true), true);
    world.deploy("c1").settle();
    assertThat(runOf(world)).isEqualTo(runName(0));
    world.advance(java.time.Duration.ofHours(1)).settle();
    assertThat(world.status().abort).as("an analysis bounds its own time, as in Argo Rollouts").isNull();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Progressing);
    assertThat(world.eventReasons()).doesNotContain(Reasons.DEADLINE_EXCEEDED);
    world.run(runName(0), AnalysisPhase.Successful, "ok").settle();
    assertThat(world.phase()).isIn(RolloutPhase.Paused, RolloutPhase.Healthy);
  }

  // --- a person's pause ----------------------------------------------------------------------------------

  @Test
  void aPersonsPauseIsPausedBySpecWithProgressingRolloutPaused() {
    SimulatedCluster<?> world = stableWorld(false);
    world.pausedByAnnotation = true;
    world.deploy("c1").settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Paused);
    assertThat(world.pauses()).containsExactly(dev.sluice.api.v1alpha1.PauseCondition.Reason.PausedBySpec);
    assertThat(world.conditionReason(dev.sluice.operator.status.Conditions.PAUSED)).isEqualTo(Reasons.PAUSED_BY_SPEC);
    assertThat(world.conditionStatus(dev.sluice.operator.status.Conditions.PROGRESSING)).isEqualTo("True");
    assertThat(world.conditionReason(dev.sluice.operator.status.Conditions.PROGRESSING)).isEqualTo(Reasons.PAUSED);
    assertThat(world.status().message).isEqualTo("paused by kubectl sluice pause");
  }
}
