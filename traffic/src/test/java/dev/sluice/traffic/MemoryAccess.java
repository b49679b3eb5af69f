package dev.sluice.traffic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.traffic.patch.Json;
import dev.sluice.traffic.patch.JsonPatch;
import dev.sluice.traffic.patch.ObjectRef;
import dev.sluice.traffic.patch.ResourceAccess;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.zjsonpatch.JsonPatchException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Objects kept in memory, written as the API server would: JSON Patches applied whole or not at all, creation refused
 * for a name that exists, deletion refused at another resourceVersion. Records every write.
 */
public final class MemoryAccess implements ResourceAccess {
  private final Map<String, JsonNode> objects = new LinkedHashMap<>();
  public final List<String> writes = new ArrayList<>();
  /** Runs before each creation: a concurrent writer (another reconcile, a person) acting between read and write. */
  public Runnable beforeCreate = () -> { };
  /** What servedVersions answers for every group: the API server's preferred version first. */
  public List<String> served = List.of();
  private long version = 1;

  public <T extends HasMetadata> void put(T object) {
    ObjectNode tree = (ObjectNode) Json.tree(object);
    ObjectNode metadata = (ObjectNode) tree.get("metadata");
    if (!metadata.has("uid")) {
      metadata.put("uid", UUID.randomUUID().toString());
    }
    metadata.put("resourceVersion", Long.toString(version++));
    objects.put(key(object.getKind(), metadata.path("namespace").asText(), metadata.path("name").asText()), tree);
  }

  @Override
  public <T extends HasMetadata> T get(ObjectRef<T> ref) {
    JsonNode tree = objects.get(key(ref));
    return tree == null ? null : Json.read(tree.toString(), ref.type());
  }

  /** The object as stored, with the fields its Java type does not read (what the API server keeps of a patched object). */
  public JsonNode tree(ObjectRef<?> ref) {
    return objects.get(key(ref));
  }

  @Override
  public <T extends HasMetadata> T patch(ObjectRef<T> ref, JsonPatch patch) {
    JsonNode tree = objects.get(key(ref));
    if (tree == null) {
      throw ref.notFound();
    }
    writes.add("patch " + ref.name());
    try {
      JsonNode patched = io.fabric8.zjsonpatch.JsonPatch.apply(Json.tree(patch.operations()), tree);
      ((ObjectNode) patched.get("metadata")).put("resourceVersion", Long.toString(version++));
      objects.put(key(ref), patched);
      return Json.read(patched.toString(), ref.type());
    } catch (JsonPatchException e) {
      throw new RouteConflictException(ref.kind(), ref.namespace(), ref.name(), e);
    }
  }

  @Override
  public <T extends HasMetadata> T create(ObjectRef<T> ref, T object) {
    beforeCreate.run();
    if (objects.containsKey(key(ref))) {
      throw new RouteConflictException(ref.kind(), ref.namespace(), ref.name(), null);
    }
    writes.add("create " + ref.name());
    put(object);
    return get(ref);
  }

  @Override
  public <T extends HasMetadata> void delete(ObjectRef<T> ref, String resourceVersion) {
    JsonNode tree = objects.get(key(ref));
    if (tree == null) {
      return;
    }
    if (!tree.path("metadata").path("resourceVersion").asText().equals(resourceVersion)) {
      throw new RouteConflictException(ref.kind(), ref.namespace(), ref.name(), null);
    }
    writes.add("delete " + ref.name());
    objects.remove(key(ref));
  }

  @Override
  public List<String> servedVersions(String group) {
    return served;
  }

  private static String key(ObjectRef<?> ref) {
    return key(ref.kind(), ref.namespace(), ref.name());
  }

  private static String key(String kind, String namespace, String name) {
    return kind + "/" + namespace + "/" + name;
  }
}
