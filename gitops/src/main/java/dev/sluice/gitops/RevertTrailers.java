package dev.sluice.gitops;

import java.io.IOException;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;

/** The trailers that mark a Sluice revert commit, and the exactly-once search for them. */
final class RevertTrailers {

  static final String ROLLOUT = "Sluice-Rollout";
  static final String REVISION = "Sluice-Revision";
  static final String ANALYSIS_RUN = "Sluice-AnalysisRun";

  private RevertTrailers() {
  }

  /**
   * The newest commit among the last {@code depth} commits reachable from {@code heads} (all parents, so a revert
   * merged from a branch counts) whose message carries both trailers. Trailers are matched on any line, since a
   * squash merge moves them into the body.
   */
  static Optional<RevCommit> find(Repository repository, Collection<ObjectId> heads, String rolloutKey,
      String revision, int depth) throws IOException {
    try (RevWalk walk = new RevWalk(repository)) {
      walk.sort(RevSort.COMMIT_TIME_DESC);
      for (ObjectId head : heads) {
        walk.markStart(walk.parseCommit(head));
      }
      int seen = 0;
      for (RevCommit commit : walk) {
        if (seen++ >= depth) {
          break;
        }
        if (marks(commit.getFullMessage(), rolloutKey, revision)) {
          return Optional.of(commit);
        }
      }
      return Optional.empty();
    }
  }

  static boolean marks(String message, String rolloutKey, String revision) {
    boolean rollout = false;
    boolean rev = false;
    for (String line : message.split("\\R")) {
      rollout |= isTrailer(line, ROLLOUT, rolloutKey);
      rev |= isTrailer(line, REVISION, revision);
    }
    return rollout && rev;
  }

  private static boolean isTrailer(String line, String key, String value) {
    int colon = line.indexOf(':');
    return colon > 0
        && line.substring(0, colon).strip().toLowerCase(Locale.ROOT).equals(key.toLowerCase(Locale.ROOT))
        && line.substring(colon + 1).strip().equals(value);
  }
}
