package dev.sluice.operator.notifications.services;

import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Grafana annotations, Argo's settings: {@code apiUrl} (Grafana's /api) and {@code apiKey} (a service account token,
 * sent as a Bearer token). The recipient is a '|'-separated list of tags; the annotation's text is the message.
 */
public final class GrafanaService implements NotificationService {
  private final String name;
  private final Settings settings;
  private final Clock clock;

  public GrafanaService(String name, Map<String, Object> settings, Clock clock) {
    this.name = name;
    this.settings = new Settings(name, settings);
    this.clock = clock;
  }

  @Override
  public void send(Notification notification) throws DeliveryFailure {
    List<String> tags = Arrays.stream(notification.recipient().split("\\|")).map(String::strip).filter(t -> !t.isEmpty()).toList();
    Map<String, Object> annotation = new LinkedHashMap<>();
    annotation.put("time", clock.millis());
    annotation.put("isRegion", false);
    annotation.put("tags", tags);
    annotation.put("text", notification.message());
    String api = settings.required("apiUrl").replaceFirst("/+$", "");
    HttpDelivery.send("POST", api + "/annotations", Map.of("Content-Type", "application/json",
        "Authorization", "Bearer " + settings.required("apiKey")), Json.write(annotation));
  }
}
