package dev.sluice.operator.gitrevert;

import dev.sluice.api.v1alpha1.GitRevertStatus;
import dev.sluice.api.v1alpha1.RolloutStatus;
import dev.sluice.gitops.GitRevertOutcome;
import dev.sluice.operator.status.Conditions;
import java.time.Instant;

/** Records a revert's outcome in status.gitRevert and the GitReverted condition; pure. */
public final class RevertResults {
  public static final String CONDITION = "GitReverted";
  static final int MAX_RELEASE_COMMITS = 20;

  private RevertResults() {
  }

  /**
   * Applies outcome for revision to status (a fresh copy of the stored one). Always recorded, whatever the
   * status says now: a pushed commit is never forgotten, even if a person retried meanwhile.
   */
  public static void record(RolloutStatus status, String revision, GitRevertOutcome outcome, Long generation, Instant now) {
    GitRevertStatus record = status.gitRevert == null ? new GitRevertStatus() : status.gitRevert;
    record.phase = GitRevertStatus.Phase.valueOf(outcome.phase().name());
    record.revision = revision;
    record.reason = outcome.reason().name();
    record.commit = outcome.commit();
    record.branch = outcome.branch();
    record.attempts = outcome.attempts();
    record.releaseCommits = outcome.releaseCommits().isEmpty() ? null
        : outcome.releaseCommits().subList(0, Math.min(MAX_RELEASE_COMMITS, outcome.releaseCommits().size()));
    record.message = outcome.message();
    if (rejects(outcome)) {
      Quarantine.reject(record, revision);
    }
    status.gitRevert = record;
    boolean done = outcome.phase() != GitRevertOutcome.Phase.Failed;
    Conditions.set(status.conditions, CONDITION, done, outcome.reason().name(), summary(revision, outcome), generation, now);
  }

  /** A failure before the engine ran (Secret missing or unreadable, release not buildable): nothing was pushed. */
  public static void recordFailure(RolloutStatus status, String revision, String reason, String message, Long generation,
      Instant now) {
    GitRevertStatus record = status.gitRevert == null ? new GitRevertStatus() : status.gitRevert;
    record.phase = GitRevertStatus.Phase.Failed;
    record.revision = revision;
    record.reason = reason;
    record.commit = null;
    record.branch = null;
    record.attempts = 0;
    record.releaseCommits = null;
    record.message = message;
    status.gitRevert = record;
    Conditions.set(status.conditions, CONDITION, false, reason, "revision " + revision + " not reverted: " + message,
        generation, now);
  }

  /**
   * The decision not to revert an analysis abort (it ended Error, not Failed): Skipped with the reason, and the
   * GitReverted condition False with it, so a person reads why Git was left as it is. No quarantine.
   */
  public static void recordNotReverted(RolloutStatus status, String revision, String reason, Long generation, Instant now) {
    RevertDecision.markSkipped(status, revision, reason);
    Conditions.set(status.conditions, CONDITION, false, reason, status.gitRevert.message, generation, now);
  }

  /** Pushed, or found already reverted by Sluice: Git no longer asks for this revision, so it is quarantined. */
  static boolean rejects(GitRevertOutcome outcome) {
    return outcome.phase() == GitRevertOutcome.Phase.Pushed
        || outcome.reason() == GitRevertOutcome.Reason.AlreadyReverted;
  }

  public static String summary(String revision, GitRevertOutcome outcome) {
    switch (outcome.phase()) {
      case Pushed:
        return "revision " + revision + " reverted by commit " + outcome.commit() + " on " + outcome.branch();
      case Skipped:
        return "revision " + revision + " not reverted (" + outcome.reason() + "): " + outcome.message();
      default:
        return "revision " + revision + " not reverted (" + outcome.reason() + "): " + outcome.message();
    }
  }
}
