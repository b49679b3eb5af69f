package dev.sluice.operator.canary;

import dev.sluice.operator.plan.StatusControls;
import dev.sluice.operator.plan.RolloutHealth;
import dev.sluice.operator.plan.RunState;
import dev.sluice.operator.plan.Revision;
import dev.sluice.operator.plan.Plan;
import dev.sluice.operator.plan.Observation;
import dev.sluice.operator.plan.Action;
import dev.sluice.api.v1alpha1.AnalysisPhase;
import dev.sluice.api.v1alpha1.CanaryStatus;
import dev.sluice.api.v1alpha1.CanaryStep;
import dev.sluice.api.v1alpha1.CanaryStrategy;
import dev.sluice.api.v1alpha1.PauseCondition;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutPhase;
import dev.sluice.api.v1alpha1.RolloutStatus;
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
 * The canary strategy as a pure function: from an {@link Observation} to a {@link Plan}. The reconciler applies the
 * plan's actions, then writes its status; nothing here reads or writes the cluster.
 */
public final class CanaryPlanner {
  static final Duration DEFAULT_SCALE_DOWN_DELAY = Duration.ofSeconds(30);
  static final Duration DEFAULT_PROGRESS_DEADLINE = Duration.ofSeconds(600);
  static final Duration VERIFY_RETRY = Duration.ofSeconds(2);
  static final Duration ANALYSIS_RECHECK = Duration.ofSeconds(15);
  static final int DEFAULT_HISTORY = 10;

  public static final String ABORT_MANUAL = "Manual";
  public static final String ABORT_ANALYSIS = "Analysis";
  public static final String ABORT_DEADLINE = "ProgressDeadline";
  /** The revision was reverted in Git and applied again: it gets no canary until a person retries. */
  public static final String ABORT_REJECTED = Quarantine.ABORT_REASON;

  private CanaryPlanner() {
  }

  public static Plan plan(Observation observation) {
    return new Run(observation).plan();
  }

  /** Names of the AnalysisRuns a revision's steps and background analysis get; stable, so creation is idempotent. */
  public static String stepRunName(Rollout rollout, String hash, int attempt, int step) {
    return rollout.getMetadata().getName() + "-" + hash + attemptSuffix(attempt) + "-" + step;
  }

  public static String backgroundRunName(Rollout rollout, String hash, int attempt) {
    return rollout.getMetadata().getName() + "-" + hash + attemptSuffix(attempt) + "-background";
  }

  private static String attemptSuffix(int attempt) {
    return attempt == 0 ? "" : "-r" + attempt;
  }

  /**
   * Drops actions a later one supersedes: earlier scales and scale-down schedules of the same revision, and repeats
   * of the same traffic action, keeping each last occurrence in its place.
   */
  static List<Action> consolidated(List<Action> actions) {
    List<Action> kept = new ArrayList<>();
    for (int i = 0; i < actions.size(); i++) {
      Action action = actions.get(i);
      boolean superseded = false;
      for (int j = i + 1; j < actions.size() && !superseded; j++) {
        superseded = supersedes(actions.get(j), action);
      }
      if (!superseded) {
        kept.add(action);
      }
    }
    return kept;
  }

  private static boolean supersedes(Action later, Action earlier) {
    if (later instanceof Action.ScaleRevision l && earlier instanceof Action.ScaleRevision e) {
      return l.hash().equals(e.hash());
    }
    if (later instanceof Action.ScheduleScaleDown l && earlier instanceof Action.ScheduleScaleDown e) {
      return l.hash().equals(e.hash());
    }
    return later.equals(earlier) || (later instanceof Action.SetWeight && earlier instanceof Action.SetWeight)
        || (later instanceof Action.PointServices && earlier instanceof Action.PointServices);
  }

  /** One planning pass; holds the status being built and the actions decided so far. */
  private static final class Run {
    private final Observation in;
    private final Rollout rollout;
    private final CanaryStrategy canary;
    private final List<CanaryStep> steps;
    private final int replicas;
    private final boolean routed;
    private final Long generation;
    private final Instant now;
    private final RolloutStatus status;
    /** The rollout was Paused until now: the progress deadline does not count that time, resuming is progress. */
    private final boolean wasPaused;
    /** The canary weight recorded in the observed status: the one Observation.weightVerified is about. */
    private final Integer observedWeight;
    private final List<Action> actions = new ArrayList<>();
    private final List<Plan.Event> events = new ArrayList<>();
    private Optional<Duration> requeue = Optional.empty();
    private boolean rejected;

    Run(Observation in) {
      this.in = in;
      this.rollout = in.rollout();
      this.canary = rollout.getSpec().strategy.canary;
      this.steps = canary.steps == null ? List.of() : canary.steps;
      this.replicas = rollout.getSpec().replicas == null ? 1 : rollout.getSpec().replicas;
      this.routed = canary.trafficRouting != null;
      this.generation = rollout.getMetadata().getGeneration();
      this.now = in.now();
      this.status = StatusWriter.copyOf(rollout.getStatus());
      this.wasPaused = status.phase == RolloutPhase.Paused;
      this.observedWeight = status.canary == null || status.canary.weights == null || status.canary.weights.canary == null
          ? null : status.canary.weights.canary.weight;
      if (status.canary == null) {
        status.canary = new CanaryStatus();
      }
    }

    Plan plan() {
      status.observedGeneration = generation;
      String hash = in.desiredHash();
      if (status.stableRS == null) {
        firstRevision(hash);
      } else if (hash.equals(status.stableRS)) {
        onStable(hash);
      } else {
        canaryOf(hash);
      }
      if (!rejected) {
        Conditions.remove(status.conditions, Quarantine.CONDITION);
      }
      retireOtherRevisions();
      replicaCounts();
      return new Plan(consolidated(actions), status, events, requeue);
    }

    // --- the three situations -------------------------------------------------------------------------------

    /** No stable revision yet: the first one goes straight to full size and becomes stable. */
    private void firstRevision(String hash) {
      status.currentPodHash = hash;
      actions.add(new Action.ScaleRevision(hash, replicas));
      actions.add(new Action.PointServices(hash, hash));
      if (routed) {
        actions.add(new Action.SetWeight(0));
        setWeights(0, hash, hash);
      }
      if (available(hash) >= replicas) {
        status.stableRS = hash;
        status.currentStepIndex = steps.size();
        healthy("first revision " + hash + " is available");
      } else {
        progressing("RolloutStarted", "first revision " + hash + ": " + available(hash) + "/" + replicas + " available");
      }
    }

    /** The spec asks for the stable revision: after a promotion, or when Git reverted the template (rollback). */
    private void onStable(String hash) {
      String previous = status.currentPodHash;
      if (previous != null && !previous.equals(hash)) {
        events.add(new Plan.Event(false, "RolledBackToStable",
            "the pod template is the stable revision " + hash + " again: revision " + previous + " is dropped"));
        terminateRuns();
        actions.add(new Action.ScheduleScaleDown(previous, now));
      }
      status.currentPodHash = hash;
      status.currentStepIndex = steps.size();
      clearManualControls();
      actions.add(new Action.ScaleRevision(hash, replicas));
      actions.add(new Action.PointServices(hash, hash));
      if (routed) {
        actions.add(new Action.SetWeight(0));
        actions.add(new Action.RemoveManagedRoutes());
        setWeights(0, hash, hash);
      }
      if (available(hash) >= replicas) {
        healthy("revision " + hash + " is stable and available");
      } else {
        progressing("StableScaling", "stable revision " + hash + ": " + available(hash) + "/" + replicas + " available");
      }
    }

    /** A canary of hash against the stable revision. */
    private void canaryOf(String hash) {
      String stable = status.stableRS;
      if (Quarantine.holds(status, hash)) {
        reject(hash);
        return;
      }
      if (!hash.equals(status.currentPodHash)) {
        startRevision(hash);
      }
      if (Boolean.TRUE.equals(status.abort)) {
        aborted(hash);
        return;
      }
      if (status.abortedAt != null) {
        retry(hash);
      }
      if (analysisAborts(hash) || deadlineAborts(hash)) {
        aborted(hash);
        return;
      }
      actions.add(new Action.PointServices(stable, hash));
      if (Boolean.TRUE.equals(rollout.getSpec().paused) || in.pausedByAnnotation()) {
        addPause(PauseCondition.Reason.PausedBySpec);
        if (index() < steps.size()) {
          scaleForCurrentStep(hash, stable);
        } else {
          scaleForPromotion(hash, stable);
        }
        RolloutHealth.set(status, RolloutPhase.Paused, "PausedBySpec", "paused by " +
            (in.pausedByAnnotation() ? "kubectl sluice pause" : "spec.paused"), generation, now);
        return;
      }
      removePause(PauseCondition.Reason.PausedBySpec);
      if (wasPaused && (status.pauseConditions == null || status.pauseConditions.isEmpty())) {
        status.progressedAt = now.toString();
      }
      if (Boolean.TRUE.equals(status.promoteFull) && index() < steps.size()) {
        events.add(new Plan.Event(false, "PromotedFull", "promoted fully: skipping steps " + (index() + 1) + ".." + steps.size()));
        terminateRun(status.canary.currentStepAnalysisRun);
        status.canary.currentStepAnalysisRun = null;
        status.pauseConditions = null;
        status.controllerPause = null;
        status.currentStepIndex = steps.size();
      }
      String inconclusive = inconclusiveBackgroundAnalysis();
      if (inconclusive != null) {
        if (index() < steps.size()) {
          scaleForCurrentStep(hash, stable);
        } else {
          scaleForPromotion(hash, stable);
        }
        RolloutHealth.set(status, RolloutPhase.Paused, PauseCondition.Reason.InconclusiveAnalysis.name(), inconclusive, generation, now);
        Conditions.set(status.conditions, Conditions.PROGRESSING, true, "RolloutPaused", inconclusive, generation, now);
        return;
      }
      String waiting = walkSteps(hash, stable);
      startBackgroundAnalysis(hash);
      if (index() >= steps.size()) {
        promote(hash, stable);
      } else if (status.pauseConditions != null && !status.pauseConditions.isEmpty()) {
        RolloutHealth.set(status, RolloutPhase.Paused, status.pauseConditions.get(0).reason.name(), waiting, generation, now);
        Conditions.set(status.conditions, Conditions.PROGRESSING, true, "RolloutPaused", waiting, generation, now);
      } else if (!deadlineMissed(waiting)) {
        progressing("RolloutProgressing", waiting);
      }
    }

    // --- canary phases ---------------------------------------------------------------------------------------

    private void startRevision(String hash) {
      String abandoned = status.currentPodHash;
      if (abandoned != null && !abandoned.equals(status.stableRS)) {
        actions.add(new Action.ScheduleScaleDown(abandoned, now));
        events.add(new Plan.Event(false, "CanaryAbandoned", "revision " + abandoned + " is superseded by " + hash));
      }
      terminateRuns();
      status.currentPodHash = hash;
      status.currentStepIndex = 0;
      int fresh = freshAttempt(hash, 0);
      status.canary.attempt = fresh == 0 ? null : fresh;
      clearManualControls();
      status.progressedAt = now.toString();
      if (routed) {
        actions.add(new Action.SetWeight(0));
        actions.add(new Action.RemoveManagedRoutes());
        setWeights(0, hash, status.stableRS);
      }
      events.add(new Plan.Event(false, "RolloutUpdated", "revision " + hash + " starts its canary against stable " + status.stableRS));
    }

    /** abort was set back to false: the canary starts again at step 0, with new AnalysisRuns. */
    private void retry(String hash) {
      events.add(new Plan.Event(false, "RolloutRetried", "retrying revision " + hash + " from step 1"));
      clearManualControls();
      status.currentStepIndex = 0;
      status.canary.attempt = freshAttempt(hash, attempt() + 1);
      status.canary.currentStepAnalysisRun = null;
      status.canary.currentBackgroundAnalysisRun = null;
      status.progressedAt = now.toString();
      Quarantine.lift(status, hash);
    }

    /** Executes steps from the current index while they complete; returns what the rollout waits for. */
    private String walkSteps(String hash, String stable) {
      while (index() < steps.size()) {
        int index = index();
        CanaryStep step = steps.get(index);
        String waiting = execute(step, index, hash, stable);
        if (waiting != null) {
          return "step " + (index + 1) + "/" + steps.size() + ": " + waiting;
        }
        events.add(new Plan.Event(false, "StepCompleted", "step " + (index + 1) + "/" + steps.size() + " completed: " + describe(step)));
        status.currentStepIndex = index + 1;
        status.progressedAt = now.toString();
      }
      return "all steps completed";
    }

    /** Runs one step; null when it is complete, otherwise what it waits for. */
    private String execute(CanaryStep step, int index, String hash, String stable) {
      int[] scale = scaleForCurrentStep(hash, stable);
      if (step.setWeight != null || step.setCanaryScale != null) {
        if (available(hash) < scale[0]) {
          return "waiting for the canary: " + available(hash) + "/" + scale[0] + " available";
        }
        if (step.setWeight != null) {
          return shiftTraffic(step.setWeight, hash, stable, scale);
        }
        return null;
      }
      if (step.pause != null) {
        return pause(step);
      }
      if (step.analysis != null) {
        return stepAnalysis(step, index, hash);
      }
      if (step.setHeaderRoute != null) {
        actions.add(new Action.SetHeaderRoute(step.setHeaderRoute));
        return null;
      }
      if (step.setMirrorRoute != null) {
        actions.add(new Action.SetMirrorRoute(step.setMirrorRoute));
        return null;
      }
      return null;
    }

    /** Sets the weight once the canary pods are there; complete when the router has verified it. */
    private String shiftTraffic(int weight, String hash, String stable, int[] scale) {
      if (!routed) {
        Revision canaryRevision = in.revisions().get(hash);
        Revision stableRevision = in.revisions().get(stable);
        boolean settled = canaryRevision != null && canaryRevision.available() >= scale[0] && canaryRevision.desired() == scale[0]
            && (stableRevision == null || stableRevision.desired() == scale[1]);
        int actual = actualBasicWeight(hash, stable);
        setWeights(actual, hash, stable);
        status.canary.weights.verified = settled;
        return settled ? null : "waiting for " + scale[0] + " canary and " + scale[1] + " stable pods";
      }
      Integer recorded = currentWeight();
      if (recorded == null || recorded != weight) {
        actions.add(new Action.SetWeight(weight));
        setWeights(weight, hash, stable);
        status.canary.weights.verified = false;
        requeueIn(VERIFY_RETRY);
        return "waiting for the router to take weight " + weight;
      }
      if (!Boolean.TRUE.equals(in.weightVerified())) {
        actions.add(new Action.SetWeight(weight));
        status.canary.weights.verified = false;
        requeueIn(VERIFY_RETRY);
        return "waiting for the router to verify weight " + weight;
      }
      status.canary.weights.verified = true;
      return null;
    }

    private String pause(CanaryStep step) {
      PauseCondition pause = findPause(PauseCondition.Reason.CanaryPauseStep);
      if (pause == null) {
        if (Boolean.TRUE.equals(status.controllerPause)) {
          status.controllerPause = null;
          events.add(new Plan.Event(false, "Promoted", "pause promoted"));
          return null;
        }
        pause = addPause(PauseCondition.Reason.CanaryPauseStep);
        events.add(new Plan.Event(false, "RolloutPaused", step.pause.duration == null
            ? "paused until promoted" : "paused for " + step.pause.duration));
      }
      if (step.pause.duration == null) {
        return "paused until promoted (kubectl sluice promote)";
      }
      Instant end = Instant.parse(pause.startTime).plus(dev.sluice.api.v1alpha1.Durations.parse(step.pause.duration));
      if (!now.isBefore(end)) {
        removePause(PauseCondition.Reason.CanaryPauseStep);
        status.controllerPause = null;
        return null;
      }
      requeueIn(Duration.between(now, end));
      return "paused until " + end;
    }

    private String stepAnalysis(CanaryStep step, int index, String hash) {
      String name = stepRunName(rollout, hash, attempt(), index);
      RunState run = in.runs().get(name);
      if (run == null || !name.equals(status.canary.currentStepAnalysisRun)) {
        actions.add(new Action.StartAnalysis(name, step.analysis, hash));
        status.canary.currentStepAnalysisRun = name;
        requeueIn(ANALYSIS_RECHECK);
        return "analysis " + name + " started";
      }
      AnalysisPhase phase = run.phase() == null ? AnalysisPhase.Pending : run.phase();
      switch (phase) {
        case Successful:
          status.canary.currentStepAnalysisRun = null;
          return null;
        case Inconclusive:
          if (findPause(PauseCondition.Reason.InconclusiveAnalysis) == null) {
            if (Boolean.TRUE.equals(status.controllerPause)) {
              status.controllerPause = null;
              status.canary.currentStepAnalysisRun = null;
              return null;
            }
            addPause(PauseCondition.Reason.InconclusiveAnalysis);
            events.add(new Plan.Event(true, "AnalysisInconclusive", "analysis " + name + " is inconclusive: " + run.message()
                + "; promote to go on or abort"));
          }
          return "analysis " + name + " is inconclusive; waiting for a person";
        default:
          requeueIn(ANALYSIS_RECHECK);
          return "analysis " + name + " is " + phase;
      }
    }

    private void startBackgroundAnalysis(String hash) {
      if (canary.analysis == null) {
        return;
      }
      int startingStep = canary.analysis.startingStep == null ? 0 : canary.analysis.startingStep;
      String name = backgroundRunName(rollout, hash, attempt());
      boolean exists = in.runs().containsKey(name);
      if (index() >= startingStep && index() < steps.size() && !exists) {
        actions.add(new Action.StartAnalysis(name, canary.analysis, hash));
        if (!name.equals(status.canary.currentBackgroundAnalysisRun)) {
          events.add(new Plan.Event(false, "AnalysisRunStarted", "background analysis " + name + " started"));
        }
      }
      if (index() >= startingStep && (exists || index() < steps.size())) {
        status.canary.currentBackgroundAnalysisRun = name;
      }
    }

    /**
     * An Inconclusive background analysis pauses the steps for a person; once promoted they go on without it. The
     * pause does not take controllerPause, which means "promote the step pause": the person's promote of this pause
     * must not also skip a later pause step. Returns what the rollout waits for, or null.
     */
    private String inconclusiveBackgroundAnalysis() {
      String name = status.canary.currentBackgroundAnalysisRun;
      RunState run = name == null ? null : in.runs().get(name);
      if (run == null || run.phase() != AnalysisPhase.Inconclusive) {
        return null;
      }
      if (!name.equals(status.canary.inconclusiveBackgroundRun)) {
        status.canary.inconclusiveBackgroundRun = name;
        Boolean controllerPause = status.controllerPause;
        addPause(PauseCondition.Reason.InconclusiveAnalysis);
        status.controllerPause = controllerPause;
        events.add(new Plan.Event(true, "AnalysisInconclusive", "background analysis " + name + " is inconclusive: "
            + run.message() + "; promote to go on without it, or abort"));
      } else if (findPause(PauseCondition.Reason.InconclusiveAnalysis) == null) {
        return null;
      }
      return "background analysis " + name + " is inconclusive; waiting for a person";
    }

    /** A failed or errored step or background analysis aborts the rollout at once; true when it did. */
    private boolean analysisAborts(String hash) {
      for (String name : new String[] {status.canary.currentStepAnalysisRun, status.canary.currentBackgroundAnalysisRun}) {
        RunState run = name == null ? null : in.runs().get(name);
        if (run != null && (run.phase() == AnalysisPhase.Failed || run.phase() == AnalysisPhase.Error)) {
          abort(ABORT_ANALYSIS, "analysis " + name + " " + run.phase() + ": " + run.message());
          return true;
        }
      }
      return false;
    }

    private boolean deadlineAborts(String hash) {
      if (!Boolean.TRUE.equals(rollout.getSpec().progressDeadlineAbort) || !deadlineExceeded()) {
        return false;
      }
      abort(ABORT_DEADLINE, "no progress for " + deadline().toSeconds() + "s (progressDeadlineSeconds)");
      return true;
    }

    private void abort(String reason, String message) {
      status.abort = true;
      status.abortReason = reason;
      status.abortedAt = now.toString();
      status.message = message;
      events.add(new Plan.Event(true, "RolloutAborted", message));
    }

    /** A revision Git reverted came back: held like an abort before any canary pod starts, until a retry. */
    private void reject(String hash) {
      rejected = true;
      String message = Quarantine.message(status, hash);
      if (Quarantine.isNewHold(status, hash)) {
        String abandoned = status.currentPodHash;
        if (abandoned != null && !abandoned.equals(hash) && !abandoned.equals(status.stableRS)) {
          actions.add(new Action.ScheduleScaleDown(abandoned, now));
        }
        terminateRuns();
        status.currentStepIndex = 0;
        clearManualControls();
        Quarantine.hold(status, hash, now);
        events.add(new Plan.Event(true, Quarantine.CONDITION, message));
      }
      status.message = message;
      aborted(hash);
      Quarantine.report(status, message, generation, now);
    }

    /** Traffic back to stable at once; the canary scales down after abortScaleDownDelaySeconds. */
    private void aborted(String hash) {
      String stable = status.stableRS;
      if (status.abortedAt == null) {
        status.abortedAt = now.toString();
        status.abortReason = ABORT_MANUAL;
        status.message = "aborted by a person";
        events.add(new Plan.Event(true, "RolloutAborted", "aborted by a person"));
      }
      if (status.abortReason == null) {
        status.abortReason = ABORT_MANUAL;
      }
      if (routed) {
        actions.add(new Action.SetWeight(0));
        actions.add(new Action.RemoveManagedRoutes());
        setWeights(0, hash, stable);
      }
      terminateRuns();
      actions.add(new Action.PointServices(stable, hash));
      actions.add(new Action.ScaleRevision(stable, replicas));
      Instant scaleDownAt = Instant.parse(status.abortedAt).plus(seconds(canary.abortScaleDownDelaySeconds));
      Revision canaryRevision = in.revisions().get(hash);
      if (canaryRevision != null && canaryRevision.desired() > 0) {
        actions.add(new Action.ScheduleScaleDown(hash, scaleDownAt));
      }
      status.pauseConditions = null;
      status.controllerPause = null;
      status.currentStepIndex = 0;
      String message = status.message != null && status.message.startsWith("RolloutAborted") ? status.message
          : "RolloutAborted: " + Optional.ofNullable(status.message).orElse("aborted") + "; traffic is back on stable " + stable;
      RolloutHealth.set(status, RolloutPhase.Degraded, "RolloutAborted", message, generation, now);
      Conditions.set(status.conditions, Conditions.PROGRESSING, false, "RolloutAborted", message, generation, now);
    }

    /** After the last step: the canary goes to full size, then becomes stable and takes all traffic. */
    private void promote(String hash, String stable) {
      scaleForPromotion(hash, stable);
      if (available(hash) < replicas) {
        progressing("Promoting", "promoting " + hash + ": " + available(hash) + "/" + replicas + " available");
        return;
      }
      actions.add(new Action.PointServices(hash, hash));
      if (routed) {
        actions.add(new Action.SetWeight(0));
        actions.add(new Action.RemoveManagedRoutes());
      }
      setWeights(0, hash, hash);
      terminateRuns();
      actions.add(new Action.ScheduleScaleDown(stable, now.plus(seconds(canary.scaleDownDelaySeconds))));
      status.stableRS = hash;
      status.currentStepIndex = steps.size();
      status.promoteFull = null;
      status.progressedAt = now.toString();
      events.add(new Plan.Event(false, "RolloutCompleted", "revision " + hash + " is stable; " + stable + " scales down"));
      healthy("revision " + hash + " is stable and available");
    }

    // --- replicas --------------------------------------------------------------------------------------------

    /** Scales the canary (and, without routing, the stable) for the current step; returns {canary, stable}. */
    private int[] scaleForCurrentStep(String hash, String stable) {
      StepSettings settings = StepSettings.upTo(steps, Math.min(index(), steps.size() - 1));
      int[] scale;
      if (routed || settings.scale() != null) {
        scale = new int[] {ReplicaMath.canaryForWeight(replicas, settings.weight(), settings.scale()), replicas};
      } else {
        scale = ReplicaMath.basicCanary(replicas, settings.weight(), canary.maxSurge, canary.maxUnavailable,
            in.revisions().get(hash), in.revisions().get(stable));
      }
      actions.add(new Action.ScaleRevision(hash, scale[0]));
      actions.add(new Action.ScaleRevision(stable, scale[1]));
      return scale;
    }

    /** Full size for the canary; the stable stays at full size with traffic routing, else shrinks as pods allow. */
    private void scaleForPromotion(String hash, String stable) {
      int[] scale = routed ? new int[] {replicas, replicas}
          : ReplicaMath.basicCanary(replicas, 100, canary.maxSurge, canary.maxUnavailable,
              in.revisions().get(hash), in.revisions().get(stable));
      actions.add(new Action.ScaleRevision(hash, scale[0]));
      actions.add(new Action.ScaleRevision(stable, scale[1]));
    }

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
        if (revision.desired() > 0 && at != null) {
          if (!now.isBefore(at)) {
            actions.add(new Action.ScaleRevision(revision.hash(), 0));
          } else {
            requeueIn(Duration.between(now, at));
          }
        }
      }
      // The aborted canary keeps its ReplicaSet until its scale-down time, then scales to zero too.
      Revision current = in.revisions().get(status.currentPodHash);
      Instant currentAt = current == null ? null : scaleDownAt(current);
      if (current != null && !current.hash().equals(status.stableRS) && Boolean.TRUE.equals(status.abort)
          && currentAt != null && current.desired() > 0) {
        if (!now.isBefore(currentAt)) {
          actions.add(new Action.ScaleRevision(current.hash(), 0));
        } else {
          requeueIn(Duration.between(now, currentAt));
        }
      }
      int limit = rollout.getSpec().revisionHistoryLimit == null ? DEFAULT_HISTORY : rollout.getSpec().revisionHistoryLimit;
      others.stream().filter(r -> r.desired() == 0)
          .sorted(Comparator.comparing(Revision::createdAt).reversed())
          .skip(limit)
          .forEach(r -> actions.add(new Action.DeleteRevision(r.hash())));
    }

    /** When the revision scales down: as scheduled in this plan, else as the cluster has it. */
    private Instant scaleDownAt(Revision revision) {
      return actions.stream()
          .filter(a -> a instanceof Action.ScheduleScaleDown s && s.hash().equals(revision.hash()))
          .map(a -> ((Action.ScheduleScaleDown) a).at()).reduce((first, second) -> second).orElse(revision.scaleDownAt());
    }

    private void replicaCounts() {
      StatusControls.countReplicas(status, in.revisions().values(), replicas, generation, now);
    }

    // --- progress deadline -----------------------------------------------------------------------------------

    private Duration deadline() {
      Integer seconds = rollout.getSpec().progressDeadlineSeconds;
      return seconds == null ? DEFAULT_PROGRESS_DEADLINE : Duration.ofSeconds(seconds);
    }

    private boolean deadlineExceeded() {
      if (status.progressedAt == null || wasPaused || (status.pauseConditions != null && !status.pauseConditions.isEmpty())) {
        return false;
      }
      return !now.isBefore(Instant.parse(status.progressedAt).plus(deadline()));
    }

    /** True (Degraded, Progressing=False) once the deadline passed without progress; else looks again then. */
    private boolean deadlineMissed(String waiting) {
      if (status.progressedAt == null) {
        status.progressedAt = now.toString();
      }
      if (!deadlineExceeded()) {
        requeueIn(Duration.between(now, Instant.parse(status.progressedAt).plus(deadline())));
        return false;
      }
      String message = "ProgressDeadlineExceeded: no progress for " + deadline().toSeconds() + "s: " + waiting;
      RolloutHealth.set(status, RolloutPhase.Degraded, "ProgressDeadlineExceeded", message, generation, now);
      if (Conditions.set(status.conditions, Conditions.PROGRESSING, false, "ProgressDeadlineExceeded", message, generation, now)) {
        events.add(new Plan.Event(true, "ProgressDeadlineExceeded", message));
      }
      return true;
    }

    // --- small helpers ---------------------------------------------------------------------------------------

    private int attempt() {
      return status.canary.attempt == null ? 0 : status.canary.attempt;
    }

    /** The first attempt from which on none of the revision's AnalysisRun names exists yet. */
    private int freshAttempt(String hash, int from) {
      int attempt = from;
      while (attemptUsed(hash, attempt)) {
        attempt++;
      }
      return attempt;
    }

    private boolean attemptUsed(String hash, int attempt) {
      if (in.runs().containsKey(backgroundRunName(rollout, hash, attempt))) {
        return true;
      }
      for (int i = 0; i < steps.size(); i++) {
        if (in.runs().containsKey(stepRunName(rollout, hash, attempt, i))) {
          return true;
        }
      }
      return false;
    }

    private int index() {
      return status.currentStepIndex == null ? 0 : status.currentStepIndex;
    }

    private int available(String hash) {
      Revision revision = in.revisions().get(hash);
      return revision == null ? 0 : revision.available();
    }

    private Integer currentWeight() {
      return status.canary.weights == null || status.canary.weights.canary == null ? null : status.canary.weights.canary.weight;
    }

    private int actualBasicWeight(String hash, String stable) {
      int canaryAvailable = available(hash);
      int total = canaryAvailable + available(stable);
      return total == 0 ? 0 : Math.round(canaryAvailable * 100f / total);
    }

    /** Records the weights; verified when the router carries the weight observed in status and it is this one. */
    private void setWeights(int weight, String canaryHash, String stableHash) {
      CanaryStatus.TrafficWeights weights = status.canary.weights == null ? new CanaryStatus.TrafficWeights() : status.canary.weights;
      weights.canary = destination(weight, canary.canaryService, canaryHash);
      weights.stable = destination(100 - weight, canary.stableService, stableHash);
      weights.verified = routed ? Boolean.TRUE.equals(in.weightVerified()) && Integer.valueOf(weight).equals(observedWeight) : null;
      status.canary.weights = weights;
    }

    private static CanaryStatus.WeightDestination destination(int weight, String service, String hash) {
      CanaryStatus.WeightDestination destination = new CanaryStatus.WeightDestination();
      destination.weight = weight;
      destination.serviceName = service;
      destination.podTemplateHash = hash;
      return destination;
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
      terminateRun(status.canary.currentStepAnalysisRun);
      terminateRun(status.canary.currentBackgroundAnalysisRun);
      status.canary.currentStepAnalysisRun = null;
      status.canary.currentBackgroundAnalysisRun = null;
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

    private void requeueIn(Duration delay) {
      Duration positive = delay.isNegative() || delay.isZero() ? Duration.ofSeconds(1) : delay;
      requeue = Optional.of(requeue.map(r -> r.compareTo(positive) < 0 ? r : positive).orElse(positive));
    }

    private static Duration seconds(Integer value) {
      return value == null ? DEFAULT_SCALE_DOWN_DELAY : Duration.ofSeconds(value);
    }

    private static String describe(CanaryStep step) {
      if (step.setWeight != null) {
        return "setWeight " + step.setWeight;
      }
      if (step.pause != null) {
        return step.pause.duration == null ? "pause" : "pause " + step.pause.duration;
      }
      if (step.setCanaryScale != null) {
        return "setCanaryScale";
      }
      if (step.analysis != null) {
        return "analysis";
      }
      if (step.setHeaderRoute != null) {
        return "setHeaderRoute " + step.setHeaderRoute.name;
      }
      return "setMirrorRoute " + step.setMirrorRoute.name;
    }
  }
}
