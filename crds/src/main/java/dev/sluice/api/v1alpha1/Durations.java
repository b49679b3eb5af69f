package dev.sluice.api.v1alpha1;

import java.time.Duration;
import java.util.regex.Matcher;

/**
 * The duration format of every duration field: a sequence of number+unit, as in Go ("30s", "1m30s", "1h"). A pause
 * duration may also be a bare number of seconds, as in Argo Rollouts ({@code duration: 10} or {@code "10"}).
 */
public final class Durations {
  public static final String PATTERN = "^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$";
  /** {@link #PATTERN}, or a whole number of seconds (up to 9 digits). */
  public static final String SECONDS_OR_DURATION_PATTERN = "^([0-9]{1,9}|([0-9]+(\\.[0-9]+)?(ms|s|m|h))+)$";
  private static final java.util.regex.Pattern SECONDS = java.util.regex.Pattern.compile("^[0-9]{1,9}$");
  private static final java.util.regex.Pattern FORMAT = java.util.regex.Pattern.compile(PATTERN);
  private static final java.util.regex.Pattern PART = java.util.regex.Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h)");

  private Durations() {
  }

  /**
   * Parses a field that takes {@link #SECONDS_OR_DURATION_PATTERN} (a pause duration): a bare whole number is seconds,
   * as Argo Rollouts reads a pause without a unit; anything else as {@link #parse}.
   */
  public static Duration parseSecondsOrDuration(String text) {
    if (text != null && SECONDS.matcher(text).matches()) {
      return Duration.ofSeconds(Long.parseLong(text));
    }
    return parse(text);
  }

  /** Parses "1m30s"-style durations; throws IllegalArgumentException naming the bad value. */
  public static Duration parse(String text) {
    if (text == null || !FORMAT.matcher(text).matches()) {
      throw new IllegalArgumentException("invalid duration \"" + text + "\": use a number and a unit (ms, s, m, h), e.g. 30s, 5m, 1h");
    }
    double millis = 0;
    Matcher m = PART.matcher(text);
    while (m.find()) {
      double value = Double.parseDouble(m.group(1));
      millis += switch (m.group(2)) {
        case "ms" -> value;
        case "s" -> value * 1_000;
        case "m" -> value * 60_000;
        default -> value * 3_600_000;
      };
    }
    return Duration.ofMillis(Math.round(millis));
  }
}
