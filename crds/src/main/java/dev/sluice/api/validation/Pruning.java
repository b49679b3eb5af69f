package dev.sluice.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the API server does to a custom resource before it validates it: it drops every field its structural schema
 * does not declare (and reports each, as an error under kubectl's default --validate=strict, else as a warning), so
 * the schema and the CEL rules see the pruned object. Fields set to null are dropped too. A scalar or list of the
 * wrong type is kept as it is: validation reports it.
 */
final class Pruning {
  /** The fields of ObjectMeta, the only ones kept under the top-level metadata. */
  private static final Set<String> OBJECT_META = Set.of("name", "generateName", "namespace", "selfLink", "uid",
      "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "labels",
      "annotations", "ownerReferences", "finalizers", "managedFields");
  private static final Set<String> TYPE_META = Set.of("apiVersion", "kind");
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** The pruned copy, and one violation per field that was dropped. */
  record Result(JsonNode pruned, List<Violation> unknownFields) {
  }

  private Pruning() {
  }

  static Result prune(JsonNode manifest, JsonNode schema) {
    List<Violation> unknown = new ArrayList<>();
    ObjectNode pruned = NODES.objectNode();
    for (Map.Entry<String, JsonNode> field : manifest.properties()) {
      String name = field.getKey();
      if (TYPE_META.contains(name)) {
        pruned.set(name, field.getValue().deepCopy());
      } else if (name.equals("metadata")) {
        pruned.set(name, pruneMetadata(field.getValue(), unknown));
      } else if (schema.path("properties").has(name)) {
        pruned.set(name, prune(field.getValue(), schema.path("properties").get(name), name, unknown));
      } else {
        unknown.add(unknownField("", name));
      }
    }
    return new Result(pruned, unknown);
  }

  private static JsonNode pruneMetadata(JsonNode metadata, List<Violation> unknown) {
    if (!metadata.isObject()) {
      return metadata.deepCopy();
    }
    ObjectNode kept = NODES.objectNode();
    for (Map.Entry<String, JsonNode> field : metadata.properties()) {
      if (OBJECT_META.contains(field.getKey())) {
        kept.set(field.getKey(), field.getValue().deepCopy());
      } else {
        unknown.add(unknownField("metadata", field.getKey()));
      }
    }
    return kept;
  }

  private static JsonNode prune(JsonNode value, JsonNode schema, String path, List<Violation> unknown) {
    if (value.isArray() && schema.has("items")) {
      ArrayNode kept = NODES.arrayNode();
      for (int i = 0; i < value.size(); i++) {
        kept.add(prune(value.get(i), schema.get("items"), path + "[" + i + "]", unknown));
      }
      return kept;
    }
    if (!value.isObject()) {
      return value.deepCopy();
    }
    // An object where the schema wants something else (maxSurge: {value: 1}) loses every field, as in the API server;
    // validation then reports its type.
    JsonNode properties = schema.path("properties");
    JsonNode additional = schema.get("additionalProperties");
    boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    boolean embedded = schema.path("x-kubernetes-embedded-resource").asBoolean(false);
    ObjectNode kept = NODES.objectNode();
    for (Map.Entry<String, JsonNode> field : value.properties()) {
      String name = field.getKey();
      String fieldPath = path + "." + name;
      if (field.getValue().isNull() && !preserve) {
        // The API server drops a null where the schema does not allow one (none of Sluice's fields is nullable):
        // {setWeight: 20, pause: null} is a step with one action.
        continue;
      }
      if (properties.has(name)) {
        kept.set(name, prune(field.getValue(), properties.get(name), fieldPath, unknown));
      } else if (additional != null && additional.isObject()) {
        kept.set(name, prune(field.getValue(), additional, fieldPath, unknown));
      } else if (preserve || (additional != null && additional.asBoolean(false))
          || (embedded && (TYPE_META.contains(name) || name.equals("metadata")))) {
        kept.set(name, field.getValue().deepCopy());
      } else {
        unknown.add(unknownField(path, name));
      }
    }
    return kept;
  }

  private static Violation unknownField(String path, String name) {
    return new Violation(path.isEmpty() ? name : path + "." + name, "unknown field \"" + name + "\"");
  }
}
