package dev.sluice.kubectl.kube;

import dev.sluice.api.v1alpha1.AnalysisRun;
import dev.sluice.api.v1alpha1.Rollout;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetList;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;

/**
 * The queries for the objects around a rollout, shared by the one-shot read and the watch. They select candidates;
 * owner references and labels decide what belongs to the rollout (RolloutViews). Pods are narrowed by the rollout's
 * selector, which every pod of the rollout matches; ReplicaSets and AnalysisRuns are not, since their labels are the
 * controller's choice.
 */
final class Neighbours {
  private Neighbours() {
  }

  static FilterWatchListDeletable<ReplicaSet, ReplicaSetList, RollableScalableResource<ReplicaSet>> replicaSets(Cluster cluster) {
    return cluster.client().apps().replicaSets().inNamespace(cluster.namespace());
  }

  static FilterWatchListDeletable<Pod, PodList, PodResource> pods(Cluster cluster, Rollout rollout) {
    var pods = cluster.client().pods().inNamespace(cluster.namespace());
    if (rollout.getSpec() != null && rollout.getSpec().selector != null) {
      return pods.withLabelSelector(rollout.getSpec().selector);
    }
    return pods;
  }

  static FilterWatchListDeletable<AnalysisRun, KubernetesResourceList<AnalysisRun>, Resource<AnalysisRun>> analysisRuns(Cluster cluster) {
    return cluster.client().resources(AnalysisRun.class).inNamespace(cluster.namespace());
  }
}
