package dev.sluice.operator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LeaderLossTest {
  private final AtomicInteger exits = new AtomicInteger();
  private final AtomicInteger releases = new AtomicInteger();

  @Test
  void aLeaderThatLostItsLeaseExitsWithoutTouchingTheLease() {
    new LeaderLoss("sluice-1", () -> false, exits::incrementAndGet, releases::incrementAndGet).run();
    assertThat(exits).hasValue(1);
    assertThat(releases).as("the Lease is someone else's now").hasValue(0);
  }

  @Test
  void aLeaderThatIsShuttingDownReleasesTheLeaseAndDoesNotCallExitAgain() {
    new LeaderLoss("sluice-1", () -> true, exits::incrementAndGet, releases::incrementAndGet).run();
    assertThat(exits).hasValue(0);
    assertThat(releases).hasValue(1);
  }
}
