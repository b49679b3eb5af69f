package dev.sluice.analysis.job;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Names and labels of the Jobs a run creates. A Job's name is {@code <run uid>.<metric>.<measurement number>} as in
 * Argo Rollouts, so the same measurement always finds its Job again (after a restart too), made a valid name:
 * lower case, and at most 63 characters because the Job's pods carry it as a label value.
 */
final class JobNames {
  static final String RUN_UID_LABEL = "sluice.dev/analysisrun-uid";
  static final String METRIC_LABEL = "sluice.dev/metric";
  static final String RUN_ANNOTATION = "sluice.dev/analysisrun";
  static final String METRIC_ANNOTATION = "sluice.dev/metric-name";
  static final int MAX_NAME = 63;

  private JobNames() {
  }

  static String jobName(String runUid, String metricName, int index) {
    String metric = dnsLabel(metricName);
    String name = runUid + "." + metric + "." + index;
    if (name.length() <= MAX_NAME) {
      return name;
    }
    // Keep the run and the number whole; shorten the metric and keep it unique with a hash of its full name.
    String suffix = "." + index;
    String hash = hash(metricName).substring(0, 8);
    int room = MAX_NAME - runUid.length() - 1 - hash.length() - 1 - suffix.length();
    String shortMetric = metric.substring(0, Math.max(0, Math.min(metric.length(), room)));
    shortMetric = shortMetric.replaceAll("[-.]+$", "");
    return runUid + "." + (shortMetric.isEmpty() ? "" : shortMetric + "-") + hash + suffix;
  }

  /** A valid label value for the metric name (at most 63 characters, alphanumeric at both ends). */
  static String metricLabel(String metricName) {
    String value = metricName.length() <= MAX_NAME ? metricName : metricName.substring(0, MAX_NAME);
    return value.replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "");
  }

  private static String dnsLabel(String text) {
    String lower = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
    return lower.replaceAll("^[^a-z0-9]+|[^a-z0-9]+$", "");
  }

  private static String hash(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
