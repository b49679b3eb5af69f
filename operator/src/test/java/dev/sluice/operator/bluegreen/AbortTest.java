package dev.sluice.operator.bluegreen;

import static dev.sluice.operator.bluegreen.BlueGreenRollouts.blueGreen;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.AnalysisPhase;
import dev.sluice.api.v1alpha1.PauseCondition;
import dev.sluice.api.v1alpha1.RolloutPhase;
import org.junit.jupiter.api.Test;

/** Abort by a person, retry, and going back to the stable template. */
class AbortTest {

  @Test
  void abortKeepsActiveOnStableAndScalesThePreviewDownAfterTheDelay() {
    BlueGreenWorld world = BlueGreenWorld.stable(blueGreen().manualPromotion().abortScaleDownDelaySeconds(5).build(), "aaa");
    world.deploy("bbb").settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Paused);

    world.abort().settle();
    assertThat(world.activeHash).isEqualTo("aaa");
    assertThat(world.activeHistory).isEmpty();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Degraded);
    assertThat(world.status().abortReason).isEqualTo("Manual");
    assertThat(world.status().abortedAt).isEqualTo(world.now.toString());
    assertThat(world.pauses()).isEmpty();
    assertThat(world.status().controllerPause).isNull();
    assertThat(world.status().message).startsWith("RolloutAborted").contains("stable aaa");
    assertThat(world.eventReasons()).contains("RolloutAborted");
    assertThat(world.desired("bbb")).isEqualTo(4);
    assertThat(world.scaleDownAt("bbb")).isEqualTo(world.now.plusSeconds(5));

    world.followRequeue();
    assertThat(world.desired("bbb")).isZero();
    assertThat(world.desired("aaa")).isEqualTo(4);
    assertThat(world.phase()).as("the spec still asks for bbb").isEqualTo(RolloutPhase.Degraded);
  }

  /** Argo Rollouts: abortScaleDownDelaySeconds 0 leaves the aborted preview up for good (the v1.0 behaviour). */
  @Test
  void aZeroAbortDelayLeavesThePreviewUp() {
    BlueGreenWorld world = BlueGreenWorld.stable(blueGreen().manualPromotion().abortScaleDownDelaySeconds(0).build(), "aaa");
    world.deploy("bbb").settle();
    world.abort().settle();
    assertThat(world.activeHash).isEqualTo("aaa");
    assertThat(world.phase()).isEqualTo(RolloutPhase.Degraded);
    assertThat(world.lastPlan().requeueAfter()).as("no scale-down to wait for").isEmpty();
    world.advance(java.time.Duration.ofHours(2)).settle();
    assertThat(world.desired("bbb")).isEqualTo(4);
    assertThat(world.revisions.get("bbb").scaleDownAt).isNull();
    assertThat(world.desired("aaa")).isEqualTo(4);
  }

  @Test
  void abortAfterTheSwitchSwitchesBack() {
    BlueGreenWorld world = BlueGreenWorld.stable(blueGreen().postPromotion("checks").build(), "aaa");
    world.deploy("bbb").settle();
    assertThat(world.activeHash).isEqualTo("bbb");
    world.abort().settle();
    assertThat(world.activeHistory).containsExactly("bbb", "aaa");
    assertThat(world.terminatedRuns).containsExactly("demo-bbb-postpromotion");
    assertThat(world.status().stableRS).isEqualTo("aaa");
  }

  @Test
  void retryStartsThePreviewAgainWithFreshAnalysisRuns() {
    BlueGreenWorld world = BlueGreenWorld.stable(blueGreen().prePromotion("checks").abortScaleDownDelaySeconds(5).build(), "aaa");
    world.deploy("bbb").settle();
    world.run("demo-bbb-prepromotion", AnalysisPhase.Failed, "error-rate = 0.3").settle();
    world.followRequeue();
    assertThat(world.desired("bbb")).isZero();

    world.retry().settle();
    assertThat(world.status().abort).isNull();
    assertThat(world.status().abortedAt).isNull();
    assertThat(world.status().abortReason).isNull();
    assertThat(world.desired("bbb")).isEqualTo(4);
    assertThat(world.scaleDownAt("bbb")).isNull();
    assertThat(world.preRun()).isEqualTo("demo-bbb-r1-prepromotion");
    assertThat(world.status().blueGreen.attempt).isEqualTo(1);
    assertThat(world.phase()).isEqualTo(RolloutPhase.Progressing);
    assertThat(world.eventReasons()).contains("RolloutRetried");

    world.run("demo-bbb-r1-prepromotion", AnalysisPhase.Successful, "ok").settle();
    assertThat(world.activeHash).isEqualTo("bbb");
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
  }

  @Test
  void reapplyingTheStableTemplateAfterAnAbortIsHealthyWithoutANewReplicaSet() {
    BlueGreenWorld world = BlueGreenWorld.stable(blueGreen().manualPromotion().build(), "aaa");
    world.deploy("bbb").settle();
    world.abort().settle();
    world.deploy("aaa").settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
    assertThat(world.revisions.keySet()).containsExactly("aaa", "bbb");
    assertThat(world.desired("bbb")).isZero();
    assertThat(world.activeHash).isEqualTo("aaa");
    assertThat(world.previewHash).isEqualTo("aaa");
    assertThat(world.status().abort).isNull();
    assertThat(world.status().currentPodHash).isEqualTo("aaa");
    assertThat(world.eventReasons()).contains("RolledBackToStable");
  }

  @Test
  void gitRevertingTheTemplateDuringThePreviewDropsIt() {
    BlueGreenWorld world = BlueGreenWorld.stable(blueGreen().prePromotion("checks").build(), "aaa");
    world.deploy("bbb").settle();
    world.deploy("aaa").settle();
    assertThat(world.terminatedRuns).containsExactly("demo-bbb-prepromotion");
    assertThat(world.desired("bbb")).isZero();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
  }

  @Test
  void abortDuringAPausedPreviewClearsThePauseAndPromoteDoesNothingAfterwards() {
    BlueGreenWorld world = BlueGreenWorld.stable(blueGreen().manualPromotion().build(), "aaa");
    world.deploy("bbb").settle();
    assertThat(world.pauses()).containsExactly(PauseCondition.Reason.BlueGreenPause);
    world.abort().settle();
    world.promote().settle();
    assertThat(world.activeHash).isEqualTo("aaa");
    assertThat(world.phase()).isEqualTo(RolloutPhase.Degraded);
  }
}
