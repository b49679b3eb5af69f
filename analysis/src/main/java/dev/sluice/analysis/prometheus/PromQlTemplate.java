package dev.sluice.analysis.prometheus;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Substitutes {@code {{args.NAME}}} in a PromQL query so that no argument value can change the query's structure.
 * The template is read with PromQL's lexical rules to learn where each placeholder sits:
 *
 * <ul>
 *   <li>inside a double- or single-quoted string: the value is escaped for that string (backslash, the quote,
 *       control characters), so it stays one string;
 *   <li>inside a backtick raw string, which has no escapes: a value holding a backtick is refused;
 *   <li>inside a {@code #} comment: a value holding a line break is refused;
 *   <li>anywhere else: the value must be a single token (a number, a duration, or a metric/label name); anything else
 *       is refused, since it would be read as PromQL.
 * </ul>
 *
 * A refusal is an {@link IllegalArgumentException} naming the argument, never its value (it may come from a Secret).
 * In a regex matcher ({@code =~}) the value is still matched as a regex.
 */
public final class PromQlTemplate {
  private static final Pattern ARG = Pattern.compile("\\{\\{\\s*args\\.([A-Za-z0-9_.-]+)\\s*}}");
  private static final String DURATION = "(?:[0-9]+(?:ms|[smhdwy]))+";
  /** What may stand outside a string: one number, duration (or subquery range) or identifier, nothing more. */
  private static final Pattern SINGLE_TOKEN = Pattern.compile(
      "[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
          + "|[+-]?(?i:inf|nan)"
          + "|0[xX][0-9a-fA-F]+"
          + "|" + DURATION + "(?::(?:" + DURATION + ")?)?"
          + "|[A-Za-z_:][A-Za-z0-9_:]*");

  /** Where a placeholder sits, by PromQL's lexer. */
  enum Context {
    CODE, DOUBLE_QUOTED, SINGLE_QUOTED, RAW, COMMENT
  }

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

  /**
   * The query with every argument substituted; throws when the query uses an argument {@code args} lacks, or when a
   * value cannot be placed where its placeholder is without changing the query.
   */
  public static String render(String query, Map<String, String> args) {
    Matcher m = ARG.matcher(query);
    StringBuilder out = new StringBuilder();
    Context context = Context.CODE;
    int scanned = 0;
    while (m.find()) {
      context = advance(context, query, scanned, m.start());
      scanned = m.end();
      String name = m.group(1);
      String value = args.get(name);
      if (value == null) {
        throw new IllegalArgumentException("query uses {{args." + name + "}} but the run has no argument \"" + name + "\"");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(place(name, value, context)));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The lexical context after reading {@code text[from, to)} from {@code context}, as PromQL's lexer would. */
  static Context advance(Context context, String text, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      switch (context) {
        case CODE -> {
          switch (c) {
            case '"' -> context = Context.DOUBLE_QUOTED;
            case '\'' -> context = Context.SINGLE_QUOTED;
            case '`' -> context = Context.RAW;
            case '#' -> context = Context.COMMENT;
            default -> {
            }
          }
        }
        case DOUBLE_QUOTED, SINGLE_QUOTED -> {
          char quote = context == Context.DOUBLE_QUOTED ? '"' : '\'';
          if (c == '\\') {
            i++; // an escape: the next character cannot close the string
          } else if (c == quote || c == '\n') {
            context = Context.CODE; // a newline makes the string an error in PromQL; the rest is code again
          }
        }
        case RAW -> {
          if (c == '`') {
            context = Context.CODE;
          }
        }
        case COMMENT -> {
          if (c == '\n' || c == '\r') {
            context = Context.CODE;
          }
        }
      }
    }
    return context;
  }

  static String place(String name, String value, Context context) {
    return switch (context) {
      case DOUBLE_QUOTED -> escape(value, '"');
      case SINGLE_QUOTED -> escape(value, '\'');
      case RAW -> {
        if (value.indexOf('`') >= 0) {
          throw refused(name, "sits in a backtick string and holds a backtick, which such a string cannot escape;"
              + " put {{args." + name + "}} in double quotes instead");
        }
        yield value;
      }
      case COMMENT -> {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
          throw refused(name, "sits in a # comment and holds a line break, which would end the comment");
        }
        yield value;
      }
      case CODE -> {
        if (!value.isEmpty() && !SINGLE_TOKEN.matcher(value).matches()) {
          throw refused(name, "sits outside a quoted string, where only a number, a duration or a metric or label"
              + " name may stand; quote it in the query (\"{{args." + name + "}}\") or give it such a value");
        }
        yield value;
      }
    };
  }

  private static IllegalArgumentException refused(String name, String why) {
    return new IllegalArgumentException("argument \"" + name + "\" cannot be placed in the query safely: it " + why);
  }

  /** {@code value} as the body of a PromQL string opened by {@code quote} ({@code "} or {@code '}). */
  static String escape(String value, char quote) {
    StringBuilder out = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' || c == quote) {
        out.append('\\').append(c);
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c == '\t') {
        out.append("\\t");
      } else if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\x%02x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
