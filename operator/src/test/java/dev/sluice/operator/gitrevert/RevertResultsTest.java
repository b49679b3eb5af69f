package dev.sluice.operator.gitrevert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.GitRevertStatus;
import dev.sluice.api.v1alpha1.RolloutStatus;
import dev.sluice.gitops.GitRevertOutcome;
import dev.sluice.gitops.GitRevertOutcome.Phase;
import dev.sluice.gitops.GitRevertOutcome.Reason;
import dev.sluice.operator.status.Conditions;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RevertResultsTest {
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  static RolloutStatus pending() {
    RolloutStatus status = new RolloutStatus();
    RevertDecision.markPending(status, "bad1");
    return status;
  }

  @Test
  void aPushedRevertIsRecordedAndQuarantinesTheRevision() {
    RolloutStatus status = pending();
    RevertResults.record(status, "bad1", new GitRevertOutcome(Phase.Pushed, Reason.RevertedCommit, "abc", "main", 2,
        List.of("r1"), "reverted commit r1"), 3L, NOW);
    GitRevertStatus record = status.gitRevert;
    assertThat(record.phase).isEqualTo(GitRevertStatus.Phase.Pushed);
    assertThat(record.reason).isEqualTo("RevertedCommit");
    assertThat(record.commit).isEqualTo("abc");
    assertThat(record.branch).isEqualTo("main");
    assertThat(record.attempts).isEqualTo(2);
    assertThat(record.releaseCommits).containsExactly("r1");
    assertThat(record.rejectedRevisions).containsExactly("bad1");
    assertThat(Conditions.isTrue(status.conditions, RevertResults.CONDITION)).isTrue();
    assertThat(Conditions.find(status.conditions, RevertResults.CONDITION).orElseThrow().getMessage()).contains("abc");
  }

  @Test
  void alreadyRevertedQuarantinesButAlreadyFixedDoesNot() {
    RolloutStatus reverted = pending();
    RevertResults.record(reverted, "bad1", new GitRevertOutcome(Phase.Skipped, Reason.AlreadyReverted, "abc", "main", 0,
        List.of(), "found"), 1L, NOW);
    assertThat(reverted.gitRevert.rejectedRevisions).containsExactly("bad1");
    RolloutStatus fixed = pending();
    RevertResults.record(fixed, "bad1", new GitRevertOutcome(Phase.Skipped, Reason.AlreadyFixed, null, "main", 0,
        List.of(), "head no longer asks for it"), 1L, NOW);
    assertThat(fixed.gitRevert.phase).isEqualTo(GitRevertStatus.Phase.Skipped);
    assertThat(fixed.gitRevert.rejectedRevisions).isNull();
  }

  @Test
  void aFailureSetsTheConditionFalseWithTheReasonAndDoesNotQuarantine() {
    RolloutStatus status = pending();
    RevertResults.record(status, "bad1", new GitRevertOutcome(Phase.Failed, Reason.TransportError, null, "main", 0,
        List.of(), "connection refused"), 1L, NOW);
    assertThat(status.gitRevert.phase).isEqualTo(GitRevertStatus.Phase.Failed);
    assertThat(status.gitRevert.rejectedRevisions).isNull();
    var condition = Conditions.find(status.conditions, RevertResults.CONDITION).orElseThrow();
    assertThat(condition.getStatus()).isEqualTo("False");
    assertThat(condition.getReason()).isEqualTo("TransportError");
    assertThat(condition.getMessage()).contains("connection refused");

    RolloutStatus secret = pending();
    RevertResults.recordFailure(secret, "bad1", "SecretNotFound", "Secret \"git\" not found", 1L, NOW);
    assertThat(secret.gitRevert.phase).isEqualTo(GitRevertStatus.Phase.Failed);
    assertThat(secret.gitRevert.reason).isEqualTo("SecretNotFound");
    assertThat(Conditions.find(secret.conditions, RevertResults.CONDITION).orElseThrow().getReason()).isEqualTo("SecretNotFound");
  }

  @Test
  void theRejectedListKeepsTheLastTen() {
    GitRevertStatus record = new GitRevertStatus();
    IntStream.range(0, 15).forEach(i -> Quarantine.reject(record, "r" + i));
    Quarantine.reject(record, "r10");
    assertThat(record.rejectedRevisions).hasSize(Quarantine.MAX_REJECTED).startsWith("r5").endsWith("r10")
        .doesNotHaveDuplicates();
  }

  @Test
  void anOutcomeArrivingAfterARetryIsStillRecorded() {
    RolloutStatus status = pending();
    Quarantine.lift(status, "bad1");
    assertThat(status.gitRevert.phase).as("a Pending revert is not forgotten by a retry").isEqualTo(GitRevertStatus.Phase.Pending);
    RevertResults.record(status, "bad1", new GitRevertOutcome(Phase.Pushed, Reason.RevertedLines, "abc", "main", 1,
        List.of(), "reverted"), 1L, NOW);
    assertThat(status.gitRevert.commit).isEqualTo("abc");
  }
}
