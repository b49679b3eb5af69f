package dev.sluice.traffic.patch;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Reads and writes the objects routers change. {@link #of(KubernetesClient)} is the real one. */
public interface ResourceAccess {
  /** The live object, or null when it does not exist. */
  <T extends HasMetadata> T get(ObjectRef<T> ref);

  /**
   * Sends the JSON Patch under Sluice's field manager and returns the object as stored.
   *
   * @throws dev.sluice.traffic.RouteConflictException when a test operation failed (the object changed since it was read)
   * @throws dev.sluice.traffic.RouteNotFoundException when the object is gone
   * @throws dev.sluice.traffic.InvalidRouteException when the API server rejected the result
   */
  <T extends HasMetadata> T patch(ObjectRef<T> ref, JsonPatch patch);

  /**
   * Creates the object (its name and namespace are ref's) and returns it as stored.
   *
   * @throws dev.sluice.traffic.RouteConflictException when an object of that name already exists
   * @throws dev.sluice.traffic.InvalidRouteException when the API server rejected it
   */
  default <T extends HasMetadata> T create(ObjectRef<T> ref, T object) {
    throw new UnsupportedOperationException("this access only reads and patches");
  }

  /**
   * Deletes the object if it is still at this resourceVersion (a precondition: an object changed or re-created since
   * it was read is left alone); an object already gone is fine.
   *
   * @throws dev.sluice.traffic.RouteConflictException when the object changed since it was read
   */
  default <T extends HasMetadata> void delete(ObjectRef<T> ref, String resourceVersion) {
    throw new UnsupportedOperationException("this access only reads and patches");
  }

  /** The versions of an API group the API server serves, its preferred one first; empty when it serves none. */
  default java.util.List<String> servedVersions(String group) {
    return java.util.List.of();
  }

  static ResourceAccess of(KubernetesClient client) {
    return new KubernetesResourceAccess(client);
  }
}
