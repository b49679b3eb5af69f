package dev.sluice.operator.notifications;

import dev.sluice.api.v1alpha1.AnalysisRun;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutLabels;
import dev.sluice.operator.config.LeadershipListener;
import dev.sluice.operator.events.EventPublisher;
import dev.sluice.operator.events.RolloutEventListener;
import dev.sluice.operator.metrics.SluiceMetrics;
import dev.sluice.operator.notifications.NotificationsConfig.ServiceConfig;
import dev.sluice.operator.notifications.Subscriptions.Destination;
import dev.sluice.operator.notifications.services.DeliveryFailure;
import dev.sluice.operator.notifications.services.GitHubService;
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
import java.time.Instant;
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
 * bounded queue; beyond it a notification is dropped and counted). One thread prepares: it reads the ConfigMap and
 * Secret, the Rollout as stored now and its subscriptions, renders each template, writes the event to the outbox (a
 * {@code pending.} entry of the sent record) and hands one delivery per destination and template to the workers,
 * which deliver with bounded retries. Preparing has a thread of its own so that the outbox entry is written at once, never behind
 * a slow delivery. Each delivery is recorded in the sent record under the event's identity and checked before
 * sending, so an Event recorded again (by this controller after a restart, or by a new leader) sends nothing twice;
 * the outbox entry goes when the event's last delivery ends, and a new leader sends what is left in the outbox
 * ({@link #leadershipStarted}). A final failure is counted and recorded as a Warning Event on the Rollout; no log
 * line, Event or metric carries a service's settings (its tokens and webhook URLs).
 */
@ApplicationScoped
public class Notifications implements RolloutEventListener, LeadershipListener {
  private static final Logger LOG = Logger.getLogger(Notifications.class);
  public static final String FAILED = "NotificationFailed";

  private final KubernetesClient client;
  private final EventPublisher events;
  private final SluiceMetrics metrics;
  private final NotificationSettings settings;
  private final String namespace;
  private final TemplateRenderer renderer = new TemplateRenderer();
  private final ScheduledThreadPoolExecutor executor;
  private final ScheduledThreadPoolExecutor preparing;
  private final AtomicInteger queued = new AtomicInteger();
  /** Sent-record keys of the deliveries queued or being retried in this process. */
  private final java.util.Set<String> inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final SentStore sent;
  /** Null when notifications are off. */
  private final WatchedConfigMap configMap;
  private final Clock clock = Clock.systemUTC();

  public Notifications(KubernetesClient client, EventPublisher events, SluiceMetrics metrics, NotificationSettings settings) {
    this.client = client;
    this.events = events;
    this.metrics = metrics;
    this.settings = settings;
    this.namespace = settings.namespace().or(() -> java.util.Optional.ofNullable(System.getenv("POD_NAMESPACE")))
        .orElseGet(() -> Objects.requireNonNullElse(client.getNamespace(), "default"));
    this.sent = new SentStore(client, namespace, settings.sentRecord());
    this.configMap = settings.enabled() ? new WatchedConfigMap(client, namespace, settings.configMap()) : null;
    this.executor = pool(Math.max(1, settings.concurrency()), "sluice-notifications");
    this.preparing = pool(1, "sluice-notifications-outbox");
  }

  private static ScheduledThreadPoolExecutor pool(int threads, String name) {
    ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(threads, r -> {
      Thread thread = new Thread(r, name);
      thread.setDaemon(true);
      return thread;
    });
    pool.setRemoveOnCancelPolicy(true);
    return pool;
  }

  /** What is not delivered yet stays in the outbox, for the next leader. */
  @PreDestroy
  void stop() {
    preparing.shutdownNow();
    executor.shutdownNow();
    if (configMap != null) {
      configMap.close();
    }
  }

  /**
   * This replica now leads: it sends what the outbox holds, the notifications a previous leader recorded but did not
   * all deliver (killed, or stopped, between the two). Those it did deliver are in the sent record and are skipped.
   * An entry older than {@code sluice.notifications.pending-max-age} is dropped: news that late is noise.
   */
  @Override
  public void leadershipStarted() {
    if (!settings.enabled()) {
      return;
    }
    submit(preparing, this::drain, Duration.ZERO, "unknown");
  }

  private void drain() {
    Map<String, String> pending;
    try {
      pending = sent.pending();
    } catch (KubernetesClientException e) {
      LOG.warnf("outbox %s/%s unreadable (HTTP %d): what it holds is not sent", namespace, settings.sentRecord(), e.getCode());
      return;
    }
    Instant now = clock.instant();
    pending.forEach((key, value) -> {
      var parsed = PendingEvent.fromJson(value);
      if (parsed.isEmpty() || parsed.get().recorded().isBefore(now.minus(settings.pendingMaxAge()))) {
        LOG.warnf("outbox entry %s dropped: %s", key, parsed.isEmpty() ? "not readable" : "older than " + settings.pendingMaxAge());
        metrics.notification("unknown", "expired");
        sent.removePending(key.substring(SentRecord.PENDING.length()));
        return;
      }
      PendingEvent event = parsed.get();
      LOG.infof("notification %s for %s/%s taken from the outbox (recorded at %s, not all delivered)", event.trigger(),
          event.namespace(), event.name(), event.recordedAt());
      prepare(event, true);
    });
  }

  /** Called where the Event is recorded: queues the notifications it fires and returns at once. */
  @Override
  public void recorded(Rollout rollout, String reason, String message) {
    if (!settings.enabled()) {
      return;
    }
    Triggers.ofReason(reason).ifPresent(trigger -> {
      NotificationEvent event = NotificationEvent.of(rollout, trigger, reason, message);
      PendingEvent pending = PendingEvent.of(rollout.getMetadata().getNamespace(), rollout.getMetadata().getName(),
          rollout.getMetadata().getUid(), event, clock.instant());
      submit(preparing, () -> prepare(pending, false), Duration.ZERO, "unknown");
    });
  }

  /** Queues a task; false when the queue is full (the task is dropped and counted). */
  private boolean submit(ScheduledThreadPoolExecutor pool, Runnable task, Duration delay, String serviceType) {
    if (queued.incrementAndGet() > Math.max(1, settings.queueCapacity())) {
      queued.decrementAndGet();
      metrics.notification(serviceType, "dropped");
      LOG.warn("notification dropped: the queue is full");
      return false;
    }
    try {
      pool.schedule(() -> {
        try {
          task.run();
        } catch (RuntimeException e) {
          LOG.errorf("notification ended unexpectedly: %s", e.getClass().getName());
        } finally {
          queued.decrementAndGet();
        }
      }, delay.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (RejectedExecutionException e) {
      queued.decrementAndGet();
      return false;
    }
  }

  /**
   * Reads what to send to whom, writes the event to the outbox (unless it comes from there), then queues one
   * delivery per destination and template not sent before; the outbox entry goes when the last of them ends.
   */
  private void prepare(PendingEvent pending, boolean fromOutbox) {
    NotificationEvent event = pending.event();
    String rolloutNamespace = pending.namespace();
    String name = pending.name();
    Rollout rollout;
    NotificationsConfig config;
    try {
      // The ConfigMap first: without one (notifications not set up) the Rollout need not be read at all.
      NotificationsConfig configured = config();
      rollout = configured == null ? null : client.resources(Rollout.class).inNamespace(rolloutNamespace).withName(name).get();
      config = rollout == null || !Objects.equals(pending.uid(), rollout.getMetadata().getUid()) ? null : configured;
    } catch (KubernetesClientException e) {
      LOG.warnf("notification %s for %s/%s not sent: HTTP %d reading its configuration", event.trigger(), rolloutNamespace,
          name, e.getCode());
      metrics.notification("unknown", "failed");
      return;
    }
    List<Destination> destinations = config == null ? List.of() : Subscriptions.of(event.trigger(),
        rollout.getMetadata().getAnnotations(), rollout.getMetadata().getLabels(), config);
    if (destinations.isEmpty()) {
      // The Rollout is gone, notifications are not set up, or nobody subscribes: nothing to send, nothing pending.
      if (fromOutbox) {
        sent.removePending(event.identity());
      }
      return;
    }
    List<AnalysisRun> runs = analysisRuns(rollout);
    Map<String, Object> seen = NotificationData.of(rollout, runs, event, config.context());
    Trigger trigger = config.triggers().get(event.trigger());
    // The trigger's conditions answer once per event, for every destination: the Rollout is the same for all.
    Trigger.Outcome outcome = trigger == null ? null : trigger.run(seen);
    if (outcome != null) {
      outcome.errors().forEach(error -> conditionFailed(rollout, event, error, destinations, config));
    }
    Map<String, String> summary = new LinkedHashMap<>();
    summary.put("trigger", event.trigger());
    summary.put("reason", event.reason());
    summary.put("namespace", rolloutNamespace);
    summary.put("rollout", name);
    List<Delivery> deliveries = new java.util.ArrayList<>();
    Outstanding outstanding = new Outstanding(event.identity());
    boolean anyInFlight = false;
    for (Destination destination : destinations) {
      ServiceConfig service = config.services().get(destination.service());
      if (service == null || trigger == null) {
        fail(rollout, event, destination, service == null ? "unknown" : service.type(), service == null
            ? "service " + destination.service() + " is not configured in " + settings.configMap()
            : config.problemWith("trigger." + event.trigger()).map(p -> "the ConfigMap's " + p)
                .orElse("trigger " + event.trigger() + " is not configured in " + settings.configMap()));
        continue;
      }
      for (String template : outcome.templates()) {
        String key = SentRecord.key(event.identity(), destination.key(), template);
        // In flight: the same event prepared twice here (an Event recorded again by a new leader that also took it
        // from the outbox) is delivered by the first.
        if (inFlight.contains(key)) {
          anyInFlight = true;
          metrics.notification(service.type(), "skipped");
          continue;
        }
        if (sent.contains(key)) {
          metrics.notification(service.type(), "skipped");
          continue;
        }
        Map<String, Object> definition = config.templates().get(template);
        if (definition == null) {
          fail(rollout, event, destination, service.type(), "template " + template + " is not configured in " + settings.configMap());
          continue;
        }
        Map<String, Object> data = new LinkedHashMap<>(seen);
        data.put("recipient", destination.recipient());
        data.put("serviceType", service.type());
        Map<String, Object> rendered;
        NotificationService delivery;
        try {
          rendered = renderer.render(template, GitHubService.withDefaults(definition), data);
          delivery = Services.of(service, summary);
        } catch (TemplateRenderer.Unrenderable | DeliveryFailure e) {
          fail(rollout, event, destination, service.type(), e.getMessage());
          continue;
        }
        Notification notification = new Notification(rendered, destination.recipient(), destination.service());
        deliveries.add(new Delivery(rollout, event, destination, service.type(), key, delivery, notification,
            RetryPolicy.of(service.settings()), outstanding));
      }
    }
    if (deliveries.isEmpty()) {
      // Every one sent or failed for good; those in flight here take the entry out when they end.
      if (fromOutbox && !anyInFlight) {
        sent.removePending(event.identity());
      }
      return;
    }
    if (!fromOutbox) {
      // Before the first delivery: from here on a leader that dies leaves the event to the next one.
      sent.addPending(pending);
    }
    outstanding.expect(deliveries.size());
    for (Delivery d : deliveries) {
      inFlight.add(d.key());
      if (!submit(executor, () -> attempt(d, 0), Duration.ZERO, d.type())) {
        ended(d);
      }
    }
  }

  private record Delivery(Rollout rollout, NotificationEvent event, Destination destination, String type, String key,
      NotificationService service, Notification notification, RetryPolicy retries, Outstanding outstanding) {
  }

  /** The deliveries of one event not ended yet; when none is left its outbox entry goes. */
  private final class Outstanding {
    private final String identity;
    private final AtomicInteger left = new AtomicInteger();

    Outstanding(String identity) {
      this.identity = identity;
    }

    void expect(int deliveries) {
      left.set(deliveries);
    }

    void ended() {
      if (left.decrementAndGet() == 0) {
        sent.removePending(identity);
      }
    }
  }

  private void attempt(Delivery d, int retry) {
    try {
      d.service().send(d.notification());
    } catch (DeliveryFailure e) {
      if (e.retryable() && retry < d.retries().retryMax()) {
        Duration wait = d.retries().waitBefore(retry + 1, e.retryAfter());
        metrics.notification(d.type(), "retried");
        LOG.infof("notification %s to %s for %s/%s failed (%s); retry %d of %d in %s", d.event().trigger(),
            d.destination().service(), d.rollout().getMetadata().getNamespace(), d.rollout().getMetadata().getName(),
            e.getMessage(), retry + 1, d.retries().retryMax(), wait);
        if (!submit(executor, () -> attempt(d, retry + 1), wait, d.type())) {
          ended(d);
        }
        return;
      }
      fail(d.rollout(), d.event(), d.destination(), d.type(), e.getMessage() + " (" + (retry + 1) + " attempts)");
      ended(d);
      return;
    }
    metrics.notification(d.type(), "sent");
    LOG.infof("notification %s sent to %s for %s/%s", d.event().trigger(), d.destination().service(),
        d.rollout().getMetadata().getNamespace(), d.rollout().getMetadata().getName());
    sent.add(d.key(), clock.instant());
    ended(d);
  }

  private void ended(Delivery d) {
    inFlight.remove(d.key());
    d.outstanding().ended();
  }

  private void fail(Rollout rollout, NotificationEvent event, Destination destination, String type, String why) {
    metrics.notification(type, "failed");
    String message = "notification " + event.trigger() + " to " + destination.service() + " not sent: " + ConfigParser.bounded(why);
    LOG.warnf("%s/%s: %s", rollout.getMetadata().getNamespace(), rollout.getMetadata().getName(), message);
    events.warning(rollout, FAILED, message);
  }

  /**
   * A trigger's {@code when} could not be evaluated: its templates are not sent. One Warning Event and log line for
   * the event; counted once per destination that it did not reach, as {@code condition-error}.
   */
  private void conditionFailed(Rollout rollout, NotificationEvent event, String error, List<Destination> destinations,
      NotificationsConfig config) {
    destinations.forEach(d -> {
      ServiceConfig service = config.services().get(d.service());
      metrics.notification(service == null ? "unknown" : service.type(), "condition-error");
    });
    String message = "notification " + event.trigger() + ": " + error;
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
    ConfigMap map = configMap.get();
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
