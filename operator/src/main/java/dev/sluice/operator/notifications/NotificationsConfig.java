package dev.sluice.operator.notifications;

import java.util.List;
import java.util.Map;

/**
 * The notification settings of the operator, parsed from the ConfigMap {@code sluice-notifications-cm} (Argo's layout:
 * {@code service.<type>[.<name>]}, {@code template.<name>}, {@code trigger.<name>}, {@code defaultTriggers[.<service>]},
 * {@code subscriptions}, {@code context}) with {@code $key} references resolved from {@code sluice-notifications-secret}.
 * Problems name the key they are about, never a secret value.
 */
public record NotificationsConfig(Map<String, ServiceConfig> services, Map<String, Map<String, Object>> templates,
    Map<String, Trigger> triggers, List<String> defaultTriggers, Map<String, List<String>> defaultTriggersByService,
    List<GlobalSubscription> subscriptions, Map<String, String> context, List<String> problems) {

  public static final NotificationsConfig EMPTY = new NotificationsConfig(Map.of(), Map.of(), Map.of(), List.of(), Map.of(),
      List.of(), Map.of(), List.of());

  /** One configured service: its type (webhook, email, slack...), its name (the type when unnamed), its settings. */
  public record ServiceConfig(String type, String name, Map<String, Object> settings) {
    public String string(String key) {
      Object value = settings.get(key);
      return value == null ? null : String.valueOf(value);
    }
  }

  /** A subscription for every Rollout its selector matches: recipients as {@code <service>:<recipient>}. */
  public record GlobalSubscription(List<String> recipients, List<String> triggers, Map<String, String> selector) {
  }

  /** The problem that left {@code key} out, if one did. */
  public java.util.Optional<String> problemWith(String key) {
    return problems.stream().filter(p -> p.startsWith(key + ": ")).findFirst();
  }

  /** The triggers that an annotation without a trigger name subscribes the service to. */
  public List<String> defaultTriggersFor(String service) {
    return defaultTriggersByService.getOrDefault(service, defaultTriggers);
  }
}
