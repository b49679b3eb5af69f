package dev.sluice.gitops;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A path to a value inside a pod template, or inside a YAML document: mapping keys, plus list entries written
 * {@code [name=app]} when the entry is a mapping with a {@code name} (containers, env vars, ports...) and
 * {@code [3]} otherwise. YAML node paths use the same tokens, so a pod template field can be looked up in a
 * manifest and compared with a path found there.
 */
public record FieldPath(List<String> tokens) {

  public FieldPath {
    tokens = List.copyOf(tokens);
  }

  public static FieldPath of(String... tokens) {
    return new FieldPath(List.of(tokens));
  }

  /** Parses the display form, e.g. {@code spec.containers[name=app].image}; keys must not contain dots. */
  public static FieldPath parse(String path) {
    Objects.requireNonNull(path, "path");
    List<String> tokens = new ArrayList<>();
    for (String part : path.split("\\.")) {
      int bracket = part.indexOf('[');
      String key = bracket < 0 ? part : part.substring(0, bracket);
      if (!key.isEmpty()) {
        tokens.add(key);
      }
      while (bracket >= 0) {
        int close = part.indexOf(']', bracket);
        if (close < 0) {
          throw new IllegalArgumentException("unbalanced [ in field path: " + path);
        }
        tokens.add(part.substring(bracket, close + 1));
        bracket = part.indexOf('[', close);
      }
    }
    if (tokens.isEmpty()) {
      throw new IllegalArgumentException("empty field path");
    }
    return new FieldPath(tokens);
  }

  public static String named(String name) {
    return "[name=" + name + "]";
  }

  public static String index(int index) {
    return "[" + index + "]";
  }

  public static boolean isListToken(String token) {
    return token.startsWith("[") && token.endsWith("]");
  }

  /** The name inside a {@code [name=...]} token, or null. */
  public static String nameOf(String token) {
    return token.startsWith("[name=") && token.endsWith("]") ? token.substring(6, token.length() - 1) : null;
  }

  public FieldPath child(String token) {
    List<String> next = new ArrayList<>(tokens);
    next.add(token);
    return new FieldPath(next);
  }

  public FieldPath prefixedBy(FieldPath prefix) {
    List<String> next = new ArrayList<>(prefix.tokens);
    next.addAll(tokens);
    return new FieldPath(next);
  }

  public String last() {
    return tokens.get(tokens.size() - 1);
  }

  public int size() {
    return tokens.size();
  }

  /** Number of trailing tokens this path shares with {@code other}. */
  public int commonSuffixLength(FieldPath other) {
    int n = 0;
    while (n < tokens.size() && n < other.tokens.size()
        && tokens.get(tokens.size() - 1 - n).equals(other.tokens.get(other.tokens.size() - 1 - n))) {
      n++;
    }
    return n;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    for (String token : tokens) {
      if (!isListToken(token) && out.length() > 0) {
        out.append('.');
      }
      out.append(token);
    }
    return out.toString();
  }
}
