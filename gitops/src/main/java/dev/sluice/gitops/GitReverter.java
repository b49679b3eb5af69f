package dev.sluice.gitops;

import dev.sluice.gitops.GitRevertOutcome.Reason;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
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
   * Reverts the release described by {@code request}: pushes a revert commit, or explains why not. Blocks for
   * at most about {@link GitRevertSettings#deadline()} plus one network operation.
   */
  public GitRevertOutcome revert(GitRevertRequest request) {
    Objects.requireNonNull(request, "request");
    Redactor redactor = new Redactor(request.credentials(), request.repoURL());
    String invalid = invalid(request);
    if (invalid != null) {
      return GitRevertOutcome.failed(Reason.InvalidRequest, request.targetBranch(), 0, invalid);
    }
    ReentrantLock lock = locks.computeIfAbsent(Redactor.displayURL(request.repoURL()) + " " + request.targetBranch(),
        k -> new ReentrantLock());
    try {
      if (!lock.tryLock(settings.deadline().toMillis(), TimeUnit.MILLISECONDS)) {
        return GitRevertOutcome.failed(Reason.TransportError, request.targetBranch(), 0,
            "another revert on " + request.targetBranch() + " held the branch for longer than the deadline");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return GitRevertOutcome.failed(Reason.InternalError, request.targetBranch(), 0, "interrupted");
    }
    try {
      return new RevertRun(request, settings, redactor, beforePush).run();
    } catch (RuntimeException e) {
      String message = "unexpected error: " + redactor.describe(e);
      LOG.log(Level.ERROR, "{0}: {1}", request.rolloutKey(), message);
      return GitRevertOutcome.failed(Reason.InternalError, request.targetBranch(), 0, message);
    } finally {
      lock.unlock();
    }
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
