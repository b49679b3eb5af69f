package dev.sluice.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/** Waits in tests for what a controller or the cluster does asynchronously. */
public final class Eventually {
  private Eventually() {
  }

  /** Polls until the supplier returns a non-null value; fails with the description after the timeout. */
  public static <T> T await(String description, Duration timeout, Supplier<T> supplier) {
    Instant deadline = Instant.now().plus(timeout);
    RuntimeException last = null;
    while (Instant.now().isBefore(deadline)) {
      try {
        T value = supplier.get();
        if (value != null && !Boolean.FALSE.equals(value)) {
          return value;
        }
      } catch (RuntimeException e) {
        last = e;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for " + description, e);
      }
    }
    AssertionError error = new AssertionError("timed out after " + timeout + " waiting for " + description);
    if (last != null) {
      error.initCause(last);
    }
    throw error;
  }

  public static void until(String description, Duration timeout, Supplier<Boolean> condition) {
    await(description, timeout, () -> condition.get() ? Boolean.TRUE : null);
  }
}
