package dev.sluice.operator.bluegreen;

import static dev.sluice.operator.bluegreen.BlueGreenRollouts.blueGreen;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.AnalysisPhase;
import dev.sluice.api.v1alpha1.GitRevert.CommitMode;
import dev.sluice.operator.gitrevert.AnalysisVerdict;
import dev.sluice.operator.gitrevert.RevertDecision;
import dev.sluice.operator.gitrevert.RevertSettings;
import org.junit.jupiter.api.Test;

/**
 * The Git revert is decided from status alone ({@link RevertDecision}); these check that blue-green writes the status
 * it needs: an analysis abort before or after the switch asks for the revert of the new revision, a plain abort does
 * not, and a revert request does not outlive the attempt it was made for.
 */
class RevertTriggerTest {
  static final RevertSettings SETTINGS = new RevertSettings("https://git.example/deploy.git", null, "apps/web", null,
      "Sluice", "sluice@sluice.dev", CommitMode.Direct);

  static RevertDecision decision(BlueGreenWorld world) {
    return decision(world, SETTINGS);
  }

  static RevertDecision decision(BlueGreenWorld world, RevertSettings settings) {
    return RevertDecision.decide(world.status(), settings, verdict(world));
  }

  /** What {@link AnalysisVerdict#of} reads from the AnalysisRuns of the aborted revision (named demo-hash-...). */
  static AnalysisVerdict verdict(BlueGreenWorld world) {
    String revision = "-" + world.status().currentPodHash + "-";
    var phases = world.runs.values().stream().filter(r -> r.name().contains(revision)).map(r -> r.phase()).toList();
    return phases.contains(AnalysisPhase.Failed) ? AnalysisVerdict.FAILED
        : phases.contains(AnalysisPhase.Error) ? AnalysisVerdict.ERROR : AnalysisVerdict.UNKNOWN;
  }

  @Test
  void aFailedPrePromotionAnalysisAsksForTheRevertOfTheNewRevision() {
    BlueGreenWorld world = BlueGreenWorld.stable(blueGreen().prePromotion("checks").build(), "aaa");
    world.deploy("bbb").settle();
    assertThat(decision(world)).isEqualTo(RevertDecision.NONE);
    world.run("demo-bbb-prepromotion", AnalysisPhase.Failed, "error-rate = 0.3").settle();
    assertThat(decision(world)).isEqualTo(new RevertDecision(RevertDecision.Kind.START, "bbb"));
    assertThat(world.status().stableRS).isEqualTo("aaa");
  }

  @Test
  void anErroredPostPromotionAnalysisSwitchesBackButRevertsOnlyWhenOptedIn() {
    BlueGreenWorld world = BlueGreenWorld.stable(blueGreen().postPromotion("checks").build(), "aaa");
    world.deploy("bbb").settle();
    assertThat(world.activeHash).isEqualTo("bbb");
    world.run("demo-bbb-postpromotion", AnalysisPhase.Error, "Prometheus unreachable").settle();
    assertThat(world.activeHash).isEqualTo("aaa");
    assertThat(decision(world)).isEqualTo(new RevertDecision(RevertDecision.Kind.SKIP, "bbb", RevertDecision.SKIP_ANALYSIS_ERROR));
    RevertSettings optIn = new RevertSettings("https://git.example/deploy.git", null, "apps/web", null, "Sluice",
        "sluice@sluice.dev", CommitMode.Direct, true);
    assertThat(decision(world, optIn)).isEqualTo(new RevertDecision(RevertDecision.Kind.START, "bbb"));
  }

  @Test
  void aPlainAbortDoesNotRevertButOneWithRevertRequestedDoes() {
    BlueGreenWorld world = BlueGreenWorld.stable(blueGreen().manualPromotion().build(), "aaa");
    world.deploy("bbb").settle();
    world.abort().settle();
    assertThat(decision(world)).isEqualTo(RevertDecision.NONE);
    world.status().revertRequested = true;
    assertThat(decision(world)).isEqualTo(new RevertDecision(RevertDecision.Kind.START, "bbb"));
  }

  @Test
  void aRevertRequestEndsWithItsAttempt() {
    BlueGreenWorld world = BlueGreenWorld.stable(blueGreen().manualPromotion().build(), "aaa");
    world.deploy("bbb").settle();
    world.abort();
    world.status().revertRequested = true;
    world.settle();
    world.retry().settle();
    assertThat(world.status().revertRequested).as("cleared on retry").isNull();
    world.abort().settle();
    assertThat(decision(world)).as("a later plain abort").isEqualTo(RevertDecision.NONE);

    world.status().revertRequested = true;
    world.deploy("aaa").settle();
    assertThat(world.status().revertRequested).as("cleared when Git goes back to stable").isNull();
    world.deploy("ccc").settle();
    world.abort().settle();
    assertThat(decision(world)).isEqualTo(RevertDecision.NONE);
  }
}
