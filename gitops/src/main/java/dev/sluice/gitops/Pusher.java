package dev.sluice.gitops;

import java.io.IOException;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;

/**
 * Pushes one commit to one branch, never forced, as a compare-and-swap on the remote ref: the server only
 * accepts it if the branch is still at {@code expectedOld} (or, for a new branch, does not exist yet).
 */
final class Pusher {

  /** Unknown: the push got no answer and the branch does not hold the commit (it may still land: try again). */
  enum Status { Pushed, Moved, Rejected, Unknown }

  record Result(Status status, String detail) {
  }

  private final Repository repository;
  private final RemoteAccess access;

  Pusher(Repository repository, RemoteAccess access) {
    this.repository = repository;
    this.access = access;
  }

  /** @param expectedOld the branch's current commit, or {@link ObjectId#zeroId()} to create it */
  Result push(ObjectId commit, String branch, ObjectId expectedOld) throws IOException, URISyntaxException {
    String ref = "refs/heads/" + branch;
    try (Transport transport = Transport.open(repository, "origin")) {
      access.configure(transport);
      RemoteRefUpdate update = new RemoteRefUpdate(repository, (String) null, commit, ref, false, null, expectedOld);
      PushResult result = transport.push(NullProgressMonitor.INSTANCE, List.of(update));
      RemoteRefUpdate done = result.getRemoteUpdate(ref);
      String detail = done.getMessage() == null ? "" : done.getMessage();
      if (result.getMessages() != null && !result.getMessages().isBlank()) {
        detail = (detail + " " + result.getMessages().strip()).strip();
      }
      return switch (done.getStatus()) {
        case OK -> new Result(Status.Pushed, detail);
        case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED -> new Result(Status.Moved, done.getStatus() + " " + detail);
        case REJECTED_OTHER_REASON -> lostRace(detail) ? new Result(Status.Moved, detail) : new Result(Status.Rejected, detail);
        default -> new Result(Status.Rejected, done.getStatus() + " " + detail);
      };
    }
  }

  /**
   * Servers report a concurrent update of the same ref, lost between our ref advertisement and their ref lock,
   * with free text: "failed to lock", "cannot lock ref ... but expected", "stale info", "fetch first".
   */
  private static boolean lostRace(String detail) {
    String d = detail.toLowerCase(Locale.ROOT);
    return d.contains("lock") || d.contains("expected") || d.contains("stale") || d.contains("fetch first")
        || d.contains("already exists") || d.contains("non-fast-forward");
  }
}
