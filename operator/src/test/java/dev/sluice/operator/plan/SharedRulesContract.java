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
   * A world settled on stable revision "s1" after deploying "c1", whose first AnalysisRun ({@link #runOf}) is
   * running and gates the new revision.
   */
  protected abstract SimulatedCluster<?> analysedNewRevision();

  /** The AnalysisRun the status names for the new revision (a step run, or the pre-promotion run). */
  protected abstract String runOf(SimulatedCluster<?> world);

  /** The name of the new revision's gating run in the given attempt. */
  protected abstract String runName(int attempt);

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
}
