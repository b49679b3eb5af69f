package dev.sluice.operator.gitrevert;

import dev.sluice.api.v1alpha1.GitRevertStatus;
import dev.sluice.api.v1alpha1.RolloutStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * Revisions whose release was reverted in Git are rejected: if the same pod template comes back (a stale sync, an
 * image automation bumping the tag back), no canary starts for it until a person retries. The list is bounded.
 */
public final class Quarantine {
  public static final int MAX_REJECTED = 10;
  public static final String CONDITION = "ReleaseRejected";

  private Quarantine() {
  }

  public static boolean isRejected(RolloutStatus status, String hash) {
    return status != null && status.gitRevert != null && status.gitRevert.rejectedRevisions != null
        && status.gitRevert.rejectedRevisions.contains(hash);
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
