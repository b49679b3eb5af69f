package dev.sluice.operator.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.operator.events.EventPublisher;
import dev.sluice.operator.metrics.SluiceMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What the reconcile pays for a notification: {@link Notifications#recorded} runs where the Event is recorded, inside
 * the reconcile, and must return at once even when the API server (configuration, outbox) is slow and the queue
 * fills: preparing and delivering happen on their own threads.
 */
class RecordedReturnsAtOnceTest {
  @Test
  void theReconcileOnlyQueuesWhileTheApiServerHangs() {
    AtomicInteger calls = new AtomicInteger();
    KubernetesClient hanging = (KubernetesClient) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {KubernetesClient.class}, (proxy, method, args) -> {
          if (method.getName().equals("close")) {
            return null;
          }
          calls.incrementAndGet();
          Thread.sleep(Duration.ofSeconds(30).toMillis());
          return null;
        });
    var registry = new SimpleMeterRegistry();
    var notifications = new Notifications(hanging, new EventPublisher(hanging), new SluiceMetrics(registry), settings(5));
    try {
      var rollout = Samples.revertedRollout();
      long start = System.nanoTime();
      for (int i = 0; i < 50; i++) {
        notifications.recorded(rollout, "RolloutAborted", "aborted " + i);
      }
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(took).as("50 Events recorded while the API server hangs").isLessThan(Duration.ofSeconds(2));
      assertThat(calls.get()).as("the first prepare is stuck on the API server, off the caller's thread").isLessThanOrEqualTo(1);
      assertThat(registry.find("sluice.notifications").tag("result", "dropped").counter().count())
          .as("beyond the queue's 5, dropped and counted").isEqualTo(45.0);
    } finally {
      notifications.stop();
    }
  }

  private static NotificationSettings settings(int capacity) {
    return new NotificationSettings() {
      public boolean enabled() {
        return true;
      }

      public Optional<String> namespace() {
        return Optional.of("sluice-system");
      }

      public String configMap() {
        return "sluice-notifications-cm";
      }

      public String secret() {
        return "sluice-notifications-secret";
      }

      public String sentRecord() {
        return "sluice-notifications-sent";
      }

      public int queueCapacity() {
        return capacity;
      }

      public Duration pendingMaxAge() {
        return Duration.ofHours(1);
      }

      public int concurrency() {
        return 2;
      }
    };
  }
}
