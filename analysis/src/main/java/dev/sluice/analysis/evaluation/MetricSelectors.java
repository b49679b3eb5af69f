package dev.sluice.analysis.evaluation;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Matching of {@code dryRun[].metricName} and {@code measurementRetention[].metricName}: the metric's name, or a
 * regular expression that matches the whole name (".*" for all). Argo matches unanchored; whole-name matching keeps
 * "errors" from also selecting "errors-5xx".
 */
final class MetricSelectors {
  private MetricSelectors() {
  }

  static boolean matches(String selector, String metricName) {
    if (selector.equals(metricName)) {
      return true;
    }
    try {
      return Pattern.compile(selector).matcher(metricName).matches();
    } catch (PatternSyntaxException e) {
      return false;
    }
  }

  /** The problem with a selector as a regular expression, or null. */
  static String syntaxError(String selector) {
    try {
      Pattern.compile(selector);
      return null;
    } catch (PatternSyntaxException e) {
      return e.getDescription();
    }
  }
}
