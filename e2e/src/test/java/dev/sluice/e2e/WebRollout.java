package dev.sluice.e2e;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;

/** The Rollout "web" of a namespace as kubectl shows it: its status, its ReplicaSets ("web-HASH") and their pods. */
record WebRollout(KubernetesClient client, String namespace) {
  /** Applies a manifest as a GitOps agent would (server-side apply, its own field manager). */
  void apply(String yaml) {
    client.resource(Serialization.unmarshal(yaml, GenericKubernetesResource.class)).inNamespace(namespace)
        .fieldManager("gitops-agent").forceConflicts().serverSideApply();
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> status() {
    GenericKubernetesResource rollout = client.genericKubernetesResources("sluice.dev/v1alpha1", "Rollout")
        .inNamespace(namespace).withName("web").get();
    Object status = rollout.getAdditionalProperties().get("status");
    return status == null ? Map.of() : (Map<String, Object>) status;
  }

  String phase() {
    return (String) status().get("phase");
  }

  /** A status weight: "canary" or "stable" under status.canary.weights; null until there is one. */
  @SuppressWarnings("unchecked")
  Integer weight(String destination) {
    Map<String, Object> canary = (Map<String, Object>) status().get("canary");
    if (canary == null || canary.get("weights") == null) {
      return null;
    }
    Map<String, Object> weight = (Map<String, Object>) ((Map<String, Object>) canary.get("weights")).get(destination);
    return weight == null ? null : ((Number) weight.get("weight")).intValue();
  }

  ReplicaSet replicaSet(String hash) {
    return client.apps().replicaSets().inNamespace(namespace).withName("web-" + hash).get();
  }

  int replicas(String hash) {
    ReplicaSet replicaSet = replicaSet(hash);
    return replicaSet == null ? 0 : replicaSet.getSpec().getReplicas();
  }

  /** The revision's pods that exist and are not terminating. */
  List<Pod> pods(String hash) {
    return client.pods().inNamespace(namespace).withLabel("sluice.dev/pod-template-hash", hash).list().getItems()
        .stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
  }

  /** A person's status patch (promote, abort), as kubectl sluice makes it. */
  void patchStatus(String json) {
    client.genericKubernetesResources("sluice.dev/v1alpha1", "Rollout").inNamespace(namespace).withName("web")
        .subresource("status").patch(new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE).build(), json);
  }
}
