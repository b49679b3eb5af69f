package dev.sluice.operator.gitrevert;

import dev.sluice.api.v1alpha1.GitRevertStatus;
import dev.sluice.api.v1alpha1.RolloutStatus;

/**
 * Whether a Rollout's aborted release must be reverted in Git now. Strategy-agnostic: it reads only the status
 * every strategy writes on abort (abort, abortReason, currentPodHash, stableRS), how the revision's analysis ended
 * ({@link AnalysisVerdict}) and the revert's own record.
 *
 * @param revision pod template hash of the aborted release (null for {@link Kind#NONE})
 * @param reason why no revert is made, for {@link Kind#SKIP} (null otherwise)
 */
public record RevertDecision(Kind kind, String revision, String reason) {
  public static final String ABORT_ANALYSIS = "Analysis";
  /** Skipped: the analysis ended Error (no measurement), which is no evidence against the release. */
  public static final String SKIP_ANALYSIS_ERROR = "AnalysisError";
  /** Skipped: no AnalysisRun of the revision ended Failed or Error, so nothing says the release is bad. */
  public static final String SKIP_ANALYSIS_NOT_FAILED = "AnalysisNotFailed";

  public enum Kind {
    /** Nothing to do: not aborted, not asked for, not configured, or this revision's revert already ended. */
    NONE,
    /** Record Pending for the revision, then run the revert. */
    START,
    /** Pending is recorded (an earlier run was interrupted, e.g. by a restart): run it (again). */
    RESUME,
    /** An analysis abort that is no evidence against the release: record Skipped with the reason, once. */
    SKIP
  }

  public static final RevertDecision NONE = new RevertDecision(Kind.NONE, null, null);

  public RevertDecision(Kind kind, String revision) {
    this(kind, revision, null);
  }

  /**
   * @param verdict how the revision's analysis ended; only read for an analysis abort nobody asked to revert
   */
  public static RevertDecision decide(RolloutStatus status, RevertSettings settings, AnalysisVerdict verdict) {
    if (settings == null || status == null || !Boolean.TRUE.equals(status.abort)) {
      return NONE;
    }
    // Traffic first, Git second: a person's abort (abort: true in the status) is carried out by the strategy, which
    // records abortedAt when traffic is back on stable. Until then the revert waits, since each status write it
    // makes ends the reconcile before the strategy runs.
    if (status.abortedAt == null) {
      return NONE;
    }
    String revision = status.currentPodHash;
    if (revision == null || status.stableRS == null || revision.equals(status.stableRS)) {
      return NONE;
    }
    boolean requested = Boolean.TRUE.equals(status.revertRequested);
    GitRevertStatus record = status.gitRevert;
    if (record != null && revision.equals(record.revision) && record.phase != null) {
      if (record.phase == GitRevertStatus.Phase.Pending) {
        return new RevertDecision(Kind.RESUME, revision);
      }
      // A person who reads "not reverted: the analysis ended Error" can still ask for it (abort --revert).
      return requested && notEvidence(record) ? new RevertDecision(Kind.START, revision) : NONE;
    }
    if (requested) {
      return new RevertDecision(Kind.START, revision);
    }
    if (!ABORT_ANALYSIS.equals(status.abortReason)) {
      return NONE;
    }
    if (verdict == AnalysisVerdict.FAILED || (verdict == AnalysisVerdict.ERROR && settings.revertOnAnalysisError())) {
      return new RevertDecision(Kind.START, revision);
    }
    return new RevertDecision(Kind.SKIP, revision,
        verdict == AnalysisVerdict.ERROR ? SKIP_ANALYSIS_ERROR : SKIP_ANALYSIS_NOT_FAILED);
  }

  /** A Skipped record written by {@link #markSkipped}: the decision not to revert, not a revert that ran. */
  private static boolean notEvidence(GitRevertStatus record) {
    return record.phase == GitRevertStatus.Phase.Skipped
        && (SKIP_ANALYSIS_ERROR.equals(record.reason) || SKIP_ANALYSIS_NOT_FAILED.equals(record.reason));
  }

  /** What a person reads on a {@link Kind#SKIP}: why Git was left as it is, and how to revert anyway. */
  public static String skipMessage(String revision, String reason) {
    String why = SKIP_ANALYSIS_ERROR.equals(reason)
        ? "its analysis ended Error (the measurements could not be taken, e.g. the metrics provider was unreachable), "
            + "which is no evidence that the release is bad"
        : "none of its AnalysisRuns ended Failed";
    return "revision " + revision + " not reverted in Git: " + why + "; traffic stays on stable. To revert anyway: "
        + "kubectl sluice abort --revert (or set spec.gitRevert.revertOnAnalysisError: true for the next releases)";
  }

  /** The status with the decision not to revert recorded for revision (phase Skipped, reason and message). */
  public static void markSkipped(RolloutStatus status, String revision, String reason) {
    GitRevertStatus record = status.gitRevert == null ? new GitRevertStatus() : status.gitRevert;
    record.phase = GitRevertStatus.Phase.Skipped;
    record.revision = revision;
    record.reason = reason;
    record.commit = null;
    record.branch = null;
    record.attempts = 0;
    record.releaseCommits = null;
    record.starts = null;
    record.message = skipMessage(revision, reason);
    status.gitRevert = record;
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
    record.starts = null;
    record.message = "reverting revision " + revision + " in Git";
    status.gitRevert = record;
  }
}
