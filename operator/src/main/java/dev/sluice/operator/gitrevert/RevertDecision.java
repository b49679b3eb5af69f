package dev.sluice.operator.gitrevert;

import dev.sluice.api.v1alpha1.GitRevertStatus;
import dev.sluice.api.v1alpha1.RolloutStatus;

/**
 * Whether a Rollout's aborted release must be reverted in Git now. Strategy-agnostic: it reads only the status
 * every strategy writes on abort (abort, abortReason, currentPodHash, stableRS) and the revert's own record.
 *
 * @param revision pod template hash of the aborted release (null for {@link Kind#NONE})
 */
public record RevertDecision(Kind kind, String revision) {
  public static final String ABORT_ANALYSIS = "Analysis";

  public enum Kind {
    /** Nothing to do: not aborted, not asked for, not configured, or this revision's revert already ended. */
    NONE,
    /** Record Pending for the revision, then run the revert. */
    START,
    /** Pending is recorded (an earlier run was interrupted, e.g. by a restart): run it (again). */
    RESUME
  }

  public static final RevertDecision NONE = new RevertDecision(Kind.NONE, null);

  public static RevertDecision decide(RolloutStatus status, RevertSettings settings) {
    if (settings == null || status == null || !Boolean.TRUE.equals(status.abort)) {
      return NONE;
    }
    String revision = status.currentPodHash;
    if (revision == null || status.stableRS == null || revision.equals(status.stableRS)) {
      return NONE;
    }
    GitRevertStatus record = status.gitRevert;
    if (record != null && revision.equals(record.revision) && record.phase != null) {
      return record.phase == GitRevertStatus.Phase.Pending ? new RevertDecision(Kind.RESUME, revision) : NONE;
    }
    boolean asked = ABORT_ANALYSIS.equals(status.abortReason) || Boolean.TRUE.equals(status.revertRequested);
    return asked ? new RevertDecision(Kind.START, revision) : NONE;
  }

  /** The status with Pending recorded for the decision's revision; earlier results of other revisions are replaced. */
  public static void markPending(RolloutStatus status, String revision) {
    GitRevertStatus record = status.gitRevert == null ? new GitRevertStatus() : status.gitRevert;
    record.phase = GitRevertStatus.Phase.Pending;
    record.revision = revision;
    record.reason = null;
    record.commit = null;
    record.branch = null;
    record.attempts = null;
    record.releaseCommits = null;
    record.message = "reverting revision " + revision + " in Git";
    status.gitRevert = record;
  }
}
