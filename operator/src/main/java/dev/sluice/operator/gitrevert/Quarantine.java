package dev.sluice.operator.gitrevert;

import dev.sluice.api.v1alpha1.GitRevertStatus;
import dev.sluice.api.v1alpha1.RolloutPhase;
import dev.sluice.api.v1alpha1.RolloutStatus;
import dev.sluice.operator.plan.RolloutHealth;
import dev.sluice.operator.status.Conditions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Revisions whose release was reverted in Git are rejected: if the same pod template comes back (a stale sync, an
 * image automation bumping the tag back), no pod of it starts, whatever the strategy, until a person retries. The
 * list is bounded. Each strategy's planner asks {@link #holds}, and while it holds: resets its own per-revision
 * state when {@link #isNewHold}, records {@link #hold}, keeps traffic on stable as for an abort, then {@link #report}s;
 * a retry calls {@link #lift}.
 */
public final class Quarantine {
  public static final int MAX_REJECTED = 10;
  public static final String CONDITION = "ReleaseRejected";
  /** The abortReason of a held revision. */
  public static final String ABORT_REASON = "ReleaseRejected";

  private Quarantine() {
  }

  public static boolean isRejected(RolloutStatus status, String hash) {
    return status != null && status.gitRevert != null && status.gitRevert.rejectedRevisions != null
        && status.gitRevert.rejectedRevisions.contains(hash);
  }

  /**
   * Whether hash must be held now: it is rejected, and it is not the current revision that a person retried or that
   * is still aborted by what led to its revert (the analysis abort stays as it is when the revert lands).
   */
  public static boolean holds(RolloutStatus status, String hash) {
    return isRejected(status, hash) && !retriedOrAbortedOtherwise(status, hash);
  }

  private static boolean retriedOrAbortedOtherwise(RolloutStatus status, String hash) {
    if (!hash.equals(status.currentPodHash)) {
      return false;
    }
    return Boolean.TRUE.equals(status.abort) ? !ABORT_REASON.equals(status.abortReason) : status.abortedAt != null;
  }

  /** True when holding hash starts in this plan: the strategy resets the revision's state and emits one Event. */
  public static boolean isNewHold(RolloutStatus status, String hash) {
    return !hash.equals(status.currentPodHash) || !ABORT_REASON.equals(status.abortReason);
  }

  /** Records the hold as an abort of hash; call after the strategy cleared its manual controls. */
  public static void hold(RolloutStatus status, String hash, Instant now) {
    status.currentPodHash = hash;
    status.abort = true;
    status.abortReason = ABORT_REASON;
    status.abortedAt = now.toString();
  }

  /** What the held rollout says, naming the revert commit when the record holds it. */
  public static String message(RolloutStatus status, String hash) {
    String commit = revertCommit(status, hash);
    return "ReleaseRejected: revision " + hash + " was reverted in Git" + (commit == null ? "" : " by commit " + commit)
        + "; stable " + status.stableRS + " keeps serving until a retry (kubectl sluice retry)";
  }

  /** Degraded with the ReleaseRejected condition; call after the strategy applied its abort. */
  public static void report(RolloutStatus status, String message, Long generation, Instant now) {
    RolloutHealth.set(status, RolloutPhase.Degraded, CONDITION, message, generation, now);
    Conditions.set(status.conditions, Conditions.PROGRESSING, false, CONDITION, message, generation, now);
    Conditions.set(status.conditions, CONDITION, true, "RevertedInGit", message, generation, now);
  }

  /** Adds hash as the most recent rejected revision, dropping the oldest beyond {@link #MAX_REJECTED}. */
  public static void reject(GitRevertStatus record, String hash) {
    List<String> rejected = record.rejectedRevisions == null ? new ArrayList<>() : new ArrayList<>(record.rejectedRevisions);
    rejected.remove(hash);
    rejected.add(hash);
    while (rejected.size() > MAX_REJECTED) {
      rejected.remove(0);
    }
    record.rejectedRevisions = rejected;
  }

  /**
   * A person retried hash: it may run again, and a later failure of it may be reverted again (the revert engine
   * finds an earlier revert commit by its trailers, so nothing is committed twice). The revert request is cleared.
   */
  public static void lift(RolloutStatus status, String hash) {
    status.revertRequested = null;
    GitRevertStatus record = status.gitRevert;
    if (record == null) {
      return;
    }
    if (record.rejectedRevisions != null) {
      List<String> rejected = new ArrayList<>(record.rejectedRevisions);
      rejected.remove(hash);
      record.rejectedRevisions = rejected.isEmpty() ? null : rejected;
    }
    if (hash.equals(record.revision) && record.phase != GitRevertStatus.Phase.Pending) {
      record.phase = null;
      record.revision = null;
      record.reason = null;
      record.attempts = null;
      record.message = "retried revision " + hash + (record.commit == null ? "" : "; its revert was commit " + record.commit);
    }
  }

  /** The commit that reverted hash, if this record holds it (for the ReleaseRejected message). */
  public static String revertCommit(RolloutStatus status, String hash) {
    GitRevertStatus record = status == null ? null : status.gitRevert;
    return record != null && hash.equals(record.revision) ? record.commit : null;
  }
}
