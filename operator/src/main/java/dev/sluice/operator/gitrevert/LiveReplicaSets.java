package dev.sluice.operator.gitrevert;

import dev.sluice.api.v1alpha1.RolloutLabels;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The ReplicaSets of the revisions a revert writes back, read whole from the API server: the informer's cache keeps
 * ReplicaSets without their pod template's spec (PrunedCache#replicaSetStore), which a revert is the only one to read.
 */
final class LiveReplicaSets {
  private LiveReplicaSets() {
  }

  /** The cached ReplicaSets of those revisions (hash labels), as the API server holds them now; gone ones left out. */
  static List<ReplicaSet> of(KubernetesClient client, Collection<ReplicaSet> cached, Set<String> hashes) {
    return cached.stream()
        .filter(rs -> rs.getMetadata().getLabels() != null
            && hashes.contains(rs.getMetadata().getLabels().get(RolloutLabels.POD_TEMPLATE_HASH)))
        .map(rs -> client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace())
            .withName(rs.getMetadata().getName()).get())
        .filter(Objects::nonNull)
        .toList();
  }
}
