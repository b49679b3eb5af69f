package dev.sluice.operator.notifications;

import dev.sluice.api.v1alpha1.AnalysisRun;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutLabels;
import dev.sluice.operator.events.EventPublisher;
import dev.sluice.operator.events.RolloutEventListener;
import dev.sluice.operator.metrics.SluiceMetrics;
import dev.sluice.operator.notifications.NotificationsConfig.ServiceConfig;
import dev.sluice.operator.notifications.Subscriptions.Destination;
import dev.sluice.operator.notifications.services.DeliveryFailure;
import dev.sluice.operator.notifications.services.Notification;
import dev.sluice.operator.notifications.services.NotificationService;
import dev.sluice.operator.notifications.services.Services;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Sends the notifications an Event on a Rollout fires, off the reconcile thread: {@link #recorded} only queues (a
 * bounded queue; beyond it a notification is dropped and counted). A worker reads the ConfigMap and Secret, the
 * Rollout as stored now, its subscriptions, renders each template and delivers it with bounded retries. Each
 * delivery is recorded in the sent-record ConfigMap under the event's identity and checked before sending, so an
 * Event recorded again (by this controller after a restart, or by a new leader) sends nothing twice. A final failure
 * is counted and recorded as a Warning Event on the Rollout; no log line, Event or metric carries a service's
 * settings (its tokens and webhook URLs).
 */
@ApplicationScoped
public class Notifications implements RolloutEventListener {
  private static final Logger LOG = Logger.getLogger(Notifications.class);
  public static final String FAILED = "NotificationFailed";

  private final KubernetesClient client;
  private final EventPublisher events;
  private final SluiceMetrics metrics;
  private final NotificationSettings settings;
  private final String namespace;
  private final TemplateRenderer renderer = new TemplateRenderer();
  private final ScheduledThreadPoolExecutor executor;
  private final AtomicInteger queued = new AtomicInteger();
  private final SentStore sent;
  private final Clock clock = Clock.systemUTC();

  public Notifications(KubernetesClient client, EventPublisher events, SluiceMetrics metrics, NotificationSettings settings) {
    this.client = client;
    this.events = events;
    this.metrics = metrics;
    this.settings = settings;
    this.namespace = settings.namespace().or(() -> java.util.Optional.ofNullable(System.getenv("POD_NAMESPACE")))
        .orElseGet(() -> Objects.requireNonNullElse(client.getNamespace(), "default"));
    this.sent = new SentStore(client, namespace, settings.sentRecord());
    this.executor = new ScheduledThreadPoolExecutor(Math.max(1, settings.concurrency()), r -> {
      Thread thread = new Thread(r, "sluice-notifications");
      thread.setDaemon(true);
      return thread;
    });
    executor.setRemoveOnCancelPolicy(true);
  }

  @PreDestroy
  void stop() {
    executor.shutdownNow();
  }

  /** Called where the Event is recorded: queues the notifications it fires and returns at once. */
  @Override
  public void recorded(Rollout rollout, String reason, String message) {
    if (!settings.enabled()) {
      return;
    }
    Triggers.ofReason(reason).ifPresent(trigger -> {
      NotificationEvent event = NotificationEvent.of(rollout, trigger, reason, message);
      submit(() -> prepare(rollout.getMetadata().getNamespace(), rollout.getMetadata().getName(),
          rollout.getMetadata().getUid(), event), Duration.ZERO, "unknown");
    });
  }

  private void submit(Runnable task, Duration delay, String serviceType) {
    if (queued.incrementAndGet() > Math.max(1, settings.queueCapacity())) {
      queued.decrementAndGet();
      metrics.notification(serviceType, "dropped");
      LOG.warn("notification dropped: the queue is full");
      return;
    }
    try {
      executor.schedule(() -> {
        try {
          task.run();
        } catch (RuntimeException e) {
          LOG.errorf("notification ended unexpectedly: %s", e.getClass().getName());
        } finally {
          queued.decrementAndGet();
        }
      }, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      queued.decrementAndGet();
    }
  }

  /** Reads what to send to whom, then queues one delivery per destination and template not sent before. */
  private void prepare(String rolloutNamespace, String name, String uid, NotificationEvent event) {
    Rollout rollout;
    NotificationsConfig config;
    try {
      rollout = client.resources(Rollout.class).inNamespace(rolloutNamespace).withName(name).get();
      if (rollout == null || !Objects.equals(uid, rollout.getMetadata().getUid())) {
        return;
      }
      config = config();
    } catch (KubernetesClientException e) {
      LOG.warnf("notification %s for %s/%s not sent: HTTP %d reading its configuration", event.trigger(), rolloutNamespace,
          name, e.getCode());
      metrics.notification("unknown", "failed");
      return;
    }
    if (config == null) {
      return;
    }
    List<Destination> destinations = Subscriptions.of(event.trigger(), rollout.getMetadata().getAnnotations(),
        rollout.getMetadata().getLabels(), config);
    if (destinations.isEmpty()) {
      return;
    }
    List<AnalysisRun> runs = analysisRuns(rollout);
    Map<String, String> summary = new LinkedHashMap<>();
    summary.put("trigger", event.trigger());
    summary.put("reason", event.reason());
    summary.put("namespace", rolloutNamespace);
    summary.put("rollout", name);
    for (Destination destination : destinations) {
      ServiceConfig service = config.services().get(destination.service());
      List<String> templates = config.triggers().get(event.trigger());
      if (service == null || templates == null) {
        fail(rollout, event, destination, service == null ? "unknown" : service.type(), service == null
            ? "service " + destination.service() + " is not configured in " + settings.configMap()
            : "trigger " + event.trigger() + " is not configured in " + settings.configMap());
        continue;
      }
      for (String template : templates) {
        String key = SentRecord.key(event.identity(), destination.key(), template);
        if (sent.contains(key)) {
          metrics.notification(service.type(), "skipped");
          continue;
        }
        Map<String, Object> definition = config.templates().get(template);
        if (definition == null) {
          fail(rollout, event, destination, service.type(), "template " + template + " is not configured in " + settings.configMap());
          continue;
        }
        Map<String, Object> data = NotificationData.of(rollout, runs, event, config.context());
        data.put("recipient", destination.recipient());
        data.put("serviceType", service.type());
        Map<String, Object> rendered;
        NotificationService delivery;
        try {
          rendered = renderer.render(template, definition, data);
          delivery = Services.of(service, summary);
        } catch (TemplateRenderer.Unrenderable | DeliveryFailure e) {
          fail(rollout, event, destination, service.type(), e.getMessage());
          continue;
        }
        Notification notification = new Notification(rendered, destination.recipient(), destination.service());
        attempt(new Delivery(rollout, event, destination, service.type(), key, delivery, notification,
            RetryPolicy.of(service.settings())), 0);
      }
    }
  }

  private record Delivery(Rollout rollout, NotificationEvent event, Destination destination, String type, String key,
      NotificationService service, Notification notification, RetryPolicy retries) {
  }

  private void attempt(Delivery d, int retry) {
    try {
      d.service().send(d.notification());
    } catch (DeliveryFailure e) {
      if (e.retryable() && retry < d.retries().retryMax()) {
        Duration wait = d.retries().waitBefore(retry + 1, e.retryAfter());
        LOG.debugf("notification %s to %s failed (%s); retry %d in %s", d.event().trigger(), d.destination().service(),
            e.getMessage(), retry + 1, wait);
        submit(() -> attempt(d, retry + 1), wait, d.type());
        return;
      }
      fail(d.rollout(), d.event(), d.destination(), d.type(), e.getMessage() + " (" + (retry + 1) + " attempts)");
      return;
    }
    metrics.notification(d.type(), "sent");
    LOG.infof("notification %s sent to %s for %s/%s", d.event().trigger(), d.destination().service(),
        d.rollout().getMetadata().getNamespace(), d.rollout().getMetadata().getName());
    sent.add(d.key(), clock.instant());
  }

  private void fail(Rollout rollout, NotificationEvent event, Destination destination, String type, String why) {
    metrics.notification(type, "failed");
    String message = "notification " + event.trigger() + " to " + destination.service() + " not sent: " + ConfigParser.bounded(why);
    LOG.warnf("%s/%s: %s", rollout.getMetadata().getNamespace(), rollout.getMetadata().getName(), message);
    events.warning(rollout, FAILED, message);
  }

  private List<AnalysisRun> analysisRuns(Rollout rollout) {
    try {
      return client.resources(AnalysisRun.class).inNamespace(rollout.getMetadata().getNamespace())
          .withLabel(RolloutLabels.ROLLOUT, rollout.getMetadata().getName()).list().getItems();
    } catch (KubernetesClientException e) {
      return List.of();
    }
  }

  /** The ConfigMap (under the catalog) and Secret; null when there is no ConfigMap: notifications are not set up. */
  NotificationsConfig config() {
    ConfigMap map = client.configMaps().inNamespace(namespace).withName(settings.configMap()).get();
    if (map == null) {
      return null;
    }
    Secret secret = client.secrets().inNamespace(namespace).withName(settings.secret()).get();
    NotificationsConfig config = ConfigParser.parse(Catalog.under(map.getData()), secretData(secret));
    config.problems().forEach(p -> LOG.warnf("%s/%s: %s", namespace, settings.configMap(), p));
    return config;
  }

  static Map<String, String> secretData(Secret secret) {
    Map<String, String> data = new LinkedHashMap<>();
    if (secret != null && secret.getData() != null) {
      secret.getData().forEach((k, v) -> data.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    }
    if (secret != null && secret.getStringData() != null) {
      data.putAll(secret.getStringData());
    }
    return data;
  }
}
