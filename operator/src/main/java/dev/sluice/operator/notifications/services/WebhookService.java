package dev.sluice.operator.notifications.services;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Argo's generic webhook: {@code url}, {@code headers} [{name, value}], {@code basicAuth} {username, password}; the
 * template's {@code webhook.<name>} gives {@code method}, {@code path} (appended to the URL) and {@code body}. Without
 * a body Sluice sends a JSON summary (trigger, rollout, message), where Argo sends nothing.
 */
public final class WebhookService implements NotificationService {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH");
  private final String name;
  private final Settings settings;
  private final Map<String, String> summary;

  public WebhookService(String name, Map<String, Object> settings, Map<String, String> summary) {
    this.name = name;
    this.settings = new Settings(name, settings);
    this.summary = summary;
  }

  @Override
  public void send(Notification notification) throws DeliveryFailure {
    Map<String, Object> part = notification.part("webhook", name);
    String body = part.get("body") == null ? null : String.valueOf(part.get("body"));
    String method = part.get("method") == null ? "POST" : String.valueOf(part.get("method")).strip().toUpperCase(Locale.ROOT);
    if (!METHODS.contains(method)) {
      throw DeliveryFailure.permanent("webhook " + name + ": method " + method + " is not one of " + METHODS);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    if (body == null && !method.equals("GET")) {
      Map<String, String> json = new LinkedHashMap<>(summary);
      json.put("message", notification.message());
      try {
        body = JSON.writeValueAsString(json);
      } catch (JsonProcessingException e) {
        throw DeliveryFailure.permanent("webhook " + name + ": summary not serializable");
      }
      headers.put("Content-Type", "application/json");
    }
    headers.putAll(settings.headers("headers"));
    Map<String, Object> basic = settings.child("basicAuth");
    if (basic.get("username") != null) {
      String pair = basic.get("username") + ":" + (basic.get("password") == null ? "" : basic.get("password"));
      headers.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }
    String path = part.get("path") == null ? "" : String.valueOf(part.get("path")).strip();
    String url = settings.required("url");
    if (!path.isEmpty()) {
      url = url.replaceFirst("/+$", "") + (path.startsWith("/") ? path : "/" + path);
    }
    HttpDelivery.send(method, url, headers, method.equals("GET") ? null : body);
  }
}
