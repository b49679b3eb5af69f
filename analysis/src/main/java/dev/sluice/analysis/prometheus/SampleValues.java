package dev.sluice.analysis.prometheus;

/** Prometheus' JSON writes sample values as strings: decimal numbers, "NaN", "+Inf" and "-Inf". */
final class SampleValues {
  private SampleValues() {
  }

  static double parse(String text) {
    return switch (text) {
      case "NaN" -> Double.NaN;
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(text);
    };
  }
}
