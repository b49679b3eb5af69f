package dev.sluice.operator.gitrevert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.GitRevert.CommitMode;
import dev.sluice.api.v1alpha1.GitRevertStatus;
import dev.sluice.api.v1alpha1.RolloutStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RevertDecisionTest {
  static final RevertSettings SETTINGS = new RevertSettings("https://git.example/r.git", null, null, null, "Sluice",
      "sluice@sluice.dev", CommitMode.Direct);

  static RolloutStatus aborted(String reason) {
    RolloutStatus status = new RolloutStatus();
    status.abort = true;
    status.abortReason = reason;
    status.currentPodHash = "bad1";
    status.stableRS = "good1";
    status.abortedAt = "2026-01-01T00:00:00Z";
    return status;
  }

  @Test
  void aRequestedRevertWaitsUntilTheStrategyHasCarriedOutTheAbort() {
    // A person's `abort --revert` sets abort and revertRequested; until the strategy has moved traffic back to stable
    // (it records abortedAt then), the revert's status writes must not end the reconcile that does it.
    RolloutStatus asked = aborted("Manual");
    asked.abortReason = null;
    asked.abortedAt = null;
    asked.revertRequested = true;
    assertThat(RevertDecision.decide(asked, SETTINGS, AnalysisVerdict.FAILED)).isEqualTo(RevertDecision.NONE);
    asked.abortedAt = "2026-01-01T00:00:00Z";
    asked.abortReason = "Manual";
    assertThat(RevertDecision.decide(asked, SETTINGS, AnalysisVerdict.FAILED).kind()).isEqualTo(RevertDecision.Kind.START);
  }

  @Test
  void anAnalysisAbortStartsTheRevertOfTheAbortedRevision() {
    assertThat(RevertDecision.decide(aborted("Analysis"), SETTINGS, AnalysisVerdict.FAILED))
        .isEqualTo(new RevertDecision(RevertDecision.Kind.START, "bad1"));
  }

  @Test
  void nothingWithoutSettingsOrAbort() {
    assertThat(RevertDecision.decide(aborted("Analysis"), null, AnalysisVerdict.FAILED)).isEqualTo(RevertDecision.NONE);
    RolloutStatus running = aborted("Analysis");
    running.abort = null;
    assertThat(RevertDecision.decide(running, SETTINGS, AnalysisVerdict.FAILED)).isEqualTo(RevertDecision.NONE);
    assertThat(RevertDecision.decide(null, SETTINGS, AnalysisVerdict.FAILED)).isEqualTo(RevertDecision.NONE);
  }

  @Test
  void aManualAbortRevertsOnlyWhenAskedInTheStatus() {
    assertThat(RevertDecision.decide(aborted("Manual"), SETTINGS, AnalysisVerdict.FAILED)).isEqualTo(RevertDecision.NONE);
    assertThat(RevertDecision.decide(aborted("ProgressDeadline"), SETTINGS, AnalysisVerdict.FAILED)).isEqualTo(RevertDecision.NONE);
    assertThat(RevertDecision.decide(aborted("ReleaseRejected"), SETTINGS, AnalysisVerdict.FAILED)).isEqualTo(RevertDecision.NONE);
    RolloutStatus asked = aborted("Manual");
    asked.revertRequested = true;
    assertThat(RevertDecision.decide(asked, SETTINGS, AnalysisVerdict.FAILED).kind()).isEqualTo(RevertDecision.Kind.START);
  }

  @Test
  void nothingWhenTheAbortedRevisionIsTheStableOne() {
    RolloutStatus status = aborted("Analysis");
    status.currentPodHash = "good1";
    assertThat(RevertDecision.decide(status, SETTINGS, AnalysisVerdict.FAILED)).isEqualTo(RevertDecision.NONE);
  }

  @Test
  void aPendingRevertIsResumedAfterARestart() {
    RolloutStatus status = aborted("Analysis");
    RevertDecision.markPending(status, "bad1");
    assertThat(status.gitRevert.phase).isEqualTo(GitRevertStatus.Phase.Pending);
    assertThat(RevertDecision.decide(status, SETTINGS, AnalysisVerdict.FAILED)).isEqualTo(new RevertDecision(RevertDecision.Kind.RESUME, "bad1"));
  }

  @ParameterizedTest
  @EnumSource(value = GitRevertStatus.Phase.class, names = {"Pushed", "Skipped", "Failed"})
  void anEndedRevertOfTheRevisionIsNotRepeated(GitRevertStatus.Phase phase) {
    RolloutStatus status = aborted("Analysis");
    status.gitRevert = new GitRevertStatus();
    status.gitRevert.revision = "bad1";
    status.gitRevert.phase = phase;
    assertThat(RevertDecision.decide(status, SETTINGS, AnalysisVerdict.FAILED)).isEqualTo(RevertDecision.NONE);
  }

  @Test
  void anEarlierRevisionsRecordDoesNotStopANewRevert() {
    RolloutStatus status = aborted("Analysis");
    status.gitRevert = new GitRevertStatus();
    status.gitRevert.revision = "bad0";
    status.gitRevert.phase = GitRevertStatus.Phase.Pushed;
    status.gitRevert.commit = "c0";
    status.gitRevert.rejectedRevisions = new java.util.ArrayList<>(java.util.List.of("bad0"));
    assertThat(RevertDecision.decide(status, SETTINGS, AnalysisVerdict.FAILED).kind()).isEqualTo(RevertDecision.Kind.START);
    RevertDecision.markPending(status, "bad1");
    assertThat(status.gitRevert.commit).isNull();
    assertThat(status.gitRevert.rejectedRevisions).as("the quarantine survives").containsExactly("bad0");
  }

  @Test
  void anAnalysisThatEndedErrorAbortsButIsNoReasonToRevertByDefault() {
    RevertDecision decision = RevertDecision.decide(aborted("Analysis"), SETTINGS, AnalysisVerdict.ERROR);
    assertThat(decision).isEqualTo(new RevertDecision(RevertDecision.Kind.SKIP, "bad1", RevertDecision.SKIP_ANALYSIS_ERROR));
    assertThat(RevertDecision.decide(aborted("Analysis"), SETTINGS, AnalysisVerdict.UNKNOWN))
        .isEqualTo(new RevertDecision(RevertDecision.Kind.SKIP, "bad1", RevertDecision.SKIP_ANALYSIS_NOT_FAILED));
  }

  @Test
  void anAnalysisErrorRevertsWhenTheRolloutOptsIn() {
    RevertSettings optIn = new RevertSettings("https://git.example/r.git", null, null, null, "Sluice",
        "sluice@sluice.dev", CommitMode.Direct, true);
    assertThat(RevertDecision.decide(aborted("Analysis"), optIn, AnalysisVerdict.ERROR))
        .isEqualTo(new RevertDecision(RevertDecision.Kind.START, "bad1"));
    assertThat(RevertDecision.decide(aborted("Analysis"), optIn, AnalysisVerdict.UNKNOWN).kind())
        .isEqualTo(RevertDecision.Kind.SKIP);
  }

  @Test
  void theSkipIsRecordedOnceAndAPersonCanStillAskForTheRevert() {
    RolloutStatus status = aborted("Analysis");
    RevertDecision.markSkipped(status, "bad1", RevertDecision.SKIP_ANALYSIS_ERROR);
    assertThat(status.gitRevert.phase).isEqualTo(GitRevertStatus.Phase.Skipped);
    assertThat(status.gitRevert.message).contains("ended Error").contains("kubectl sluice abort --revert");
    assertThat(status.gitRevert.rejectedRevisions).as("no quarantine").isNull();
    assertThat(RevertDecision.decide(status, SETTINGS, AnalysisVerdict.ERROR)).isEqualTo(RevertDecision.NONE);
    status.revertRequested = true;
    assertThat(RevertDecision.decide(status, SETTINGS, AnalysisVerdict.ERROR).kind()).isEqualTo(RevertDecision.Kind.START);
  }

  @Test
  void aManualRevertRequestDoesNotDependOnTheAnalysis() {
    RolloutStatus asked = aborted("Manual");
    asked.revertRequested = true;
    assertThat(RevertDecision.decide(asked, SETTINGS, AnalysisVerdict.UNKNOWN).kind()).isEqualTo(RevertDecision.Kind.START);
  }
}
