package dev.sluice.kubectl.view;

import dev.sluice.api.v1alpha1.AnalysisRun;
import dev.sluice.api.v1alpha1.Rollout;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.List;

/**
 * A Rollout and candidates for the objects around it, as read from the cluster at one moment. The lists may hold
 * unrelated objects of the namespace: {@link RolloutViews} keeps those that belong to the rollout.
 */
public record RolloutSnapshot(Rollout rollout, List<ReplicaSet> replicaSets, List<Pod> pods, List<AnalysisRun> analysisRuns) {
}
