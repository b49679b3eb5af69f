package dev.sluice.operator.canary;

import dev.sluice.operator.plan.Reasons;
import static dev.sluice.operator.canary.Rollouts.analysisStep;
import static dev.sluice.operator.canary.Rollouts.pause;
import static dev.sluice.operator.canary.Rollouts.setWeight;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.AnalysisPhase;
import dev.sluice.api.v1alpha1.RolloutPhase;
import dev.sluice.operator.status.Conditions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** progressDeadlineSeconds and progressDeadlineAbort. */
class ProgressDeadlineTest {

  static CanaryWorld world(boolean abort) {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(4).routed().progressDeadline(60, abort)
        .steps(setWeight(25), pause(), setWeight(50), pause("10m"), setWeight(75)).build(), "s1");
    world.availability = CanaryWorld.Availability.MANUAL;
    return world;
  }

  @Test
  void noProgressWithinTheDeadlineIsReported() {
    CanaryWorld world = world(false);
    world.deploy("c1").settle();
    assertThat(world.lastPlan().requeueAfter()).contains(Duration.ofSeconds(60));
    world.advanceSeconds(45).settle();
    assertThat(world.lastPlan().requeueAfter()).as("what is left of the deadline").contains(Duration.ofSeconds(15));
    assertThat(world.conditionStatus(Conditions.PROGRESSING)).isEqualTo("True");

    world.followRequeue();
    assertThat(world.conditionStatus(Conditions.PROGRESSING)).isEqualTo("False");
    assertThat(world.conditionReason(Conditions.PROGRESSING)).isEqualTo("ProgressDeadlineExceeded");
    assertThat(world.status().message).startsWith("ProgressDeadlineExceeded");
    assertThat(world.status().abort).isNull();
    assertThat(world.phase()).as("Argo Rollouts reports a timed-out rollout as Degraded").isEqualTo(RolloutPhase.Degraded);
    assertThat(world.conditionStatus(Conditions.STALLED)).isEqualTo("True");
    assertThat(world.conditionReason(Conditions.STALLED)).isEqualTo("ProgressDeadlineExceeded");
    String transition = world.condition(Conditions.PROGRESSING).orElseThrow().getLastTransitionTime();
    assertThat(world.eventReasons()).containsExactly("RolloutUpdated", "ProgressDeadlineExceeded");

    world.advanceSeconds(600).settle();
    assertThat(world.condition(Conditions.PROGRESSING).orElseThrow().getLastTransitionTime())
        .as("lastTransitionTime moves only on a transition").isEqualTo(transition);
    assertThat(world.eventReasons()).filteredOn("ProgressDeadlineExceeded"::equals).hasSize(1);

    // Progress again: the canary pods come up.
    world.makeAvailable("c1").settle();
    assertThat(world.index()).isEqualTo(1);
    assertThat(world.phase()).isEqualTo(RolloutPhase.Paused);
    assertThat(world.conditionStatus(Conditions.PROGRESSING)).isEqualTo("True");
    assertThat(world.conditionStatus(Conditions.STALLED)).isEqualTo("False");
  }

  @Test
  void withProgressDeadlineAbortTheRolloutIsAborted() {
    CanaryWorld world = world(true);
    world.deploy("c1").settle();
    world.followRequeue();
    assertThat(world.status().abort).isTrue();
    assertThat(world.status().abortReason).isEqualTo(Reasons.ABORT_DEADLINE);
    assertThat(world.phase()).isEqualTo(RolloutPhase.Degraded);
    assertThat(world.conditionReason(Conditions.STALLED)).isEqualTo("RolloutAborted");
    assertThat(world.status().message).contains("no progress for 60s");
    assertThat(world.routerWeight).isZero();
    assertThat(world.eventReasons()).containsExactly("RolloutUpdated", "RolloutAborted");
  }

  @Test
  void aTimedPauseLongerThanTheDeadlineIsNotCounted() {
    CanaryWorld world = world(true);
    world.availability = CanaryWorld.Availability.INSTANT;
    world.deploy("c1").settle();
    world.promote().settle();
    assertThat(world.index()).isEqualTo(3);
    world.advance(Duration.ofMinutes(10)).settle();
    assertThat(world.status().abort).isNull();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
  }

  @Test
  void anIndefinitePauseLongerThanTheDeadlineIsNotCounted() {
    CanaryWorld world = world(true);
    world.availability = CanaryWorld.Availability.INSTANT;
    world.deploy("c1").settle();
    assertThat(world.index()).isEqualTo(1);
    world.advance(Duration.ofHours(2)).settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Paused);
    world.promote().settle();
    assertThat(world.status().abort).as("promoted after a long pause, not aborted").isNull();
    assertThat(world.index()).isEqualTo(3);
  }

  @Test
  void timeSpentPausedBySpecIsNotCounted() {
    CanaryWorld world = world(true);
    world.deploy("c1").settle();
    world.pauseSpec(true).settle();
    world.advance(Duration.ofHours(2)).settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Paused);
    world.pauseSpec(false).settle();
    assertThat(world.status().abort).as("unpaused after a long pause, not aborted").isNull();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Progressing);
    assertThat(world.lastPlan().requeueAfter()).as("the deadline counts from the unpause").contains(Duration.ofSeconds(60));
    world.advanceSeconds(60).settle();
    assertThat(world.status().abortReason).isEqualTo(Reasons.ABORT_DEADLINE);
  }

  @Test
  void timeSpentOnAnInconclusiveAnalysisIsNotCounted() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(4).routed().progressDeadline(60, true)
        .steps(setWeight(25), analysisStep("smoke"), pause()).build(), "s1");
    world.deploy("c1").settle();
    world.run("demo-c1-1", AnalysisPhase.Inconclusive, "?").settle();
    world.advance(Duration.ofHours(1)).settle();
    world.promote().settle();
    assertThat(world.status().abort).isNull();
    assertThat(world.index()).isEqualTo(2);
  }

  @Test
  void reconcilesDuringAPauseWriteNoNewStatus() {
    CanaryWorld world = world(true);
    world.availability = CanaryWorld.Availability.INSTANT;
    world.deploy("c1").settle();
    world.promote().settle();
    assertThat(world.index()).as("in the 10m pause").isEqualTo(3);
    String status = CanaryWorld.json(world.status());
    world.advance(Duration.ofMinutes(3)).settle();
    world.advance(Duration.ofMinutes(3)).settle();
    assertThat(CanaryWorld.json(world.status())).as("nothing to write while the pause runs").isEqualTo(status);
    world.advance(Duration.ofMinutes(4)).settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
  }

  @Test
  void everyCompletedStepIsProgress() {
    CanaryWorld world = world(false);
    world.availability = CanaryWorld.Availability.INSTANT;
    world.deploy("c1").settle();
    world.advanceSeconds(50).promote().settle();
    assertThat(world.status().progressedAt).isEqualTo(world.now.toString());
    assertThat(world.conditionStatus(Conditions.PROGRESSING)).isEqualTo("True");
  }
}
