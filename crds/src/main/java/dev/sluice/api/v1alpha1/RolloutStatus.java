package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;
import java.util.ArrayList;
import java.util.List;

/**
 * What the controller observed and decided. abort, promoteFull and pauseConditions are also the manual
 * controls: a person (or the kubectl plugin) patches them through the status subresource, never the spec.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RolloutStatus {
  public Long observedGeneration;
  public RolloutPhase phase;
  public String message;

  public Integer currentStepIndex;
  @JsonPropertyDescription("Pod template hash of the revision the spec asks for.")
  public String currentPodHash;
  @JsonPropertyDescription("Pod template hash of the stable revision.")
  public String stableRS;

  @JsonPropertyDescription("When the rollout last made progress; progressDeadlineSeconds counts from here.")
  public String progressedAt;

  @StatusReplicas
  public Integer replicas;
  public Integer updatedReplicas;
  public Integer readyReplicas;
  public Integer availableReplicas;

  @LabelSelector
  @JsonPropertyDescription("The pod selector in string form, for the scale subresource.")
  public String selector;

  public CanaryStatus canary;
  public BlueGreenStatus blueGreen;

  public List<PauseCondition> pauseConditions;
  @JsonPropertyDescription("True while a pause the controller added is in force; its pauseConditions cleared by a person then means promote.")
  public Boolean controllerPause;

  @JsonPropertyDescription("Set to true to abort the rollout; set back to false to retry.")
  public Boolean abort;
  public String abortedAt;
  @JsonPropertyDescription("Why the rollout was aborted: Manual, Analysis or ProgressDeadline.")
  public String abortReason;
  @JsonPropertyDescription("Set to true to skip the remaining steps.")
  public Boolean promoteFull;

  @JsonPropertyDescription("Set to true together with abort to also write the Git revert of the aborted release (spec.gitRevert); cleared on retry.")
  public Boolean revertRequested;

  public GitRevertStatus gitRevert;

  @JsonPropertyDescription("The last restart (spec.restartAt or the annotation sluice.dev/restartedAt) the controller completed: every pod "
      + "created before it was replaced.")
  public String restartedAt;

  public List<Condition> conditions = new ArrayList<>();
}
