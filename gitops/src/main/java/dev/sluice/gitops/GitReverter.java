package dev.sluice.gitops;

import dev.sluice.gitops.GitRevertOutcome.Reason;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * Reverts in Git the release of a Rollout whose canary failed its analysis. Thread-safe; calls for the same
 * repository and branch are serialised within this instance (calls from other processes are handled by the
 * push compare-and-swap). Never throws for failures: they are outcomes. See README.md for the algorithm.
 */
public final class GitReverter {

  private static final System.Logger LOG = System.getLogger(GitReverter.class.getName());
  /** ssh://... or scp-like user@host:path. */
  private static final Pattern SSH_URL = Pattern.compile("^(ssh://.+|[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:(?!//).+)$");

  /** Test seam: runs just before each push attempt. */
  @FunctionalInterface
  interface BeforePush {
    void run(int attempt) throws Exception;
  }

  private final GitRevertSettings settings;
  private final BeforePush beforePush;
  private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

  public GitReverter() {
    this(GitRevertSettings.DEFAULTS);
  }

  public GitReverter(GitRevertSettings settings) {
    this(settings, attempt -> { });
  }

  GitReverter(GitRevertSettings settings, BeforePush beforePush) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.beforePush = Objects.requireNonNull(beforePush, "beforePush");
  }

  public GitRevertSettings settings() {
    return settings;
  }

  /**
   * Reverts the release described by {@code request}: pushes a revert commit, or explains why not. Returns within
   * {@link GitRevertSettings#deadline()} (waiting for the branch's lock included), ending {@link Reason#DeadlineExceeded}
   * when the work did not finish by then; the abandoned work never pushes afterwards. Only a push already in flight
   * at the deadline is waited for (it is bounded by the transport timeout), so that its result is not lost.
   */
  public GitRevertOutcome revert(GitRevertRequest request) {
    Objects.requireNonNull(request, "request");
    Instant end = Instant.now().plus(settings.deadline());
    Redactor redactor = new Redactor(request.credentials(), request.repoURL());
    String invalid = invalid(request);
    if (invalid != null) {
      return GitRevertOutcome.failed(Reason.InvalidRequest, request.targetBranch(), 0, invalid);
    }
    ReentrantLock lock = locks.computeIfAbsent(Redactor.displayURL(request.repoURL()) + " " + request.targetBranch(),
        k -> new ReentrantLock());
    try {
      if (!lock.tryLock(left(end).toMillis(), TimeUnit.MILLISECONDS)) {
        return GitRevertOutcome.failed(Reason.DeadlineExceeded, request.targetBranch(), 0,
            "another revert on " + request.targetBranch() + " held the branch for the whole "
                + Durations.show(settings.deadline()) + " deadline; nothing was pushed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return GitRevertOutcome.failed(Reason.InternalError, request.targetBranch(), 0, "interrupted");
    }
    try {
      RevertRun run = new RevertRun(request, settings, redactor, beforePush, end);
      return watch(run, request, redactor, end);
    } finally {
      lock.unlock();
    }
  }

  /** Runs {@code run} on its own thread and waits for it until {@code end}; see {@link #revert}. */
  private GitRevertOutcome watch(RevertRun run, GitRevertRequest request, Redactor redactor, Instant end) {
    FutureTask<GitRevertOutcome> task = new FutureTask<>(() -> {
      try {
        return run.run();
      } catch (RuntimeException | Error e) {
        String message = "unexpected error: " + redactor.describe(e);
        LOG.log(Level.ERROR, "{0}: {1}", request.rolloutKey(), message);
        return GitRevertOutcome.failed(Reason.InternalError, request.targetBranch(), 0, message);
      }
    });
    Thread worker = new Thread(task, "sluice-git-revert-run");
    worker.setDaemon(true);
    worker.start();
    try {
      try {
        return task.get(left(end).toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException timedOut) {
        if (run.abandon()) {
          worker.interrupt();
          String message = "the revert did not finish within its " + Durations.show(settings.deadline())
              + " deadline (" + run.stage() + "); it was stopped and nothing was pushed";
          LOG.log(Level.WARNING, "{0}: {1}", request.rolloutKey(), message);
          return GitRevertOutcome.failed(Reason.DeadlineExceeded, request.targetBranch(), run.attempts(), message);
        }
        // A push is in flight: its answer (or its verification) decides; both are bounded by the transport timeout.
        return task.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      run.abandon();
      worker.interrupt();
      return GitRevertOutcome.failed(Reason.InternalError, request.targetBranch(), 0, "interrupted");
    } catch (ExecutionException e) {
      return GitRevertOutcome.failed(Reason.InternalError, request.targetBranch(), 0,
          "unexpected error: " + redactor.describe(e.getCause()));
    }
  }

  private static Duration left(Instant end) {
    Duration left = Duration.between(Instant.now(), end);
    return left.isNegative() ? Duration.ZERO : left;
  }

  private static String invalid(GitRevertRequest request) {
    boolean ssh = SSH_URL.matcher(request.repoURL()).matches();
    if (ssh && !(request.credentials() instanceof GitCredentials.Ssh)) {
      return "SSH repository URL " + Redactor.displayURL(request.repoURL())
          + " needs SSH credentials (private key and known_hosts)";
    }
    if (!ssh && request.credentials() instanceof GitCredentials.Ssh) {
      return "SSH credentials given for a non-SSH repository URL " + Redactor.displayURL(request.repoURL());
    }
    return null;
  }
}
