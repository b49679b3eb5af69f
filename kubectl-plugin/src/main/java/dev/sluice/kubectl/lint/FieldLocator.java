package dev.sluice.kubectl.lint;

import java.util.ArrayList;
import java.util.List;

/**
 * Maps a field path as the validator names it (spec.strategy.canary.steps[0].setWeight, ...headers[x-user]) to the
 * line of that field, or of its nearest ancestor present in the document (a missing required field points at its
 * parent), or of the document's start.
 */
public final class FieldLocator {
  private FieldLocator() {
  }

  public static int line(Located document, String path) {
    Located here = document;
    for (String segment : segments(path)) {
      Located next = step(here, segment);
      if (next == null) {
        break;
      }
      here = next;
    }
    return here.line;
  }

  private static Located step(Located here, String segment) {
    if (!here.items.isEmpty() && segment.chars().allMatch(Character::isDigit) && !segment.isEmpty()) {
      int index = Integer.parseInt(segment);
      return index < here.items.size() ? here.items.get(index) : null;
    }
    return here.fields.get(segment);
  }

  /** "a.b[0].c[key.with.dots]" -> a, b, 0, c, key.with.dots */
  static List<String> segments(String path) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '.') {
        flush(out, current);
      } else if (c == '[') {
        flush(out, current);
        int end = path.indexOf(']', i);
        if (end < 0) {
          end = path.length();
        }
        out.add(path.substring(i + 1, end));
        i = end;
      } else {
        current.append(c);
      }
    }
    flush(out, current);
    return out;
  }

  private static void flush(List<String> out, StringBuilder current) {
    if (current.length() > 0) {
      out.add(current.toString());
      current.setLength(0);
    }
  }
}
