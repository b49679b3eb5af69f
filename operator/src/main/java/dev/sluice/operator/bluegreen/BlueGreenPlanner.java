package dev.sluice.operator.bluegreen;

import dev.sluice.api.v1alpha1.AnalysisPhase;
import dev.sluice.api.v1alpha1.BlueGreenStatus;
import dev.sluice.api.v1alpha1.BlueGreenStrategy;
import dev.sluice.api.v1alpha1.PauseCondition;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutAnalysis;
import dev.sluice.api.v1alpha1.RolloutPhase;
import dev.sluice.api.v1alpha1.RolloutStatus;
import dev.sluice.operator.plan.Action;
import dev.sluice.operator.canary.CanaryPlanner;
import dev.sluice.operator.plan.Observation;
import dev.sluice.operator.plan.Plan;
import dev.sluice.operator.plan.Revision;
import dev.sluice.operator.plan.RolloutHealth;
import dev.sluice.operator.plan.RunState;
import dev.sluice.operator.plan.StatusControls;
import dev.sluice.operator.gitrevert.Quarantine;
import dev.sluice.operator.status.Conditions;
import dev.sluice.operator.status.StatusWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The blue-green strategy as a pure function from an {@link Observation} to a {@link Plan}, over the same actions,
 * status and conditions as the canary. A new revision goes through gates in order: the preview is available at
 * previewReplicaCount, prePromotionAnalysis succeeded, the BlueGreenPause is over (a person promoted, or
 * autoPromotionSeconds passed), the new revision is available at full size; then the active Service switches to it
 * in one selector update. postPromotionAnalysis then decides whether it becomes stable or active switches back.
 * A revision reverted in Git that comes back is held by the {@link Quarantine} before any pod of it starts.
 */
public final class BlueGreenPlanner {
  static final Duration DEFAULT_DELAY = Duration.ofSeconds(30);
  static final Duration ANALYSIS_RECHECK = Duration.ofSeconds(15);
  static final int DEFAULT_HISTORY = 10;
  static final Duration DEFAULT_PROGRESS_DEADLINE = Duration.ofSeconds(600);
  static final String DEADLINE_EXCEEDED = "ProgressDeadlineExceeded";

  private BlueGreenPlanner() {
  }

  public static Plan plan(Observation observation) {
    return new Run(observation).plan();
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

  /** One planning pass; holds the status being built and the actions decided so far. */
  private static final class Run {
    private final Observation in;
    private final Rollout rollout;
    private final BlueGreenStrategy blueGreen;
    private final int replicas;
    private final Long generation;
    /** The Progressing reason and the new revision's available pods as the last plan recorded them. */
    private final String observedReason;
    private final Integer observedAvailable;
    private final Instant now;
    private final RolloutStatus status;
    private final BlueGreenStatus bg;
    private final List<Action> actions = new ArrayList<>();
    private final List<Plan.Event> events = new ArrayList<>();
    private Optional<Duration> requeue = Optional.empty();
    private boolean rejected;

    Run(Observation in) {
      this.in = in;
      this.rollout = in.rollout();
      this.blueGreen = rollout.getSpec().strategy.blueGreen;
      this.replicas = rollout.getSpec().replicas == null ? 1 : rollout.getSpec().replicas;
      this.generation = rollout.getMetadata().getGeneration();
      this.now = in.now();
      this.status = StatusWriter.copyOf(rollout.getStatus());
      if (status.blueGreen == null) {
        status.blueGreen = new BlueGreenStatus();
      }
      this.bg = status.blueGreen;
      this.observedReason = Conditions.find(status.conditions, Conditions.PROGRESSING).map(c -> c.getReason()).orElse(null);
      this.observedAvailable = status.updatedReplicas;
    }

    Plan plan() {
      status.observedGeneration = generation;
      String hash = in.desiredHash();
      if (status.stableRS == null) {
        firstRevision(hash);
      } else if (hash.equals(status.stableRS)) {
        onStable(hash);
      } else {
        newRevision(hash, status.stableRS);
      }
      if (!rejected) {
        Conditions.remove(status.conditions, Quarantine.CONDITION);
      }
      retireOtherRevisions();
      replicaCounts();
      return new Plan(List.copyOf(actions), status, events, requeue);
    }

    // --- the three situations -------------------------------------------------------------------------------

    /** No stable revision yet: the first one is active at once, without analysis, and stable once available. */
    private void firstRevision(String hash) {
      status.currentPodHash = hash;
      scale(hash, replicas);
      point(hash, hash);
      if (available(hash) >= replicas) {
        status.stableRS = hash;
        healthy("first revision " + hash + " is active and available");
      } else {
        progressing("RolloutStarted", "first revision " + hash + ": " + available(hash) + "/" + replicas + " available");
      }
    }

    /** The spec asks for the stable revision: after a promotion, or when Git reverted the template. */
    private void onStable(String hash) {
      String previous = status.currentPodHash;
      if (previous != null && !previous.equals(hash)) {
        events.add(new Plan.Event(false, "RolledBackToStable",
            "the pod template is the stable revision " + hash + " again: revision " + previous + " is dropped"));
        terminateRuns();
        bg.prePromotionAnalysisRun = null;
        bg.postPromotionAnalysisRun = null;
        actions.add(new Action.ScheduleScaleDown(previous, now));
      }
      status.currentPodHash = hash;
      clearManualControls();
      scale(hash, replicas);
      point(hash, hash);
      if (available(hash) >= replicas) {
        healthy("revision " + hash + " is active and available");
      } else {
        progressing("StableScaling", "active revision " + hash + ": " + available(hash) + "/" + replicas + " available");
      }
    }

    /** A new revision behind the preview Service, then active, then stable. */
    private void newRevision(String hash, String stable) {
      if (Quarantine.holds(status, hash)) {
        reject(hash, stable);
        return;
      }
      if (!hash.equals(status.currentPodHash)) {
        startRevision(hash, stable);
      }
      if (Boolean.TRUE.equals(status.abort)) {
        aborted(hash, stable);
        return;
      }
      if (status.abortedAt != null) {
        retry(hash);
      }
      if (analysisAborts()) {
        aborted(hash, stable);
        return;
      }
      if (hash.equals(bg.activeSelector)) {
        postPromotion(hash, stable);
      } else {
        preview(hash, stable);
      }
    }

    private void startRevision(String hash, String stable) {
      String abandoned = status.currentPodHash;
      if (abandoned != null && !abandoned.equals(stable)) {
        actions.add(new Action.ScheduleScaleDown(abandoned, now));
        events.add(new Plan.Event(false, "PreviewAbandoned", "revision " + abandoned + " is superseded by " + hash));
      }
      terminateRuns();
      status.currentPodHash = hash;
      int fresh = freshAttempt(hash, 0);
      bg.attempt = fresh == 0 ? null : fresh;
      bg.prePromotionAnalysisRun = null;
      bg.postPromotionAnalysisRun = null;
      clearManualControls();
      status.progressedAt = now.toString();
      events.add(new Plan.Event(false, "RolloutUpdated", "revision " + hash + " comes up behind the preview; "
          + stable + " stays active"));
    }

    /** abort was set back to false: the revision starts again behind the preview, with new AnalysisRuns. */
    private void retry(String hash) {
      events.add(new Plan.Event(false, "RolloutRetried", "retrying revision " + hash));
      clearManualControls();
      bg.attempt = freshAttempt(hash, attempt() + 1);
      bg.prePromotionAnalysisRun = null;
      bg.postPromotionAnalysisRun = null;
      status.progressedAt = now.toString();
      Quarantine.lift(status, hash);
    }

    // --- before the switch -----------------------------------------------------------------------------------

    /** Active stays on stable; the revision passes the gates, then active switches to it. */
    private void preview(String hash, String stable) {
      scale(stable, replicas);
      point(stable, hash);
      int previewSize = blueGreen.previewReplicaCount == null ? replicas : Math.min(blueGreen.previewReplicaCount, replicas);
      if (Boolean.TRUE.equals(rollout.getSpec().paused) || in.pausedByAnnotation()) {
        scale(hash, Boolean.TRUE.equals(status.promoteFull) ? replicas : previewSize);
        addPause(PauseCondition.Reason.PausedBySpec);
        paused("PausedBySpec", "paused by " + (in.pausedByAnnotation() ? "kubectl sluice pause" : "spec.paused"));
        return;
      }
      removePause(PauseCondition.Reason.PausedBySpec);
      if (Boolean.TRUE.equals(status.promoteFull)) {
        terminateRun(bg.prePromotionAnalysisRun);
        status.pauseConditions = null;
        switchWhenAvailable(hash, stable);
        return;
      }
      scale(hash, previewSize);
      if (available(hash) < previewSize) {
        waitForPods(hash, "PreviewScaling", "preview revision " + hash + ": " + available(hash) + "/" + previewSize + " available");
        return;
      }
      if (!prePromotionPassed(hash)) {
        return;
      }
      // A person who accepted an inconclusive analysis has promoted: no BlueGreenPause follows.
      if (!Boolean.TRUE.equals(status.promoteFull) && !pauseOver(hash)) {
        return;
      }
      switchWhenAvailable(hash, stable);
    }

    /** True once prePromotionAnalysis succeeded (or a person promoted it from inconclusive, or there is none). */
    private boolean prePromotionPassed(String hash) {
      RolloutAnalysis analysis = blueGreen.prePromotionAnalysis;
      if (analysis == null) {
        return true;
      }
      String name = prePromotionRunName(rollout, hash, attempt());
      RunState run = in.runs().get(name);
      if (run == null || !name.equals(bg.prePromotionAnalysisRun)) {
        actions.add(new Action.StartAnalysis(name, analysis, hash));
        if (!name.equals(bg.prePromotionAnalysisRun)) {
          events.add(new Plan.Event(false, "AnalysisRunStarted", "pre-promotion analysis " + name + " started"));
        }
        bg.prePromotionAnalysisRun = name;
        requeueIn(ANALYSIS_RECHECK);
        progressing("PrePromotionAnalysis", "pre-promotion analysis " + name + " started");
        return false;
      }
      AnalysisPhase phase = run.phase() == null ? AnalysisPhase.Pending : run.phase();
      if (phase == AnalysisPhase.Successful) {
        return true;
      }
      if (phase == AnalysisPhase.Inconclusive) {
        return inconclusiveAccepted(name, run, "pre-promotion");
      }
      requeueIn(ANALYSIS_RECHECK);
      progressing("PrePromotionAnalysis", "pre-promotion analysis " + name + " is " + phase);
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
        events.add(new Plan.Event(false, "Promoted", "inconclusive " + which + " analysis " + name + " accepted by a person"));
        return true;
      }
      if (pause == null) {
        addPause(PauseCondition.Reason.InconclusiveAnalysis);
        events.add(new Plan.Event(true, "AnalysisInconclusive", which + " analysis " + name + " is inconclusive: "
            + run.message() + "; promote to go on or abort"));
      }
      paused("InconclusiveAnalysis", which + " analysis " + name + " is inconclusive; waiting for a person");
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
        events.add(new Plan.Event(false, "RolloutPaused", manual ? "revision " + hash + " waits for promotion"
            : "revision " + hash + " is promoted in " + seconds + "s"));
      }
      if (manual) {
        paused("BlueGreenPause", "preview revision " + hash + " is ready; waiting for promotion (kubectl sluice promote)");
        return false;
      }
      Instant end = Instant.parse(pause.startTime).plusSeconds(seconds);
      if (!now.isBefore(end)) {
        removePause(PauseCondition.Reason.BlueGreenPause);
        events.add(new Plan.Event(false, "Promoted", "autoPromotionSeconds (" + seconds + "s) passed"));
        return true;
      }
      requeueIn(Duration.between(now, end));
      paused("BlueGreenPause", "preview revision " + hash + " is promoted automatically at " + end);
      return false;
    }

    /** The new revision goes to full size; once all of it is available, one update of active's selector switches. */
    private void switchWhenAvailable(String hash, String stable) {
      scale(hash, replicas);
      if (available(hash) < replicas) {
        waitForPods(hash, "Promoting", "promoting " + hash + ": " + available(hash) + "/" + replicas + " available");
        return;
      }
      point(hash, hash);
      status.promoteFull = null;
      status.pauseConditions = null;
      status.controllerPause = null;
      status.progressedAt = now.toString();
      events.add(new Plan.Event(false, "ActiveSwitched", "active Service " + blueGreen.activeService + " selects "
          + hash + "; " + stable + " stays up" + (blueGreen.postPromotionAnalysis == null ? "" : " until post-promotion analysis succeeds")));
      postPromotion(hash, stable);
    }

    /**
     * Waiting for pods is where a rollout can get stuck (a bad image, no capacity): entering the wait or more pods
     * available is progress; progressDeadlineSeconds without progress is Degraded, and with progressDeadlineAbort
     * an abort.
     */
    private void waitForPods(String hash, String reason, String message) {
      boolean entered = !reason.equals(observedReason) && !DEADLINE_EXCEEDED.equals(observedReason);
      if (entered || status.progressedAt == null || observedAvailable == null || available(hash) > observedAvailable) {
        status.progressedAt = now.toString();
      }
      Instant deadline = Instant.parse(status.progressedAt).plus(deadline());
      if (now.isBefore(deadline)) {
        requeueIn(Duration.between(now, deadline));
        progressing(reason, message);
        return;
      }
      String exceeded = DEADLINE_EXCEEDED + ": no progress for " + deadline().toSeconds() + "s: " + message;
      if (Boolean.TRUE.equals(rollout.getSpec().progressDeadlineAbort)) {
        status.abort = true;
        status.abortReason = CanaryPlanner.ABORT_DEADLINE;
        status.abortedAt = now.toString();
        status.message = exceeded;
        events.add(new Plan.Event(true, "RolloutAborted", exceeded));
        aborted(hash, status.stableRS);
        return;
      }
      RolloutHealth.set(status, RolloutPhase.Degraded, DEADLINE_EXCEEDED, exceeded, generation, now);
      if (Conditions.set(status.conditions, Conditions.PROGRESSING, false, DEADLINE_EXCEEDED, exceeded, generation, now)) {
        events.add(new Plan.Event(true, DEADLINE_EXCEEDED, exceeded));
      }
    }

    private Duration deadline() {
      Integer seconds = rollout.getSpec().progressDeadlineSeconds;
      return seconds == null ? DEFAULT_PROGRESS_DEADLINE : Duration.ofSeconds(seconds);
    }

    // --- after the switch ------------------------------------------------------------------------------------

    /** Active is on the new revision; the previous one stays at full size until postPromotionAnalysis succeeds. */
    private void postPromotion(String hash, String stable) {
      scale(hash, replicas);
      scale(stable, replicas);
      point(hash, hash);
      RolloutAnalysis analysis = blueGreen.postPromotionAnalysis;
      if (analysis == null) {
        complete(hash, stable);
        return;
      }
      String name = postPromotionRunName(rollout, hash, attempt());
      RunState run = in.runs().get(name);
      if (run == null || !name.equals(bg.postPromotionAnalysisRun)) {
        actions.add(new Action.StartAnalysis(name, analysis, hash));
        if (!name.equals(bg.postPromotionAnalysisRun)) {
          events.add(new Plan.Event(false, "AnalysisRunStarted", "post-promotion analysis " + name + " started"));
        }
        bg.postPromotionAnalysisRun = name;
        requeueIn(ANALYSIS_RECHECK);
        progressing("PostPromotionAnalysis", "post-promotion analysis " + name + " started");
        return;
      }
      AnalysisPhase phase = run.phase() == null ? AnalysisPhase.Pending : run.phase();
      if (phase == AnalysisPhase.Successful
          || phase == AnalysisPhase.Inconclusive && inconclusiveAccepted(name, run, "post-promotion")) {
        complete(hash, stable);
        return;
      }
      if (phase != AnalysisPhase.Inconclusive) {
        requeueIn(ANALYSIS_RECHECK);
        progressing("PostPromotionAnalysis", "post-promotion analysis " + name + " is " + phase);
      }
    }

    /** The active revision becomes stable; the previous one scales down after scaleDownDelaySeconds. */
    private void complete(String hash, String stable) {
      scale(hash, replicas);
      actions.removeIf(a -> a instanceof Action.ScaleRevision s && s.hash().equals(stable));
      actions.add(new Action.ScheduleScaleDown(stable, now.plus(seconds(blueGreen.scaleDownDelaySeconds))));
      status.stableRS = hash;
      clearManualControls();
      status.progressedAt = now.toString();
      events.add(new Plan.Event(false, "RolloutCompleted", "revision " + hash + " is stable; " + stable + " scales down"));
      healthy("revision " + hash + " is active and available");
    }

    // --- abort -----------------------------------------------------------------------------------------------

    /** A revision Git reverted came back: held like an abort, no preview pod and no analysis, until a retry. */
    private void reject(String hash, String stable) {
      rejected = true;
      String message = Quarantine.message(status, hash);
      if (Quarantine.isNewHold(status, hash)) {
        String abandoned = status.currentPodHash;
        if (abandoned != null && !abandoned.equals(hash) && !abandoned.equals(stable)) {
          actions.add(new Action.ScheduleScaleDown(abandoned, now));
        }
        terminateRuns();
        bg.prePromotionAnalysisRun = null;
        bg.postPromotionAnalysisRun = null;
        clearManualControls();
        Quarantine.hold(status, hash, now);
        events.add(new Plan.Event(true, Quarantine.CONDITION, message));
      }
      status.message = message;
      aborted(hash, stable);
      Quarantine.report(status, message, generation, now);
    }

    /** A failed or errored pre- or post-promotion analysis aborts at once; true when it did. */
    private boolean analysisAborts() {
      for (String name : new String[] {bg.prePromotionAnalysisRun, bg.postPromotionAnalysisRun}) {
        RunState run = name == null ? null : in.runs().get(name);
        if (run != null && (run.phase() == AnalysisPhase.Failed || run.phase() == AnalysisPhase.Error)) {
          status.abort = true;
          status.abortReason = CanaryPlanner.ABORT_ANALYSIS;
          status.abortedAt = now.toString();
          status.message = "analysis " + name + " " + run.phase() + ": " + run.message();
          events.add(new Plan.Event(true, "RolloutAborted", status.message));
          return true;
        }
      }
      return false;
    }

    /** Active on the stable revision at once (switching back if needed); the new one scales down after the delay. */
    private void aborted(String hash, String stable) {
      if (status.abortedAt == null) {
        status.abortedAt = now.toString();
        status.abortReason = CanaryPlanner.ABORT_MANUAL;
        status.message = "aborted by a person";
        events.add(new Plan.Event(true, "RolloutAborted", "aborted by a person"));
      }
      if (status.abortReason == null) {
        status.abortReason = CanaryPlanner.ABORT_MANUAL;
      }
      if (hash.equals(bg.activeSelector)) {
        events.add(new Plan.Event(true, "ActiveSwitchedBack", "active Service " + blueGreen.activeService
            + " selects the stable revision " + stable + " again"));
      }
      terminateRuns();
      scale(stable, replicas);
      point(stable, hash);
      Instant scaleDownAt = Instant.parse(status.abortedAt).plus(seconds(blueGreen.abortScaleDownDelaySeconds));
      Revision revision = in.revisions().get(hash);
      if (revision != null && revision.desired() > 0) {
        actions.add(new Action.ScheduleScaleDown(hash, scaleDownAt));
      }
      status.pauseConditions = null;
      status.controllerPause = null;
      status.promoteFull = null;
      String message = status.message != null && status.message.startsWith("RolloutAborted") ? status.message
          : "RolloutAborted: " + Optional.ofNullable(status.message).orElse("aborted") + "; active is back on stable " + stable;
      RolloutHealth.set(status, RolloutPhase.Degraded, "RolloutAborted", message, generation, now);
      Conditions.set(status.conditions, Conditions.PROGRESSING, false, "RolloutAborted", message, generation, now);
    }

    // --- replicas --------------------------------------------------------------------------------------------

    /** Every revision other than stable and the current one scales down when due and leaves after the history limit. */
    private void retireOtherRevisions() {
      List<Revision> others = new ArrayList<>();
      for (Revision revision : in.revisions().values()) {
        if (revision.hash().equals(status.stableRS) || revision.hash().equals(status.currentPodHash)) {
          continue;
        }
        others.add(revision);
        Instant at = scaleDownAt(revision);
        if (revision.desired() > 0 && at == null) {
          actions.add(new Action.ScheduleScaleDown(revision.hash(), now));
          at = now;
        }
        scaleDownWhenDue(revision, at);
      }
      // The aborted revision keeps its ReplicaSet until its scale-down time, then scales to zero too.
      Revision current = in.revisions().get(status.currentPodHash);
      if (current != null && !current.hash().equals(status.stableRS) && Boolean.TRUE.equals(status.abort)) {
        Instant at = scaleDownAt(current);
        if (at != null) {
          scaleDownWhenDue(current, at);
        }
      }
      int limit = rollout.getSpec().revisionHistoryLimit == null ? DEFAULT_HISTORY : rollout.getSpec().revisionHistoryLimit;
      others.stream().filter(r -> r.desired() == 0)
          .sorted(Comparator.comparing(Revision::createdAt).reversed())
          .skip(limit)
          .forEach(r -> actions.add(new Action.DeleteRevision(r.hash())));
    }

    private void scaleDownWhenDue(Revision revision, Instant at) {
      if (revision.desired() == 0) {
        return;
      }
      if (!now.isBefore(at)) {
        scale(revision.hash(), 0);
      } else {
        requeueIn(Duration.between(now, at));
      }
    }

    /** When the revision scales down: as scheduled in this plan, else as the cluster has it. */
    private Instant scaleDownAt(Revision revision) {
      Instant at = revision.scaleDownAt();
      for (Action action : actions) {
        if (action instanceof Action.ScheduleScaleDown s && s.hash().equals(revision.hash())) {
          at = s.at();
        }
      }
      return at;
    }

    private void replicaCounts() {
      StatusControls.countReplicas(status, in.revisions().values(), replicas, generation, now);
    }

    // --- small helpers ---------------------------------------------------------------------------------------

    /** Scales a revision; a later scale of the same revision in one plan replaces the earlier one. */
    private void scale(String hash, int count) {
      actions.removeIf(a -> a instanceof Action.ScaleRevision s && s.hash().equals(hash));
      actions.add(new Action.ScaleRevision(hash, count));
    }

    /** Points the Services and records it; a later pointing in one plan replaces the earlier one. */
    private void point(String activeHash, String previewHash) {
      actions.removeIf(a -> a instanceof Action.PointActiveAndPreview);
      actions.add(new Action.PointActiveAndPreview(activeHash, previewHash));
      bg.activeSelector = activeHash;
      bg.previewSelector = blueGreen.previewService == null ? null : previewHash;
    }

    private int attempt() {
      return bg.attempt == null ? 0 : bg.attempt;
    }

    /** The first attempt from which on none of the revision's AnalysisRun names exists yet. */
    private int freshAttempt(String hash, int from) {
      int attempt = from;
      while (in.runs().containsKey(prePromotionRunName(rollout, hash, attempt))
          || in.runs().containsKey(postPromotionRunName(rollout, hash, attempt))) {
        attempt++;
      }
      return attempt;
    }

    private int available(String hash) {
      Revision revision = in.revisions().get(hash);
      return revision == null ? 0 : revision.available();
    }

    private PauseCondition findPause(PauseCondition.Reason reason) {
      return StatusControls.findPause(status, reason);
    }

    private PauseCondition addPause(PauseCondition.Reason reason) {
      return StatusControls.addPause(status, reason, now);
    }

    private void removePause(PauseCondition.Reason reason) {
      StatusControls.removePause(status, reason);
    }

    private void clearManualControls() {
      StatusControls.clearManualControls(status);
    }

    private void terminateRuns() {
      terminateRun(bg.prePromotionAnalysisRun);
      terminateRun(bg.postPromotionAnalysisRun);
    }

    private void terminateRun(String name) {
      if (name != null) {
        RunState run = in.runs().get(name);
        if (run == null || run.phase() == null || !run.phase().completed()) {
          actions.add(new Action.TerminateAnalysis(name));
        }
      }
    }

    private void healthy(String message) {
      RolloutHealth.set(status, RolloutPhase.Healthy, "RolloutHealthy", message, generation, now);
      Conditions.set(status.conditions, Conditions.PROGRESSING, true, "NewReplicaSetAvailable", message, generation, now);
    }

    private void progressing(String reason, String message) {
      RolloutHealth.set(status, RolloutPhase.Progressing, reason, message, generation, now);
      Conditions.set(status.conditions, Conditions.PROGRESSING, true, reason, message, generation, now);
    }

    private void paused(String reason, String message) {
      RolloutHealth.set(status, RolloutPhase.Paused, reason, message, generation, now);
      Conditions.set(status.conditions, Conditions.PROGRESSING, true, "RolloutPaused", message, generation, now);
    }

    private void requeueIn(Duration delay) {
      Duration positive = delay.isNegative() || delay.isZero() ? Duration.ofSeconds(1) : delay;
      requeue = Optional.of(requeue.map(r -> r.compareTo(positive) < 0 ? r : positive).orElse(positive));
    }

    private static Duration seconds(Integer value) {
      return value == null ? DEFAULT_DELAY : Duration.ofSeconds(value);
    }
  }
}
