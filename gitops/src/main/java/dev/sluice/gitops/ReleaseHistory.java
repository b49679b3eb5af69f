package dev.sluice.gitops;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Walks the branch's first-parent history (the order in which the GitOps agent saw it) to find which commit
 * introduced each place that asks for a bad value. Snapshots are cached by the id of the tree under the path,
 * so commits that did not touch the path cost one tree lookup.
 */
final class ReleaseHistory {

  /** A commit in which something was introduced; {@code commit} is null when it is older than the depth. */
  record Introduction(RevCommit commit, boolean beyondDepth) {
  }

  private final RevWalk walk;
  private final ObjectReader reader;
  private final String path;
  private final int depth;
  private final Map<ObjectId, ManifestSnapshot> snapshots = new HashMap<>();

  ReleaseHistory(RevWalk walk, String path, int depth) {
    this.walk = walk;
    this.reader = walk.getObjectReader();
    this.path = path;
    this.depth = depth;
  }

  ManifestSnapshot snapshot(RevCommit commit) throws IOException {
    walk.parseHeaders(commit);
    ObjectId id = ManifestSnapshot.idOfPath(reader, commit.getTree(), path);
    ManifestSnapshot cached = snapshots.get(id);
    if (cached == null) {
      cached = ManifestSnapshot.read(reader, commit.getTree(), path);
      snapshots.put(id, cached);
    }
    return cached;
  }

  /**
   * For each key in {@code open} (keys that {@code keysOf} returns for {@code head}), the newest commit whose
   * first parent does not have the key.
   */
  Map<String, Introduction> introductions(RevCommit head, Set<String> open,
      Function<ManifestSnapshot, Set<String>> keysOf) throws IOException {
    Map<String, Introduction> found = new LinkedHashMap<>();
    Set<String> remaining = new LinkedHashSet<>(open);
    RevCommit commit = head;
    for (int step = 0; !remaining.isEmpty(); step++) {
      walk.parseHeaders(commit);
      if (step >= depth) {
        remaining.forEach(k -> found.put(k, new Introduction(null, true)));
        break;
      }
      if (commit.getParentCount() == 0) {
        RevCommit root = commit;
        remaining.forEach(k -> found.put(k, new Introduction(root, false)));
        break;
      }
      RevCommit parent = walk.parseCommit(commit.getParent(0));
      if (!samePath(commit, parent)) {
        Set<String> before = keysOf.apply(snapshot(parent));
        for (var it = remaining.iterator(); it.hasNext(); ) {
          String key = it.next();
          if (!before.contains(key)) {
            found.put(key, new Introduction(commit, false));
            it.remove();
          }
        }
      }
      commit = parent;
    }
    return found;
  }

  /** The newest first-parent ancestor of {@code head} (head excluded) within the depth for which the test holds. */
  RevCommit lastWhere(RevCommit head, java.util.function.Predicate<ManifestSnapshot> test) throws IOException {
    RevCommit commit = head;
    for (int step = 0; step < depth; step++) {
      walk.parseHeaders(commit);
      if (commit.getParentCount() == 0) {
        return null;
      }
      RevCommit parent = walk.parseCommit(commit.getParent(0));
      if (!samePath(commit, parent) && test.test(snapshot(parent))) {
        return parent;
      }
      commit = parent;
    }
    return null;
  }

  private boolean samePath(RevCommit a, RevCommit b) throws IOException {
    return ManifestSnapshot.idOfPath(reader, a.getTree(), path).equals(ManifestSnapshot.idOfPath(reader, b.getTree(), path));
  }

  /** Paths changed by a commit relative to its first parent. */
  List<String> changedPaths(RevCommit commit) throws IOException {
    walk.parseHeaders(commit);
    RevCommit parent = walk.parseCommit(commit.getParent(0));
    try (org.eclipse.jgit.treewalk.TreeWalk tw = new org.eclipse.jgit.treewalk.TreeWalk(reader)) {
      tw.addTree(parent.getTree());
      tw.addTree(commit.getTree());
      tw.setRecursive(true);
      tw.setFilter(org.eclipse.jgit.treewalk.filter.TreeFilter.ANY_DIFF);
      List<String> changed = new java.util.ArrayList<>();
      while (tw.next()) {
        changed.add(tw.getPathString());
      }
      return changed;
    }
  }
}
