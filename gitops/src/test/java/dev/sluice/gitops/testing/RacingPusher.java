package dev.sluice.gitops.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;

/**
 * Another writer of the same branch, as a CI job or a colleague would be: clone, commit a new file on top of the
 * remote head, push without force, and on rejection fetch and try again (bounded). Records what it pushed.
 */
public final class RacingPusher implements AutoCloseable {

  private final String name;
  private final Git git;
  private final CredentialsProvider credentials;
  private final List<ObjectId> pushed = new ArrayList<>();
  private int rejections;

  public RacingPusher(String name, String url, CredentialsProvider credentials, Path directory) throws Exception {
    this.name = name;
    this.credentials = credentials;
    this.git = Git.cloneRepository().setURI(url).setDirectory(directory.toFile()).setBare(true)
        .setCredentialsProvider(credentials).setTimeout(30).call();
  }

  /** Pushes one commit adding {@code <name>/<n>.txt}; returns its id, or throws after {@code maxTries} rejections. */
  public ObjectId pushOne(int maxTries) throws Exception {
    Repository repository = git.getRepository();
    for (int attempt = 1; attempt <= maxTries; attempt++) {
      git.fetch().setRemote("origin").setRefSpecs("+refs/heads/main:refs/heads/main")
          .setCredentialsProvider(credentials).setTimeout(30).call();
      ObjectId parent = repository.resolve("refs/heads/main");
      ObjectId commit = commitOn(repository, parent, name + "/" + (pushed.size() + 1) + ".txt");
      try (Transport transport = Transport.open(repository, "origin")) {
        transport.setCredentialsProvider(credentials);
        transport.setTimeout(30);
        RemoteRefUpdate update = new RemoteRefUpdate(repository, (String) null, commit, "refs/heads/main", false,
            null, parent);
        RemoteRefUpdate.Status status = transport.push(NullProgressMonitor.INSTANCE, List.of(update))
            .getRemoteUpdate("refs/heads/main").getStatus();
        if (status == RemoteRefUpdate.Status.OK) {
          synchronized (pushed) {
            pushed.add(commit);
          }
          return commit;
        }
      }
      rejections++;
      Thread.sleep(ThreadLocalRandom.current().nextLong(5, 40));
    }
    throw new IllegalStateException(name + " could not push in " + maxTries + " tries");
  }

  private ObjectId commitOn(Repository repository, ObjectId parent, String file) throws IOException {
    try (ObjectInserter inserter = repository.newObjectInserter();
        ObjectReader reader = repository.newObjectReader();
        RevWalk walk = new RevWalk(reader)) {
      DirCache index = DirCache.newInCore();
      DirCacheBuilder builder = index.builder();
      builder.addTree(new byte[0], DirCacheEntry.STAGE_0, reader, walk.parseCommit(parent).getTree());
      builder.finish();
      ObjectId blob = inserter.insert(Constants.OBJ_BLOB, (file + "\n").getBytes(StandardCharsets.UTF_8));
      DirCacheEditor editor = index.editor();
      editor.add(new DirCacheEditor.PathEdit(file) {
        @Override
        public void apply(DirCacheEntry entry) {
          entry.setFileMode(FileMode.REGULAR_FILE);
          entry.setObjectId(blob);
        }
      });
      editor.finish();
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(index.writeTree(inserter));
      commit.setParentId(parent);
      commit.setAuthor(GitFixture.HUMAN);
      commit.setCommitter(GitFixture.HUMAN);
      commit.setMessage(name + " adds " + file + "\n");
      ObjectId id = inserter.insert(commit);
      inserter.flush();
      return id;
    }
  }

  public List<ObjectId> pushed() {
    synchronized (pushed) {
      return List.copyOf(pushed);
    }
  }

  public int rejections() {
    return rejections;
  }

  @Override
  public void close() {
    git.close();
  }
}
