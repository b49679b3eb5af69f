package dev.sluice.operator.notifications.services;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PagerDuty Events API v2 (Argo's {@code pagerdutyv2}): {@code serviceKeys} maps a recipient to its integration
 * (routing) key; {@code apiURL} defaults to PagerDuty's enqueue endpoint. The template's {@code pagerdutyv2} gives
 * {@code summary} (default: the message), {@code severity} (critical, error, warning, info; default error),
 * {@code source}, {@code component}, {@code group}, {@code class}. PagerDuty answers 202, or 429 when rate limited.
 */
public final class PagerDutyService implements NotificationService {
  static final String DEFAULT_API = "https://events.pagerduty.com/v2/enqueue";
  private final String name;
  private final Settings settings;

  public PagerDutyService(String name, Map<String, Object> settings) {
    this.name = name;
    this.settings = new Settings(name, settings);
  }

  @Override
  public void send(Notification notification) throws DeliveryFailure {
    String key = settings.map("serviceKeys").get(notification.recipient());
    if (key == null) {
      throw DeliveryFailure.permanent("pagerdutyv2 " + name + ": serviceKeys has no \"" + notification.recipient() + "\"");
    }
    Map<String, Object> payload = new LinkedHashMap<>();
    String summary = notification.partString("pagerdutyv2", "summary");
    summary = summary == null ? notification.message() : summary;
    payload.put("summary", summary.length() <= 1024 ? summary : summary.substring(0, 1024));
    String severity = notification.partString("pagerdutyv2", "severity");
    payload.put("severity", severity == null ? "error" : severity);
    String source = notification.partString("pagerdutyv2", "source");
    payload.put("source", source == null ? "sluice" : source);
    for (String field : new String[] {"component", "group", "class"}) {
      if (notification.partString("pagerdutyv2", field) != null) {
        payload.put(field, notification.partString("pagerdutyv2", field));
      }
    }
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("routing_key", key);
    event.put("event_action", "trigger");
    event.put("payload", payload);
    String api = settings.optional("apiURL") == null ? DEFAULT_API : settings.optional("apiURL");
    HttpDelivery.send("POST", api, Map.of("Content-Type", "application/json"), Json.write(event));
  }
}
