package dev.sluice.analysis.provider;

import java.time.Duration;

/** The bound every provider puts on one measurement's wait. */
public final class Timeouts {
  /**
   * The longest a measurement may wait, whatever the spec says: a measurement holds one of the analysis workers for as
   * long as it waits, so an unanswered request must give its worker back. The CRD refuses longer timeouts; this also
   * covers objects stored before that rule.
   */
  public static final Duration MAX = Duration.ofSeconds(60);

  private Timeouts() {
  }

  /** {@code requested} (or {@code fallback} when null), at most {@link #MAX}; throws when not positive. */
  public static Duration bounded(Duration requested, Duration fallback) {
    Duration timeout = requested == null ? fallback : requested;
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
    return timeout.compareTo(MAX) > 0 ? MAX : timeout;
  }
}
