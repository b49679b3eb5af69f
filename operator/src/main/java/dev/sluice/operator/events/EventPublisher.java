package dev.sluice.operator.events;

import dev.sluice.api.v1alpha1.Rollout;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Instant;
import jakarta.annotation.PreDestroy;
import java.util.Locale;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Records Kubernetes Events on the objects Sluice manages, as `kubectl describe` shows them, and tells the
 * {@link RolloutEventListener}s (notifications) of each one on a Rollout: one place for both.
 *
 * <p>The Events are POSTed by one thread of their own, in the order they were recorded, so a reconcile does not wait
 * for them (a step used to wait for one POST per Event); each is built, timestamp included, when it is recorded.
 * The listeners are still told in the reconcile, in the same order.
 */
@ApplicationScoped
public class EventPublisher {
  private static final Logger LOG = Logger.getLogger(EventPublisher.class);
  private static final String COMPONENT = "sluice-controller";
  /** Events waiting to be POSTed; when full, recording waits for room (order is kept, memory bounded). */
  static final int QUEUE = 2_000;
  private final KubernetesClient client;
  private final ThreadPoolExecutor posts;
  @Inject
  Instance<RolloutEventListener> listeners;

  public EventPublisher(KubernetesClient client) {
    this.client = client;
    this.posts = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(QUEUE), task -> {
      Thread thread = new Thread(task, "sluice-events");
      thread.setDaemon(true);
      return thread;
    }, (task, executor) -> {
      try {
        if (!executor.isShutdown()) {
          executor.getQueue().put(task);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  /** Events recorded before shutdown are still POSTed, for a few seconds at most. */
  @PreDestroy
  void drain() {
    posts.shutdown();
    try {
      if (!posts.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warnf("%d events not recorded at shutdown", posts.getQueue().size());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public void normal(HasMetadata about, String reason, String message) {
    publish(about, "Normal", reason, message);
  }

  public void warning(HasMetadata about, String reason, String message) {
    publish(about, "Warning", reason, message);
  }

  /** An Event is a best-effort record: failing to write one never fails a reconcile. */
  private void publish(HasMetadata about, String type, String reason, String message) {
    String now = Instant.now().toString();
    // Events about cluster-scoped objects live in the default namespace, as kubectl describe expects.
    String namespace = about.getMetadata().getNamespace() == null ? "default" : about.getMetadata().getNamespace();
    var event = new EventBuilder()
        .withNewMetadata()
        .withGenerateName(about.getMetadata().getName() + ".")
        .withNamespace(namespace)
        .endMetadata()
        .withInvolvedObject(new ObjectReferenceBuilder()
            .withApiVersion(about.getApiVersion()).withKind(about.getKind())
            .withName(about.getMetadata().getName()).withNamespace(about.getMetadata().getNamespace())
            .withUid(about.getMetadata().getUid()).withResourceVersion(about.getMetadata().getResourceVersion())
            .build())
        .withType(type).withReason(reason).withMessage(message)
        .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
        .withNewSource().withComponent(COMPONENT).endSource()
        .withReportingComponent(COMPONENT)
        .withReportingInstance(System.getenv().getOrDefault("HOSTNAME", COMPONENT).toLowerCase(Locale.ROOT))
        .build();
    String name = about.getMetadata().getName();
    posts.execute(() -> {
      try {
        client.v1().events().inNamespace(namespace).resource(event).create();
      } catch (KubernetesClientException e) {
        LOG.warnf("could not record event %s on %s: %s", reason, name, e.getMessage());
      } catch (RuntimeException e) {
        LOG.warnf("could not record event %s on %s: %s", reason, name, e.getClass().getName());
      }
    });
    if (about instanceof Rollout rollout && listeners != null) {
      for (RolloutEventListener listener : listeners) {
        try {
          listener.recorded(rollout, reason, message);
        } catch (RuntimeException e) {
          // A listener's bug never fails the reconcile that recorded the Event.
          LOG.warnf("listener of event %s on %s failed: %s", reason, about.getMetadata().getName(), e.getClass().getName());
        }
      }
    }
  }
}
