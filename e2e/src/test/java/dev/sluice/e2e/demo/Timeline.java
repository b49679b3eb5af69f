package dev.sluice.e2e.demo;

import java.time.Duration;
import java.time.Instant;

/** The demo's readable output: each line stamped with the time since the story began. */
final class Timeline {
  private static final boolean COLOR = System.console() != null && System.getenv("NO_COLOR") == null;
  private final Instant start = Instant.now();

  void act(String title) {
    System.out.println();
    System.out.println(paint("1", "== " + title + " =="));
  }

  void say(String line) {
    System.out.println(stamp() + " " + line);
  }

  void show(String block) {
    System.out.println(paint("2", block.stripTrailing()));
  }

  void fail(Throwable e) {
    System.out.println();
    System.out.println(stamp() + " " + paint("31", "DEMO FAILED: " + e.getMessage()));
    e.printStackTrace(System.out);
  }

  private String stamp() {
    Duration elapsed = Duration.between(start, Instant.now());
    return String.format("[%02d:%02d]", elapsed.toMinutes(), elapsed.toSecondsPart());
  }

  private static String paint(String code, String text) {
    return COLOR ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
  }
}
