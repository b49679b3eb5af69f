package dev.sluice.operator.notifications.services;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slack, two ways. With {@code token} (Argo's setting): the Web API's chat.postMessage at {@code apiURL} (default
 * Slack's), the recipient is the channel; Slack answers 200 with {"ok": false, "error": ...} on failure, and 429 with
 * Retry-After when rate limited. With {@code webhookURL} (Sluice's addition): an incoming webhook, which posts to its
 * own channel. The template's {@code slack.attachments} and {@code slack.blocks} are JSON text, as in Argo.
 */
public final class SlackService implements NotificationService {
  static final String DEFAULT_API = "https://slack.com/api";
  private final String name;
  private final Settings settings;

  public SlackService(String name, Map<String, Object> settings) {
    this.name = name;
    this.settings = new Settings(name, settings);
  }

  @Override
  public void send(Notification notification) throws DeliveryFailure {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("text", notification.message());
    String attachments = notification.partString("slack", "attachments");
    if (attachments != null) {
      body.put("attachments", Json.parse("slack.attachments", attachments));
    }
    String blocks = notification.partString("slack", "blocks");
    if (blocks != null) {
      body.put("blocks", Json.parse("slack.blocks", blocks));
    }
    String webhook = settings.optional("webhookURL");
    if (webhook != null) {
      HttpDelivery.send("POST", webhook, Map.of("Content-Type", "application/json"), Json.write(body));
      return;
    }
    String token = settings.required("token");
    if (notification.recipient().isBlank()) {
      throw DeliveryFailure.permanent("slack " + name + ": the subscription names no channel");
    }
    body.put("channel", notification.recipient());
    if (settings.optional("username") != null) {
      body.put("username", settings.optional("username"));
    }
    String icon = settings.optional("icon");
    if (icon != null) {
      body.put(icon.startsWith("http") ? "icon_url" : "icon_emoji", icon);
    }
    String api = settings.optional("apiURL") == null ? DEFAULT_API : settings.optional("apiURL").replaceFirst("/+$", "");
    var answer = HttpDelivery.send("POST", api + "/chat.postMessage",
        Map.of("Content-Type", "application/json; charset=utf-8", "Authorization", "Bearer " + token), Json.write(body));
    JsonNode json = Json.answer(answer.body());
    if (!json.path("ok").asBoolean(false)) {
      String error = json.path("error").asText("no ok in the answer");
      // Slack's documented errors: ratelimited is temporary; channel_not_found, not_in_channel, invalid_auth are not.
      boolean temporary = error.equals("ratelimited") || error.equals("internal_error") || error.equals("fatal_error")
          || error.equals("service_unavailable") || error.equals("request_timeout");
      throw new DeliveryFailure("slack " + name + ": chat.postMessage answered " + error.replaceAll("[^a-z_]", ""),
          temporary, null);
    }
  }
}
