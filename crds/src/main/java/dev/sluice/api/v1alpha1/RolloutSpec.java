package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.strategy.blueGreen) || !has(self.strategy.blueGreen.scaleDownDelayRevisionLimit) "
    + "|| self.strategy.blueGreen.scaleDownDelayRevisionLimit <= (has(self.revisionHistoryLimit) ? self.revisionHistoryLimit : 10)",
    message = "scaleDownDelayRevisionLimit must not exceed revisionHistoryLimit (default 10)",
    fieldPath = ".strategy.blueGreen.scaleDownDelayRevisionLimit")
@ValidationRule(value = "has(self.template) || has(self.workloadRef)",
    message = "a pod template, or a workloadRef naming a Deployment", fieldPath = ".template",
    reason = "FieldValueRequired")
@ValidationRule(value = "!has(self.template) || !has(self.workloadRef)",
    message = "exactly one of template and workloadRef must be set", fieldPath = ".workloadRef",
    reason = "FieldValueInvalid")
@ValidationRule(value = "has(self.selector) || has(self.workloadRef)",
    message = "selector is required unless workloadRef gives the Deployment's", fieldPath = ".selector",
    reason = "FieldValueRequired")
public class RolloutSpec {
  /** RFC 3339 date-time with seconds, optional fraction and a Z or numeric offset. */
  public static final String RESTART_AT_PATTERN =
      "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$";

  @SpecReplicas
  @Min(0)
  @JsonPropertyDescription("Number of desired pods. Defaults to 1.")
  public Integer replicas;

  @JsonPropertyDescription("Label selector for pods; must match the template's labels. With workloadRef it defaults to "
      + "the Deployment's.")
  public LabelSelector selector;

  @JsonPropertyDescription("The pod template released by this Rollout; exactly one of template and workloadRef.")
  public PodTemplateSpec template;

  @JsonPropertyDescription("A Deployment whose pod template (and selector, without one here) this Rollout releases; "
      + "a change of the Deployment's template is a new revision.")
  public WorkloadRef workloadRef;

  @Min(0)
  public Integer minReadySeconds;

  @Min(0)
  @JsonPropertyDescription("Old ReplicaSets kept scaled to zero. Defaults to 10.")
  public Integer revisionHistoryLimit;

  @Min(1)
  @JsonPropertyDescription("Seconds without progress before Progressing=False (ProgressDeadlineExceeded). Defaults to 600.")
  public Integer progressDeadlineSeconds;

  @JsonPropertyDescription("Abort the rollout when the progress deadline is exceeded.")
  public Boolean progressDeadlineAbort;

  @JsonPropertyDescription("How many finished AnalysisRuns of past revisions are kept.")
  public AnalysisRunHistory analysis;

  @JsonPropertyDescription("Rollbacks to recent revisions skip steps and analysis.")
  public RollbackWindow rollbackWindow;

  @JsonPropertyDescription("Pause the rollout where it stands.")
  public Boolean paused;

  // Argo Rollouts' field (its kubectl plugin and Argo CD's restart action set it); a pattern rather than a format so
  // that lint and the API server refuse the same values with the same message.
  @io.fabric8.generator.annotation.Pattern(RESTART_AT_PATTERN)
  @JsonPropertyDescription("Restart every pod created before this RFC 3339 time (e.g. 2026-03-30T21:19:35Z): they are "
      + "replaced a few at a time (maxUnavailable, at least one) by pods of the same revision; status.restartedAt "
      + "records it once done. A time in the future schedules the restart.")
  public String restartAt;

  @Required
  public RolloutStrategy strategy;

  @JsonPropertyDescription("Write a Git revert commit when an analysis aborts this rollout.")
  public GitRevert gitRevert;
}
