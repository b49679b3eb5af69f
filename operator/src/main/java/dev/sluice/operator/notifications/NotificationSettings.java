package dev.sluice.operator.notifications;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Operator settings of notifications ({@code sluice.notifications.*}); what to send lives in the ConfigMap. */
@ConfigMapping(prefix = "sluice.notifications")
public interface NotificationSettings {
  @WithDefault("true")
  boolean enabled();

  /** The namespace of the ConfigMap and Secret: the operator's (POD_NAMESPACE, set by the chart) when not set. */
  Optional<String> namespace();

  @WithDefault("sluice-notifications-cm")
  String configMap();

  @WithDefault("sluice-notifications-secret")
  String secret();

  /** Where what was sent is recorded (a ConfigMap in the same namespace), so that nothing is sent twice. */
  @WithDefault("sluice-notifications-sent")
  String sentRecord();

  /** Notifications waiting or being retried, over all Rollouts; more are dropped and counted. */
  @WithDefault("1000")
  int queueCapacity();

  /** How long an event may wait in the outbox for a new leader to send it; older ones are dropped. */
  @WithDefault("1h")
  java.time.Duration pendingMaxAge();

  /** Notifications sent at the same time. */
  @WithDefault("2")
  int concurrency();
}
