package dev.sluice.gitops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand.ResetType;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/** Creates the revert commit on top of the branch head, in the local clone; never moves a remote ref. */
final class CommitWriter {

  private final Git git;
  private final CommitAuthor author;

  CommitWriter(Git git, CommitAuthor author) {
    this.git = git;
    this.author = author;
  }

  /**
   * {@code git revert <release>} on {@code head} with JGit's RevertCommand, then the message replaced by ours.
   * Returns null, leaving the clone at {@code head}, when the revert conflicts.
   */
  RevCommit revertWhole(RevCommit head, RevCommit release) throws GitAPIException {
    resetTo(head);
    RevCommit reverted = git.revert().include(release).call();
    if (reverted == null) {
      resetTo(head);
    }
    return reverted;
  }

  /** Rewrites the message and identity of the commit {@link #revertWhole} made; its parent stays {@code head}. */
  RevCommit finishWhole(String message) throws GitAPIException {
    PersonIdent ident = ident();
    return git.commit().setAmend(true).setMessage(message).setAuthor(ident).setCommitter(ident).setSign(false)
        .call();
  }

  /** A commit on {@code head} whose tree is head's with some files' content replaced (modes unchanged). */
  ObjectId writeFiles(RevCommit head, Map<String, byte[]> files, String message) throws IOException {
    Repository repository = git.getRepository();
    try (ObjectInserter inserter = repository.newObjectInserter();
        ObjectReader reader = repository.newObjectReader();
        RevWalk walk = new RevWalk(reader)) {
      RevCommit parent = walk.parseCommit(head);
      DirCache index = DirCache.newInCore();
      DirCacheBuilder builder = index.builder();
      builder.addTree(new byte[0], DirCacheEntry.STAGE_0, reader, parent.getTree());
      builder.finish();
      DirCacheEditor editor = index.editor();
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        ObjectId blob = inserter.insert(Constants.OBJ_BLOB, file.getValue());
        editor.add(new DirCacheEditor.PathEdit(file.getKey()) {
          @Override
          public void apply(DirCacheEntry entry) {
            if (entry.getRawMode() == 0) {
              throw new IllegalStateException("line-level revert of a file missing from the head: " + file.getKey());
            }
            entry.setObjectId(blob);
          }
        });
      }
      editor.finish();
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(index.writeTree(inserter));
      commit.setParentId(parent);
      commit.setAuthor(ident());
      commit.setCommitter(ident());
      commit.setEncoding(StandardCharsets.UTF_8);
      commit.setMessage(message);
      ObjectId id = inserter.insert(commit);
      inserter.flush();
      return id;
    }
  }

  void resetTo(RevCommit head) throws GitAPIException {
    git.reset().setMode(ResetType.HARD).setRef(head.name()).call();
  }

  private PersonIdent ident() {
    return new PersonIdent(author.name(), author.email());
  }
}
