package dev.sluice.analysis.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSONPath subset Argo Rollouts' web metrics use, in Kubernetes' template form ({@code {$.data.ok}}) or bare
 * ({@code $.data.ok}, {@code .data.ok}): member names ({@code .name}, {@code ['name']}), array indexes
 * ({@code [0]}, {@code [-1]}) and wildcards ({@code [*]}, {@code .*}). A path without a wildcard selects one value
 * (or nothing); a path with one selects every match, as a list.
 */
final class JsonPath {
  private sealed interface Step {
  }

  private record Member(String name) implements Step {
  }

  private record Index(int index) implements Step {
  }

  private record Wildcard() implements Step {
  }

  private final String text;
  private final List<Step> steps;
  private final boolean many;

  private JsonPath(String text, List<Step> steps) {
    this.text = text;
    this.steps = List.copyOf(steps);
    this.many = steps.stream().anyMatch(s -> s instanceof Wildcard);
  }

  /** Throws IllegalArgumentException saying what is wrong and where. */
  static JsonPath compile(String text) {
    String path = text.trim();
    if (path.startsWith("{")) {
      if (!path.endsWith("}")) {
        throw new IllegalArgumentException("jsonPath opens { without closing it");
      }
      path = path.substring(1, path.length() - 1).trim();
    }
    if (path.startsWith("$")) {
      path = path.substring(1);
    }
    List<Step> steps = new ArrayList<>();
    int i = 0;
    while (i < path.length()) {
      char c = path.charAt(i);
      if (c == '.') {
        if (path.startsWith("..", i)) {
          throw new IllegalArgumentException("jsonPath: recursive descent (..) is not supported");
        }
        int start = ++i;
        if (i < path.length() && path.charAt(i) == '*') {
          steps.add(new Wildcard());
          i++;
          continue;
        }
        while (i < path.length() && path.charAt(i) != '.' && path.charAt(i) != '[') {
          i++;
        }
        if (i == start) {
          if (start == path.length() && steps.isEmpty()) {
            break; // "{.}" or "$." select the whole document
          }
          throw new IllegalArgumentException("jsonPath: empty member name at position " + start);
        }
        steps.add(new Member(path.substring(start, i)));
      } else if (c == '[') {
        int close = path.indexOf(']', i);
        if (close < 0) {
          throw new IllegalArgumentException("jsonPath: [ at position " + i + " is not closed");
        }
        steps.add(bracket(path.substring(i + 1, close).trim(), i));
        i = close + 1;
      } else if (steps.isEmpty() && i == 0) {
        // "data.ok": a leading member without a dot, as some templates write it.
        path = "." + path;
      } else {
        throw new IllegalArgumentException("jsonPath: unexpected '" + c + "' at position " + i);
      }
    }
    return new JsonPath(text, steps);
  }

  private static Step bracket(String inside, int at) {
    if (inside.equals("*")) {
      return new Wildcard();
    }
    if (inside.length() >= 2 && (inside.startsWith("'") && inside.endsWith("'")
        || inside.startsWith("\"") && inside.endsWith("\""))) {
      return new Member(inside.substring(1, inside.length() - 1));
    }
    try {
      return new Index(Integer.parseInt(inside));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("jsonPath: [" + inside + "] at position " + at
          + " is neither an index, a quoted name nor *; filters and slices are not supported");
    }
  }

  /** The selected value; null when nothing matches. With a wildcard, an array of the matches (possibly empty). */
  JsonNode select(JsonNode root) {
    List<JsonNode> current = List.of(root);
    for (Step step : steps) {
      List<JsonNode> next = new ArrayList<>();
      for (JsonNode node : current) {
        if (step instanceof Member m) {
          JsonNode child = node.isObject() ? node.get(m.name()) : null;
          if (child != null) {
            next.add(child);
          }
        } else if (step instanceof Index ix) {
          if (node.isArray()) {
            int index = ix.index() < 0 ? node.size() + ix.index() : ix.index();
            if (index >= 0 && index < node.size()) {
              next.add(node.get(index));
            }
          }
        } else if (node.isArray() || node.isObject()) {
          node.elements().forEachRemaining(next::add);
        }
      }
      current = next;
    }
    if (many) {
      ArrayNode all = JsonNodeFactory.instance.arrayNode();
      current.forEach(all::add);
      return all;
    }
    return current.isEmpty() ? null : current.get(0);
  }

  @Override
  public String toString() {
    return text;
  }
}
