package dev.sluice.kubectl.view;

import dev.sluice.api.v1alpha1.AnalysisRun;
import dev.sluice.api.v1alpha1.CanaryStatus;
import dev.sluice.api.v1alpha1.GitRevertStatus;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutSpec;
import dev.sluice.api.v1alpha1.RolloutStatus;
import dev.sluice.kubectl.kube.Contract;
import dev.sluice.kubectl.view.RolloutView.AnalysisRunView;
import dev.sluice.kubectl.view.RolloutView.GitRevert;
import dev.sluice.kubectl.view.RolloutView.Manual;
import dev.sluice.kubectl.view.RolloutView.PodView;
import dev.sluice.kubectl.view.RolloutView.Replicas;
import dev.sluice.kubectl.view.RolloutView.Revision;
import dev.sluice.kubectl.view.RolloutView.Weights;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Builds the {@link RolloutView} of a snapshot: a pure function of the objects and the time. */
public final class RolloutViews {
  /** AnalysisRuns shown besides the current ones, newest first. */
  static final int RECENT_ANALYSIS_RUNS = 5;

  private RolloutViews() {
  }

  public static RolloutView of(RolloutSnapshot snapshot, Instant now) {
    Rollout rollout = snapshot.rollout();
    RolloutSpec spec = rollout.getSpec() == null ? new RolloutSpec() : rollout.getSpec();
    RolloutStatus status = rollout.getStatus() == null ? new RolloutStatus() : rollout.getStatus();
    boolean canary = spec.strategy != null && spec.strategy.canary != null;
    boolean blueGreen = spec.strategy != null && spec.strategy.blueGreen != null;
    return new RolloutView(
        rollout.getMetadata().getName(),
        rollout.getMetadata().getNamespace(),
        rollout.getMetadata().getCreationTimestamp(),
        status.phase == null ? null : status.phase.name(),
        status.message,
        observed(rollout),
        canary ? "Canary" : blueGreen ? "BlueGreen" : null,
        canary ? status.currentStepIndex : null,
        canary ? (spec.strategy.canary.steps == null ? 0 : spec.strategy.canary.steps.size()) : null,
        weights(status.canary),
        new Replicas(spec.replicas == null ? 1 : spec.replicas, zero(status.replicas), zero(status.updatedReplicas),
            zero(status.readyReplicas), zero(status.availableReplicas)),
        status.pauseConditions == null ? List.of()
            : status.pauseConditions.stream().map(p -> p.reason == null ? "Paused" : p.reason.name()).toList(),
        manual(rollout, spec, status),
        gitRevert(status.gitRevert),
        revisions(snapshot, spec, status, canary, now),
        analysisRuns(snapshot, status));
  }

  /** Whether the controller has seen the current spec: only then does the status describe it. */
  public static boolean observed(Rollout rollout) {
    Long generation = rollout.getMetadata().getGeneration();
    Long observed = rollout.getStatus() == null ? null : rollout.getStatus().observedGeneration;
    return observed != null && (generation == null || observed >= generation);
  }

  private static Weights weights(CanaryStatus canary) {
    if (canary == null || canary.weights == null) {
      return null;
    }
    CanaryStatus.TrafficWeights w = canary.weights;
    return new Weights(w.canary == null ? null : w.canary.weight, w.stable == null ? null : w.stable.weight, w.verified);
  }

  private static Manual manual(Rollout rollout, RolloutSpec spec, RolloutStatus status) {
    return new Manual(Boolean.TRUE.equals(status.abort), status.abortReason, Boolean.TRUE.equals(status.promoteFull),
        "true".equals(Ownership.annotation(rollout, Contract.PAUSED_ANNOTATION)), Boolean.TRUE.equals(spec.paused),
        Boolean.TRUE.equals(status.revertRequested),
        Ownership.annotation(rollout, Contract.RESTARTED_AT_ANNOTATION));
  }

  private static GitRevert gitRevert(GitRevertStatus revert) {
    if (revert == null) {
      return null;
    }
    return new GitRevert(revert.phase == null ? null : revert.phase.name(), revert.reason, revert.commit, revert.branch,
        revert.revision, revert.attempts, revert.message,
        revert.rejectedRevisions == null ? List.of() : List.copyOf(revert.rejectedRevisions));
  }

  private static List<Revision> revisions(RolloutSnapshot snapshot, RolloutSpec spec, RolloutStatus status, boolean canary,
                                          Instant now) {
    int minReadySeconds = spec.minReadySeconds == null ? 0 : spec.minReadySeconds;
    List<Revision> revisions = new ArrayList<>();
    for (ReplicaSet rs : snapshot.replicaSets()) {
      if (!Ownership.ownedBy(rs, snapshot.rollout())) {
        continue;
      }
      String hash = Ownership.label(rs, Contract.POD_TEMPLATE_HASH);
      List<PodView> pods = snapshot.pods().stream().filter(p -> Ownership.ownedBy(p, rs))
          .map(p -> PodViews.of(p, minReadySeconds, now)).sorted(Comparator.comparing(PodView::name)).toList();
      int desired = rs.getSpec() == null || rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
      var rsStatus = rs.getStatus();
      int current = rsStatus == null ? 0 : zero(rsStatus.getReplicas());
      int ready = rsStatus == null ? 0 : zero(rsStatus.getReadyReplicas());
      int available = rsStatus == null ? 0 : zero(rsStatus.getAvailableReplicas());
      revisions.add(new Revision(hash, roles(hash, status, canary), rs.getMetadata().getName(),
          rs.getMetadata().getCreationTimestamp(), desired, current, ready, available,
          replicaSetStatus(desired, current, available), pods));
    }
    revisions.sort(Comparator.comparingInt((Revision r) -> rank(r, status))
        .thenComparing(Revision::created, Comparator.nullsLast(Comparator.reverseOrder())));
    return revisions;
  }

  static List<String> roles(String hash, RolloutStatus status, boolean canary) {
    if (hash == null) {
      return List.of();
    }
    List<String> roles = new ArrayList<>();
    if (hash.equals(status.stableRS)) {
      roles.add("stable");
    }
    if (canary && hash.equals(status.currentPodHash) && !hash.equals(status.stableRS)) {
      roles.add("canary");
    }
    if (status.blueGreen != null) {
      if (hash.equals(status.blueGreen.activeSelector)) {
        roles.add("active");
      }
      if (hash.equals(status.blueGreen.previewSelector)) {
        roles.add("preview");
      }
    }
    return roles;
  }

  /** The revision the spec asks for first, then the stable one, then older ones newest first. */
  private static int rank(Revision revision, RolloutStatus status) {
    if (revision.hash() != null && revision.hash().equals(status.currentPodHash)) {
      return 0;
    }
    if (revision.hash() != null && revision.hash().equals(status.stableRS)) {
      return 1;
    }
    return 2;
  }

  static String replicaSetStatus(int desired, int current, int available) {
    if (desired == 0 && current == 0) {
      return "ScaledDown";
    }
    return available >= desired && current == desired ? "Healthy" : "Progressing";
  }

  private static List<AnalysisRunView> analysisRuns(RolloutSnapshot snapshot, RolloutStatus status) {
    Set<String> current = new HashSet<>();
    if (status.canary != null) {
      current.add(status.canary.currentStepAnalysisRun);
      current.add(status.canary.currentBackgroundAnalysisRun);
    }
    if (status.blueGreen != null) {
      current.add(status.blueGreen.prePromotionAnalysisRun);
      current.add(status.blueGreen.postPromotionAnalysisRun);
    }
    current.remove(null);
    List<AnalysisRun> runs = snapshot.analysisRuns().stream().filter(r -> Ownership.analysisOf(r, snapshot.rollout()))
        .sorted(Comparator.comparing((AnalysisRun r) -> r.getMetadata().getCreationTimestamp(),
            Comparator.nullsLast(Comparator.reverseOrder())).thenComparing(r -> r.getMetadata().getName()))
        .toList();
    List<AnalysisRunView> views = new ArrayList<>();
    int recent = 0;
    for (AnalysisRun run : runs) {
      boolean isCurrent = current.contains(run.getMetadata().getName());
      if (isCurrent || recent++ < RECENT_ANALYSIS_RUNS) {
        views.add(AnalysisViews.of(run, current));
      }
    }
    return views;
  }

  private static int zero(Integer n) {
    return Objects.requireNonNullElse(n, 0);
  }
}
