package dev.sluice.analysis.args;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code {{args.NAME}}} placeholders in provider fields other than a PromQL query (which has its own escaping rules in
 * {@code PromQlTemplate}): a URL, a header, a request body. The value is placed as it is, as in Argo Rollouts.
 */
public final class Placeholders {
  public static final Pattern ARG = Pattern.compile("\\{\\{\\s*args\\.([A-Za-z0-9_.-]+)\\s*}}");

  private Placeholders() {
  }

  /** Names of the arguments {@code text} uses, in order of first use. */
  public static Set<String> referencedArgs(String text) {
    Set<String> names = new LinkedHashSet<>();
    Matcher m = ARG.matcher(text);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /** {@code text} with every placeholder replaced; throws naming the argument when the run lacks it. */
  public static String render(String field, String text, Map<String, String> args) {
    if (text == null) {
      return null;
    }
    Matcher m = ARG.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = args.get(m.group(1));
      if (value == null) {
        throw new IllegalArgumentException(field + " uses {{args." + m.group(1) + "}} but the run has no argument \""
            + m.group(1) + "\"");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
