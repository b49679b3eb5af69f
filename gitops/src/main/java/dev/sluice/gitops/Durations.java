package dev.sluice.gitops;

import java.time.Duration;

/** Durations as people write them in settings: 15s, 5m, 1m30s, 250ms. */
final class Durations {

  private Durations() {
  }

  static String show(Duration duration) {
    long millis = duration.toMillis();
    if (millis % 1000 != 0) {
      return millis + "ms";
    }
    long seconds = millis / 1000;
    if (seconds < 60 || seconds % 60 != 0 && seconds < 600) {
      return seconds >= 60 ? seconds / 60 + "m" + seconds % 60 + "s" : seconds + "s";
    }
    return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
  }
}
