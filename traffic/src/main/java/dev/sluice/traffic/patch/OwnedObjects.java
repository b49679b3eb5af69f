package dev.sluice.traffic.patch;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Plans the writes of an {@link OwnedObjectChange}: ownership, and the patch from the live object to the desired one.
 * Other controllers may annotate an object Sluice owns (ingress controllers, cost tools): Sluice records the keys of the
 * annotations it set in {@value #MANAGED_ANNOTATIONS}, and removes only those of them it no longer wants.
 */
final class OwnedObjects {
  static final String MANAGED_ANNOTATIONS = "sluice.dev/managed-annotations";

  private OwnedObjects() {
  }

  /** Whether owner is the live object's controller (its ownerReference with controller: true). */
  static boolean controlledBy(HasMetadata live, OwnerReference owner) {
    return live.getMetadata().getOwnerReferences() != null && live.getMetadata().getOwnerReferences().stream()
        .anyMatch(o -> Boolean.TRUE.equals(o.getController()) && Objects.equals(o.getUid(), owner.getUid()));
  }

  /** The desired object named as ref, with owner as its only ownerReference, ready to create. */
  static <T extends HasMetadata> T forCreation(ObjectRef<T> ref, T desired, OwnerReference owner) {
    T object = Json.copy(desired);
    object.getMetadata().setName(ref.name());
    object.getMetadata().setNamespace(ref.namespace());
    object.getMetadata().setOwnerReferences(List.of(owner));
    object.getMetadata().setAnnotations(withRecord(desired.getMetadata().getAnnotations()));
    object.getMetadata().setResourceVersion(null);
    object.getMetadata().setUid(null);
    return object;
  }

  /**
   * Spec replaced as a whole when it differs; labels and Sluice's annotations set or removed one by one, the others
   * left alone. Guarded by the uid read, so that an object re-created meanwhile fails the patch instead of being changed.
   */
  static JsonPatch update(HasMetadata live, HasMetadata desired) {
    JsonPatch patch = new JsonPatch();
    patch.test(JsonPatch.path("metadata", "uid"), live.getMetadata().getUid());
    JsonNode liveSpec = Json.tree(live).get("spec");
    JsonNode desiredSpec = Json.tree(desired).get("spec");
    if (desiredSpec != null && !(JsonSubset.contains(liveSpec, desiredSpec) && JsonSubset.contains(desiredSpec, liveSpec))) {
      patch.set(JsonPatch.path("spec"), desiredSpec, liveSpec != null);
    }
    entries(patch, "labels", live.getMetadata().getLabels(), desired.getMetadata().getLabels(), Set.of());
    Map<String, String> liveAnnotations = live.getMetadata().getAnnotations();
    entries(patch, "annotations", liveAnnotations, withRecord(desired.getMetadata().getAnnotations()),
        recorded(liveAnnotations));
    return patch;
  }

  /** The desired annotations and the record of their keys. */
  private static Map<String, String> withRecord(Map<String, String> annotations) {
    Map<String, String> all = new HashMap<>(annotations == null ? Map.of() : annotations);
    all.remove(MANAGED_ANNOTATIONS);
    all.put(MANAGED_ANNOTATIONS, new TreeSet<>(all.keySet()).stream().collect(Collectors.joining(",")));
    return all;
  }

  private static Set<String> recorded(Map<String, String> annotations) {
    String record = annotations == null ? null : annotations.get(MANAGED_ANNOTATIONS);
    return record == null || record.isEmpty() ? Set.of() : new TreeSet<>(Arrays.asList(record.split(",")));
  }

  /** Sets the desired entries; removes the live ones that are owned (set by Sluice before) and no longer desired. */
  private static void entries(JsonPatch patch, String member, Map<String, String> live, Map<String, String> desired,
      Set<String> owned) {
    Map<String, String> have = live == null ? Map.of() : live;
    Map<String, String> want = desired == null ? Map.of() : new TreeMap<>(desired);
    if (live == null && !want.isEmpty()) {
      patch.add(JsonPatch.path("metadata", member), want);
      return;
    }
    for (Map.Entry<String, String> entry : want.entrySet()) {
      String value = have.get(entry.getKey());
      if (!entry.getValue().equals(value)) {
        patch.set(JsonPatch.path("metadata", member, entry.getKey()), entry.getValue(), have.containsKey(entry.getKey()));
      }
    }
    for (String key : new TreeMap<>(have).keySet()) {
      if (!want.containsKey(key) && owned.contains(key)) {
        patch.test(JsonPatch.path("metadata", member, key), have.get(key));
        patch.remove(JsonPatch.path("metadata", member, key));
      }
    }
  }
}
