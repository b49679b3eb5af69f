package dev.sluice.operator.rollout;

import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/** A Rollout as the API server stores it after a status write, built from the copy the write was decided on. */
final class StoredRollout {
  private StoredRollout() {
  }

  /**
   * The cached Rollout with the status written and the answer's resourceVersion: a status write changes nothing else
   * the controller reads (not the spec, nor the generation). The spec is shared with the cached copy, which no one
   * changes.
   */
  static Rollout withStatus(Rollout cached, RolloutStatus status, String resourceVersion) {
    Rollout stored = new Rollout();
    stored.setMetadata(new ObjectMetaBuilder(cached.getMetadata()).withResourceVersion(resourceVersion).build());
    stored.setSpec(cached.getSpec());
    stored.setStatus(status);
    return stored;
  }
}
