package dev.sluice.operator.rollout;

import dev.sluice.api.v1alpha1.AnalysisPhase;
import dev.sluice.api.v1alpha1.AnalysisRun;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutLabels;
import dev.sluice.api.v1alpha1.RolloutStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * spec.analysis.successfulRunHistoryLimit and unsuccessfulRunHistoryLimit, as Argo Rollouts keeps AnalysisRuns: of the
 * runs the status does not name, newest first, the first N Successful and the first N Failed, Error or Inconclusive
 * are kept (5 each by default), and a run whose revision's ReplicaSet is gone is deleted. Unlike Argo, the runs of the
 * revision being rolled out are all kept: they are its record until the next revision.
 */
final class AnalysisRunRetention {
  static final int DEFAULT_LIMIT = 5;

  private AnalysisRunRetention() {
  }

  /** The names of the owned runs to delete. */
  static List<String> toDelete(Rollout rollout, Collection<AnalysisRun> runs, Collection<ReplicaSet> replicaSets) {
    var history = rollout.getSpec().analysis;
    int successful = history == null || history.successfulRunHistoryLimit == null ? DEFAULT_LIMIT
        : history.successfulRunHistoryLimit;
    int unsuccessful = history == null || history.unsuccessfulRunHistoryLimit == null ? DEFAULT_LIMIT
        : history.unsuccessfulRunHistoryLimit;
    RolloutStatus status = rollout.getStatus();
    Set<String> named = named(status);
    String current = status == null ? null : status.currentPodHash;
    Set<String> revisions = replicaSets.stream().filter(rs -> rs.getMetadata().getDeletionTimestamp() == null)
        .map(rs -> rs.getMetadata().getLabels() == null ? null : rs.getMetadata().getLabels().get(RolloutLabels.POD_TEMPLATE_HASH))
        .filter(Objects::nonNull).collect(Collectors.toSet());
    List<AnalysisRun> candidates = new ArrayList<>(runs.stream()
        .filter(r -> !named.contains(r.getMetadata().getName()))
        .filter(r -> current == null || !current.equals(hash(r)))
        .toList());
    candidates.sort(Comparator.comparing((AnalysisRun r) -> Objects.requireNonNullElse(r.getMetadata().getCreationTimestamp(), ""))
        .thenComparing(r -> r.getMetadata().getName()).reversed());
    List<String> delete = new ArrayList<>();
    int keptSuccessful = 0;
    int keptUnsuccessful = 0;
    for (AnalysisRun run : candidates) {
      AnalysisPhase phase = run.getStatus() == null ? null : run.getStatus().phase;
      if (hash(run) == null || !revisions.contains(hash(run))) {
        delete.add(run.getMetadata().getName());
      } else if (phase == AnalysisPhase.Successful) {
        if (keptSuccessful++ >= successful) {
          delete.add(run.getMetadata().getName());
        }
      } else if (phase == AnalysisPhase.Failed || phase == AnalysisPhase.Error || phase == AnalysisPhase.Inconclusive) {
        if (keptUnsuccessful++ >= unsuccessful) {
          delete.add(run.getMetadata().getName());
        }
      }
    }
    return delete;
  }

  private static String hash(AnalysisRun run) {
    return run.getMetadata().getLabels() == null ? null : run.getMetadata().getLabels().get(RolloutLabels.POD_TEMPLATE_HASH);
  }

  private static Set<String> named(RolloutStatus status) {
    Set<String> names = new HashSet<>();
    if (status == null) {
      return names;
    }
    if (status.canary != null) {
      Stream.of(status.canary.currentStepAnalysisRun, status.canary.currentBackgroundAnalysisRun,
          status.canary.inconclusiveBackgroundRun).filter(Objects::nonNull).forEach(names::add);
    }
    if (status.blueGreen != null) {
      Stream.of(status.blueGreen.prePromotionAnalysisRun, status.blueGreen.postPromotionAnalysisRun)
          .filter(Objects::nonNull).forEach(names::add);
    }
    return names;
  }
}
