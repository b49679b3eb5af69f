package dev.sluice.kubectl.watch;

import java.time.Duration;

/** The end of a bounded wait (--timeout), or none when the duration is zero. */
public final class Deadline {
  private final long end;
  private final boolean unbounded;

  private Deadline(long end, boolean unbounded) {
    this.end = end;
    this.unbounded = unbounded;
  }

  public static Deadline after(Duration timeout) {
    return new Deadline(System.nanoTime() + timeout.toNanos(), timeout.isZero() || timeout.isNegative());
  }

  public boolean passed() {
    return !unbounded && System.nanoTime() - end >= 0;
  }

  /** Time left, at least a millisecond, or ZERO (meaning forever) when unbounded. */
  public Duration remaining() {
    if (unbounded) {
      return Duration.ZERO;
    }
    return Duration.ofNanos(Math.max(1_000_000, end - System.nanoTime()));
  }
}
