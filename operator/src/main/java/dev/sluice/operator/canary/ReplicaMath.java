package dev.sluice.operator.canary;

import dev.sluice.operator.plan.Revision;
import dev.sluice.api.v1alpha1.SetCanaryScale;
import io.fabric8.kubernetes.api.model.IntOrString;

/** Replica counts of the canary and the stable revision for a weight, as in Argo Rollouts. */
final class ReplicaMath {
  private ReplicaMath() {
  }

  /** How many pods the canary and the stable revision get. */
  record Scale(int canary, int stable) {
  }

  /**
   * With traffic routing the canary gets ceil(replicas * weight / maxWeight) pods, or what setCanaryScale says (its
   * weight, like setWeight, a part of maxWeight, as in Argo Rollouts).
   */
  static int canaryForWeight(int replicas, int weight, int maxWeight, SetCanaryScale scale) {
    if (scale != null && scale.replicas != null) {
      return scale.replicas;
    }
    int percent = scale != null && scale.weight != null ? scale.weight : weight;
    return (int) Math.ceil((double) replicas * percent / maxWeight);
  }

  /**
   * Without traffic routing the weight is the share of pods, reached as Argo Rollouts reaches it: pods are added
   * within maxSurge (the stable first, when it is below its share, then the canary), and removed within
   * maxUnavailable. When the canary grows, the stable shrinks only as far as the available pods allow; when the
   * canary shrinks (an abort, a lower weight), its own pods do not count as capacity: they go as far as the stable's
   * available pods keep replicas - maxUnavailable. Applied reconcile after reconcile, this converges on
   * round(replicas * weight / 100) canary pods and the rest stable.
   */
  static Scale basicCanary(int replicas, int weight, IntOrString maxSurge, IntOrString maxUnavailable,
      Revision canary, Revision stable) {
    int desiredCanary = (int) Math.round(replicas * weight / 100.0);
    int desiredStable = replicas - desiredCanary;
    int surge = resolve(maxSurge, replicas, true);
    int unavailable = resolve(maxUnavailable, replicas, false);
    if (surge == 0 && unavailable == 0) {
      surge = 1;
    }
    int canarySpec = canary == null ? 0 : canary.desired();
    int stableSpec = stable == null ? 0 : stable.desired();
    int canaryAvailable = canary == null ? 0 : Math.min(canary.available(), canarySpec);
    int stableAvailable = stable == null ? 0 : Math.min(stable.available(), stableSpec);
    int minAvailable = replicas - unavailable;

    int room = Math.max(0, replicas + surge - (canarySpec + stableSpec));
    int stableScale = stableSpec;
    if (stableSpec < desiredStable) {
      stableScale = Math.min(desiredStable, stableSpec + room);
      room -= stableScale - stableSpec;
    }
    int canaryScale = canarySpec;
    if (canarySpec < desiredCanary) {
      canaryScale = Math.min(desiredCanary, canarySpec + room);
    }
    if (canarySpec > desiredCanary) {
      int removable = Math.max(0, canarySpec + stableAvailable - minAvailable);
      canaryScale = Math.max(desiredCanary, canarySpec - removable);
    } else if (stableSpec > desiredStable) {
      int removable = Math.max(0, stableAvailable + canaryAvailable - minAvailable);
      stableScale = Math.max(desiredStable, stableSpec - removable);
    }
    return new Scale(canaryScale, stableScale);
  }

  /** A number or a percentage of replicas; percentages round up for surge and down for unavailability. */
  static int resolve(IntOrString value, int replicas, boolean roundUp) {
    if (value == null) {
      value = new IntOrString("25%");
    }
    if (value.getIntVal() != null) {
      return Math.max(0, value.getIntVal());
    }
    String text = value.getStrVal().trim();
    if (text.endsWith("%")) {
      double share = replicas * Double.parseDouble(text.substring(0, text.length() - 1)) / 100.0;
      return (int) (roundUp ? Math.ceil(share) : Math.floor(share));
    }
    return Math.max(0, Integer.parseInt(text));
  }
}
