package dev.sluice.operator.bluegreen;

import dev.sluice.operator.plan.Reasons;
import static dev.sluice.operator.bluegreen.BlueGreenRollouts.blueGreen;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.AnalysisPhase;
import dev.sluice.api.v1alpha1.RolloutPhase;
import dev.sluice.gitops.GitRevertOutcome;
import dev.sluice.operator.plan.Action;
import dev.sluice.operator.canary.CanaryPlanner;
import dev.sluice.operator.plan.Plan;
import dev.sluice.operator.gitrevert.Quarantine;
import dev.sluice.operator.gitrevert.RevertResults;
import dev.sluice.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A blue-green revision reverted in Git that is applied again gets no preview until a person retries it. */
class QuarantineTest {
  static final String PRE_RUN = "demo-bbb-prepromotion";

  /** aaa stable; bbb's pre-promotion analysis failed and aborted it; its revert was pushed as commit abc123. */
  static BlueGreenWorld reverted() {
    BlueGreenWorld world = BlueGreenWorld.stable(blueGreen().prePromotion("checks").abortScaleDownDelaySeconds(5).build(), "aaa");
    world.deploy("bbb").settle();
    world.run(PRE_RUN, AnalysisPhase.Failed, "error-rate = 0.3").settle();
    assertThat(world.status().abortReason).isEqualTo(Reasons.ABORT_ANALYSIS);
    RevertResults.record(world.status(), "bbb", new GitRevertOutcome(GitRevertOutcome.Phase.Pushed,
        GitRevertOutcome.Reason.RevertedCommit, "abc123", "main", 1, List.of("def456"), "reverted"), 1L, world.now);
    world.advanceSeconds(60).settle();
    assertThat(world.desired("bbb")).isZero();
    return world;
  }

  @Test
  void theRevertItselfDoesNotChangeTheAbortedRollout() {
    BlueGreenWorld world = reverted();
    assertThat(world.status().abortReason).as("still the analysis abort").isEqualTo(Reasons.ABORT_ANALYSIS);
    assertThat(world.condition(Quarantine.CONDITION)).isEmpty();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Degraded);
    assertThat(world.activeHash).isEqualTo("aaa");
  }

  @Test
  void applyingTheRevertedTemplateReturnsToHealthyWithoutANewReplicaSet() {
    BlueGreenWorld world = reverted();
    world.forgetHistory();
    world.deploy("aaa").settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
    assertThat(world.revisions.keySet()).containsExactlyInAnyOrder("aaa", "bbb");
    assertThat(world.desired("aaa")).isEqualTo(4);
    assertThat(world.activeHash).isEqualTo("aaa");
    assertThat(world.status().gitRevert.rejectedRevisions).containsExactly("bbb");
  }

  @Test
  void theRevertedTemplateAppliedAgainIsRejectedBeforeAnyPreviewPodOrAnalysis() {
    BlueGreenWorld world = reverted();
    world.deploy("aaa").settle();
    world.forgetHistory();

    world.deploy("bbb");
    Plan plan = world.reconcile();
    assertThat(plan.actions()).noneMatch(a -> a instanceof Action.ScaleRevision s && s.hash().equals("bbb") && s.replicas() > 0);
    assertThat(plan.actions()).noneMatch(a -> a instanceof Action.StartAnalysis);
    assertThat(plan.events()).extracting(Plan.Event::reason).containsExactly(Quarantine.CONDITION);
    assertThat(plan.events().get(0).warning()).isTrue();
    world.settle();
    world.advanceSeconds(120).settle();
    assertThat(world.desired("bbb")).isZero();
    assertThat(world.desired("aaa")).isEqualTo(4);
    assertThat(world.activeHash).isEqualTo("aaa");
    assertThat(world.activeHistory).isEmpty();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Degraded);
    Condition rejected = world.condition(Quarantine.CONDITION).orElseThrow();
    assertThat(rejected.getStatus()).isEqualTo("True");
    assertThat(rejected.getMessage()).contains("abc123").contains("bbb");
    assertThat(world.conditionReason(Conditions.READY)).isEqualTo(Quarantine.CONDITION);
    assertThat(world.status().message).startsWith("ReleaseRejected").contains("abc123");
    assertThat(world.status().abortReason).isEqualTo(Quarantine.ABORT_REASON);
    assertThat(world.status().stableRS).isEqualTo("aaa");
    assertThat(world.preRun()).isNull();
    assertThat(world.eventReasons()).as("the Warning Event once").containsExactly(Quarantine.CONDITION);
    assertThat(world.startedRuns).isEmpty();
  }

  @Test
  void aRevisionRevertedAfterItsPostPromotionAnalysisFailedIsNeverActiveAgain() {
    BlueGreenWorld world = BlueGreenWorld.stable(blueGreen().postPromotion("checks").build(), "aaa");
    world.deploy("bbb").settle();
    world.run("demo-bbb-postpromotion", AnalysisPhase.Failed, "error-rate = 0.3").settle();
    assertThat(world.activeHistory).containsExactly("bbb", "aaa");
    RevertResults.record(world.status(), "bbb", new GitRevertOutcome(GitRevertOutcome.Phase.Pushed,
        GitRevertOutcome.Reason.RevertedCommit, "abc123", "main", 1, List.of("def456"), "reverted"), 1L, world.now);
    world.advanceSeconds(60).settle();
    world.deploy("aaa").settle();
    world.forgetHistory();

    world.deploy("bbb").settle();
    world.advanceSeconds(120).settle();
    assertThat(world.activeHistory).isEmpty();
    assertThat(world.desired("bbb")).isZero();
    assertThat(world.startedRuns).isEmpty();
    assertThat(world.status().abortReason).isEqualTo(Quarantine.ABORT_REASON);
    assertThat(world.eventReasons()).containsExactly(Quarantine.CONDITION);
  }

  @Test
  void aRevisionInPreviewIsDroppedWhenTheRejectedOneReplacesIt() {
    BlueGreenWorld world = reverted();
    world.deploy("aaa").settle();
    world.deploy("ccc").settle();
    assertThat(world.preRun()).isEqualTo("demo-ccc-prepromotion");
    world.forgetHistory();

    world.deploy("bbb").settle();
    assertThat(world.terminatedRuns).containsExactly("demo-ccc-prepromotion");
    assertThat(world.desired("ccc")).isZero();
    assertThat(world.desired("bbb")).isZero();
    assertThat(world.activeHash).isEqualTo("aaa");
    assertThat(world.status().abortReason).isEqualTo(Quarantine.ABORT_REASON);
  }

  @Test
  void aRetryLiftsTheQuarantineForThatRevisionOnly() {
    BlueGreenWorld world = reverted();
    world.status().gitRevert.rejectedRevisions = new ArrayList<>(List.of("x9", "bbb"));
    world.deploy("aaa").settle();
    world.deploy("bbb").settle();
    assertThat(world.status().abortReason).isEqualTo(Quarantine.ABORT_REASON);
    world.forgetHistory();

    world.retry().settle();
    assertThat(world.status().gitRevert.rejectedRevisions).containsExactly("x9");
    assertThat(world.condition(Quarantine.CONDITION)).isEmpty();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Progressing);
    assertThat(world.desired("bbb")).isEqualTo(4);
    assertThat(world.previewHash).isEqualTo("bbb");
    assertThat(world.activeHash).isEqualTo("aaa");
    assertThat(world.eventReasons()).startsWith("RolloutRetried").doesNotContain(Quarantine.CONDITION);
    assertThat(world.startedRuns).containsExactly("demo-bbb-r1-prepromotion");
  }

  @Test
  void aRetryOfTheAnalysisAbortAlsoLiftsTheQuarantineAndTheRevertRequest() {
    BlueGreenWorld world = reverted();
    world.status().revertRequested = true;
    world.forgetHistory();
    world.retry().settle();
    assertThat(world.status().gitRevert.rejectedRevisions).isNull();
    assertThat(world.status().revertRequested).isNull();
    assertThat(world.status().gitRevert.phase).as("a later failure of bbb may be reverted again").isNull();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Progressing);
  }

  @Test
  void anotherRevisionIsNotRejected() {
    BlueGreenWorld world = reverted();
    world.deploy("aaa").settle();
    world.forgetHistory();
    world.deploy("ccc").settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Progressing);
    assertThat(world.desired("ccc")).isEqualTo(4);
    assertThat(world.eventReasons()).doesNotContain(Quarantine.CONDITION);
    assertThat(world.condition(Quarantine.CONDITION)).isEmpty();
  }
}
