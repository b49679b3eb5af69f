package dev.sluice.operator.notifications;

import java.time.Duration;
import java.util.Map;

/**
 * How often and how long a failed delivery is tried again: Argo's webhook settings {@code retryMax} (default 3),
 * {@code retryWaitMin} (1s) and {@code retryWaitMax} (5s), read from any service's settings; the wait doubles from the
 * minimum to the maximum, or is the server's Retry-After when it said one (up to 5 minutes). Pure.
 */
public record RetryPolicy(int retryMax, Duration waitMin, Duration waitMax) {
  static final int MAX_RETRIES = 10;
  static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);
  public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(5));

  public static RetryPolicy of(Map<String, Object> settings) {
    int max = DEFAULT.retryMax;
    try {
      if (settings.get("retryMax") != null) {
        max = Math.max(0, Math.min(MAX_RETRIES, Integer.parseInt(String.valueOf(settings.get("retryMax")).strip())));
      }
    } catch (NumberFormatException e) {
      // A malformed value keeps the default; the docs name the type.
    }
    Duration min = duration(settings.get("retryWaitMin"), DEFAULT.waitMin);
    Duration top = duration(settings.get("retryWaitMax"), DEFAULT.waitMax);
    return new RetryPolicy(max, min, top.compareTo(min) < 0 ? min : top);
  }

  /** The wait before retry number retry (1-based). */
  public Duration waitBefore(int retry, Duration retryAfter) {
    if (retryAfter != null) {
      return retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter;
    }
    long millis = waitMin.toMillis() << Math.min(20, Math.max(0, retry - 1));
    return Duration.ofMillis(Math.min(waitMax.toMillis(), millis));
  }

  /** Go-style durations as Argo writes them: 500ms, 1s, 2m; a bare number is seconds. */
  static Duration duration(Object value, Duration fallback) {
    if (value == null) {
      return fallback;
    }
    String s = String.valueOf(value).strip();
    try {
      Duration d;
      if (s.endsWith("ms")) {
        d = Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
      } else if (s.endsWith("s")) {
        d = Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
      } else if (s.endsWith("m")) {
        d = Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
      } else {
        d = Duration.ofSeconds(Long.parseLong(s));
      }
      return d.isNegative() || d.compareTo(MAX_RETRY_AFTER) > 0 ? fallback : d;
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
