package dev.sluice.kubectl.kube;

import dev.sluice.api.v1alpha1.RolloutLabels;

/**
 * Labels and annotations the plugin reads or writes beyond the API classes: the names the controller sets and
 * honours, from {@link RolloutLabels} (kubectl-plugin/README.md, "The contract with the controller").
 */
public final class Contract {
  /** On a revision's ReplicaSet and its pods (and optionally an AnalysisRun): the revision's pod template hash. */
  public static final String POD_TEMPLATE_HASH = RolloutLabels.POD_TEMPLATE_HASH;
  /** On every AnalysisRun a rollout starts, with the rollout's name (besides an owner reference to the Rollout). */
  public static final String ROLLOUT_LABEL = RolloutLabels.ROLLOUT;
  /** On a Rollout: "true" pauses it, like spec.paused (which belongs to Git). Set by pause, removed by resume. */
  public static final String PAUSED_ANNOTATION = RolloutLabels.PAUSED;
  /** On a Rollout: an RFC 3339 time; pods created before it are restarted. Set by restart. */
  public static final String RESTARTED_AT_ANNOTATION = RolloutLabels.RESTARTED_AT;

  private Contract() {
  }
}
