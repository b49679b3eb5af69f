package dev.sluice.operator.plan;

import dev.sluice.api.v1alpha1.RolloutSpec;

/**
 * rollbackWindow, as Argo Rollouts decides it: the spec asks for a revision whose ReplicaSet is older than the stable
 * one's, with fewer than rollbackWindow.revisions revisions created between the two. Such a rollback is fast-tracked:
 * no steps, pauses or analyses. Decided from the ReplicaSets on every pass, so it holds until the promotion.
 */
final class RollbackWindow {
  private RollbackWindow() {
  }

  static boolean within(Observation in, String hash, String stable) {
    RolloutSpec spec = in.rollout().getSpec();
    Revision target = in.revisions().get(hash);
    Revision current = in.revisions().get(stable);
    if (spec.rollbackWindow == null || spec.rollbackWindow.revisions == null || spec.rollbackWindow.revisions <= 0
        || target == null || current == null || !target.createdBefore(current)) {
      return false;
    }
    long between = in.revisions().values().stream()
        .filter(r -> target.createdBefore(r) && r.createdBefore(current)).count();
    return between < spec.rollbackWindow.revisions;
  }
}
