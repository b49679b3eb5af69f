package dev.sluice.kubectl.render;

import java.util.Set;

/** ANSI colours, or none: colour only when stdout is a terminal and NO_COLOR is not set (see Context). */
public final class Style {
  public static final Style PLAIN = new Style(false);
  public static final Style COLOR = new Style(true);

  private static final Set<String> GOOD = Set.of("Healthy", "Successful", "Running", "Ready", "stable", "active");
  private static final Set<String> BUSY = Set.of("Progressing", "Pending", "canary", "preview", "ContainerCreating");
  private static final Set<String> WAITING = Set.of("Paused", "Inconclusive", "Terminating", "Aborted", "NotReady");
  private static final Set<String> BAD = Set.of("Degraded", "Failed", "Error", "CrashLoopBackOff", "ImagePullBackOff",
      "ErrImagePull", "OOMKilled", "Deleted");

  public enum Color {
    GREEN("32"), RED("31"), YELLOW("33"), BLUE("34"), GREY("90"), BOLD("1");

    private final String code;

    Color(String code) {
      this.code = code;
    }
  }

  private final boolean enabled;

  private Style(boolean enabled) {
    this.enabled = enabled;
  }

  public boolean enabled() {
    return enabled;
  }

  public String paint(String text, Color color) {
    if (!enabled || color == null || text == null || text.isEmpty()) {
      return text;
    }
    return "\u001b[" + color.code + "m" + text + "\u001b[0m";
  }

  /** The colour of a phase, status or role word; null for words that carry no state. */
  public static Color colorOf(String word) {
    if (word == null) {
      return null;
    }
    if (GOOD.contains(word)) {
      return Color.GREEN;
    }
    if (BUSY.contains(word)) {
      return Color.BLUE;
    }
    if (WAITING.contains(word)) {
      return Color.YELLOW;
    }
    if (BAD.contains(word)) {
      return Color.RED;
    }
    return null;
  }

  /** Paints a state word with its colour. */
  public String state(String word) {
    return paint(word, colorOf(word));
  }
}
