package dev.sluice.operator.rollout;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Splits a Kubernetes field path such as metadata.labels['app.kubernetes.io/name'] into its keys. */
final class FieldPath {
  private static final Pattern PART = Pattern.compile("\\['([^']*)'\\]|\\[\"([^\"]*)\"\\]|([^.\\[]+)");

  private FieldPath() {
  }

  static List<String> parts(String path) {
    List<String> parts = new ArrayList<>();
    Matcher m = PART.matcher(path);
    while (m.find()) {
      parts.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
    }
    return parts;
  }
}
