package dev.sluice.operator.plan;

import dev.sluice.operator.gitrevert.Quarantine;

/** Condition and Event reasons both strategies write, and the values of status.abortReason. */
public final class Reasons {
  // Progressing / Ready / Stalled condition reasons.
  public static final String HEALTHY = "RolloutHealthy";
  public static final String NEW_REPLICA_SET_AVAILABLE = "NewReplicaSetAvailable";
  public static final String STARTED = "RolloutStarted";
  public static final String STABLE_SCALING = "StableScaling";
  public static final String PROGRESSING = "RolloutProgressing";
  public static final String PROMOTING = "Promoting";
  public static final String PAUSED = "RolloutPaused";
  public static final String PAUSED_BY_SPEC = "PausedBySpec";
  public static final String ABORTED = "RolloutAborted";
  public static final String DEADLINE_EXCEEDED = "ProgressDeadlineExceeded";

  // Event reasons.
  public static final String UPDATED = "RolloutUpdated";
  public static final String RETRIED = "RolloutRetried";
  public static final String COMPLETED = "RolloutCompleted";
  public static final String ROLLED_BACK_TO_STABLE = "RolledBackToStable";
  public static final String PROMOTED = "Promoted";
  public static final String ANALYSIS_STARTED = "AnalysisRunStarted";
  public static final String ANALYSIS_INCONCLUSIVE = "AnalysisInconclusive";
  /** A rollback within rollbackWindow: steps and analyses skipped (Argo Rollouts' reason). */
  public static final String SKIP_STEPS = "SkipSteps";
  /** An AnalysisRun of the current revision ended Failed (or Error): recorded just before the abort it causes. */
  public static final String ANALYSIS_RUN_FAILED = "AnalysisRunFailed";
  public static final String ANALYSIS_RUN_ERROR = "AnalysisRunError";

  // The canary's own.
  public static final String STEP_COMPLETED = "StepCompleted";
  public static final String PROMOTED_FULL = "PromotedFull";
  public static final String CANARY_ABANDONED = "CanaryAbandoned";

  // Blue-green's own.
  public static final String PREVIEW_SCALING = "PreviewScaling";
  public static final String PRE_PROMOTION_ANALYSIS = "PrePromotionAnalysis";
  public static final String POST_PROMOTION_ANALYSIS = "PostPromotionAnalysis";
  public static final String BLUE_GREEN_PAUSE = "BlueGreenPause";
  public static final String ACTIVE_SWITCHED = "ActiveSwitched";
  public static final String ACTIVE_SWITCHED_BACK = "ActiveSwitchedBack";
  public static final String PREVIEW_ABANDONED = "PreviewAbandoned";

  // status.abortReason.
  public static final String ABORT_MANUAL = "Manual";
  public static final String ABORT_ANALYSIS = "Analysis";
  public static final String ABORT_DEADLINE = "ProgressDeadline";
  /** The revision was reverted in Git and applied again: it gets no canary or preview until a person retries. */
  public static final String ABORT_REJECTED = Quarantine.ABORT_REASON;

  private Reasons() {
  }
}
