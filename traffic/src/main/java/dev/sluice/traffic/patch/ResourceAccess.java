package dev.sluice.traffic.patch;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Reads and patches the objects routers change. {@link #of(KubernetesClient)} is the real one. */
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

  static ResourceAccess of(KubernetesClient client) {
    return new KubernetesResourceAccess(client);
  }
}
