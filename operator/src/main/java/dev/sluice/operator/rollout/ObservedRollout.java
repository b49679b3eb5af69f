package dev.sluice.operator.rollout;

import dev.sluice.api.v1alpha1.AnalysisRun;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutLabels;
import dev.sluice.operator.plan.Revision;
import dev.sluice.operator.plan.RunState;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** What a reconcile read from the informer caches, keyed the way the planners and the actions need it. */
record ObservedRollout(Map<String, ReplicaSet> replicaSets, Map<String, Revision> revisions, Map<String, RunState> runs,
    Map<String, Service> services, boolean pausedByAnnotation) {

  static ObservedRollout of(Rollout rollout, Set<ReplicaSet> ownedReplicaSets, Set<AnalysisRun> ownedRuns, Set<Service> services) {
    Map<String, ReplicaSet> replicaSets = new HashMap<>();
    Map<String, Revision> revisions = new HashMap<>();
    for (ReplicaSet replicaSet : ownedReplicaSets) {
      Revision revision = RevisionReplicaSets.view(replicaSet);
      if (revision != null) {
        replicaSets.put(revision.hash(), replicaSet);
        revisions.put(revision.hash(), revision);
      }
    }
    Map<String, RunState> runs = ownedRuns.stream().collect(Collectors.toMap(r -> r.getMetadata().getName(),
        r -> new RunState(r.getMetadata().getName(), r.getStatus() == null ? null : r.getStatus().phase, RunSummary.of(r))));
    Map<String, Service> servicesByName = services.stream().collect(Collectors.toMap(s -> s.getMetadata().getName(), s -> s));
    boolean paused = rollout.getMetadata().getAnnotations() != null
        && "true".equals(rollout.getMetadata().getAnnotations().get(RolloutLabels.PAUSED));
    return new ObservedRollout(replicaSets, revisions, runs, servicesByName, paused);
  }

  /** The Rollout's pod selector in string form, for the scale subresource. */
  static String selectorString(Rollout rollout) {
    var labels = rollout.getSpec().selector.getMatchLabels();
    return labels == null ? null : labels.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
  }
}
