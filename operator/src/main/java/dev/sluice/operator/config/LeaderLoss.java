package dev.sluice.operator.config;

import io.quarkus.runtime.ApplicationLifecycleManager;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * What a replica does when it stops leading. A leader that lost its Lease exits, so its Pod restarts as a standby.
 * A leader that is shutting down (SIGTERM) stops leading inside Quarkus' shutdown hook, where calling System.exit
 * blocks forever (the JVM waits for the hook that is calling it): java-operator-sdk's exitOnStopLeading did exactly
 * that, and the process hung until SIGKILL. So the exit is asked for on a daemon thread, and not at all when the
 * JVM is already shutting down; then the Lease is released instead, so a standby does not wait for it to expire.
 */
final class LeaderLoss implements Runnable {
  private static final Logger LOG = Logger.getLogger(LeaderLoss.class);

  private final String identity;
  private final BooleanSupplier shuttingDown;
  private final Runnable exit;
  private final Runnable release;

  LeaderLoss(String identity, BooleanSupplier shuttingDown, Runnable exit, Runnable release) {
    this.identity = identity;
    this.shuttingDown = shuttingDown;
    this.exit = exit;
    this.release = release;
  }

  /** For the running operator: Quarkus knows whether the JVM is shutting down; exit(1) runs on its own thread. */
  static LeaderLoss of(String identity, Runnable release) {
    return new LeaderLoss(identity, ApplicationLifecycleManager::isVmShuttingDown, () -> {
      Thread exiting = new Thread(() -> System.exit(1), "sluice-leader-lost-exit");
      exiting.setDaemon(true);
      exiting.start();
    }, release);
  }

  @Override
  public void run() {
    if (shuttingDown.getAsBoolean()) {
      LOG.infof("Stopped leading for identity: %s (shutting down)", identity);
      release.run();
      return;
    }
    LOG.infof("Stopped leading for identity: %s (lost the lease). Exiting.", identity);
    exit.run();
  }
}
