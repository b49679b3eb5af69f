package dev.sluice.gitops;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JGit reports a read that timed out as "Read timed out after 150,000 ms", a figure that is neither the transport
 * timeout a person configured (it scales it for some steps of a push) nor always the time really waited. The message
 * names the configured timeout and, where it is measured, how long Sluice really waited.
 */
final class PushTimeouts {

  private static final Pattern READ_TIMED_OUT = Pattern.compile("Read timed out after [0-9][0-9,.\u00a0\u202f]* ms");

  private PushTimeouts() {
  }

  /** @param waited how long the operation really waited, or null when not measured */
  static String describe(String message, Duration transportTimeout, Duration waited) {
    Matcher matcher = READ_TIMED_OUT.matcher(message);
    if (!matcher.find()) {
      return message;
    }
    String real = "read timed out (transport timeout " + Durations.show(transportTimeout)
        + (waited == null ? "" : "; no answer after " + Durations.show(Duration.ofSeconds(Math.max(1, Math.round(waited.toMillis() / 1000.0))))) + ")";
    return message.substring(0, matcher.start()) + real + message.substring(matcher.end());
  }
}
