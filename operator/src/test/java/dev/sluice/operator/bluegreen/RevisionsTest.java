package dev.sluice.operator.bluegreen;

import static dev.sluice.operator.bluegreen.BlueGreenRollouts.blueGreen;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.AnalysisPhase;
import dev.sluice.api.v1alpha1.RolloutPhase;
import dev.sluice.operator.plan.Action;
import org.junit.jupiter.api.Test;

/** Newer templates while a revision is in preview or after the switch, and revision history. */
class RevisionsTest {

  @Test
  void aNewerTemplateMidPreviewSupersedesThePreview() {
    BlueGreenWorld world = BlueGreenWorld.stable(blueGreen().prePromotion("checks").manualPromotion().build(), "aaa");
    world.deploy("bbb").settle();
    world.deploy("ccc").settle();
    assertThat(world.previewHash).isEqualTo("ccc");
    assertThat(world.activeHash).isEqualTo("aaa");
    assertThat(world.desired("bbb")).isZero();
    assertThat(world.terminatedRuns).containsExactly("demo-bbb-prepromotion");
    assertThat(world.preRun()).isEqualTo("demo-ccc-prepromotion");
    assertThat(world.eventReasons()).contains("PreviewAbandoned");

    world.run("demo-ccc-prepromotion", AnalysisPhase.Successful, "ok").settle();
    world.promote().settle();
    assertThat(world.activeHash).isEqualTo("ccc");
    assertThat(world.activeHistory).containsExactly("ccc");
  }

  @Test
  void aNewerTemplateDuringPostPromotionAnalysisSwitchesBackToStableFirst() {
    BlueGreenWorld world = BlueGreenWorld.stable(blueGreen().postPromotion("checks").manualPromotion().build(), "aaa");
    world.deploy("bbb").settle();
    world.promote().settle();
    assertThat(world.activeHash).isEqualTo("bbb");
    world.deploy("ccc").settle();
    assertThat(world.activeHash).as("bbb was never verified: active goes back to stable").isEqualTo("aaa");
    assertThat(world.previewHash).isEqualTo("ccc");
    assertThat(world.terminatedRuns).containsExactly("demo-bbb-postpromotion");
    assertThat(world.phase()).isEqualTo(RolloutPhase.Paused);
  }

  @Test
  void aTemplateAbortedBeforeGetsFreshRunNamesWhenDeployedAgain() {
    BlueGreenWorld world = BlueGreenWorld.stable(blueGreen().prePromotion("checks").build(), "aaa");
    world.deploy("bbb").settle();
    world.run("demo-bbb-prepromotion", AnalysisPhase.Failed, "bad").settle();
    world.deploy("aaa").settle();
    world.deploy("bbb").settle();
    assertThat(world.preRun()).isEqualTo("demo-bbb-r1-prepromotion");
    assertThat(world.phase()).isEqualTo(RolloutPhase.Progressing);
  }

  @Test
  void revisionsBeyondTheHistoryLimitAreDeletedOnceScaledDown() {
    BlueGreenWorld world = BlueGreenWorld.stable(blueGreen().revisionHistoryLimit(1).scaleDownDelaySeconds(0).build(), "aaa");
    world.deploy("bbb").settle();
    world.deploy("ccc").settle();
    world.deploy("ddd").settle();
    assertThat(world.revisions.keySet()).containsExactly("ccc", "ddd");
    assertThat(world.allActions()).contains(new Action.DeleteRevision("aaa"), new Action.DeleteRevision("bbb"));
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
  }

  @Test
  void scaleDownDelayRevisionLimitKeepsOnlyTheNewestOldRevisionsRunningThroughTheirDelay() {
    BlueGreenWorld world = BlueGreenWorld.stable(blueGreen().scaleDownDelaySeconds(600).build(), "aaa");
    BlueGreenWorld limited = BlueGreenWorld.stable(blueGreen().scaleDownDelaySeconds(600).scaleDownDelayRevisionLimit(1)
        .build(), "aaa");
    for (BlueGreenWorld w : java.util.List.of(world, limited)) {
      for (String hash : java.util.List.of("bbb", "ccc", "ddd")) {
        w.advanceSeconds(10).deploy(hash).settle();
        w.promote().settle();
        assertThat(w.activeHash).isEqualTo(hash);
      }
    }
    assertThat(world.desired("aaa") + world.desired("bbb") + world.desired("ccc"))
        .as("without a limit every old revision waits out its 600 s").isEqualTo(3 * world.desired("ddd"));
    assertThat(limited.desired("ccc")).as("the newest old revision keeps its delay").isEqualTo(limited.desired("ddd"));
    assertThat(limited.desired("aaa")).isZero();
    assertThat(limited.desired("bbb")).isZero();
    limited.advanceSeconds(600).settle();
    assertThat(limited.desired("ccc")).as("and then scales down").isZero();
  }

  @Test
  void aStrayScaledUpRevisionIsScaledDown() {
    BlueGreenWorld world = BlueGreenWorld.stable(blueGreen().build(), "aaa");
    BlueGreenWorld.Pods stray = new BlueGreenWorld.Pods("zzz", BlueGreenWorld.T0, 0);
    stray.desired = 2;
    stray.available = 2;
    world.revisions.put("zzz", stray);
    world.settle();
    assertThat(world.desired("zzz")).isZero();
  }

  @Test
  void aSettledRolloutPlansNothingNew() {
    BlueGreenWorld world = BlueGreenWorld.stable(blueGreen().build(), "aaa");
    world.deploy("bbb").settle();
    world.advanceSeconds(60).settle();
    world.forgetHistory();
    world.settle();
    assertThat(world.events).isEmpty();
    assertThat(world.lastPlan().requeueAfter()).isEmpty();
  }
}
