package dev.sluice.operator.plan;

import dev.sluice.api.v1alpha1.AnalysisPhase;
import dev.sluice.api.v1alpha1.PauseCondition;
import dev.sluice.api.v1alpha1.PodTemplateMetadata;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutPhase;
import dev.sluice.api.v1alpha1.RolloutStatus;
import dev.sluice.operator.gitrevert.Quarantine;
import dev.sluice.operator.status.Conditions;
import dev.sluice.operator.status.StatusWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One planning pass, with the transitions every strategy makes the same way: the first revision, the way back to
 * stable, a new revision, retry, the quarantine of a reverted revision, abort, and retiring old revisions. A
 * strategy (canary, blue-green) extends it with how it points its Services and routes traffic, which AnalysisRuns
 * it names in status, and {@link #progress}: its own steps or gates for a new revision that nothing stops.
 */
public abstract class Transitions {
  protected final Observation in;
  protected final Rollout rollout;
  protected final RolloutStatus status;
  protected final Draft draft;
  protected final int replicas;
  protected final Long generation;
  protected final Instant now;
  /** The observed status: Paused (resuming is progress), its Progressing reason, the current revision's pods. */
  private final boolean wasPaused;
  private final String observedReason;
  private final Integer observedAvailable;
  private boolean rejected;

  protected Transitions(Observation in) {
    this.in = in;
    this.rollout = in.rollout();
    this.status = StatusWriter.copyOf(rollout.getStatus());
    this.draft = new Draft(status);
    this.replicas = Defaults.replicas(rollout.getSpec());
    this.generation = rollout.getMetadata().getGeneration();
    this.now = in.now();
    this.wasPaused = status.phase == RolloutPhase.Paused;
    this.observedReason = Conditions.find(status.conditions, Conditions.PROGRESSING).map(c -> c.getReason()).orElse(null);
    this.observedAvailable = status.updatedReplicas;
  }

  // --- what a strategy says about itself ------------------------------------------------------------------

  /** Points the stable (canary) or active (blue-green) Service at stableHash, and the other one at newHash. */
  protected abstract void pointServices(String stableHash, String newHash);

  /** All traffic to stableHash through the router, if the strategy has one; clearRoutes also drops managed routes. */
  protected abstract void routeAllTo(String stableHash, String newHash, boolean clearRoutes);

  /** The AnalysisRuns the status names for the current revision, in the order they are checked. */
  protected abstract List<String> currentRuns();

  /** The status stops naming AnalysisRuns: the next ones are new runs of a new attempt or revision. */
  protected abstract void forgetRuns();

  protected abstract Integer attemptField();

  protected abstract void setAttempt(Integer attempt);

  /** Whether an AnalysisRun of the revision's attempt exists: a new attempt must use names not taken yet. */
  protected abstract boolean attemptUsed(String hash, int attempt);

  protected abstract Integer abortScaleDownDelaySeconds();

  /** The role metadata of the revision being rolled out (canaryMetadata, previewMetadata); null for none. */
  protected abstract PodTemplateMetadata newRevisionMetadata();

  /** The role metadata of the stable revision (stableMetadata, activeMetadata); null for none. */
  protected abstract PodTemplateMetadata stableRevisionMetadata();

  /** The strategy's own way through a new revision that no abort, hold or failed analysis stops. */
  protected abstract void progress(String hash, String stable);

  /** What a new revision, a retry or an abort starts from again (the canary's step index). */
  protected void restart() {
  }

  /** A revision is at rest: stable, nothing left to do (the canary's step index goes past the last step). */
  protected void atRest() {
  }

  /** An abort is being recorded: what the strategy adds (blue-green says when active switches back). */
  protected void onAborted(String hash, String stable) {
  }

  /** What the new revision's Event says when it starts, and the Event reason when it supersedes another. */
  protected abstract String startedMessage(String hash, String stable);

  protected abstract String abandonedReason();

  /** "traffic" or "active": what is back on stable after an abort. */
  protected abstract String backOnStable();

  // --- the pass ------------------------------------------------------------------------------------------

  public final Plan plan() {
    status.observedGeneration = generation;
    String hash = in.desiredHash();
    if (status.stableRS == null) {
      firstRevision(hash);
    } else if (hash.equals(status.stableRS)) {
      backToStable(hash);
    } else {
      newRevision(hash, status.stableRS);
    }
    if (!rejected) {
      Conditions.remove(status.conditions, Quarantine.CONDITION);
    }
    new Retirement(in, status, draft).retireOtherRevisions();
    RoleMetadata.assign(in, draft, newRevisionMetadata(), stableRevisionMetadata());
    WorkloadScaleDown.plan(in, status, draft, replicas);
    StatusControls.countReplicas(status, in.revisions().values(), replicas, generation, now);
    return draft.plan();
  }

  /** No stable revision yet: the first one goes straight to full size, without analysis, and becomes stable. */
  private void firstRevision(String hash) {
    status.currentPodHash = hash;
    draft.add(new Action.ScaleRevision(hash, replicas));
    pointServices(hash, hash);
    routeAllTo(hash, hash, false);
    if (available(hash) >= replicas) {
      status.stableRS = hash;
      atRest();
      healthy("first revision " + hash + " is available");
    } else {
      progressing(Reasons.STARTED, "first revision " + hash + ": " + available(hash) + "/" + replicas + " available");
    }
  }

  /** The spec asks for the stable revision: after a promotion, or when Git reverted the template (rollback). */
  private void backToStable(String hash) {
    String previous = status.currentPodHash;
    if (previous != null && !previous.equals(hash)) {
      draft.event(Reasons.ROLLED_BACK_TO_STABLE,
          "the pod template is the stable revision " + hash + " again: revision " + previous + " is dropped");
      terminateRuns();
      forgetRuns();
      draft.add(new Action.ScheduleScaleDown(previous, now));
    }
    status.currentPodHash = hash;
    atRest();
    StatusControls.clearManualControls(status);
    draft.add(new Action.ScaleRevision(hash, replicas));
    pointServices(hash, hash);
    routeAllTo(hash, hash, true);
    if (available(hash) >= replicas) {
      healthy("revision " + hash + " is stable and available");
    } else {
      progressing(Reasons.STABLE_SCALING, "stable revision " + hash + ": " + available(hash) + "/" + replicas + " available");
    }
  }

  /** A new revision against the stable one: held, aborted, retried, or on through the strategy's steps. */
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
    progress(hash, stable);
  }

  private void startRevision(String hash, String stable) {
    String abandoned = status.currentPodHash;
    if (abandoned != null && !abandoned.equals(stable)) {
      draft.add(new Action.ScheduleScaleDown(abandoned, now));
      draft.event(abandonedReason(), "revision " + abandoned + " is superseded by " + hash);
    }
    terminateRuns();
    forgetRuns();
    status.currentPodHash = hash;
    restart();
    int fresh = freshAttempt(hash, 0);
    setAttempt(fresh == 0 ? null : fresh);
    StatusControls.clearManualControls(status);
    status.progressedAt = now.toString();
    routeAllTo(stable, hash, true);
    draft.event(Reasons.UPDATED, startedMessage(hash, stable));
    if (rollingBackWithinWindow(hash, stable)) {
      draft.event(Reasons.SKIP_STEPS, "revision " + hash + " is a rollback within rollbackWindow ("
          + rollout.getSpec().rollbackWindow.revisions + " revisions): no steps, pauses or analyses");
    }
  }

  /** rollbackWindow: the spec went back to a recent revision; the strategy fast-tracks it to promotion. */
  protected final boolean rollingBackWithinWindow(String hash, String stable) {
    return RollbackWindow.within(in, hash, stable);
  }

  /** abort was set back to false: the revision starts again from the beginning, with new AnalysisRuns. */
  private void retry(String hash) {
    draft.event(Reasons.RETRIED, "retrying revision " + hash + " from the start");
    StatusControls.clearManualControls(status);
    restart();
    setAttempt(freshAttempt(hash, attempt() + 1));
    forgetRuns();
    status.progressedAt = now.toString();
    Quarantine.lift(status, hash);
  }

  /** A revision Git reverted came back: held like an abort before any of its pods start, until a retry. */
  private void reject(String hash, String stable) {
    rejected = true;
    String message = Quarantine.message(status, hash);
    if (Quarantine.isNewHold(status, hash)) {
      String abandoned = status.currentPodHash;
      if (abandoned != null && !abandoned.equals(hash) && !abandoned.equals(stable)) {
        draft.add(new Action.ScheduleScaleDown(abandoned, now));
      }
      terminateRuns();
      forgetRuns();
      restart();
      StatusControls.clearManualControls(status);
      Quarantine.hold(status, hash, now);
      draft.warning(Quarantine.CONDITION, message);
    }
    status.message = message;
    aborted(hash, stable);
    Quarantine.report(status, message, generation, now);
  }

  /** A failed or errored AnalysisRun of the current revision aborts the rollout at once; true when it did. */
  private boolean analysisAborts() {
    for (String name : currentRuns()) {
      RunState run = name == null ? null : in.runs().get(name);
      if (run != null && (run.phase() == AnalysisPhase.Failed || run.phase() == AnalysisPhase.Error)) {
        String message = "analysis " + name + " " + run.phase() + ": " + run.message();
        draft.warning(run.phase() == AnalysisPhase.Failed ? Reasons.ANALYSIS_RUN_FAILED : Reasons.ANALYSIS_RUN_ERROR, message);
        abort(Reasons.ABORT_ANALYSIS, message);
        return true;
      }
    }
    return false;
  }

  /** Records an abort the controller decides (analysis, deadline); {@link #aborted} then carries it out. */
  protected final void abort(String reason, String message) {
    status.abort = true;
    status.abortReason = reason;
    status.abortedAt = now.toString();
    status.message = message;
    draft.warning(Reasons.ABORTED, message);
  }

  /** Traffic and Services back on stable at once; the new revision scales down as {@link #scaleAfterAbort} says. */
  protected final void aborted(String hash, String stable) {
    if (status.abortedAt == null) {
      status.abortedAt = now.toString();
      status.abortReason = Reasons.ABORT_MANUAL;
      status.message = "aborted by a person";
      draft.warning(Reasons.ABORTED, "aborted by a person");
    }
    if (status.abortReason == null) {
      status.abortReason = Reasons.ABORT_MANUAL;
    }
    onAborted(hash, stable);
    routeAllTo(stable, hash, true);
    // Argo Rollouts keeps the runs of an aborted revision in status: a person sees which one ended it. A retry,
    // a new revision or the way back to stable forgets them.
    terminateRuns();
    pointServices(stable, hash);
    scaleAfterAbort(hash, stable);
    status.pauseConditions = null;
    status.controllerPause = null;
    status.promoteFull = null;
    restart();
    String message = status.message != null && status.message.startsWith(Reasons.ABORTED) ? status.message
        : Reasons.ABORTED + ": " + Optional.ofNullable(status.message).orElse("aborted") + "; " + backOnStable()
            + " is back on stable " + stable;
    RolloutHealth.set(status, RolloutPhase.Degraded, Reasons.ABORTED, message, generation, now);
    Conditions.set(status.conditions, Conditions.PROGRESSING, false, Reasons.ABORTED, message, generation, now);
  }

  /**
   * The replicas after an abort, when traffic reaches revisions through a router or Services: the stable at full
   * size at once, the aborted revision scaled down abortScaleDownDelaySeconds after the abort (default 30), or
   * never with 0, as in Argo Rollouts. A canary without a router overrides this: its pods are its traffic.
   */
  protected void scaleAfterAbort(String hash, String stable) {
    draft.add(new Action.ScaleRevision(stable, replicas));
    Integer delay = abortScaleDownDelaySeconds();
    Revision revision = in.revisions().get(hash);
    if (Integer.valueOf(0).equals(delay) || revision == null || revision.desired() == 0) {
      return;
    }
    draft.add(new Action.ScheduleScaleDown(hash, Instant.parse(status.abortedAt).plus(Defaults.delay(delay))));
  }

  /**
   * The rollout waits for what should come by itself: pods, or the router taking a weight. This is where a rollout
   * gets stuck (a bad image, no capacity, a broken route), so progressDeadlineSeconds counts here, as in Argo
   * Rollouts: from the last progress (a new revision, a completed step or gate, entering this wait, resuming from a
   * pause, one more available pod of the revision). Pauses and analyses do not count: a person or the analysis
   * bounds them. Returns true when the deadline is missed: Degraded, or aborted with progressDeadlineAbort.
   */
  protected final boolean waitMissesDeadline(String hash, String reason, String message) {
    boolean entered = !reason.equals(observedReason) && !Reasons.DEADLINE_EXCEEDED.equals(observedReason);
    if (entered || wasPaused || status.progressedAt == null || observedAvailable == null
        || available(hash) > observedAvailable) {
      status.progressedAt = now.toString();
    }
    Duration deadline = Defaults.progressDeadline(rollout.getSpec());
    Instant due = Instant.parse(status.progressedAt).plus(deadline);
    if (now.isBefore(due)) {
      draft.requeueIn(Duration.between(now, due));
      progressing(reason, message);
      return false;
    }
    String exceeded = Reasons.DEADLINE_EXCEEDED + ": no progress for " + deadline.toSeconds() + "s: " + message;
    if (Boolean.TRUE.equals(rollout.getSpec().progressDeadlineAbort)) {
      abort(Reasons.ABORT_DEADLINE, exceeded);
      aborted(hash, status.stableRS);
      return true;
    }
    RolloutHealth.set(status, RolloutPhase.Degraded, Reasons.DEADLINE_EXCEEDED, exceeded, generation, now);
    if (Conditions.set(status.conditions, Conditions.PROGRESSING, false, Reasons.DEADLINE_EXCEEDED, exceeded, generation, now)) {
      draft.warning(Reasons.DEADLINE_EXCEEDED, exceeded);
    }
    return true;
  }

  // --- shared helpers ------------------------------------------------------------------------------------

  protected final int attempt() {
    Integer attempt = attemptField();
    return attempt == null ? 0 : attempt;
  }

  /** The first attempt from which on none of the revision's AnalysisRun names exists yet. */
  private int freshAttempt(String hash, int from) {
    int attempt = from;
    while (attemptUsed(hash, attempt)) {
      attempt++;
    }
    return attempt;
  }

  protected final int available(String hash) {
    Revision revision = in.revisions().get(hash);
    return revision == null ? 0 : revision.available();
  }

  protected final void terminateRuns() {
    currentRuns().forEach(this::terminateRun);
  }

  /** Stops a run that has not completed; a completed one has nothing left to stop. */
  protected final void terminateRun(String name) {
    if (name != null) {
      RunState run = in.runs().get(name);
      if (run == null || run.phase() == null || !run.phase().completed()) {
        draft.add(new Action.TerminateAnalysis(name));
      }
    }
  }

  protected final PauseCondition findPause(PauseCondition.Reason reason) {
    return StatusControls.findPause(status, reason);
  }

  protected final PauseCondition addPause(PauseCondition.Reason reason) {
    return StatusControls.addPause(status, reason, now);
  }

  protected final void removePause(PauseCondition.Reason reason) {
    StatusControls.removePause(status, reason);
  }

  /**
   * A person paused the rollout (spec.paused or kubectl sluice pause): while that holds, the status says Paused
   * (PausedBySpec) and the strategy only keeps its replicas; true then. Otherwise the person's pause is gone.
   */
  protected final boolean pausedByPerson() {
    if (!Boolean.TRUE.equals(rollout.getSpec().paused) && !in.pausedByAnnotation()) {
      removePause(PauseCondition.Reason.PausedBySpec);
      return false;
    }
    addPause(PauseCondition.Reason.PausedBySpec);
    paused(Reasons.PAUSED_BY_SPEC, "paused by " + (in.pausedByAnnotation() ? "kubectl sluice pause" : "spec.paused"));
    return true;
  }

  protected final void healthy(String message) {
    RolloutHealth.set(status, RolloutPhase.Healthy, Reasons.HEALTHY, message, generation, now);
    Conditions.set(status.conditions, Conditions.PROGRESSING, true, Reasons.NEW_REPLICA_SET_AVAILABLE, message, generation, now);
  }

  protected final void progressing(String reason, String message) {
    RolloutHealth.set(status, RolloutPhase.Progressing, reason, message, generation, now);
    Conditions.set(status.conditions, Conditions.PROGRESSING, true, reason, message, generation, now);
  }

  protected final void paused(String reason, String message) {
    RolloutHealth.set(status, RolloutPhase.Paused, reason, message, generation, now);
    Conditions.set(status.conditions, Conditions.PROGRESSING, true, Reasons.PAUSED, message, generation, now);
  }
}
