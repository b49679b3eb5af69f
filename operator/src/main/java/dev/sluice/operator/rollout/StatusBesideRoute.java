package dev.sluice.operator.rollout;

import dev.sluice.api.v1alpha1.CanaryStatus;
import dev.sluice.api.v1alpha1.RolloutStatus;
import dev.sluice.operator.plan.Action;
import dev.sluice.operator.plan.Plan;
import java.util.List;
import java.util.Objects;

/**
 * Which plans may write their status while their route patch is in flight instead of after it. A setWeight step is
 * two API writes, the route's and the status'; one after the other they made a step the sum of two round trips
 * (docs/performance.md, "Where a step's milliseconds go"). Side by side is safe only when the status claims nothing
 * the patch could make untrue: the plan's one action is SetWeight(w), and its status records w as asked and not yet
 * verified, for the same revisions and the same stable as before. Should the patch fail, the next pass finds the
 * weight unverified and asks for it again, as it does when a router has not caught up.
 */
final class StatusBesideRoute {
  private StatusBesideRoute() {
  }

  static boolean allowed(RolloutStatus observed, Plan plan) {
    List<Action> actions = plan.actions();
    if (actions.size() != 1 || !(actions.get(0) instanceof Action.SetWeight set) || observed == null) {
      return false;
    }
    RolloutStatus planned = plan.status();
    CanaryStatus.TrafficWeights weights = planned.canary == null ? null : planned.canary.weights;
    CanaryStatus.TrafficWeights before = observed.canary == null ? null : observed.canary.weights;
    return weights != null && before != null && Boolean.FALSE.equals(weights.verified)
        && weights.canary != null && Objects.equals(weights.canary.weight, set.canaryWeight())
        && Objects.equals(planned.stableRS, observed.stableRS)
        && Objects.equals(planned.canary.stablePingPong, observed.canary.stablePingPong)
        && sameRevision(weights.canary, before.canary) && sameRevision(weights.stable, before.stable);
  }

  private static boolean sameRevision(CanaryStatus.WeightDestination planned, CanaryStatus.WeightDestination observed) {
    return planned != null && observed != null && Objects.equals(planned.podTemplateHash, observed.podTemplateHash)
        && Objects.equals(planned.serviceName, observed.serviceName);
  }
}
