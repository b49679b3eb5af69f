package dev.sluice.operator.bluegreen;

import static dev.sluice.operator.bluegreen.BlueGreenRollouts.blueGreen;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.PauseCondition;
import dev.sluice.api.v1alpha1.RolloutPhase;
import dev.sluice.operator.plan.Action;
import dev.sluice.operator.status.Conditions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The way to the switch: first deploy, preview, automatic and manual promotion, the countdown, the scale-down delay. */
class PromotionTest {

  @Test
  void theFirstRevisionIsActiveAtOnceAndStableWhenAvailable() {
    BlueGreenWorld world = new BlueGreenWorld(blueGreen().prePromotion("checks").manualPromotion().build());
    world.availability = BlueGreenWorld.Availability.MANUAL;
    world.deploy("aaa").reconcile();
    assertThat(world.activeHash).isEqualTo("aaa");
    assertThat(world.previewHash).isEqualTo("aaa");
    assertThat(world.desired("aaa")).isEqualTo(4);
    assertThat(world.phase()).isEqualTo(RolloutPhase.Progressing);
    assertThat(world.status().stableRS).isNull();

    world.makeAvailable("aaa").settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
    assertThat(world.status().stableRS).isEqualTo("aaa");
    assertThat(world.startedRuns).as("no analysis on the first deploy").isEmpty();
    assertThat(world.pauses()).as("no pause on the first deploy").isEmpty();
  }

  @Test
  void aNewRevisionComesUpBehindThePreviewWhileActiveStaysOnStable() {
    BlueGreenWorld world = BlueGreenWorld.stable(blueGreen().build(), "aaa");
    world.availability = BlueGreenWorld.Availability.MANUAL;
    world.deploy("bbb").reconcile();
    assertThat(world.activeHash).isEqualTo("aaa");
    assertThat(world.previewHash).isEqualTo("bbb");
    assertThat(world.desired("bbb")).isEqualTo(4);
    assertThat(world.desired("aaa")).isEqualTo(4);
    assertThat(world.phase()).isEqualTo(RolloutPhase.Progressing);
    assertThat(world.conditionReason(Conditions.PROGRESSING)).isEqualTo("PreviewScaling");
    assertThat(world.status().currentPodHash).isEqualTo("bbb");
    assertThat(world.status().stableRS).isEqualTo("aaa");
    assertThat(world.eventReasons()).containsExactly("RolloutUpdated");

    world.settle();
    assertThat(world.activeHash).as("waiting for availability").isEqualTo("aaa");
  }

  @Test
  void withAutoPromotionActiveSwitchesOnceTheNewRevisionIsFullyAvailable() {
    BlueGreenWorld world = BlueGreenWorld.stable(blueGreen().build(), "aaa");
    world.availability = BlueGreenWorld.Availability.MANUAL;
    world.deploy("bbb").settle();
    world.revisions.get("bbb").available = 3;
    world.settle();
    assertThat(world.activeHash).as("3/4 available is not enough").isEqualTo("aaa");

    world.makeAvailable("bbb").settle();
    assertThat(world.activeHash).isEqualTo("bbb");
    assertThat(world.previewHash).isEqualTo("bbb");
    assertThat(world.activeHistory).containsExactly("bbb");
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
    assertThat(world.status().stableRS).isEqualTo("bbb");
    assertThat(world.status().blueGreen.activeSelector).isEqualTo("bbb");
    assertThat(world.eventReasons()).containsExactly("RolloutUpdated", "ActiveSwitched", "RolloutCompleted");
  }

  @Test
  void theSwitchIsOneActionThatMovesActiveOnly() {
    BlueGreenWorld world = BlueGreenWorld.stable(blueGreen().build(), "aaa");
    world.deploy("bbb").settle();
    long switches = world.allActions().stream()
        .filter(a -> a instanceof Action.PointActiveAndPreview p && p.activeHash().equals("bbb")).count();
    assertThat(world.activeHistory).containsExactly("bbb");
    assertThat(switches).isGreaterThanOrEqualTo(1);
  }

  @Test
  void theOldRevisionStaysUpForScaleDownDelaySecondsThenScalesToZero() {
    BlueGreenWorld world = BlueGreenWorld.stable(blueGreen().scaleDownDelaySeconds(20).build(), "aaa");
    world.deploy("bbb").settle();
    assertThat(world.desired("aaa")).isEqualTo(4);
    assertThat(world.scaleDownAt("aaa")).isEqualTo(BlueGreenWorld.T0.plusSeconds(20));
    assertThat(world.lastPlan().requeueAfter()).contains(Duration.ofSeconds(20));

    world.advanceSeconds(10).settle();
    assertThat(world.desired("aaa")).isEqualTo(4);
    world.followRequeue();
    assertThat(world.desired("aaa")).isZero();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
  }

  @Test
  void theDefaultScaleDownDelayIsThirtySeconds() {
    BlueGreenWorld world = BlueGreenWorld.stable(blueGreen().build(), "aaa");
    world.deploy("bbb").settle();
    assertThat(world.scaleDownAt("aaa")).isEqualTo(BlueGreenWorld.T0.plusSeconds(30));
  }

  @Test
  void previewReplicaCountScalesThePreviewFirstAndFullSizeBeforeTheSwitch() {
    BlueGreenWorld world = BlueGreenWorld.stable(blueGreen().replicas(5).previewReplicaCount(2).manualPromotion().build(), "aaa");
    world.deploy("bbb").settle();
    assertThat(world.desired("bbb")).isEqualTo(2);
    assertThat(world.phase()).isEqualTo(RolloutPhase.Paused);

    world.availability = BlueGreenWorld.Availability.MANUAL;
    world.promote().settle();
    assertThat(world.desired("bbb")).isEqualTo(5);
    assertThat(world.activeHash).as("not before all 5 are available").isEqualTo("aaa");
    assertThat(world.conditionReason(Conditions.PROGRESSING)).isEqualTo("Promoting");
    world.makeAvailable("bbb").settle();
    assertThat(world.activeHash).isEqualTo("bbb");
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
  }

  @Test
  void manualPromotionPausesWithBlueGreenPauseUntilAPersonPromotes() {
    BlueGreenWorld world = BlueGreenWorld.stable(blueGreen().manualPromotion().build(), "aaa");
    world.deploy("bbb").settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Paused);
    assertThat(world.pauses()).containsExactly(PauseCondition.Reason.BlueGreenPause);
    assertThat(world.status().controllerPause).isTrue();
    assertThat(world.activeHash).isEqualTo("aaa");
    assertThat(world.previewHash).isEqualTo("bbb");
    assertThat(world.lastPlan().requeueAfter()).as("waiting for a person, not the clock").isEmpty();

    world.advanceSeconds(3600).settle();
    assertThat(world.activeHash).isEqualTo("aaa");

    world.promote().settle();
    assertThat(world.activeHash).isEqualTo("bbb");
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
    assertThat(world.status().controllerPause).isNull();
    assertThat(world.eventReasons()).containsExactly("RolloutUpdated", "RolloutPaused", "ActiveSwitched", "RolloutCompleted");
  }

  @Test
  void autoPromotionSecondsCountsDownFromWhenThePreviewIsReady() {
    BlueGreenWorld world = BlueGreenWorld.stable(blueGreen().autoPromotionSeconds(60).build(), "aaa");
    world.deploy("bbb").settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Paused);
    assertThat(world.pauses()).containsExactly(PauseCondition.Reason.BlueGreenPause);
    assertThat(world.lastPlan().requeueAfter()).contains(Duration.ofSeconds(60));

    world.advanceSeconds(59).settle();
    assertThat(world.activeHash).isEqualTo("aaa");
    assertThat(world.lastPlan().requeueAfter()).contains(Duration.ofSeconds(1));
    world.followRequeue();
    assertThat(world.activeHash).isEqualTo("bbb");
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
    assertThat(world.eventReasons()).contains("Promoted");
  }

  @Test
  void aPersonCanPromoteBeforeAutoPromotionSecondsRunOut() {
    BlueGreenWorld world = BlueGreenWorld.stable(blueGreen().autoPromotionSeconds(600).build(), "aaa");
    world.deploy("bbb").settle();
    world.promote().settle();
    assertThat(world.activeHash).isEqualTo("bbb");
  }

  @Test
  void promoteFullSkipsAnalysisAndPause() {
    BlueGreenWorld world = BlueGreenWorld.stable(blueGreen().manualPromotion().prePromotion("checks").build(), "aaa");
    world.deploy("bbb").settle();
    assertThat(world.preRun()).isNotNull();
    String run = world.preRun();
    world.promoteFull().settle();
    assertThat(world.activeHash).isEqualTo("bbb");
    assertThat(world.terminatedRuns).containsExactly(run);
    assertThat(world.status().promoteFull).isNull();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
  }

  @Test
  void specPausedHoldsThePreviewAndResumingGoesOn() {
    BlueGreenWorld world = BlueGreenWorld.stable(blueGreen().build(), "aaa");
    world.pauseSpec(true).deploy("bbb").settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Paused);
    assertThat(world.pauses()).containsExactly(PauseCondition.Reason.PausedBySpec);
    assertThat(world.activeHash).isEqualTo("aaa");
    assertThat(world.desired("bbb")).isEqualTo(4);

    world.pauseSpec(false).settle();
    assertThat(world.activeHash).isEqualTo("bbb");
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
  }

  @Test
  void thePauseAnnotationHoldsThePreviewToo() {
    BlueGreenWorld world = BlueGreenWorld.stable(blueGreen().build(), "aaa");
    world.pausedByAnnotation = true;
    world.deploy("bbb").settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Paused);
    assertThat(world.status().message).contains("kubectl sluice pause");
    world.pausedByAnnotation = false;
    world.settle();
    assertThat(world.activeHash).isEqualTo("bbb");
  }

  @Test
  void withoutAPreviewServiceOnlyActiveIsPointed() {
    BlueGreenWorld world = BlueGreenWorld.stable(blueGreen().noPreviewService().manualPromotion().build(), "aaa");
    world.deploy("bbb").settle();
    assertThat(world.status().blueGreen.previewSelector).isNull();
    world.promote().settle();
    assertThat(world.activeHash).isEqualTo("bbb");
  }

  @Test
  void statusCountsReplicasOfAllRevisions() {
    BlueGreenWorld world = BlueGreenWorld.stable(blueGreen().manualPromotion().build(), "aaa");
    world.deploy("bbb").settle();
    assertThat(world.status().replicas).isEqualTo(8);
    assertThat(world.status().availableReplicas).isEqualTo(8);
    assertThat(world.status().updatedReplicas).isEqualTo(4);
  }
}
