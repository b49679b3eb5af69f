package dev.sluice.operator.bluegreen;

import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.operator.gitrevert.Quarantine;
import dev.sluice.operator.plan.Observation;
import dev.sluice.operator.plan.Plan;

/**
 * The blue-green strategy as a pure function from an {@link Observation} to a {@link Plan}, over the same actions,
 * status and conditions as the canary. A new revision goes through gates in order: the preview is available at
 * previewReplicaCount, prePromotionAnalysis succeeded, the BlueGreenPause is over (a person promoted, or
 * autoPromotionSeconds passed), the new revision is available at full size; then the active Service switches to it
 * in one selector update. postPromotionAnalysis then decides whether it becomes stable or active switches back.
 * A revision reverted in Git that comes back is held by the {@link Quarantine} before any pod of it starts.
 */
public final class BlueGreenPlanner {
  private BlueGreenPlanner() {
  }

  public static Plan plan(Observation observation) {
    return new BlueGreenRun(observation).plan();
  }

  public static String prePromotionRunName(Rollout rollout, String hash, int attempt) {
    return runName(rollout, hash, attempt, "prepromotion");
  }

  public static String postPromotionRunName(Rollout rollout, String hash, int attempt) {
    return runName(rollout, hash, attempt, "postpromotion");
  }

  private static String runName(Rollout rollout, String hash, int attempt, String kind) {
    return rollout.getMetadata().getName() + "-" + hash + (attempt == 0 ? "" : "-r" + attempt) + "-" + kind;
  }
}
