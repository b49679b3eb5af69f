package dev.sluice.api.status;

import java.util.List;

/**
 * The one rule for text that Sluice writes into a status from outside data (metric answers, server errors, condition
 * errors): it is bounded, so no answer, however large, can make a status write fail. A Kubernetes object is stored
 * whole in etcd, which refuses a request over about 1.5 MiB ("etcdserver: request is too large"), and the API server
 * refuses a body over 3 MiB; an AnalysisRun keeps up to ten measurements per metric, so one unbounded value or
 * message could jam the run for good.
 *
 * <ul>
 *   <li>{@link #message}: at most {@link #MAX_CHARS} characters; a longer text keeps its start and says how much was
 *       left out;</li>
 *   <li>{@link #list}: a list of values shows the first {@link #VALUES_SHOWN} and says how many there were.</li>
 * </ul>
 */
public final class StatusText {
  /** Longest text a status field takes from outside data. */
  public static final int MAX_CHARS = 1024;
  /** How many values of a longer list a measurement shows. */
  public static final int VALUES_SHOWN = 10;

  private StatusText() {
  }

  /** {@code text} cut to {@link #MAX_CHARS} characters, saying how many were left out; null stays null. */
  public static String message(String text) {
    return cut(text, MAX_CHARS);
  }

  /**
   * {@code [a,b,c]} for up to {@link #VALUES_SHOWN} values; for more, the first ones and the count:
   * {@code [a,b,...,j,...] (20000 values, first 10 shown)}. Bounded like {@link #message} too, for very long values.
   */
  public static String list(List<String> rendered) {
    if (rendered.size() <= VALUES_SHOWN) {
      return message("[" + String.join(",", rendered) + "]");
    }
    return message("[" + String.join(",", rendered.subList(0, VALUES_SHOWN)) + ",...] (" + rendered.size()
        + " values, first " + VALUES_SHOWN + " shown)");
  }

  static String cut(String text, int max) {
    if (text == null || text.length() <= max) {
      return text;
    }
    // The suffix's own length depends on the count it names; size it for the largest count first.
    int keep = max - suffix(text.length()).length();
    if (Character.isHighSurrogate(text.charAt(keep - 1))) {
      keep--; // never split a character in two
    }
    return text.substring(0, keep) + suffix(text.length() - keep);
  }

  private static String suffix(int omitted) {
    return "... (" + omitted + " more characters)";
  }
}
