package dev.sluice.analysis.prometheus;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Substitutes {@code {{args.NAME}}} in a PromQL query. Values are escaped for PromQL double-quoted strings (backslash,
 * double quote, newline, carriage return), which is where arguments go in practice: label matchers such as
 * {@code service="{{args.service}}"}. In a regex matcher ({@code =~}) the value is still matched as a regex.
 */
public final class PromQlTemplate {
  private static final Pattern ARG = Pattern.compile("\\{\\{\\s*args\\.([A-Za-z0-9_.-]+)\\s*}}");

  private PromQlTemplate() {
  }

  /** Names of the arguments a query uses, in order of first use. */
  public static Set<String> referencedArgs(String query) {
    Set<String> names = new LinkedHashSet<>();
    Matcher m = ARG.matcher(query);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /** The query with every argument substituted; throws when the query uses an argument {@code args} lacks. */
  public static String render(String query, Map<String, String> args) {
    Matcher m = ARG.matcher(query);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String value = args.get(name);
      if (value == null) {
        throw new IllegalArgumentException("query uses {{args." + name + "}} but the run has no argument \"" + name + "\"");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(escape(value)));
    }
    m.appendTail(out);
    return out.toString();
  }

  static String escape(String value) {
    StringBuilder out = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
