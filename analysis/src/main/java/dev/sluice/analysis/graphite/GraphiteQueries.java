package dev.sluice.analysis.graphite;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A graphite metric's query as the render API gets it: white space removed (Argo Rollouts' rule, so a target may be
 * written over several lines), {@code {{args.NAME}}} replaced by the value URL-encoded, so an argument cannot add a
 * parameter or a second target.
 */
final class GraphiteQueries {
  private static final Pattern ARG = Pattern.compile("\\{\\{\\s*args\\.([A-Za-z0-9_.-]+)\\s*}}");
  private static final Pattern SPACE = Pattern.compile("\\s+");

  private GraphiteQueries() {
  }

  static String compact(String query) {
    // References keep their inner spaces until placed: "{{ args.x }}" is one reference.
    StringBuilder out = new StringBuilder();
    Matcher m = ARG.matcher(query);
    int at = 0;
    while (m.find()) {
      out.append(SPACE.matcher(query.substring(at, m.start())).replaceAll("")).append(m.group());
      at = m.end();
    }
    return out.append(SPACE.matcher(query.substring(at)).replaceAll("")).toString();
  }

  /** The query string with its arguments placed; throws naming an argument the run lacks. */
  static String render(String query, Map<String, String> args) {
    Matcher m = ARG.matcher(compact(query));
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = args.get(m.group(1));
      if (value == null) {
        throw new IllegalArgumentException("query uses {{args." + m.group(1) + "}} but the run has no argument \""
            + m.group(1) + "\"");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(URLEncoder.encode(value, StandardCharsets.UTF_8)));
    }
    m.appendTail(out);
    return out.toString();
  }
}
