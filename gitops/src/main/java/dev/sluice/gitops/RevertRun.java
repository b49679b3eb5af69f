package dev.sluice.gitops;

import dev.sluice.gitops.GitRevertOutcome.Reason;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.util.FileUtils;

/** One {@link GitReverter#revert} call: a temporary clone, then attempts until pushed, skipped or failed. */
final class RevertRun {

  private static final System.Logger LOG = System.getLogger(GitReverter.class.getName());

  /** Thrown to end the run with an outcome from deep inside it. */
  static final class Stop extends Exception {
    final GitRevertOutcome outcome;

    Stop(GitRevertOutcome outcome) {
      super(outcome.message(), null, false, false);
      this.outcome = outcome;
    }
  }

  private final GitRevertRequest request;
  private final GitRevertSettings settings;
  private final Redactor redactor;
  private final GitReverter.BeforePush beforePush;
  private final Instant deadline;
  private int attempts;

  RevertRun(GitRevertRequest request, GitRevertSettings settings, Redactor redactor, GitReverter.BeforePush beforePush) {
    this.request = request;
    this.settings = settings;
    this.redactor = redactor;
    this.beforePush = beforePush;
    this.deadline = Instant.now().plus(settings.deadline());
  }

  GitRevertOutcome run() {
    Path scratch = null;
    try {
      scratch = settings.workDir() == null ? Files.createTempDirectory("sluice-revert-")
          : Files.createTempDirectory(Files.createDirectories(settings.workDir()), "sluice-revert-");
      try (RemoteAccess access = new RemoteAccess(request.credentials(), settings.transportTimeout(), scratch);
          Git git = clone(access, scratch.resolve("repo"))) {
        return attempts(git, access);
      }
    } catch (Stop stop) {
      return stop.outcome;
    } catch (Exception e) {
      return failure(e);
    } finally {
      if (scratch != null) {
        try {
          FileUtils.delete(scratch.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY | FileUtils.SKIP_MISSING);
        } catch (IOException e) {
          LOG.log(Level.WARNING, "could not remove temporary clone {0}: {1}", scratch, redactor.describe(e));
        }
      }
    }
  }

  private Git clone(RemoteAccess access, Path directory) throws Exception {
    Git git = access.configure(Git.cloneRepository()
        .setURI(request.repoURL())
        .setDirectory(directory.toFile())
        .setBranch(Constants.R_HEADS + request.branch())
        .setBranchesToClone(List.of(Constants.R_HEADS + request.branch()))
        .setCloneAllBranches(false)).call();
    if (git.getRepository().exactRef(remoteRef(request.branch())) == null) {
      git.close();
      throw new Stop(GitRevertOutcome.failed(Reason.TransportError, request.targetBranch(), 0,
          "branch " + request.branch() + " not found in " + Redactor.displayURL(request.repoURL())));
    }
    StoredConfig config = git.getRepository().getConfig();
    config.setString("user", null, "name", request.author().name());
    config.setString("user", null, "email", request.author().email());
    // A global config must not make JGit sign (no key here) or convert line endings (every byte must stay).
    config.setBoolean("commit", null, "gpgsign", false);
    config.setString("core", null, "autocrlf", "false");
    config.save();
    return git;
  }

  private GitRevertOutcome attempts(Git git, RemoteAccess access) throws Exception {
    Repository repository = git.getRepository();
    CommitWriter writer = new CommitWriter(git, request.author());
    Pusher pusher = new Pusher(repository, access);
    String lastRejection = null;
    for (int attempt = 1; attempt <= settings.maxPushAttempts(); attempt++) {
      if (attempt > 1 && Instant.now().isAfter(deadline)) {
        return GitRevertOutcome.failed(Reason.RetriesExhausted, request.targetBranch(), attempts,
            "gave up after " + attempts + " rejected pushes: the " + settings.deadline().toSeconds()
                + "s deadline passed (last rejection: " + lastRejection + "); nothing was pushed");
      }
      Optional<Ref> revertBranch = fetch(git, access, attempt > 1);
      try (RevWalk walk = new RevWalk(repository)) {
        RevCommit head = walk.parseCommit(repository.exactRef(remoteRef(request.branch())).getObjectId());
        List<ObjectId> heads = new ArrayList<>(List.of(head));
        revertBranch.ifPresent(ref -> heads.add(ref.getObjectId()));
        Optional<GitRevertOutcome> already = alreadyReverted(repository, heads, revertBranch);
        if (already.isPresent()) {
          return already.get();
        }
        ReleaseHistory history = new ReleaseHistory(walk, request.path(), settings.historyDepth());
        RevertPlanner planner = new RevertPlanner(request, history, settings.historyDepth());
        RevertPlanner.Plan plan = planner.plan(head);
        if (plan instanceof RevertPlanner.Skip skip) {
          return GitRevertOutcome.of(Reason.AlreadyFixed, null, request.targetBranch(), attempts, List.of(),
              skip.message());
        }
        if (plan instanceof RevertPlanner.NotIdentified notIdentified) {
          return GitRevertOutcome.of(Reason.NotIdentified, null, request.targetBranch(), attempts, List.of(),
              "release not identified with certainty, nothing changed: " + notIdentified.message());
        }
        RevertPlanner.Revert revert = (RevertPlanner.Revert) plan;
        Written written = write(writer, planner, head, revert, repository);
        beforePush.run(attempt);
        attempts = attempt;
        ObjectId expectedOld = request.mode() == CommitMode.Direct ? head : ObjectId.zeroId();
        Pusher.Result pushed = pusher.push(written.commit, request.targetBranch(), expectedOld);
        switch (pushed.status()) {
          case Pushed -> {
            String message = written.description + " on " + request.targetBranch() + " of "
                + Redactor.displayURL(request.repoURL()) + " (attempt " + attempt + ")";
            LOG.log(Level.INFO, "{0}: {1}", request.rolloutKey(), message);
            return GitRevertOutcome.of(written.reason, written.commit.name(), request.targetBranch(), attempts,
                revert.releaseCommits().stream().map(RevCommit::name).toList(), message);
          }
          case Moved -> {
            lastRejection = redactor.redact(pushed.detail());
            LOG.log(Level.INFO, "{0}: push {1} rejected, {2} moved: {3}", request.rolloutKey(), attempt,
                request.targetBranch(), lastRejection);
          }
          case Rejected -> {
            return GitRevertOutcome.failed(Reason.PushRejected, request.targetBranch(), attempts,
                "the server rejected the push to " + request.targetBranch() + ": " + redactor.redact(pushed.detail()));
          }
        }
      }
      if (attempt < settings.maxPushAttempts()) {
        sleep(Backoff.after(attempt, settings.initialBackoff(), settings.maxBackoff()));
      }
    }
    return GitRevertOutcome.failed(Reason.RetriesExhausted, request.targetBranch(), attempts,
        "gave up after " + attempts + " pushes rejected because " + request.targetBranch()
            + " kept moving (last: " + lastRejection + "); nothing was pushed");
  }

  private record Written(ObjectId commit, Reason reason, String description) {
  }

  private Written write(CommitWriter writer, RevertPlanner planner, RevCommit head, RevertPlanner.Revert revert,
      Repository repository) throws Exception {
    List<String> releases = revert.releaseCommits().stream()
        .map(c -> c.abbreviate(7).name() + " " + c.getShortMessage()).toList();
    String linesWhy = revert.wholeCommitUnavailable();
    if (revert.wholeCommit() != null) {
      RevCommit release = revert.wholeCommit();
      RevCommit reverted = writer.revertWhole(head, release);
      if (reverted == null) {
        linesWhy = "git revert of " + release.abbreviate(7).name() + " conflicts with later commits";
      } else {
        ManifestSnapshot after;
        try (ObjectReader reader = repository.newObjectReader(); RevWalk walk = new RevWalk(reader)) {
          after = ManifestSnapshot.read(reader, walk.parseCommit(reverted).getTree(), request.path());
        }
        String wrong = planner.verify(after, revert.atHead());
        if (wrong == null) {
          RevCommit commit = writer.finishWhole(CommitMessage.build(request, releases,
              "git revert of " + release.abbreviate(7).name(), release.name()));
          return new Written(commit, Reason.RevertedCommit, "reverted release commit "
              + release.abbreviate(7).name() + " (git revert) as " + commit.abbreviate(7).name());
        }
        writer.resetTo(head);
        linesWhy = "git revert of " + release.abbreviate(7).name() + " " + wrong;
      }
    }
    if (revert.lines() == null) {
      throw new Stop(GitRevertOutcome.of(Reason.NotIdentified, null, request.targetBranch(), attempts, List.of(),
          "release not identified with certainty, nothing changed: " + linesWhy + "; and the lines cannot be "
              + "reverted alone: " + revert.linesUnavailable()));
    }
    String method = "line-level revert (" + linesWhy + "), changed only:\n"
        + String.join("\n", revert.lines().editedLines().stream().map(l -> "    " + l).toList());
    ObjectId commit = writer.writeFiles(head, revert.lines().files(), CommitMessage.build(request, releases, method,
        null));
    return new Written(commit, Reason.RevertedLines, "reverted " + revert.lines().editedLines().size()
        + " line(s) in " + String.join(", ", revert.lines().files().keySet()) + " as " + commit.abbreviate(7).name());
  }

  /** Fetches the branch (after the first attempt) and, in NewBranch mode, finds the revert branch. */
  private Optional<Ref> fetch(Git git, RemoteAccess access, boolean refetch) throws Exception {
    List<String> specs = new ArrayList<>();
    if (refetch) {
      specs.add("+" + Constants.R_HEADS + request.branch() + ":" + remoteRef(request.branch()));
    }
    Optional<Ref> revertBranch = Optional.empty();
    if (request.mode() == CommitMode.NewBranch) {
      Collection<Ref> remote = access.configure(git.lsRemote().setRemote("origin").setHeads(true)).call();
      revertBranch = remote.stream().filter(r -> r.getName().equals(Constants.R_HEADS + request.revertBranch()))
          .findFirst();
      if (revertBranch.isPresent()) {
        specs.add("+" + Constants.R_HEADS + request.revertBranch() + ":" + remoteRef(request.revertBranch()));
      }
    }
    if (!specs.isEmpty()) {
      access.configure(git.fetch().setRemote("origin").setRefSpecs(specs.toArray(String[]::new))).call();
    }
    return revertBranch;
  }

  private Optional<GitRevertOutcome> alreadyReverted(Repository repository, List<ObjectId> heads,
      Optional<Ref> revertBranch) throws IOException, Stop {
    Optional<RevCommit> found = RevertTrailers.find(repository, heads, request.rolloutKey(), request.badRevision(),
        settings.historyDepth());
    if (found.isPresent()) {
      RevCommit commit = found.get();
      boolean onRevertBranch = revertBranch.isPresent() && !isAncestor(repository, commit, heads.get(0));
      String branch = onRevertBranch ? request.revertBranch() : request.branch();
      return Optional.of(GitRevertOutcome.of(Reason.AlreadyReverted, commit.name(), branch, attempts, List.of(),
          "revision " + request.badRevision() + " of " + request.rolloutKey() + " was already reverted by "
              + commit.abbreviate(7).name() + " on " + branch));
    }
    if (revertBranch.isPresent()) {
      throw new Stop(GitRevertOutcome.failed(Reason.PushRejected, request.revertBranch(), attempts,
          "branch " + request.revertBranch() + " already exists but holds no Sluice revert of revision "
              + request.badRevision() + "; delete or rename it to let Sluice create it"));
    }
    return Optional.empty();
  }

  private static boolean isAncestor(Repository repository, ObjectId commit, ObjectId head) throws IOException {
    try (RevWalk walk = new RevWalk(repository)) {
      return walk.isMergedInto(walk.parseCommit(commit), walk.parseCommit(head));
    }
  }

  private void sleep(Duration wait) throws InterruptedException {
    Duration left = Duration.between(Instant.now(), deadline);
    Thread.sleep(Math.max(0, Math.min(wait.toMillis(), left.toMillis())));
  }

  private GitRevertOutcome failure(Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    Reason reason = Failures.classify(e);
    String message = switch (reason) {
      case AuthenticationFailed -> "authentication to " + Redactor.displayURL(request.repoURL()) + " failed: ";
      case TransportError -> "cannot reach " + Redactor.displayURL(request.repoURL()) + ": ";
      case InvalidRequest -> "invalid request: ";
      default -> "unexpected error: ";
    } + redactor.describe(e);
    LOG.log(Level.WARNING, "{0}: {1}", request.rolloutKey(), message);
    return GitRevertOutcome.failed(reason, request.targetBranch(), attempts, message);
  }

  private static String remoteRef(String branch) {
    return Constants.R_REMOTES + "origin/" + branch;
  }
}
