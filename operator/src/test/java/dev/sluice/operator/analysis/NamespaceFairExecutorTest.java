package dev.sluice.operator.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One namespace whose jobs never end holds its share of the workers, not all of them. */
class NamespaceFairExecutorTest {
  private final CountDownLatch release = new CountDownLatch(1);
  private final NamespaceFairExecutor executor = new NamespaceFairExecutor(4, 2, 10, Thread::new);

  @AfterEach
  void stop() {
    release.countDown();
    executor.shutdownNow();
  }

  private Runnable hanging(AtomicInteger started) {
    return () -> {
      started.incrementAndGet();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }

  @Test
  void aNamespaceWhoseJobsHangLeavesTheOthersTheirWorkers() throws Exception {
    AtomicInteger hangingStarted = new AtomicInteger();
    for (int i = 0; i < 10; i++) {
      assertThat(executor.submit("team-a", hanging(hangingStarted))).isTrue();
    }
    CountDownLatch otherRan = new CountDownLatch(2);
    assertThat(executor.submit("team-b", otherRan::countDown)).isTrue();
    assertThat(executor.submit("team-c", otherRan::countDown)).isTrue();

    assertThat(otherRan.await(5, TimeUnit.SECONDS)).as("other namespaces' jobs ran").isTrue();
    // team-a's two workers were handed their jobs before team-b's and team-c's ran, but a thread may not have
    // reached its first line yet: wait for both, then check that no third one starts.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (hangingStarted.get() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    Thread.sleep(100);
    assertThat(hangingStarted.get()).as("team-a's jobs running at once").isEqualTo(2);
    assertThat(executor.queued()).isEqualTo(8);
  }

  @Test
  void aFullNamespaceQueueRefusesOnlyThatNamespace() {
    AtomicInteger started = new AtomicInteger();
    for (int i = 0; i < 12; i++) {
      assertThat(executor.submit("team-a", hanging(started))).as("job %d", i).isTrue();
    }
    assertThat(executor.submit("team-a", hanging(started))).isFalse();
    assertThat(executor.submit("team-b", () -> { })).isTrue();
  }

  @Test
  void waitingNamespacesAreServedInTurn() throws Exception {
    NamespaceFairExecutor single = new NamespaceFairExecutor(1, 1, 10, Thread::new);
    try {
      CountDownLatch gate = new CountDownLatch(1);
      StringBuffer order = new StringBuffer();
      single.submit("x", () -> {
        try {
          gate.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      CountDownLatch all = new CountDownLatch(6);
      for (String ns : new String[] {"a", "a", "a", "b", "b", "c"}) {
        single.submit(ns, () -> {
          order.append(ns);
          all.countDown();
        });
      }
      gate.countDown();
      assertThat(all.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(order.toString()).isEqualTo("abcaba");
    } finally {
      single.shutdownNow();
    }
  }
}
