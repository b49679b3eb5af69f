package dev.sluice.api.v1alpha1;

/** Labels and annotations Sluice puts on the objects it manages. */
public final class RolloutLabels {
  /** On a revision's ReplicaSet, its selector and pods, and on the Services and subsets that target it. */
  public static final String POD_TEMPLATE_HASH = "sluice.dev/pod-template-hash";
  /** The field manager of every write Sluice makes to objects it shares with Git (Services, routes). */
  public static final String FIELD_MANAGER = "sluice";

  private RolloutLabels() {
  }
}
