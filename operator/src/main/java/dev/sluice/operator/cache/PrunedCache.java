package dev.sluice.operator.cache;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Informer caches that hold what Sluice reads of an object, not the API server's bookkeeping about who wrote it.
 *
 * <p>kubectl's last-applied annotation is often larger than the rest of a Service or a ReplicaSet, and every cached
 * object would keep it for as long as it lives. Sluice never reads it, and writes these objects only with merge
 * patches, so a pruned cached copy is never written back: the live object keeps it. (managedFields, larger still,
 * are never bound at all: {@link WithoutManagedFields}.)
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

  /**
   * A store of ReplicaSets without their pod template's spec (containers, volumes...), most of each object. The
   * readers of cached ReplicaSets need the metadata, the replicas, the selector, the status and the template's
   * metadata (role labels and annotations, RolePodMetadata); only the Git revert needs a whole template, and reads
   * the two ReplicaSets it writes back from the API server (gitrevert.RevisionTemplates).
   */
  public static ItemStore<ReplicaSet> replicaSetStore() {
    return new TransformingItemStore<>(replicaSet -> withoutPodSpec(prune(replicaSet)));
  }

  /**
   * A store of Services with only the selector of their spec: the Service informer caches every Service of the
   * cluster, and Sluice reads of them their names (RolloutValidator) and selectors (PlanActions), which it then
   * merge-patches.
   */
  public static ItemStore<Service> serviceStore() {
    return new TransformingItemStore<>(service -> selectorOnly(prune(service)));
  }

  static ReplicaSet withoutPodSpec(ReplicaSet replicaSet) {
    if (replicaSet.getSpec() != null && replicaSet.getSpec().getTemplate() != null) {
      replicaSet.getSpec().getTemplate().setSpec(null);
    }
    return replicaSet;
  }

  static Service selectorOnly(Service service) {
    if (service.getSpec() != null) {
      ServiceSpec kept = new ServiceSpec();
      kept.setSelector(service.getSpec().getSelector());
      service.setSpec(kept);
    }
    return service;
  }

  static <R extends HasMetadata> R prune(R resource) {
    ObjectMeta metadata = resource.getMetadata();
    if (metadata == null) {
      return resource;
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
