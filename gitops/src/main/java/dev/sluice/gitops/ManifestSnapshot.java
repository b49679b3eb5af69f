package dev.sluice.gitops;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;

/** The files under the Rollout's path in one commit's tree. */
record ManifestSnapshot(List<ManifestFile> files) {

  /** Files larger than this are not manifests anybody edits by hand; they are ignored. */
  static final int MAX_FILE_BYTES = 4 * 1024 * 1024;

  static ManifestSnapshot read(ObjectReader reader, RevTree tree, String path) throws IOException {
    List<ManifestFile> files = new ArrayList<>();
    try (TreeWalk walk = new TreeWalk(reader)) {
      walk.addTree(tree);
      walk.setRecursive(true);
      if (!path.isEmpty()) {
        walk.setFilter(PathFilter.create(path));
      }
      while (walk.next()) {
        if (walk.getFileMode(0) != FileMode.REGULAR_FILE && walk.getFileMode(0) != FileMode.EXECUTABLE_FILE) {
          continue;
        }
        ObjectId blob = walk.getObjectId(0);
        if (reader.getObjectSize(blob, org.eclipse.jgit.lib.Constants.OBJ_BLOB) > MAX_FILE_BYTES) {
          continue;
        }
        files.add(ManifestFile.read(walk.getPathString(), reader.open(blob).getBytes()));
      }
    }
    return new ManifestSnapshot(List.copyOf(files));
  }

  /** The id of the tree (or blob) at {@code path}, to tell cheaply whether two commits differ under it. */
  static ObjectId idOfPath(ObjectReader reader, RevTree tree, String path) throws IOException {
    if (path.isEmpty()) {
      return tree.getId();
    }
    try (TreeWalk walk = TreeWalk.forPath(reader, path, tree)) {
      return walk == null ? ObjectId.zeroId() : walk.getObjectId(0);
    }
  }

  ManifestFile file(String path) {
    return files.stream().filter(f -> f.path().equals(path)).findFirst().orElse(null);
  }
}
