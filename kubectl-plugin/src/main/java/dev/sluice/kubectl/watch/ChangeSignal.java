package dev.sluice.kubectl.watch;

import java.time.Duration;

/**
 * Tells a waiting thread that something it watches changed. Informer threads call {@link #signal()}; the command's
 * thread waits in {@link #await}. Signals that arrive while nobody waits are kept (one is enough: the waiter rereads
 * everything), so a change is never lost and a burst of events costs one redraw.
 */
public final class ChangeSignal {
  private boolean changed;

  public synchronized void signal() {
    changed = true;
    notifyAll();
  }

  /** Waits for a change at most timeout (zero or negative: forever); true if there was one, which is consumed. */
  public synchronized boolean await(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean forever = timeout.isZero() || timeout.isNegative();
    while (!changed) {
      long left = deadline - System.nanoTime();
      if (!forever && left <= 0) {
        return false;
      }
      if (forever) {
        wait();
      } else {
        wait(Math.max(1, left / 1_000_000));
      }
    }
    changed = false;
    return true;
  }
}
