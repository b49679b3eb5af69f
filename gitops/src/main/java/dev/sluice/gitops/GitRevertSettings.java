package dev.sluice.gitops;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Operator-wide settings of {@link GitReverter}.
 *
 * @param workDir where temporary clones are made (and removed); null means the JVM's temp directory
 * @param maxPushAttempts push attempts before giving up when the branch keeps moving
 * @param initialBackoff wait after the first rejected push; doubles on each further rejection, with jitter
 * @param maxBackoff upper bound of one wait
 * @param transportTimeout timeout of each network operation (connect and read) of clone, fetch and push
 * @param deadline wall-clock limit of one {@link GitReverter#revert} call (lock wait included): it then ends
 *     DeadlineExceeded and its work never starts a push; only a push already in flight is waited for
 * @param historyDepth commits of history searched for the release commits and for an earlier Sluice revert
 */
public record GitRevertSettings(
    Path workDir,
    int maxPushAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration transportTimeout,
    Duration deadline,
    int historyDepth) {

  public static final GitRevertSettings DEFAULTS = new GitRevertSettings(null, 5, Duration.ofMillis(500),
      Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofMinutes(5), 200);

  public GitRevertSettings {
    if (maxPushAttempts < 1) {
      throw new IllegalArgumentException("maxPushAttempts must be at least 1");
    }
    if (historyDepth < 1) {
      throw new IllegalArgumentException("historyDepth must be at least 1");
    }
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(transportTimeout, "transportTimeout");
    Objects.requireNonNull(deadline, "deadline");
    if (transportTimeout.toSeconds() < 1) {
      throw new IllegalArgumentException("transportTimeout must be at least one second");
    }
  }

  public GitRevertSettings withWorkDir(Path workDir) {
    return new GitRevertSettings(workDir, maxPushAttempts, initialBackoff, maxBackoff, transportTimeout, deadline,
        historyDepth);
  }

  public GitRevertSettings withMaxPushAttempts(int maxPushAttempts) {
    return new GitRevertSettings(workDir, maxPushAttempts, initialBackoff, maxBackoff, transportTimeout, deadline,
        historyDepth);
  }

  public GitRevertSettings withBackoff(Duration initialBackoff, Duration maxBackoff) {
    return new GitRevertSettings(workDir, maxPushAttempts, initialBackoff, maxBackoff, transportTimeout, deadline,
        historyDepth);
  }

  public GitRevertSettings withTransportTimeout(Duration transportTimeout) {
    return new GitRevertSettings(workDir, maxPushAttempts, initialBackoff, maxBackoff, transportTimeout, deadline,
        historyDepth);
  }

  public GitRevertSettings withDeadline(Duration deadline) {
    return new GitRevertSettings(workDir, maxPushAttempts, initialBackoff, maxBackoff, transportTimeout, deadline,
        historyDepth);
  }

  public GitRevertSettings withHistoryDepth(int historyDepth) {
    return new GitRevertSettings(workDir, maxPushAttempts, initialBackoff, maxBackoff, transportTimeout, deadline,
        historyDepth);
  }
}
