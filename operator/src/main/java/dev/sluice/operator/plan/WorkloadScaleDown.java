package dev.sluice.operator.plan;

import dev.sluice.api.v1alpha1.RolloutPhase;
import dev.sluice.api.v1alpha1.RolloutStatus;
import dev.sluice.api.v1alpha1.WorkloadRef;
import java.util.Set;

/**
 * workloadRef's scaleDown, as Argo Rollouts does it: a one-time migration from the Deployment to the Rollout's first
 * revision. With onsuccess the Deployment goes to 0 once that revision is Healthy; with progressively it gives up one
 * pod for each ready pod of the Rollout meanwhile (and takes them back if the Rollout's pods go), then 0 once
 * Healthy. Only while the Rollout runs its first revision: afterwards the Deployment is the person's again (Argo's
 * way back to a Deployment is to scale it up), and a later revision never scales it.
 */
final class WorkloadScaleDown {
  private WorkloadScaleDown() {
  }

  static void plan(Observation in, RolloutStatus status, Draft draft, int replicas) {
    WorkloadRef ref = in.rollout().getSpec().workloadRef;
    if (ref == null || ref.scaleDown == null || ref.scaleDown == WorkloadRef.ScaleDown.never || !firstRevision(in)) {
      return;
    }
    if (status.phase == RolloutPhase.Healthy) {
      draft.add(new Action.ScaleWorkload(0));
      return;
    }
    Revision current = in.revisions().get(in.desiredHash());
    int ready = current == null ? 0 : current.ready();
    if (ref.scaleDown == WorkloadRef.ScaleDown.progressively && ready > 0) {
      draft.add(new Action.ScaleWorkload(Math.max(0, replicas - ready)));
    }
  }

  /**
   * The Rollout runs the first revision it ever had: none was stable before this pass, or the stable one is the only
   * revision there is and the spec still asks for it.
   */
  private static boolean firstRevision(Observation in) {
    RolloutStatus observed = in.rollout().getStatus();
    if (observed == null || observed.stableRS == null) {
      return true;
    }
    return observed.stableRS.equals(in.desiredHash()) && in.revisions().keySet().equals(Set.of(observed.stableRS));
  }
}
