package dev.sluice.operator.notifications;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.v1alpha1.AnalysisPhase;
import dev.sluice.api.v1alpha1.AnalysisRun;
import dev.sluice.api.v1alpha1.Measurement;
import dev.sluice.api.v1alpha1.MetricResult;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutLabels;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a template sees: {@code rollout} (the Rollout as stored, as Argo's templates see it), {@code event} (trigger,
 * reason, message), {@code recipient}, {@code serviceType}, {@code context} (the ConfigMap's), {@code analysis} (the
 * failed metric of the current revision: metric, phase, value, measured (the last values), run, message) and {@code revert} (revision,
 * commit, branch, repoURL, link, releaseCommits, releaseCommit). Missing parts are absent, so {@code {#if analysis}} works. Pure.
 */
public final class NotificationData {
  private static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);
  private static final int MAX_VALUES = 10;
  /** What a trigger's {@code when} reads: what {@link #of} gives templates (recipient and serviceType come later). */
  public static final java.util.Set<String> WHEN_VARIABLES = java.util.Set.of("rollout", "event", "context", "analysis", "revert");

  private NotificationData() {
  }

  public static Map<String, Object> of(Rollout rollout, List<AnalysisRun> runs, NotificationEvent event,
      Map<String, String> context) {
    Map<String, Object> data = new LinkedHashMap<>();
    @SuppressWarnings("unchecked")
    Map<String, Object> asMap = JSON.convertValue(rollout, Map.class);
    data.put("rollout", asMap);
    data.put("event", Map.of("trigger", event.trigger(), "reason", event.reason(), "message", event.message()));
    data.put("context", context);
    Map<String, Object> analysis = failedMetric(rollout, runs);
    if (analysis != null) {
      data.put("analysis", analysis);
    }
    Map<String, Object> revert = revert(rollout);
    if (revert != null) {
      data.put("revert", revert);
    }
    return data;
  }

  /** The failed (else errored) metric of the newest ended AnalysisRun of the current revision. */
  static Map<String, Object> failedMetric(Rollout rollout, List<AnalysisRun> runs) {
    String hash = rollout.getStatus() == null ? null : rollout.getStatus().currentPodHash;
    AnalysisRun run = runs.stream()
        .filter(r -> r.getStatus() != null && (r.getStatus().phase == AnalysisPhase.Failed || r.getStatus().phase == AnalysisPhase.Error))
        .filter(r -> hash == null || r.getMetadata().getLabels() == null
            || hash.equals(r.getMetadata().getLabels().getOrDefault(RolloutLabels.POD_TEMPLATE_HASH, hash)))
        .max(Comparator.comparing(r -> Objects.toString(r.getMetadata().getCreationTimestamp(), "")))
        .orElse(null);
    if (run == null || run.getStatus().metricResults == null) {
      return null;
    }
    MetricResult metric = run.getStatus().metricResults.stream().filter(m -> m.phase == AnalysisPhase.Failed).findFirst()
        .or(() -> run.getStatus().metricResults.stream().filter(m -> m.phase == AnalysisPhase.Error).findFirst())
        .orElse(null);
    if (metric == null) {
      return null;
    }
    List<Measurement> measurements = metric.measurements == null ? List.of() : metric.measurements;
    List<String> values = measurements.stream().map(m -> m.value).filter(Objects::nonNull).toList();
    values = values.subList(Math.max(0, values.size() - MAX_VALUES), values.size());
    Map<String, Object> analysis = new LinkedHashMap<>();
    analysis.put("run", run.getMetadata().getName());
    analysis.put("metric", metric.name);
    analysis.put("phase", String.valueOf(metric.phase));
    analysis.put("value", values.isEmpty() ? "" : values.get(values.size() - 1));
    analysis.put("measured", values);
    analysis.put("message", Objects.toString(metric.message, Objects.toString(run.getStatus().message, "")));
    return analysis;
  }

  static Map<String, Object> revert(Rollout rollout) {
    var status = rollout.getStatus();
    if (status == null || status.gitRevert == null || status.gitRevert.revision == null) {
      return null;
    }
    var record = status.gitRevert;
    String repoURL = rollout.getSpec() == null || rollout.getSpec().gitRevert == null ? null : rollout.getSpec().gitRevert.repoURL;
    Map<String, Object> revert = new LinkedHashMap<>();
    revert.put("phase", String.valueOf(record.phase));
    revert.put("revision", record.revision);
    revert.put("reason", Objects.toString(record.reason, ""));
    revert.put("commit", Objects.toString(record.commit, ""));
    revert.put("branch", Objects.toString(record.branch, ""));
    revert.put("message", Objects.toString(record.message, ""));
    revert.put("repoURL", Objects.toString(repoURL, ""));
    revert.put("link", Objects.toString(CommitLinks.of(repoURL, record.commit), ""));
    List<String> release = record.releaseCommits == null ? List.of() : record.releaseCommits;
    revert.put("releaseCommits", release);
    revert.put("releaseCommit", release.isEmpty() ? "" : release.get(0));
    return revert;
  }
}
