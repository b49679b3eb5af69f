package dev.sluice.analysis.args;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Places {@code {{args.NAME}}} in a query written in a language whose strings are double-quoted with backslash escapes
 * (Flux, Wavefront's WQL), so that no argument value can change the query's structure: inside a string the value is
 * escaped for that string; in a comment it may not hold a line break; anywhere else it must be one literal (a number,
 * a duration, a date or time, or a dotted name). A refusal is an {@link IllegalArgumentException} naming the argument,
 * never its value (it may come from a Secret). PromQL has its own rules ({@code PromQlTemplate}).
 */
public final class QueryTemplate {
  private static final Pattern ARG = Pattern.compile("\\{\\{\\s*args\\.([A-Za-z0-9_.-]+)\\s*}}");
  private static final Pattern LITERAL = Pattern.compile(
      "[+-]?(?:[0-9]+(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)"
          + "|[+-]?(?:[0-9]+(?:ns|us|µs|ms|s|m|h|d|w|mo|y))+"
          + "|[0-9]{4}-[0-9]{2}-[0-9]{2}(?:T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\\.[0-9]+)?(?:Z|[+-][0-9]{2}:[0-9]{2}))?"
          + "|[A-Za-z_][A-Za-z0-9_.]*");

  /** The query languages, by what their strings and comments look like. */
  public enum Dialect {
    /** Flux: {@code "..."} with {@code ${...}} interpolation, {@code //} comments. */
    FLUX("Flux", true),
    /** Wavefront query language: {@code "..."} strings, no comments. */
    WQL("WQL", false);

    private final String label;
    private final boolean slashComments;

    Dialect(String label, boolean slashComments) {
      this.label = label;
      this.slashComments = slashComments;
    }
  }

  private enum Context { CODE, STRING, COMMENT }

  private QueryTemplate() {
  }

  /** The query with every argument placed; throws naming an argument the run lacks or one that cannot be placed. */
  public static String render(Dialect dialect, String query, Map<String, String> args) {
    Matcher m = ARG.matcher(query);
    StringBuilder out = new StringBuilder();
    Context context = Context.CODE;
    int scanned = 0;
    while (m.find()) {
      context = advance(dialect, context, query, scanned, m.start());
      scanned = m.end();
      String name = m.group(1);
      String value = args.get(name);
      if (value == null) {
        throw new Refused("query uses {{args." + name + "}} but the run has no argument \"" + name
            + "\"");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(place(dialect, name, value, context)));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static Context advance(Dialect dialect, Context context, String text, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      switch (context) {
        case CODE -> {
          if (c == '"') {
            context = Context.STRING;
          } else if (dialect.slashComments && c == '/' && i + 1 < to && text.charAt(i + 1) == '/') {
            context = Context.COMMENT;
          }
        }
        case STRING -> {
          if (c == '\\') {
            i++; // an escape: the next character cannot close the string
          } else if (c == '"') {
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

  private static String place(Dialect dialect, String name, String value, Context context) {
    return switch (context) {
      case STRING -> escape(dialect, name, value);
      case COMMENT -> {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
          throw refused(dialect, name, "sits in a comment and holds a line break, which would end the comment");
        }
        yield value;
      }
      case CODE -> {
        if (!LITERAL.matcher(value).matches()) {
          throw refused(dialect, name, "sits outside a quoted string, where only a number, a duration, a time or a"
              + " name may stand; quote it in the query (\"{{args." + name + "}}\") or give it such a value");
        }
        yield value;
      }
    };
  }

  private static String escape(Dialect dialect, String name, String value) {
    StringBuilder out = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' || c == '"') {
        out.append('\\').append(c);
      } else if (dialect == Dialect.FLUX && c == '$' && i + 1 < value.length() && value.charAt(i + 1) == '{') {
        out.append("\\$"); // ${ would start an interpolation
      } else if (c == '\n' && dialect == Dialect.FLUX) {
        out.append("\\n");
      } else if (c == '\r' && dialect == Dialect.FLUX) {
        out.append("\\r");
      } else if (c == '\t' && dialect == Dialect.FLUX) {
        out.append("\\t");
      } else if (c < 0x20 || c == 0x7f) {
        throw refused(dialect, name, "holds a control character, which a " + dialect.label + " string cannot hold");
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** True when {@code e} is this class's refusal (safe to show: it names arguments, never values). */
  public static boolean isRefusal(IllegalArgumentException e) {
    return e instanceof Refused;
  }

  private static final class Refused extends IllegalArgumentException {
    Refused(String message) {
      super(message);
    }
  }

  private static IllegalArgumentException refused(Dialect dialect, String name, String why) {
    return new Refused("argument \"" + name + "\" cannot be placed in the " + dialect.label
        + " query safely: it " + why);
  }
}
