package dev.sluice.gitops;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with jitter, so that competing writers do not retry in lock step. */
final class Backoff {

  private Backoff() {
  }

  /** The wait after the {@code attempt}-th (1-based) rejected push: between half and all of initial * 2^(n-1). */
  static Duration after(int attempt, Duration initial, Duration max) {
    long base = initial.toMillis();
    for (int i = 1; i < attempt && base < max.toMillis(); i++) {
      base *= 2;
    }
    long capped = Math.min(base, max.toMillis());
    long half = capped / 2;
    return Duration.ofMillis(half + (half == 0 ? 0 : ThreadLocalRandom.current().nextLong(half + 1)));
  }
}
