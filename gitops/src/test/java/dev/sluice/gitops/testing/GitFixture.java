package dev.sluice.gitops.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A bare repository standing for the GitOps remote, with helpers to commit to it as other people would (directly
 * into the bare repository, atomically per branch) and to read what it holds. Reused by the HTTP and SSH test
 * servers, which serve its directory.
 */
public final class GitFixture implements AutoCloseable {

  public static final PersonIdent HUMAN = new PersonIdent("Dev Eloper", "dev@example.com");

  private final Path directory;
  private final Repository repository;

  private GitFixture(Path directory, Repository repository) {
    this.directory = directory;
    this.repository = repository;
  }

  /** A new bare repository at {@code directory} whose HEAD is {@code refs/heads/main}. */
  public static GitFixture create(Path directory) {
    try {
      Repository repository = new FileRepositoryBuilder().setGitDir(directory.toFile()).setBare().build();
      repository.create(true);
      RefUpdate head = repository.getRefDatabase().newUpdate(Constants.HEAD, false);
      head.link("refs/heads/main");
      // Served over smart HTTP by git http-backend, which refuses pushes to repositories without this.
      repository.getConfig().setBoolean("http", null, "receivepack", true);
      repository.getConfig().save();
      return new GitFixture(directory, repository);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path directory() {
    return directory;
  }

  /** A URL JGit clones over its local-file transport. */
  public String fileUrl() {
    return directory.toUri().toString();
  }

  public Repository repository() {
    return repository;
  }

  /** Commits on main; a null content deletes the file. Returns the new commit. */
  public RevCommit commit(String message, Map<String, String> files) {
    return commit("main", message, files);
  }

  public RevCommit commit(String branch, String message, Map<String, String> files) {
    Map<String, byte[]> bytes = new LinkedHashMap<>();
    files.forEach((k, v) -> bytes.put(k, v == null ? null : v.getBytes(StandardCharsets.UTF_8)));
    return commitBytes(branch, message, bytes);
  }

  public synchronized RevCommit commitBytes(String branch, String message, Map<String, byte[]> files) {
    try (ObjectInserter inserter = repository.newObjectInserter();
        ObjectReader reader = repository.newObjectReader();
        RevWalk walk = new RevWalk(reader)) {
      ObjectId parentId = repository.resolve("refs/heads/" + branch);
      DirCache index = DirCache.newInCore();
      DirCacheBuilder builder = index.builder();
      if (parentId != null) {
        builder.addTree(new byte[0], DirCacheEntry.STAGE_0, reader, walk.parseCommit(parentId).getTree());
      }
      builder.finish();
      DirCacheEditor editor = index.editor();
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        if (file.getValue() == null) {
          editor.add(new DirCacheEditor.DeletePath(file.getKey()));
          continue;
        }
        ObjectId blob = inserter.insert(Constants.OBJ_BLOB, file.getValue());
        editor.add(new DirCacheEditor.PathEdit(file.getKey()) {
          @Override
          public void apply(DirCacheEntry entry) {
            entry.setFileMode(FileMode.REGULAR_FILE);
            entry.setObjectId(blob);
          }
        });
      }
      editor.finish();
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(index.writeTree(inserter));
      if (parentId != null) {
        commit.setParentId(parentId);
      }
      PersonIdent now = new PersonIdent(HUMAN, new java.util.Date());
      commit.setAuthor(now);
      commit.setCommitter(now);
      commit.setMessage(message);
      ObjectId id = inserter.insert(commit);
      inserter.flush();
      RefUpdate update = repository.updateRef("refs/heads/" + branch);
      update.setNewObjectId(id);
      update.setExpectedOldObjectId(parentId == null ? ObjectId.zeroId() : parentId);
      RefUpdate.Result result = update.update(walk);
      if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FAST_FORWARD) {
        throw new IllegalStateException("could not move " + branch + ": " + result);
      }
      return walk.parseCommit(id);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public ObjectId head() {
    return head("main");
  }

  public ObjectId head(String branch) {
    try {
      Ref ref = repository.exactRef("refs/heads/" + branch);
      return ref == null ? null : ref.getObjectId();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String read(String path) {
    return read("main", path);
  }

  public String read(String branch, String path) {
    byte[] bytes = readBytes(branch, path);
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  public byte[] readBytes(String branch, String path) {
    try (RevWalk walk = new RevWalk(repository)) {
      RevCommit commit = walk.parseCommit(repository.resolve("refs/heads/" + branch));
      try (TreeWalk tree = TreeWalk.forPath(repository, path, commit.getTree())) {
        return tree == null ? null : repository.open(tree.getObjectId(0)).getBytes();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** All commits reachable from the branch, newest first. */
  public List<RevCommit> log(String branch) {
    try (RevWalk walk = new RevWalk(repository)) {
      walk.markStart(walk.parseCommit(repository.resolve("refs/heads/" + branch)));
      List<RevCommit> commits = new ArrayList<>();
      for (RevCommit commit : walk) {
        walk.parseBody(commit);
        commits.add(commit);
      }
      return commits;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public List<RevCommit> log() {
    return log("main");
  }

  public RevCommit parse(ObjectId id) {
    try (RevWalk walk = new RevWalk(repository)) {
      RevCommit commit = walk.parseCommit(id);
      walk.parseBody(commit);
      return commit;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    repository.close();
  }
}
