package dev.sluice.kubectl.kube;

import dev.sluice.api.v1alpha1.RolloutLabels;

/**
 * Labels and annotations the plugin reads or writes beyond the API classes. The controller must set and honour the
 * same names (kubectl-plugin/README.md, "The contract with the controller"); they belong in
 * {@link RolloutLabels} once the controller uses them.
 */
public final class Contract {
  /** On a revision's ReplicaSet and its pods (and optionally an AnalysisRun): the revision's pod template hash. */
  public static final String POD_TEMPLATE_HASH = RolloutLabels.POD_TEMPLATE_HASH;
  /** On every AnalysisRun a rollout starts, with the rollout's name (besides an owner reference to the Rollout). */
  public static final String ROLLOUT_LABEL = "sluice.dev/rollout";
  /** On a Rollout: "true" pauses it, like spec.paused (which belongs to Git). Set by pause, removed by resume. */
  public static final String PAUSED_ANNOTATION = "sluice.dev/paused";
  /** On a Rollout: an RFC 3339 time; pods created before it are restarted. Set by restart. */
  public static final String RESTARTED_AT_ANNOTATION = "sluice.dev/restartedAt";

  private Contract() {
  }
}
