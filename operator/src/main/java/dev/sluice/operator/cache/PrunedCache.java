package dev.sluice.operator.cache;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Informer caches that hold what Sluice reads of an object, not the API server's bookkeeping about who wrote it.
 *
 * <p>managedFields and kubectl's last-applied annotation are often larger than the rest of a Service or a
 * ReplicaSet, and every cached object keeps them for as long as it lives. Sluice never reads either, and writes
 * these objects only with merge patches, so a pruned cached copy is never written back: the live object keeps both.
 * The same holds for the controllers' own caches of Rollouts (their status is merge-patched) and AnalysisRuns
 * (their status is written through the status subresource, where the API server ignores the metadata sent).
 */
public final class PrunedCache {
  static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  private PrunedCache() {
  }

  /** A store for an informer whose objects are pruned before they are cached. */
  public static <R extends HasMetadata> ItemStore<R> store() {
    return new PrunedStore<>();
  }

  static <R extends HasMetadata> R prune(R resource) {
    ObjectMeta metadata = resource.getMetadata();
    if (metadata == null) {
      return resource;
    }
    if (metadata.getManagedFields() != null && !metadata.getManagedFields().isEmpty()) {
      metadata.setManagedFields(null);
    }
    Map<String, String> annotations = metadata.getAnnotations();
    if (annotations != null && annotations.containsKey(LAST_APPLIED)) {
      Map<String, String> kept = new LinkedHashMap<>(annotations);
      kept.remove(LAST_APPLIED);
      metadata.setAnnotations(kept);
    }
    return resource;
  }
}
