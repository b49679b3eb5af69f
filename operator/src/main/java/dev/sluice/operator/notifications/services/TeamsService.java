package dev.sluice.operator.notifications.services;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Microsoft Teams incoming webhooks, Argo's settings: {@code recipientUrls} maps a recipient (the annotation's value)
 * to its webhook URL (a secret: reference it with $key). Sends a MessageCard: the template's {@code teams.title},
 * {@code teams.themeColor}, {@code teams.summary}, and {@code teams.text} or the message.
 */
public final class TeamsService implements NotificationService {
  /**
   * A throttled card, which is retried: Teams says so in words, or with the status 429 as a number of its own (not
   * digits inside a ContextId, an address or a port, which would retry a refusal that cannot pass).
   */
  private static final Pattern THROTTLED = Pattern.compile("(?i)throttl|(?<![\\w.:-])429(?![\\w.-])");
  private final String name;
  private final Settings settings;

  public TeamsService(String name, Map<String, Object> settings) {
    this.name = name;
    this.settings = new Settings(name, settings);
  }

  @Override
  public void send(Notification notification) throws DeliveryFailure {
    String url = settings.map("recipientUrls").get(notification.recipient());
    if (url == null) {
      throw DeliveryFailure.permanent("teams " + name + ": recipientUrls has no \"" + notification.recipient() + "\"");
    }
    Map<String, Object> card = new LinkedHashMap<>();
    card.put("@type", "MessageCard");
    card.put("@context", "https://schema.org/extensions");
    String text = notification.partString("teams", "text");
    card.put("text", text == null ? notification.message() : text);
    String title = notification.partString("teams", "title");
    card.put("title", title == null ? "Sluice" : title);
    card.put("summary", notification.partString("teams", "summary") == null ? card.get("title")
        : notification.partString("teams", "summary"));
    if (notification.partString("teams", "themeColor") != null) {
      card.put("themeColor", notification.partString("teams", "themeColor").replace("#", ""));
    }
    var answer = HttpDelivery.send("POST", url, Map.of("Content-Type", "application/json"), Json.write(card));
    // A connector answers 200 with "1"; anything else in a 200 is Teams refusing the card (e.g. a throttling text).
    String body = answer.body().strip();
    if (!body.isEmpty() && !body.equals("1")) {
      boolean throttled = THROTTLED.matcher(body).find();
      throw new DeliveryFailure("teams " + name + ": the webhook refused the card", throttled, null);
    }
  }
}
