package dev.sluice.operator.bluegreen;

import dev.sluice.api.v1alpha1.AnalysisPhase;
import dev.sluice.api.v1alpha1.BlueGreenStatus;
import dev.sluice.api.v1alpha1.BlueGreenStrategy;
import dev.sluice.api.v1alpha1.PauseCondition;
import dev.sluice.api.v1alpha1.PodTemplateMetadata;
import dev.sluice.api.v1alpha1.RolloutAnalysis;
import dev.sluice.operator.plan.Action;
import dev.sluice.operator.plan.Defaults;
import dev.sluice.operator.plan.Observation;
import dev.sluice.operator.plan.Reasons;
import dev.sluice.operator.plan.RunState;
import dev.sluice.operator.plan.StatusControls;
import dev.sluice.operator.plan.Transitions;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * One blue-green planning pass: the shared transitions, plus the gates before the active Service switches to a new
 * revision (preview size, prePromotionAnalysis, the BlueGreenPause, full size) and postPromotionAnalysis after it.
 */
final class BlueGreenRun extends Transitions {
  private final BlueGreenStrategy blueGreen;
  private final BlueGreenStatus bg;

  BlueGreenRun(Observation in) {
    super(in);
    this.blueGreen = rollout.getSpec().strategy.blueGreen;
    if (status.blueGreen == null) {
      status.blueGreen = new BlueGreenStatus();
    }
    this.bg = status.blueGreen;
  }

  // --- the shared transitions, for blue-green ---------------------------------------------------------------

  /** Points the Services and records it; a later pointing in one plan replaces the earlier one. */
  @Override
  protected void pointServices(String activeHash, String previewHash) {
    draft.add(new Action.PointActiveAndPreview(activeHash, previewHash));
    bg.activeSelector = activeHash;
    bg.previewSelector = blueGreen.previewService == null ? null : previewHash;
  }

  @Override
  protected void routeAllTo(String stableHash, String newHash, boolean clearRoutes) {
    // Blue-green moves traffic with the active Service's selector only.
  }

  @Override
  protected List<String> currentRuns() {
    return Arrays.asList(bg.prePromotionAnalysisRun, bg.postPromotionAnalysisRun);
  }

  @Override
  protected void forgetRuns() {
    bg.prePromotionAnalysisRun = null;
    bg.postPromotionAnalysisRun = null;
  }

  @Override
  protected Integer attemptField() {
    return bg.attempt;
  }

  @Override
  protected void setAttempt(Integer attempt) {
    bg.attempt = attempt;
  }

  @Override
  protected boolean attemptUsed(String hash, int attempt) {
    return in.runs().containsKey(BlueGreenPlanner.prePromotionRunName(rollout, hash, attempt))
        || in.runs().containsKey(BlueGreenPlanner.postPromotionRunName(rollout, hash, attempt));
  }

  @Override
  protected Integer abortScaleDownDelaySeconds() {
    return blueGreen.abortScaleDownDelaySeconds;
  }

  @Override
  protected PodTemplateMetadata newRevisionMetadata() {
    return blueGreen.previewMetadata;
  }

  @Override
  protected PodTemplateMetadata stableRevisionMetadata() {
    return blueGreen.activeMetadata;
  }

  @Override
  protected void onAborted(String hash, String stable) {
    if (hash.equals(bg.activeSelector)) {
      draft.warning(Reasons.ACTIVE_SWITCHED_BACK, "active Service " + blueGreen.activeService
          + " selects the stable revision " + stable + " again");
    }
  }

  @Override
  protected String startedMessage(String hash, String stable) {
    return "revision " + hash + " comes up behind the preview; " + stable + " stays active";
  }

  @Override
  protected String abandonedReason() {
    return Reasons.PREVIEW_ABANDONED;
  }

  @Override
  protected String backOnStable() {
    return "active";
  }

  // --- the gates -------------------------------------------------------------------------------------------

  @Override
  protected void progress(String hash, String stable) {
    if (hash.equals(bg.activeSelector)) {
      postPromotion(hash, stable);
    } else {
      preview(hash, stable);
    }
  }

  /** Active stays on stable; the revision passes the gates, then active switches to it. */
  private void preview(String hash, String stable) {
    scale(stable, replicas);
    pointServices(stable, hash);
    int previewSize = blueGreen.previewReplicaCount == null ? replicas : Math.min(blueGreen.previewReplicaCount, replicas);
    if (pausedByPerson()) {
      scale(hash, Boolean.TRUE.equals(status.promoteFull) ? replicas : previewSize);
      return;
    }
    if (Boolean.TRUE.equals(status.promoteFull) || rollingBackWithinWindow(hash, stable)) {
      terminateRun(bg.prePromotionAnalysisRun);
      status.pauseConditions = null;
      switchWhenAvailable(hash, stable);
      return;
    }
    scale(hash, previewSize);
    if (available(hash) < previewSize) {
      waitMissesDeadline(hash, Reasons.PREVIEW_SCALING, "preview revision " + hash + ": " + available(hash) + "/" + previewSize + " available");
      return;
    }
    if (!analysisPassed(hash, blueGreen.prePromotionAnalysis, true)) {
      return;
    }
    // A person who accepted an inconclusive analysis has promoted: no BlueGreenPause follows.
    if (!Boolean.TRUE.equals(status.promoteFull) && !pauseOver(hash)) {
      return;
    }
    switchWhenAvailable(hash, stable);
  }

  /**
   * True once the pre- or post-promotion analysis succeeded (or a person accepted it as inconclusive, or there is
   * none); otherwise starts it or waits for it.
   */
  private boolean analysisPassed(String hash, RolloutAnalysis analysis, boolean pre) {
    if (analysis == null) {
      return true;
    }
    String which = pre ? "pre-promotion" : "post-promotion";
    String reason = pre ? Reasons.PRE_PROMOTION_ANALYSIS : Reasons.POST_PROMOTION_ANALYSIS;
    String name = pre ? BlueGreenPlanner.prePromotionRunName(rollout, hash, attempt())
        : BlueGreenPlanner.postPromotionRunName(rollout, hash, attempt());
    String recorded = pre ? bg.prePromotionAnalysisRun : bg.postPromotionAnalysisRun;
    RunState run = in.runs().get(name);
    if (run == null || !name.equals(recorded)) {
      if (run == null) {
        draft.add(new Action.StartAnalysis(name, analysis, hash));
      }
      if (!name.equals(recorded)) {
        draft.event(Reasons.ANALYSIS_STARTED, which + " analysis " + name + " started");
      }
      if (pre) {
        bg.prePromotionAnalysisRun = name;
      } else {
        bg.postPromotionAnalysisRun = name;
      }
      draft.requeueIn(Defaults.ANALYSIS_RECHECK);
      progressing(reason, which + " analysis " + name + " started");
      return false;
    }
    AnalysisPhase phase = run.phase() == null ? AnalysisPhase.Pending : run.phase();
    if (phase == AnalysisPhase.Successful) {
      return true;
    }
    if (phase == AnalysisPhase.Inconclusive) {
      return inconclusiveAccepted(name, run, which);
    }
    draft.requeueIn(Defaults.ANALYSIS_RECHECK);
    progressing(reason, which + " analysis " + name + " is " + phase);
    return false;
  }

  /**
   * An inconclusive run waits for a person: promoting (clearing the InconclusiveAnalysis pause) accepts it and
   * counts as the promotion; abort ends the rollout. True once accepted.
   */
  private boolean inconclusiveAccepted(String name, RunState run, String which) {
    PauseCondition pause = findPause(PauseCondition.Reason.InconclusiveAnalysis);
    if (pause == null && Boolean.TRUE.equals(status.controllerPause)) {
      status.controllerPause = null;
      status.promoteFull = true;
      draft.event(Reasons.PROMOTED, "inconclusive " + which + " analysis " + name + " accepted by a person");
      return true;
    }
    if (pause == null) {
      addPause(PauseCondition.Reason.InconclusiveAnalysis);
      draft.warning(Reasons.ANALYSIS_INCONCLUSIVE, which + " analysis " + name + " is inconclusive: "
          + run.message() + "; promote to go on or abort");
    }
    paused(PauseCondition.Reason.InconclusiveAnalysis.name(), which + " analysis " + name + " is inconclusive; waiting for a person");
    return false;
  }

  /**
   * The BlueGreenPause before the switch, when autoPromotionEnabled is false or autoPromotionSeconds is set. It is
   * over when its condition is gone while controllerPause is still true: a person cleared it, or the time ran out.
   */
  private boolean pauseOver(String hash) {
    boolean manual = Boolean.FALSE.equals(blueGreen.autoPromotionEnabled);
    Integer seconds = blueGreen.autoPromotionSeconds;
    if (!manual && seconds == null) {
      return true;
    }
    PauseCondition pause = findPause(PauseCondition.Reason.BlueGreenPause);
    if (pause == null && Boolean.TRUE.equals(status.controllerPause)) {
      return true;
    }
    if (pause == null) {
      pause = addPause(PauseCondition.Reason.BlueGreenPause);
      draft.event(Reasons.PAUSED, manual ? "revision " + hash + " waits for promotion"
          : "revision " + hash + " is promoted in " + seconds + "s");
    }
    if (manual) {
      paused(Reasons.BLUE_GREEN_PAUSE, "preview revision " + hash + " is ready; waiting for promotion (kubectl sluice promote)");
      return false;
    }
    Instant end = Instant.parse(pause.startTime).plusSeconds(seconds);
    if (!now.isBefore(end)) {
      removePause(PauseCondition.Reason.BlueGreenPause);
      draft.event(Reasons.PROMOTED, "autoPromotionSeconds (" + seconds + "s) passed");
      return true;
    }
    draft.requeueIn(Duration.between(now, end));
    paused(Reasons.BLUE_GREEN_PAUSE, "preview revision " + hash + " is promoted automatically at " + end);
    return false;
  }

  /** The new revision goes to full size; once all of it is available, one update of active's selector switches. */
  private void switchWhenAvailable(String hash, String stable) {
    scale(hash, replicas);
    if (available(hash) < replicas) {
      waitMissesDeadline(hash, Reasons.PROMOTING, "promoting " + hash + ": " + available(hash) + "/" + replicas + " available");
      return;
    }
    pointServices(hash, hash);
    status.promoteFull = null;
    status.pauseConditions = null;
    status.controllerPause = null;
    status.progressedAt = now.toString();
    draft.event(Reasons.ACTIVE_SWITCHED, "active Service " + blueGreen.activeService + " selects " + hash + "; " + stable
        + " stays up" + (blueGreen.postPromotionAnalysis == null ? "" : " until post-promotion analysis succeeds"));
    postPromotion(hash, stable);
  }

  // --- after the switch ------------------------------------------------------------------------------------

  /** Active is on the new revision; the previous one stays at full size until postPromotionAnalysis succeeds. */
  private void postPromotion(String hash, String stable) {
    scale(hash, replicas);
    scale(stable, replicas);
    pointServices(hash, hash);
    if (rollingBackWithinWindow(hash, stable) || analysisPassed(hash, blueGreen.postPromotionAnalysis, false)) {
      complete(hash, stable);
    }
  }

  /** The active revision becomes stable; the previous one scales down after scaleDownDelaySeconds. */
  private void complete(String hash, String stable) {
    scale(hash, replicas);
    draft.add(new Action.ScheduleScaleDown(stable, now.plus(Defaults.delay(blueGreen.scaleDownDelaySeconds))));
    status.stableRS = hash;
    StatusControls.clearManualControls(status);
    status.progressedAt = now.toString();
    draft.event(Reasons.COMPLETED, "revision " + hash + " is stable; " + stable + " scales down");
    healthy("revision " + hash + " is active and available");
  }

  private void scale(String hash, int count) {
    draft.add(new Action.ScaleRevision(hash, count));
  }
}
