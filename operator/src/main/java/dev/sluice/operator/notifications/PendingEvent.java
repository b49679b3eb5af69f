package dev.sluice.operator.notifications;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Optional;

/**
 * An event whose notifications are not all delivered yet, as the outbox keeps it (the value of a
 * {@code pending.<identity>} key of the sent record): enough for the next leader to prepare the same notifications
 * again, for the same Rollout (name and uid), trigger and identity. The message is bounded, as every Event's is.
 */
public record PendingEvent(String namespace, String name, String uid, String trigger, String reason, String message,
    String identity, String recordedAt) {
  static final int MAX_MESSAGE = 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  public static PendingEvent of(String namespace, String name, String uid, NotificationEvent event, Instant now) {
    String message = event.message() == null ? "" : event.message();
    return new PendingEvent(namespace, name, uid, event.trigger(), event.reason(),
        message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE), event.identity(), now.toString());
  }

  public NotificationEvent event() {
    return new NotificationEvent(trigger, reason, message, identity);
  }

  public Instant recorded() {
    return Instant.parse(recordedAt);
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Empty when the value is not one this version wrote (edited by hand, another version's): it is dropped. */
  public static Optional<PendingEvent> fromJson(String json) {
    try {
      PendingEvent event = JSON.readValue(json, PendingEvent.class);
      if (event.identity() == null || event.name() == null || event.trigger() == null) {
        return Optional.empty();
      }
      event.recorded();
      return Optional.of(event);
    } catch (JsonProcessingException | IllegalArgumentException | NullPointerException | java.time.DateTimeException e) {
      return Optional.empty();
    }
  }
}
