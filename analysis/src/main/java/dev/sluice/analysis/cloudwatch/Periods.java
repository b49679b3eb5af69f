package dev.sluice.analysis.cloudwatch;

/** CloudWatch periods: whole seconds, 1, 5, 10 or 30 (high resolution) or a multiple of 60. */
final class Periods {
  private Periods() {
  }

  /** The seconds in {@code text} (digits, as Argo's integer is read), or null when it is not a whole number. */
  static Integer seconds(String text) {
    if (text == null || !text.trim().matches("[0-9]{1,9}")) {
      return null;
    }
    return Integer.parseInt(text.trim());
  }

  static boolean valid(int seconds) {
    return seconds == 1 || seconds == 5 || seconds == 10 || seconds == 30 || (seconds > 0 && seconds % 60 == 0);
  }
}
