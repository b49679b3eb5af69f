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
  private volatile int attempts;
  /** What the run does now, for the deadline's message. */
  private volatile String stage = "waiting to start";
  /** Revert commits this run tried to push: one found in Git later is this run's push, whatever its answer said. */
  private final java.util.Map<ObjectId, Reason> written = new java.util.LinkedHashMap<>();
  /** The revert commit the branch was found to hold after a push without answer. */
  private ObjectId landedCommit;
  /** A push whose answer was lost: before ending Failed, Git is read again. */
  private boolean ambiguousPush;
  /** Guards the hand-over between this run and the deadline: once abandoned, no push starts. */
  private final Object gate = new Object();
  private boolean abandoned;
  private boolean pushing;

  RevertRun(GitRevertRequest request, GitRevertSettings settings, Redactor redactor, GitReverter.BeforePush beforePush,
      Instant deadline) {
    this.request = request;
    this.settings = settings;
    this.redactor = redactor;
    this.beforePush = beforePush;
    this.deadline = deadline;
  }

  int attempts() {
    return attempts;
  }

  String stage() {
    return stage;
  }

  /**
   * The deadline passed: true when the run is stopped here (it will start no push); false when a push is in
   * flight, whose result the caller must wait for.
   */
  boolean abandon() {
    synchronized (gate) {
      if (pushing) {
        return false;
      }
      abandoned = true;
      return true;
    }
  }

  /** Ends the run if it was abandoned: work bounded by nothing else stops at the next checkpoint. */
  private void checkpoint(String next) throws Stop {
    synchronized (gate) {
      if (abandoned || Thread.currentThread().isInterrupted()) {
        throw new Stop(GitRevertOutcome.failed(Reason.DeadlineExceeded, request.targetBranch(), attempts,
            "stopped at the deadline while " + stage + "; nothing was pushed"));
      }
    }
    stage = next;
  }

  /** Runs the revert; a full or unwritable work directory is retried a few times within the deadline. */
  GitRevertOutcome run() {
    GitRevertOutcome outcome = null;
    for (int attempt = 1; attempt <= LOCAL_ATTEMPTS; attempt++) {
      outcome = runOnce();
      if (outcome.reason() != Reason.LocalStorageError || attempt == LOCAL_ATTEMPTS
          || !Instant.now().plus(LOCAL_RETRY_WAIT).isBefore(deadline)) {
        break;
      }
      LOG.log(Level.WARNING, "{0}: {1}; trying again", request.rolloutKey(), outcome.message());
      try {
        Thread.sleep(LOCAL_RETRY_WAIT.toMillis() * attempt);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (outcome.reason() == Reason.LocalStorageError) {
      return GitRevertOutcome.failed(Reason.LocalStorageError, outcome.branch(), outcome.attempts(),
          outcome.message() + " (tried " + LOCAL_ATTEMPTS + " times; nothing was pushed)");
    }
    return outcome;
  }

  private static final String LOST = "the push got no answer";
  static final int LOCAL_ATTEMPTS = 3;
  static final Duration LOCAL_RETRY_WAIT = Duration.ofSeconds(2);

  private GitRevertOutcome runOnce() {
    Path scratch = null;
    try {
      checkpoint("creating the work directory");
      try {
        scratch = settings.workDir() == null ? Files.createTempDirectory("sluice-revert-")
            : Files.createTempDirectory(Files.createDirectories(settings.workDir()), "sluice-revert-");
      } catch (IOException e) {
        return localFailure(e);
      }
      checkpoint("cloning " + request.branch());
      try (RemoteAccess access = new RemoteAccess(request.credentials(), settings.transportTimeout(), scratch);
          Git git = clone(access, scratch.resolve("repo"))) {
        return verifiedBeforeFailing(attempts(git, access), git, access);
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
      checkpoint("fetching " + request.branch() + " (attempt " + attempt + ")");
      Optional<Ref> revertBranch = fetch(git, access, attempt > 1);
      checkpoint("finding the release under " + request.path() + " (attempt " + attempt + ")");
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
        ObjectId expectedOld = request.mode() == CommitMode.Direct ? head : ObjectId.zeroId();
        Pusher.Result pushed = push(git, access, pusher, written, expectedOld, attempt);
        switch (pushed.status()) {
          case Pushed -> {
            if (landedCommit != null && !landedCommit.equals(written.commit)) {
              // An earlier attempt's push, whose answer was lost, is what the branch holds.
              String message = "revert commit " + landedCommit.name() + " of an earlier attempt is on "
                  + request.targetBranch() + "; " + redactor.redact(pushed.detail());
              return GitRevertOutcome.of(this.written.get(landedCommit), landedCommit.name(), request.targetBranch(),
                  attempts, List.of(), message);
            }
            String message = written.description + " on " + request.targetBranch() + " of "
                + Redactor.displayURL(request.repoURL()) + " (attempt " + attempt + ")"
                + (pushed.detail().startsWith(LOST) ? "; " + redactor.redact(pushed.detail()) : "");
            LOG.log(Level.INFO, "{0}: {1}", request.rolloutKey(), message);
            return GitRevertOutcome.of(written.reason, written.commit.name(), request.targetBranch(), attempts,
                revert.releaseCommits().stream().map(RevCommit::name).toList(), message);
          }
          case Moved, Unknown -> {
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
    if (found.isPresent() && written.containsKey(found.get().getId())) {
      RevCommit commit = found.get();
      String message = "revert commit " + commit.abbreviate(7).name() + " is on " + request.targetBranch() + " of "
          + Redactor.displayURL(request.repoURL()) + ": the answer to its push was lost, Git was read again";
      LOG.log(Level.INFO, "{0}: {1}", request.rolloutKey(), message);
      return Optional.of(GitRevertOutcome.of(written.get(commit.getId()), commit.name(), request.targetBranch(), attempts,
          List.of(), message));
    }
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

  /**
   * Pushes behind the deadline's gate. A push whose answer is lost (a timeout, a reset connection) may still have
   * landed: Git is read again and the result is what the branch holds, never the exception's guess.
   */
  private Pusher.Result push(Git git, RemoteAccess access, Pusher pusher, Written commit, ObjectId expectedOld,
      int attempt) throws Exception {
    synchronized (gate) {
      if (abandoned) {
        throw new Stop(GitRevertOutcome.failed(Reason.DeadlineExceeded, request.targetBranch(), attempts,
            "stopped at the deadline before pushing; nothing was pushed"));
      }
      pushing = true;
    }
    try {
      stage = "pushing to " + request.targetBranch() + " (attempt " + attempt + ")";
      attempts = attempt;
      written.put(commit.commit().copy(), commit.reason());
      long started = System.nanoTime();
      try {
        return pusher.push(commit.commit(), request.targetBranch(), expectedOld);
      } catch (IOException e) {
        ambiguousPush = true;
        String lost = LOST + " (" + PushTimeouts.describe(redactor.describe(e), settings.transportTimeout(),
            Duration.ofNanos(System.nanoTime() - started)) + ")";
        stage = "reading " + request.targetBranch() + " after a push without answer";
        return awaitLanding(git, access, commit.commit(), expectedOld, lost);
      }
    } finally {
      synchronized (gate) {
        pushing = false;
      }
    }
  }

  /**
   * After a push without answer: the push can only still land while the branch is where it expected it, so Git is
   * read until the branch holds the commit (Pushed), moves elsewhere (the push cannot land any more: try again), or
   * the deadline passes (Failed, naming the commit that may still land).
   */
  private Pusher.Result awaitLanding(Git git, RemoteAccess access, ObjectId commit, ObjectId expectedOld, String lost)
      throws Exception {
    String readError = null;
    while (true) {
      try {
        ObjectId tip = remoteTip(git, access).orElse(ObjectId.zeroId());
        if (!tip.equals(expectedOld)) {
          Optional<ObjectId> ours = ours(git, access, tip);
          ours.ifPresent(c -> landedCommit = c);
          return ours.isPresent()
              ? new Pusher.Result(Pusher.Status.Pushed, lost + " but " + request.targetBranch() + " holds the revert commit")
              : new Pusher.Result(Pusher.Status.Unknown, lost + " and " + request.targetBranch() + " moved on without it");
        }
        readError = null;
      } catch (Exception e) {
        readError = redactor.describe(e);
      }
      Duration left = Duration.between(Instant.now(), deadline);
      if (left.isNegative() || left.isZero()) {
        throw new Stop(GitRevertOutcome.failed(Reason.TransportError, request.targetBranch(), attempts, lost + "; "
            + (readError == null ? request.targetBranch() + " still did not hold it at the deadline"
                : request.targetBranch() + " could not be read (" + readError + ")")
            + ": the server may still apply revert commit " + commit.name() + ", check the branch before reverting by hand"));
      }
      Thread.sleep(Math.min(left.toMillis(), LANDING_POLL.toMillis()));
    }
  }

  static final Duration LANDING_POLL = Duration.ofSeconds(1);

  /** The remote target branch's commit, read with ls-remote; empty when the branch does not exist. */
  private Optional<ObjectId> remoteTip(Git git, RemoteAccess access) throws Exception {
    String ref = Constants.R_HEADS + request.targetBranch();
    Collection<Ref> remote = access.configure(git.lsRemote().setRemote("origin").setHeads(true)).call();
    return remote.stream().filter(r -> r.getName().equals(ref)).findFirst().map(Ref::getObjectId);
  }

  /** Which of this run's revert commits the remote commit {@code tip} holds (fetching it when needed). */
  private Optional<ObjectId> ours(Git git, RemoteAccess access, ObjectId tip) throws Exception {
    if (tip.equals(ObjectId.zeroId())) {
      return Optional.empty();
    }
    if (written.containsKey(tip)) {
      return Optional.of(tip);
    }
    String ref = Constants.R_HEADS + request.targetBranch();
    access.configure(git.fetch().setRemote("origin").setRefSpecs("+" + ref + ":" + remoteRef(request.targetBranch()))).call();
    Repository repository = git.getRepository();
    for (ObjectId commit : written.keySet()) {
      if (repository.getObjectDatabase().has(commit) && isAncestor(repository, commit, tip)) {
        return Optional.of(commit);
      }
    }
    return Optional.empty();
  }

  private Optional<ObjectId> landed(Git git, RemoteAccess access) throws Exception {
    Optional<ObjectId> tip = remoteTip(git, access);
    return tip.isEmpty() ? Optional.empty() : ours(git, access, tip.get());
  }

  /** A Failed outcome after a push without answer is checked against Git once more: it may have landed since. */
  private GitRevertOutcome verifiedBeforeFailing(GitRevertOutcome outcome, Git git, RemoteAccess access) {
    if (outcome.phase() != GitRevertOutcome.Phase.Failed || !ambiguousPush) {
      return outcome;
    }
    try {
      Optional<ObjectId> landed = landed(git, access);
      if (landed.isPresent()) {
        return GitRevertOutcome.of(written.get(landed.get()), landed.get().name(), request.targetBranch(), attempts,
            List.of(), "revert commit " + landed.get().abbreviate(7).name() + " is on " + request.targetBranch()
                + " although its push got no answer (" + outcome.message() + ")");
      }
      return outcome;
    } catch (Exception e) {
      return GitRevertOutcome.failed(outcome.reason(), outcome.branch(), outcome.attempts(), outcome.message()
          + "; Git could not be read afterwards (" + redactor.describe(e) + "): " + request.targetBranch()
          + " may hold revert commit " + List.copyOf(written.keySet()).get(written.size() - 1).name()
          + ", check before reverting by hand");
    }
  }

  private GitRevertOutcome localFailure(Throwable e) {
    String dir = settings.workDir() == null ? "the JVM's temporary directory" : settings.workDir().toString();
    String message = "the work directory " + dir + " could not be written: " + redactor.describe(e);
    LOG.log(Level.WARNING, "{0}: {1}", request.rolloutKey(), message);
    return GitRevertOutcome.failed(Reason.LocalStorageError, request.targetBranch(), attempts, message);
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
    if (reason == Reason.LocalStorageError) {
      return localFailure(e);
    }
    String message = switch (reason) {
      case AuthenticationFailed -> "authentication to " + Redactor.displayURL(request.repoURL()) + " failed: ";
      case TransportError -> "cannot reach " + Redactor.displayURL(request.repoURL()) + ": ";
      case InvalidRequest -> "invalid request: ";
      default -> "unexpected error: ";
    } + PushTimeouts.describe(redactor.describe(e), settings.transportTimeout(), null);
    LOG.log(Level.WARNING, "{0}: {1}", request.rolloutKey(), message);
    return GitRevertOutcome.failed(reason, request.targetBranch(), attempts, message);
  }

  private static String remoteRef(String branch) {
    return Constants.R_REMOTES + "origin/" + branch;
  }
}
