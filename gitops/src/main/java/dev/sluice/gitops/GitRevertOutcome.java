package dev.sluice.gitops;

import java.util.List;
import java.util.Objects;

/**
 * What a revert did. {@link Phase} names match {@code GitRevertStatus.Phase} (minus Pending), so the reconciler
 * can copy {@code phase().name()}; {@link Reason} tells why, for conditions, Events and metrics.
 *
 * @param commit the revert commit that was pushed, or the earlier Sluice revert found ({@link Reason#AlreadyReverted})
 * @param branch the branch the commit is on (the revert branch in {@link CommitMode#NewBranch})
 * @param attempts push attempts made (0 when nothing was pushed)
 * @param releaseCommits the commits identified as the release (empty when not identified)
 * @param message human-readable, contains no secret
 */
public record GitRevertOutcome(
    Phase phase,
    Reason reason,
    String commit,
    String branch,
    int attempts,
    List<String> releaseCommits,
    String message) {

  public enum Phase { Pushed, Skipped, Failed }

  public enum Reason {
    /** Pushed: the release was one commit, reverted with {@code git revert}. */
    RevertedCommit(Phase.Pushed),
    /** Pushed: the lines carrying the bad values were set back to the stable ones. */
    RevertedLines(Phase.Pushed),
    /** Skipped: a Sluice revert of this Rollout revision is already in the history ({@code commit}). */
    AlreadyReverted(Phase.Skipped),
    /** Skipped: the branch head no longer asks for the bad values (fixed or rolled forward by someone). */
    AlreadyFixed(Phase.Skipped),
    /**
     * Failed: the release could not be identified with certainty (a value is not found under path, is found in
     * places that also serve other objects, cannot be edited in place...). Nothing was changed: a human must
     * revert, since Git still asks for the bad release.
     */
    NotIdentified(Phase.Failed),
    /** Failed: the server refused the credentials, or the SSH host key is not in known_hosts. */
    AuthenticationFailed(Phase.Failed),
    /** Failed: the branch kept moving; every push attempt was rejected as non-fast-forward. */
    RetriesExhausted(Phase.Failed),
    /** Failed: the server rejected the push for another reason (protected branch, hook...). */
    PushRejected(Phase.Failed),
    /** Failed: network, timeout, missing repository or branch. Retrying later may work. */
    TransportError(Phase.Failed),
    /**
     * Failed: the revert did not finish within the deadline (a slow remote, a repository too large, work bounded
     * nowhere else); nothing was pushed.
     */
    DeadlineExceeded(Phase.Failed),
    /** Failed: the work directory could not be written (disk full, permissions), after bounded retries. */
    LocalStorageError(Phase.Failed),
    /** Failed: the request is invalid (e.g. a malformed repository URL). */
    InvalidRequest(Phase.Failed),
    /** Failed: an unexpected error; the message says which. */
    InternalError(Phase.Failed);

    private final Phase phase;

    Reason(Phase phase) {
      this.phase = phase;
    }

    public Phase phase() {
      return phase;
    }
  }

  public GitRevertOutcome {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(reason, "reason");
    if (reason.phase() != phase) {
      throw new IllegalArgumentException(reason + " is a " + reason.phase() + " reason, not " + phase);
    }
    releaseCommits = releaseCommits == null ? List.of() : List.copyOf(releaseCommits);
    Objects.requireNonNull(message, "message");
  }

  static GitRevertOutcome of(Reason reason, String commit, String branch, int attempts, List<String> releaseCommits,
      String message) {
    return new GitRevertOutcome(reason.phase(), reason, commit, branch, attempts, releaseCommits, message);
  }

  static GitRevertOutcome failed(Reason reason, String branch, int attempts, String message) {
    return of(reason, null, branch, attempts, List.of(), message);
  }
}
