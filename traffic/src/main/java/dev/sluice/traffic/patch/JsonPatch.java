package dev.sluice.traffic.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * An RFC 6902 JSON Patch. Its {@code test} operations are sent first and must all refer to the object as it was
 * read (so to indexes before any removal); the changes follow in the order they were added. The API server applies
 * the whole patch or nothing: one failed test leaves the object untouched.
 */
public final class JsonPatch {
  private final List<ObjectNode> tests = new ArrayList<>();
  private final List<ObjectNode> changes = new ArrayList<>();

  /** A JSON pointer from unescaped segments, e.g. {@code path("spec", "subsets", 0, "labels", "a/b")}. */
  public static String path(Object... segments) {
    StringBuilder pointer = new StringBuilder();
    for (Object segment : segments) {
      pointer.append('/').append(String.valueOf(segment).replace("~", "~0").replace("/", "~1"));
    }
    return pointer.toString();
  }

  public JsonPatch test(String path, Object value) {
    tests.add(op("test", path).set("value", Json.tree(value)));
    return this;
  }

  public JsonPatch add(String path, Object value) {
    changes.add(op("add", path).set("value", Json.tree(value)));
    return this;
  }

  public JsonPatch replace(String path, Object value) {
    changes.add(op("replace", path).set("value", Json.tree(value)));
    return this;
  }

  /** Replace when the member was present in what was read, add otherwise (replace fails on a missing member). */
  public JsonPatch set(String path, Object value, boolean present) {
    return present ? replace(path, value) : add(path, value);
  }

  public JsonPatch remove(String path) {
    changes.add(op("remove", path));
    return this;
  }

  /** True when applying it would change nothing: there is nothing to send. */
  public boolean changesNothing() {
    return changes.isEmpty();
  }

  public List<JsonNode> operations() {
    List<JsonNode> all = new ArrayList<>(tests);
    all.addAll(changes);
    return all;
  }

  public String toJson() {
    return JsonNodeFactory.instance.arrayNode().addAll(operations()).toString();
  }

  @Override
  public String toString() {
    return toJson();
  }

  private static ObjectNode op(String op, String path) {
    return JsonNodeFactory.instance.objectNode().put("op", op).put("path", path);
  }
}
