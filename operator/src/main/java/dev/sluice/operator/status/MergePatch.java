package dev.sluice.operator.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * The JSON merge patch (RFC 7396) that turns one document into another: changed and new members, null for removed
 * ones, arrays whole (a merge patch cannot address an element).
 */
final class MergePatch {
  private MergePatch() {
  }

  static JsonNode diff(JsonNode before, JsonNode after) {
    if (before == null || !before.isObject() || after == null || !after.isObject()) {
      return after == null ? JsonNodeFactory.instance.nullNode() : after;
    }
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = after.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      JsonNode old = before.get(field.getKey());
      if (field.getValue().isNull()) {
        if (old != null && !old.isNull()) {
          patch.putNull(field.getKey());
        }
      } else if (old == null || !old.equals(field.getValue())) {
        patch.set(field.getKey(), diff(old, field.getValue()));
      }
    }
    for (Iterator<String> it = before.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!after.has(name) && !before.get(name).isNull()) {
        patch.putNull(name);
      }
    }
    return patch;
  }
}
