package dev.sluice.operator.notifications.services;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Opsgenie's Alert API, Argo's settings: {@code apiUrl} (e.g. https://api.opsgenie.com), {@code apiKeys} maps a
 * recipient (a team) to its API key, sent as {@code Authorization: GenieKey}. The alert's message is the first 130
 * characters of the message (Opsgenie's limit), its description the template's {@code opsgenie.description} or the
 * message. Opsgenie answers 202 and processes the request later; 429 when rate limited.
 */
public final class OpsgenieService implements NotificationService {
  static final int MAX_MESSAGE = 130;
  private final String name;
  private final Settings settings;

  public OpsgenieService(String name, Map<String, Object> settings) {
    this.name = name;
    this.settings = new Settings(name, settings);
  }

  @Override
  public void send(Notification notification) throws DeliveryFailure {
    String key = settings.map("apiKeys").get(notification.recipient());
    if (key == null) {
      throw DeliveryFailure.permanent("opsgenie " + name + ": apiKeys has no \"" + notification.recipient() + "\"");
    }
    String message = notification.message();
    Map<String, Object> alert = new LinkedHashMap<>();
    alert.put("message", message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE));
    String description = notification.partString("opsgenie", "description");
    alert.put("description", description == null ? message : description);
    String priority = notification.partString("opsgenie", "priority");
    if (priority != null) {
      alert.put("priority", priority);
    }
    alert.put("source", "sluice");
    String api = settings.required("apiUrl").replaceFirst("/+$", "");
    HttpDelivery.send("POST", api + "/v2/alerts", Map.of("Content-Type", "application/json", "Authorization", "GenieKey " + key),
        Json.write(alert));
  }
}
