package dev.sluice.analysis.args;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plain {@code {{args.NAME}}} substitution for analysis fields that are not queries (count, limits, interval,
 * initialDelay; a web metric's URL, headers and body, as Argo Rollouts places them): the value is put in as it is, and
 * the field's own parser then checks the result. Queries go through {@code PromQlTemplate}, which escapes values for
 * PromQL.
 */
public final class ArgTemplate {
  private static final Pattern REFERENCE = Pattern.compile("\\{\\{\\s*args\\.([A-Za-z0-9_.-]+)\\s*}}");

  private ArgTemplate() {
  }

  /** The argument names {@code text} refers to, in order; empty for null. */
  public static Set<String> references(String text) {
    Set<String> names = new LinkedHashSet<>();
    if (text != null) {
      Matcher m = REFERENCE.matcher(text);
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  /** {@code text} with every reference replaced by its value; throws naming the first argument without a value. */
  public static String substitute(String text, Map<String, String> values) throws ArgumentException {
    Matcher m = REFERENCE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        throw new ArgumentException("argument \"" + m.group(1) + "\" has no value here");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** {@link #substitute(String, Map)} for a provider's field: the error names {@code field}; null stays null. */
  public static String substitute(String field, String text, Map<String, String> values) throws ArgumentException {
    if (text == null) {
      return null;
    }
    try {
      return substitute(text, values);
    } catch (ArgumentException e) {
      throw new ArgumentException(field + ": " + e.getMessage());
    }
  }
}
