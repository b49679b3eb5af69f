package dev.sluice.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON answer as conditions read it, the same for every provider whose results have fields (New Relic's rows, a web
 * server's document): numbers as Double (JSON has one number type, as Go's float64 in Argo Rollouts), text as String,
 * true/false as Boolean, objects as maps of their members and arrays as lists. {@code null} members and elements are
 * left out, so a condition reading one is an error naming the missing field rather than a comparison with nothing.
 * Nesting deeper than {@link #MAX_DEPTH} is kept as its JSON text, so a pathological answer cannot make a deep tree.
 */
public final class JsonValues {
  /** Deeper than any metric answer needs (NRQL's percentile and histogram fields are two levels). */
  static final int MAX_DEPTH = 8;

  private JsonValues() {
  }

  /** The value of {@code node}; null for JSON null, a missing node or Java null. */
  public static Object of(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode() ? null : value(node, 0);
  }

  private static Object value(JsonNode node, int depth) {
    if (node.isNumber()) {
      return node.asDouble();
    }
    if (node.isTextual()) {
      return node.asText();
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    if (depth >= MAX_DEPTH) {
      return node.toString();
    }
    if (node.isArray()) {
      List<Object> out = new ArrayList<>(node.size());
      node.forEach(n -> {
        if (!n.isNull()) {
          out.add(value(n, depth + 1));
        }
      });
      return out;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (!field.getValue().isNull()) {
        out.put(field.getKey(), value(field.getValue(), depth + 1));
      }
    }
    return out;
  }
}
