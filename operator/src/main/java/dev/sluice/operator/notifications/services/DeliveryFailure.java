package dev.sluice.operator.notifications.services;

import java.time.Duration;

/**
 * A notification not delivered. The message names the service's host and what it answered, never a URL's path or a
 * token (a Slack or Teams webhook URL is itself a secret). Retryable failures (a network error, 5xx, 429) are tried
 * again; retryAfter is the server's own wait when it said one.
 */
public class DeliveryFailure extends Exception {
  private final boolean retryable;
  private final Duration retryAfter;

  public DeliveryFailure(String message, boolean retryable, Duration retryAfter) {
    super(message);
    this.retryable = retryable;
    this.retryAfter = retryAfter;
  }

  public static DeliveryFailure permanent(String message) {
    return new DeliveryFailure(message, false, null);
  }

  public boolean retryable() {
    return retryable;
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}
