package dev.sluice.kubectl.commands;

import java.time.Duration;

/** A duration as the user would have typed it: 45s, 5m, 1h30m, 1.5s. */
final class DurationText {
  private DurationText() {
  }

  static String of(Duration d) {
    long ms = d.toMillis();
    if (ms % 1000 != 0) {
      return ms < 1000 ? ms + "ms" : (ms / 1000.0) + "s";
    }
    long s = ms / 1000;
    StringBuilder out = new StringBuilder();
    if (s >= 3600) {
      out.append(s / 3600).append('h');
      s %= 3600;
    }
    if (s >= 60) {
      out.append(s / 60).append('m');
      s %= 60;
    }
    if (s > 0 || out.length() == 0) {
      out.append(s).append('s');
    }
    return out.toString();
  }
}
