package dev.sluice.operator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LeaderLossTest {
  @Test
  void aLeaderThatLostItsLeaseExits() {
    AtomicInteger exits = new AtomicInteger();
    new LeaderLoss("sluice-1", () -> false, exits::incrementAndGet).run();
    assertThat(exits).hasValue(1);
  }

  @Test
  void aLeaderThatIsShuttingDownDoesNotCallExitAgain() {
    AtomicInteger exits = new AtomicInteger();
    new LeaderLoss("sluice-1", () -> true, exits::incrementAndGet).run();
    assertThat(exits).hasValue(0);
  }
}
