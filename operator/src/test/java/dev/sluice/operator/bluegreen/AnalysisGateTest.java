package dev.sluice.operator.bluegreen;

import dev.sluice.operator.plan.Defaults;
import static dev.sluice.operator.bluegreen.BlueGreenRollouts.blueGreen;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.AnalysisPhase;
import dev.sluice.api.v1alpha1.PauseCondition;
import dev.sluice.api.v1alpha1.RolloutPhase;
import dev.sluice.operator.plan.Action;
import dev.sluice.operator.status.Conditions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** prePromotionAnalysis before the switch, postPromotionAnalysis after it. */
class AnalysisGateTest {
  static final String PRE = "demo-bbb-prepromotion";
  static final String POST = "demo-bbb-postpromotion";

  @Test
  void prePromotionAnalysisStartsOnceThePreviewIsAvailableAndHoldsTheSwitch() {
    BlueGreenWorld world = BlueGreenWorld.stable(blueGreen().prePromotion("checks").build(), "aaa");
    world.availability = BlueGreenWorld.Availability.MANUAL;
    world.deploy("bbb").settle();
    assertThat(world.startedRuns).as("not before the preview is available").isEmpty();

    world.makeAvailable("bbb").settle();
    assertThat(world.startedRuns).containsExactly(PRE);
    assertThat(world.allActions()).contains(new Action.StartAnalysis(PRE, world.rollout.getSpec().strategy.blueGreen.prePromotionAnalysis, "bbb"));
    assertThat(world.preRun()).isEqualTo(PRE);
    assertThat(world.phase()).isEqualTo(RolloutPhase.Progressing);
    assertThat(world.conditionReason(Conditions.PROGRESSING)).isEqualTo("PrePromotionAnalysis");
    assertThat(world.lastPlan().requeueAfter()).contains(Defaults.ANALYSIS_RECHECK);

    world.run(PRE, AnalysisPhase.Running, null).settle();
    assertThat(world.activeHash).isEqualTo("aaa");
    assertThat(world.status().message).contains(PRE + " is Running");

    world.run(PRE, AnalysisPhase.Successful, "all metrics passed").settle();
    assertThat(world.activeHash).isEqualTo("bbb");
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
    assertThat(world.eventReasons()).containsExactly("RolloutUpdated", "AnalysisRunStarted", "ActiveSwitched", "RolloutCompleted");
  }

  @Test
  void aFailedPrePromotionAnalysisKeepsActiveOnStableAndAborts() {
    BlueGreenWorld world = BlueGreenWorld.stable(blueGreen().prePromotion("checks").abortScaleDownDelaySeconds(10).build(), "aaa");
    world.deploy("bbb").settle();
    world.run(PRE, AnalysisPhase.Failed, "metric error-rate failed (last value: error-rate = 0.3)").settle();

    assertThat(world.activeHistory).as("active never left stable").isEmpty();
    assertThat(world.activeHash).isEqualTo("aaa");
    assertThat(world.phase()).isEqualTo(RolloutPhase.Degraded);
    assertThat(world.status().abort).isTrue();
    assertThat(world.status().abortReason).isEqualTo("Analysis");
    assertThat(world.status().stableRS).isEqualTo("aaa");
    assertThat(world.status().currentPodHash).isEqualTo("bbb");
    assertThat(world.preRun()).isEqualTo(PRE);
    assertThat(world.status().message).contains(PRE, "Failed", "error-rate = 0.3");
    assertThat(world.condition(Conditions.READY).get().getMessage()).contains("error-rate = 0.3");
    assertThat(world.conditionReason(Conditions.PROGRESSING)).isEqualTo("RolloutAborted");
    assertThat(world.eventReasons()).contains("RolloutAborted");

    assertThat(world.desired("bbb")).as("preview stays for abortScaleDownDelaySeconds").isEqualTo(4);
    world.followRequeue();
    assertThat(world.desired("bbb")).isZero();
    assertThat(world.desired("aaa")).isEqualTo(4);
  }

  @Test
  void anErroredPrePromotionAnalysisAbortsLikeAFailedOne() {
    BlueGreenWorld world = BlueGreenWorld.stable(blueGreen().prePromotion("checks").build(), "aaa");
    world.deploy("bbb").settle();
    world.run(PRE, AnalysisPhase.Error, "prometheus unreachable").settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Degraded);
    assertThat(world.status().abortReason).isEqualTo("Analysis");
    assertThat(world.activeHash).isEqualTo("aaa");
  }

  @Test
  void anInconclusivePrePromotionAnalysisWaitsForAPersonWhosePromoteSwitches() {
    BlueGreenWorld world = BlueGreenWorld.stable(blueGreen().prePromotion("checks").manualPromotion().build(), "aaa");
    world.deploy("bbb").settle();
    world.run(PRE, AnalysisPhase.Inconclusive, "latency = 0.4").settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Paused);
    assertThat(world.pauses()).containsExactly(PauseCondition.Reason.InconclusiveAnalysis);
    assertThat(world.activeHash).isEqualTo("aaa");
    assertThat(world.eventReasons()).contains("AnalysisInconclusive");

    world.promote().settle();
    assertThat(world.pauses()).as("accepting it was the promotion: no BlueGreenPause follows").isEmpty();
    assertThat(world.activeHash).isEqualTo("bbb");
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
  }

  @Test
  void anInconclusivePrePromotionAnalysisCanBeAborted() {
    BlueGreenWorld world = BlueGreenWorld.stable(blueGreen().prePromotion("checks").build(), "aaa");
    world.deploy("bbb").settle();
    world.run(PRE, AnalysisPhase.Inconclusive, "latency = 0.4").settle();
    world.abort().settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Degraded);
    assertThat(world.status().abortReason).isEqualTo("Manual");
    assertThat(world.activeHash).isEqualTo("aaa");
  }

  @Test
  void theBlueGreenPauseFollowsASuccessfulPrePromotionAnalysis() {
    BlueGreenWorld world = BlueGreenWorld.stable(blueGreen().prePromotion("checks").manualPromotion().build(), "aaa");
    world.deploy("bbb").settle();
    assertThat(world.pauses()).as("no pause while the analysis runs").isEmpty();
    world.promote().settle();
    assertThat(world.activeHash).as("a promote during the analysis does not skip it").isEqualTo("aaa");

    world.run(PRE, AnalysisPhase.Successful, "ok").settle();
    assertThat(world.pauses()).containsExactly(PauseCondition.Reason.BlueGreenPause);
    world.promote().settle();
    assertThat(world.activeHash).isEqualTo("bbb");
  }

  @Test
  void postPromotionAnalysisRunsAfterTheSwitchWhileTheOldRevisionStaysUp() {
    BlueGreenWorld world = BlueGreenWorld.stable(blueGreen().postPromotion("checks").build(), "aaa");
    world.deploy("bbb").settle();
    assertThat(world.activeHash).isEqualTo("bbb");
    assertThat(world.postRun()).isEqualTo(POST);
    assertThat(world.startedRuns).containsExactly(POST);
    assertThat(world.status().stableRS).as("not stable before the analysis succeeds").isEqualTo("aaa");
    assertThat(world.desired("aaa")).isEqualTo(4);
    assertThat(world.scaleDownAt("aaa")).isNull();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Progressing);
    assertThat(world.conditionReason(Conditions.PROGRESSING)).isEqualTo("PostPromotionAnalysis");

    world.advanceSeconds(100).run(POST, AnalysisPhase.Running, null).settle();
    assertThat(world.desired("aaa")).isEqualTo(4);

    world.run(POST, AnalysisPhase.Successful, "ok").settle();
    assertThat(world.status().stableRS).isEqualTo("bbb");
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
    assertThat(world.scaleDownAt("aaa")).isEqualTo(world.now.plusSeconds(30));
    assertThat(world.activeHistory).containsExactly("bbb");
  }

  @Test
  void aFailedPostPromotionAnalysisSwitchesActiveBackAndAborts() {
    BlueGreenWorld world = BlueGreenWorld.stable(blueGreen().postPromotion("checks").build(), "aaa");
    world.deploy("bbb").settle();
    world.run(POST, AnalysisPhase.Failed, "metric error-rate failed (last value: error-rate = 0.5)").settle();

    assertThat(world.activeHistory).containsExactly("bbb", "aaa");
    assertThat(world.activeHash).isEqualTo("aaa");
    assertThat(world.previewHash).isEqualTo("bbb");
    assertThat(world.phase()).isEqualTo(RolloutPhase.Degraded);
    assertThat(world.status().abort).isTrue();
    assertThat(world.status().abortReason).isEqualTo("Analysis");
    assertThat(world.status().stableRS).isEqualTo("aaa");
    assertThat(world.status().currentPodHash).isEqualTo("bbb");
    assertThat(world.postRun()).isEqualTo(POST);
    assertThat(world.status().message).contains(POST, "error-rate = 0.5");
    assertThat(world.eventReasons()).contains("ActiveSwitchedBack", "RolloutAborted");
    assertThat(world.desired("aaa")).isEqualTo(4);
    world.followRequeue();
    assertThat(world.desired("bbb")).isZero();
  }

  @Test
  void anInconclusivePostPromotionAnalysisWaitsAndAPromoteMakesItStable() {
    BlueGreenWorld world = BlueGreenWorld.stable(blueGreen().postPromotion("checks").build(), "aaa");
    world.deploy("bbb").settle();
    world.run(POST, AnalysisPhase.Inconclusive, "latency = 0.4").settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Paused);
    assertThat(world.pauses()).containsExactly(PauseCondition.Reason.InconclusiveAnalysis);
    assertThat(world.activeHash).isEqualTo("bbb");

    world.promote().settle();
    assertThat(world.status().stableRS).isEqualTo("bbb");
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
  }

  @Test
  void bothAnalysesInOneRollout() {
    BlueGreenWorld world = BlueGreenWorld.stable(blueGreen().prePromotion("pre").postPromotion("post").build(), "aaa");
    world.deploy("bbb").settle();
    world.run(PRE, AnalysisPhase.Successful, "ok").settle();
    assertThat(world.activeHash).isEqualTo("bbb");
    world.run(POST, AnalysisPhase.Successful, "ok").settle();
    assertThat(world.startedRuns).containsExactly(PRE, POST);
    assertThat(world.status().stableRS).isEqualTo("bbb");
    assertThat(world.preRun()).isEqualTo(PRE);
    assertThat(world.postRun()).isEqualTo(POST);
  }

  @Test
  void aRunMissingFromTheCacheIsStartedAgainIdempotentlyWithoutASecondEvent() {
    BlueGreenWorld world = BlueGreenWorld.stable(blueGreen().prePromotion("checks").build(), "aaa");
    world.deploy("bbb").settle();
    world.runs.clear();
    world.reconcile();
    assertThat(world.lastPlan().actions()).anyMatch(a -> a instanceof Action.StartAnalysis s && s.runName().equals(PRE));
    assertThat(world.lastPlan().events()).isEmpty();
    assertThat(world.lastPlan().requeueAfter()).contains(Duration.ofSeconds(15));
  }
}
