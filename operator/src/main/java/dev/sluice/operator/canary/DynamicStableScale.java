package dev.sluice.operator.canary;

import dev.sluice.api.v1alpha1.CanaryStep;
import java.util.List;

/**
 * dynamicStableScale, with Argo Rollouts' arithmetic (weights are parts of maxWeight, trafficRouting.maxTrafficWeight): the stable keeps the pods for the larger of the traffic it is
 * asked to take and the traffic the router still gives it, so it shrinks only once the weight has moved to the
 * canary. On an abort the way back goes through the setWeight steps in reverse: the weight steps down only as far as
 * the stable's available pods can carry, and the canary shrinks only as the weight leaves it, so that neither side
 * surges and no traffic goes to missing pods.
 */
final class DynamicStableScale {
  private DynamicStableScale() {
  }

  /** ceil(replicas * weight / maxWeight): the pods a share of the traffic needs. */
  static int podsFor(int replicas, int weight, int maxWeight) {
    return (int) Math.ceil((double) replicas * weight / maxWeight);
  }

  /** While progressing: the stable's pods for the larger of its desired share and the share it still has. */
  static int stableWhileProgressing(int replicas, int maxWeight, int desiredCanaryWeight, Integer routerCanaryWeight) {
    int stable = podsFor(replicas, maxWeight - desiredCanaryWeight, maxWeight);
    return routerCanaryWeight == null ? stable
        : Math.max(stable, podsFor(replicas, maxWeight - routerCanaryWeight, maxWeight));
  }

  /**
   * The canary weight an abort is heading for next: the highest setWeight step (from the last one back) whose pods
   * are fewer than the canary still needs, 0 when none. The canary still needs what the stable cannot yet serve,
   * or, unless abortScaleDownDelaySeconds keeps it up anyway, its available pods, whichever is more.
   */
  static int abortTarget(int replicas, int maxWeight, List<CanaryStep> steps, int stableAvailable, int canaryAvailable,
      boolean canaryKept) {
    int canaryPods = replicas - stableAvailable;
    if (!canaryKept) {
      canaryPods = Math.max(canaryPods, canaryAvailable);
    }
    for (int i = steps.size() - 1; i >= 0; i--) {
      Integer weight = steps.get(i).setWeight;
      if (weight != null && podsFor(replicas, weight, maxWeight) < canaryPods) {
        return weight;
      }
    }
    return 0;
  }

  /**
   * The canary weight to set during an abort: never above the router's (it only goes down), and only as low as the
   * stable's available pods can take, going to the next target once they can.
   */
  static int abortWeight(int replicas, int maxWeight, int target, Integer routerCanaryWeight, int stableAvailable) {
    int stableCapacity = replicas == 0 ? maxWeight : (int) ((long) maxWeight * stableAvailable / replicas);
    int expected = Math.max(0, maxWeight - stableCapacity);
    if (routerCanaryWeight == null) {
      return Math.max(expected, target);
    }
    if (target <= 0) {
      return Math.min(expected, routerCanaryWeight);
    }
    if (stableCapacity < maxWeight - target) {
      return routerCanaryWeight;
    }
    return Math.min(target, routerCanaryWeight);
  }

  /** The pods of canary and stable during an abort: each for the larger of its target share and its current one. */
  static ReplicaMath.Scale abortScale(int replicas, int maxWeight, int target, Integer routerCanaryWeight) {
    int current = routerCanaryWeight == null ? target : routerCanaryWeight;
    return new ReplicaMath.Scale(Math.max(podsFor(replicas, target, maxWeight), podsFor(replicas, current, maxWeight)),
        Math.max(podsFor(replicas, maxWeight - target, maxWeight), podsFor(replicas, maxWeight - current, maxWeight)));
  }
}
