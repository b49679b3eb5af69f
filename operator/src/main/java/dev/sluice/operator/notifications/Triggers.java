package dev.sluice.operator.notifications;

import dev.sluice.operator.gitrevert.Quarantine;
import dev.sluice.operator.gitrevert.RevertEvents;
import dev.sluice.operator.plan.Reasons;
import java.util.Map;
import java.util.Optional;

/**
 * The one map from the typed reasons of Sluice's Events on a Rollout to notification triggers: a notification fires
 * exactly where the Event is recorded, with Argo Rollouts' trigger names and Sluice's own for Git reverts.
 */
public final class Triggers {
  public static final String ROLLOUT_UPDATED = "on-rollout-updated";
  public static final String ROLLOUT_STEP_COMPLETED = "on-rollout-step-completed";
  public static final String ROLLOUT_PAUSED = "on-rollout-paused";
  public static final String ROLLOUT_COMPLETED = "on-rollout-completed";
  public static final String ROLLOUT_ABORTED = "on-rollout-aborted";
  public static final String ANALYSIS_RUN_FAILED = "on-analysis-run-failed";
  public static final String ANALYSIS_RUN_ERROR = "on-analysis-run-error";
  public static final String GIT_REVERT_PUSHED = "on-git-revert-pushed";
  public static final String GIT_REVERT_FAILED = "on-git-revert-failed";
  public static final String RELEASE_REJECTED = "on-release-rejected";

  private static final Map<String, String> BY_REASON = Map.of(
      Reasons.UPDATED, ROLLOUT_UPDATED,
      Reasons.STEP_COMPLETED, ROLLOUT_STEP_COMPLETED,
      Reasons.PAUSED, ROLLOUT_PAUSED,
      Reasons.COMPLETED, ROLLOUT_COMPLETED,
      Reasons.ABORTED, ROLLOUT_ABORTED,
      Reasons.ANALYSIS_RUN_FAILED, ANALYSIS_RUN_FAILED,
      Reasons.ANALYSIS_RUN_ERROR, ANALYSIS_RUN_ERROR,
      RevertEvents.PUSHED, GIT_REVERT_PUSHED,
      RevertEvents.FAILED, GIT_REVERT_FAILED,
      Quarantine.CONDITION, RELEASE_REJECTED);

  private Triggers() {
  }

  /** The trigger an Event with this reason fires, if any. */
  public static Optional<String> ofReason(String reason) {
    return Optional.ofNullable(BY_REASON.get(reason));
  }

  public static java.util.Collection<String> all() {
    return BY_REASON.values();
  }
}
