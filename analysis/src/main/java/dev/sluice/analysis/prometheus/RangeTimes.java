package dev.sluice.analysis.prometheus;

import dev.sluice.api.v1alpha1.Durations;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a range query's {@code start} or {@code end} as an offset from now, in either form:
 * <ul>
 *   <li>Sluice's: {@code now}, {@code now-5m}, {@code now-1h-30m};</li>
 *   <li>Argo Rollouts' (its expression language): {@code now()}, {@code now() - duration("5m")},
 *       {@code now() - duration("1h") + duration('30m')}. Durations are Sluice's ({@code ms}, {@code s}, {@code m},
 *       {@code h}, combined as in {@code 1h30m}); Argo's {@code date(...)} is not supported.</li>
 * </ul>
 * {@code {{args.NAME}}} is replaced before this is called.
 */
public final class RangeTimes {
  private static final Pattern SLUICE = Pattern.compile("^now(-[^-]+)*$");
  private static final Pattern ARGO_NOW = Pattern.compile("^\\s*now\\(\\s*\\)");
  private static final Pattern ARGO_TERM =
      Pattern.compile("\\G\\s*([-+])\\s*duration\\(\\s*(?:\"([^\"]*)\"|'([^']*)'|`([^`]*)`)\\s*\\)");

  private RangeTimes() {
  }

  /** The signed offset from now; throws naming {@code field} and the accepted forms when the text is neither. */
  public static Duration offset(String field, String text) {
    if (text == null) {
      throw invalid(field, null);
    }
    if (SLUICE.matcher(text).matches()) {
      return sluiceOffset(field, text);
    }
    Matcher now = ARGO_NOW.matcher(text);
    if (!now.find()) {
      throw invalid(field, text);
    }
    Duration total = Duration.ZERO;
    int at = now.end();
    Matcher term = ARGO_TERM.matcher(text);
    while (at < text.length() && term.find(at) && term.start() == at) {
      String duration = term.group(2) != null ? term.group(2) : term.group(3) != null ? term.group(3) : term.group(4);
      Duration value;
      try {
        value = Durations.parse(duration);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("rangeQuery." + field + ": " + e.getMessage());
      }
      total = term.group(1).equals("-") ? total.minus(value) : total.plus(value);
      at = term.end();
    }
    if (!text.substring(at).isBlank()) {
      throw invalid(field, text);
    }
    return total;
  }

  private static Duration sluiceOffset(String field, String text) {
    Duration total = Duration.ZERO;
    String rest = text.substring(3);
    if (rest.isEmpty()) {
      return total;
    }
    for (String part : rest.substring(1).split("-")) {
      try {
        total = total.minus(Durations.parse(part));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("rangeQuery." + field + ": " + e.getMessage());
      }
    }
    return total;
  }

  private static IllegalArgumentException invalid(String field, String text) {
    return new IllegalArgumentException("rangeQuery." + field + " must be \"now\", \"now-<duration>\" or Argo's"
        + " now() - duration(\"<duration>\"), got " + (text == null ? "nothing" : "\"" + text + "\""));
  }
}
