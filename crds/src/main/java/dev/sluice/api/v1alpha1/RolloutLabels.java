package dev.sluice.api.v1alpha1;

/** Labels and annotations Sluice puts on the objects it manages. */
public final class RolloutLabels {
  /** On a revision's ReplicaSet, its selector and pods, and on the Services and subsets that target it. */
  public static final String POD_TEMPLATE_HASH = "sluice.dev/pod-template-hash";
  /** On the ReplicaSets and AnalysisRuns of a Rollout: the Rollout's name. */
  public static final String ROLLOUT = "sluice.dev/rollout";
  /**
   * On a revision's ReplicaSet: its place in the Rollout's history (1, 2, ...), one more than the newest ReplicaSet's
   * when it is created. Creation timestamps have whole seconds, and two revisions can be created in the same second.
   */
  public static final String REVISION = "sluice.dev/revision";
  /** On a revision's ReplicaSet: when it is due to scale to zero (RFC 3339). */
  public static final String SCALE_DOWN_AT = "sluice.dev/scale-down-at";
  /**
   * On a revision's ReplicaSet: the role metadata (canaryMetadata, stableMetadata, activeMetadata, previewMetadata)
   * Sluice put on its pod template and pods, as JSON, so that it can take exactly that away when the role ends.
   */
  public static final String ROLE_METADATA = "sluice.dev/role-metadata";
  /** On a Rollout: "true" pauses it like spec.paused, without editing the spec (kubectl sluice pause). */
  public static final String PAUSED = "sluice.dev/paused";
  /**
   * On a Rollout: an RFC 3339 time; the controller replaces every pod created before it, one at a time, without a
   * new revision (kubectl sluice restart). status.restartedAt records the last restart it completed.
   */
  public static final String RESTARTED_AT = "sluice.dev/restartedAt";
  /** The field manager of every write Sluice makes to objects it shares with Git (Services, routes). */
  public static final String FIELD_MANAGER = "sluice";

  private RolloutLabels() {
  }
}
