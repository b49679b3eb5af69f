package dev.sluice.operator.gitrevert;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.v1alpha1.AnalysisPhase;
import dev.sluice.api.v1alpha1.AnalysisRun;
import dev.sluice.api.v1alpha1.Measurement;
import dev.sluice.api.v1alpha1.MetricResult;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutLabels;
import dev.sluice.gitops.CommitAuthor;
import dev.sluice.operator.rollout.RolePodMetadata;
import dev.sluice.gitops.CommitMode;
import dev.sluice.gitops.GitCredentials;
import dev.sluice.gitops.GitRevertRequest;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the revert request of a Rollout's aborted revision from what the cluster holds: the stable and the aborted
 * revisions' ReplicaSet templates (what was really running, without Sluice's hash label) and the AnalysisRun that
 * failed. Pure: the caller passes the objects.
 */
public final class RevertRequests {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The request cannot be built; the message is safe to show. */
  public static final class Unbuildable extends Exception {
    Unbuildable(String message) {
      super(message);
    }
  }

  private RevertRequests() {
  }

  public static GitRevertRequest build(Rollout rollout, RevertSettings settings, String revision, String stableRevision,
      Collection<ReplicaSet> replicaSets, Collection<AnalysisRun> runs, GitCredentials credentials) throws Unbuildable {
    PodTemplateSpec stable = template(replicaSets, stableRevision)
        .orElseThrow(() -> new Unbuildable("the stable ReplicaSet of revision " + stableRevision + " was not found"));
    PodTemplateSpec bad = template(replicaSets, revision)
        .orElseThrow(() -> new Unbuildable("the ReplicaSet of revision " + revision + " was not found"));
    Optional<AnalysisRun> failed = failedRun(runs, revision);
    MetricResult metric = failed.map(RevertRequests::failedMetric).orElse(null);
    try {
      return GitRevertRequest.builder()
          .repoURL(settings.repoURL()).branch(settings.branch()).path(settings.path())
          .credentials(credentials)
          .author(new CommitAuthor(settings.authorName(), settings.authorEmail()))
          .mode(CommitMode.valueOf(settings.commitMode().name()))
          .rollout(rollout.getMetadata().getNamespace(), rollout.getMetadata().getName())
          .badRevision(revision).stableRevision(stableRevision)
          .templates(stable, bad)
          .analysis(failed.map(r -> r.getMetadata().getName()).orElse(null),
              metric == null ? null : metric.name, metric == null ? null : lastValue(metric))
          .analysisErrored(failed.map(r -> r.getStatus().phase == AnalysisPhase.Error).orElse(false))
          .build();
    } catch (IllegalArgumentException e) {
      throw new Unbuildable(e.getMessage());
    }
  }

  /** The revision's pod template as its ReplicaSet runs it, without the hash label and role metadata Sluice added. */
  static Optional<PodTemplateSpec> template(Collection<ReplicaSet> replicaSets, String hash) {
    return replicaSets.stream()
        .filter(rs -> rs.getMetadata().getLabels() != null && hash.equals(rs.getMetadata().getLabels().get(RolloutLabels.POD_TEMPLATE_HASH)))
        .filter(rs -> rs.getSpec() != null && rs.getSpec().getTemplate() != null)
        .findFirst()
        .map(rs -> {
          PodTemplateSpec copy = JSON.convertValue(rs.getSpec().getTemplate(), PodTemplateSpec.class);
          if (copy.getMetadata() == null) {
            copy.setMetadata(new ObjectMeta());
          }
          if (copy.getMetadata().getLabels() != null) {
            Map<String, String> labels = new HashMap<>(copy.getMetadata().getLabels());
            labels.remove(RolloutLabels.POD_TEMPLATE_HASH);
            copy.getMetadata().setLabels(labels);
          }
          // The role metadata (canaryMetadata, stableMetadata...) is Sluice's, not Git's: never written back.
          RolePodMetadata.stripRole(copy, RolePodMetadata.recorded(rs));
          return copy;
        });
  }

  /** The revision's most recent AnalysisRun that ended Failed, else Error (the evidence comes first). */
  static Optional<AnalysisRun> failedRun(Collection<AnalysisRun> runs, String hash) {
    Optional<AnalysisRun> failed = lastEnded(runs, hash, AnalysisPhase.Failed);
    return failed.isPresent() ? failed : lastEnded(runs, hash, AnalysisPhase.Error);
  }

  private static Optional<AnalysisRun> lastEnded(Collection<AnalysisRun> runs, String hash, AnalysisPhase phase) {
    return runs.stream()
        .filter(r -> r.getMetadata().getLabels() != null && hash.equals(r.getMetadata().getLabels().get(RolloutLabels.POD_TEMPLATE_HASH)))
        .filter(r -> r.getStatus() != null && r.getStatus().phase == phase)
        .max(Comparator.comparing(r -> String.valueOf(r.getMetadata().getCreationTimestamp())));
  }

  static MetricResult failedMetric(AnalysisRun run) {
    if (run.getStatus().metricResults == null) {
      return null;
    }
    return run.getStatus().metricResults.stream()
        .filter(m -> m.phase == AnalysisPhase.Failed || m.phase == AnalysisPhase.Error)
        .findFirst().orElse(null);
  }

  private static String lastValue(MetricResult metric) {
    if (metric.measurements == null || metric.measurements.isEmpty()) {
      return null;
    }
    Measurement last = metric.measurements.get(metric.measurements.size() - 1);
    return last.value != null ? last.value : last.message;
  }
}
