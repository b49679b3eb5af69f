package dev.sluice.operator.canary;

import dev.sluice.api.v1alpha1.AnalysisPhase;
import dev.sluice.api.v1alpha1.CanaryStep;
import dev.sluice.api.v1alpha1.Durations;
import dev.sluice.api.v1alpha1.PauseCondition;
import dev.sluice.api.v1alpha1.RolloutStatus;
import dev.sluice.operator.plan.Action;
import dev.sluice.operator.plan.Defaults;
import dev.sluice.operator.plan.Draft;
import dev.sluice.operator.plan.Reasons;
import dev.sluice.operator.plan.RunState;
import dev.sluice.operator.plan.WeightCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The canary's steps for one revision in one pass: setWeight, setCanaryScale, pause, analysis, header and mirror
 * routes, and the background analysis that runs beside them. Each step either completes in this pass or says
 * what it waits for.
 */
final class CanarySteps {
  private final CanaryRun run;
  private final Draft draft;
  private final RolloutStatus status;
  private final List<CanaryStep> steps;
  private final String hash;
  private final String stable;
  private final Instant now;
  /** The step waits for pods or the router, not for a person or an analysis: the progress deadline counts. */
  private boolean waitsOnItsOwn;

  CanarySteps(CanaryRun run, String hash, String stable) {
    this.run = run;
    this.draft = run.draft();
    this.status = run.status();
    this.steps = run.steps;
    this.hash = hash;
    this.stable = stable;
    this.now = run.now();
  }

  /** Executes steps from the current index while they complete; returns what the rollout waits for. */
  String walk() {
    while (run.index() < steps.size()) {
      int index = run.index();
      CanaryStep step = steps.get(index);
      String waiting = execute(step, index);
      if (waiting != null) {
        return "step " + (index + 1) + "/" + steps.size() + ": " + waiting;
      }
      draft.event(Reasons.STEP_COMPLETED, "step " + (index + 1) + "/" + steps.size() + " completed: " + describe(step));
      status.currentStepIndex = index + 1;
      status.progressedAt = now.toString();
    }
    return "all steps completed";
  }

  /** Whether what {@link #walk} returned is a wait for pods or the router, which the progress deadline bounds. */
  boolean waitsOnItsOwn() {
    return waitsOnItsOwn;
  }

  /**
   * Runs one step; null when it is complete, otherwise what it waits for. A step may combine setCanaryScale,
   * setHeaderRoute and setMirrorRoute with one of setWeight, pause and analysis; its parts go in Argo Rollouts'
   * order: the canary's scale (already in the replicas of the current step), the header and mirror routes, then the
   * step's own action. The action waits for the canary pods of that scale: a pause or an analysis starts once they
   * are available, so the step completes when every part has.
   */
  private String execute(CanaryStep step, int index) {
    ReplicaMath.Scale scale = run.scaleForCurrentStep(hash, stable);
    if (step.setHeaderRoute != null) {
      draft.add(new Action.SetHeaderRoute(step.setHeaderRoute));
    }
    if (step.setMirrorRoute != null) {
      draft.add(new Action.SetMirrorRoute(step.setMirrorRoute));
    }
    waitsOnItsOwn = true;
    if ((step.setWeight != null || step.setCanaryScale != null) && !run.progressMet(hash, scale.canary())) {
      return "waiting for the canary: " + run.availableOf(hash) + "/" + scale.canary() + " available";
    }
    if (step.setWeight != null) {
      return shiftTraffic(step.setWeight, scale);
    }
    waitsOnItsOwn = false;
    if (step.pause != null) {
      return pause(step);
    }
    if (step.analysis != null) {
      return stepAnalysis(step, index);
    }
    return null;
  }

  /** Sets the weight once the canary pods are there; complete when the router has verified it. */
  private String shiftTraffic(int weight, ReplicaMath.Scale scale) {
    if (!run.routed) {
      // Complete only when the pods are really at the ratio: the stable's leaving pods still take traffic.
      boolean reached = run.showPodWeights(hash, stable, scale);
      return reached ? null : "waiting for " + scale.canary() + " canary and " + scale.stable() + " stable pods";
    }
    Integer recorded = status.canary.weights == null || status.canary.weights.canary == null
        ? null : status.canary.weights.canary.weight;
    if (recorded == null || recorded != weight) {
      draft.add(new Action.SetWeight(weight));
      run.setWeights(weight, hash, stable);
      status.canary.weights.verified = false;
      draft.requeueIn(CanaryPlanner.VERIFY_RETRY);
      return "waiting for the router to take weight " + weight;
    }
    if (run.in().weight() != WeightCheck.VERIFIED) {
      draft.add(new Action.SetWeight(weight));
      status.canary.weights.verified = false;
      draft.requeueIn(CanaryPlanner.VERIFY_RETRY);
      return "waiting for the router to verify weight " + weight;
    }
    status.canary.weights.verified = true;
    return null;
  }

  private String pause(CanaryStep step) {
    PauseCondition pause = run.find(PauseCondition.Reason.CanaryPauseStep);
    if (pause == null) {
      if (Boolean.TRUE.equals(status.controllerPause)) {
        status.controllerPause = null;
        draft.event(Reasons.PROMOTED, "pause promoted");
        return null;
      }
      pause = run.add(PauseCondition.Reason.CanaryPauseStep);
      draft.event(Reasons.PAUSED, step.pause.duration == null ? "paused until promoted" : "paused for " + step.pause.duration);
    }
    if (step.pause.duration == null) {
      return "paused until promoted (kubectl sluice promote)";
    }
    Instant end = Instant.parse(pause.startTime).plus(Durations.parseSecondsOrDuration(step.pause.duration));
    if (!now.isBefore(end)) {
      run.remove(PauseCondition.Reason.CanaryPauseStep);
      status.controllerPause = null;
      return null;
    }
    draft.requeueIn(Duration.between(now, end));
    return "paused until " + end;
  }

  private String stepAnalysis(CanaryStep step, int index) {
    String name = CanaryPlanner.stepRunName(run.rollout(), hash, run.currentAttempt(), index);
    RunState analysis = run.run(name);
    if (analysis == null || !name.equals(status.canary.currentStepAnalysisRun)) {
      if (analysis == null) {
        draft.add(new Action.StartAnalysis(name, step.analysis, hash));
      }
      status.canary.currentStepAnalysisRun = name;
      draft.requeueIn(Defaults.ANALYSIS_RECHECK);
      return "analysis " + name + " started";
    }
    AnalysisPhase phase = analysis.phase() == null ? AnalysisPhase.Pending : analysis.phase();
    switch (phase) {
      case Successful:
        status.canary.currentStepAnalysisRun = null;
        return null;
      case Inconclusive:
        if (run.find(PauseCondition.Reason.InconclusiveAnalysis) == null) {
          if (Boolean.TRUE.equals(status.controllerPause)) {
            status.controllerPause = null;
            status.canary.currentStepAnalysisRun = null;
            return null;
          }
          run.add(PauseCondition.Reason.InconclusiveAnalysis);
          draft.warning(Reasons.ANALYSIS_INCONCLUSIVE, "analysis " + name + " is inconclusive: " + analysis.message()
              + "; promote to go on or abort");
        }
        return "analysis " + name + " is inconclusive; waiting for a person";
      default:
        draft.requeueIn(Defaults.ANALYSIS_RECHECK);
        return "analysis " + name + " is " + phase;
    }
  }

  void startBackgroundAnalysis() {
    if (run.canary.analysis == null) {
      return;
    }
    int startingStep = run.canary.analysis.startingStep == null ? 0 : run.canary.analysis.startingStep;
    String name = CanaryPlanner.backgroundRunName(run.rollout(), hash, run.currentAttempt());
    boolean exists = run.run(name) != null;
    int index = run.index();
    if (index >= startingStep && index < steps.size() && !exists) {
      draft.add(new Action.StartAnalysis(name, run.canary.analysis, hash));
      if (!name.equals(status.canary.currentBackgroundAnalysisRun)) {
        draft.event(Reasons.ANALYSIS_STARTED, "background analysis " + name + " started");
      }
    }
    if (index >= startingStep && (exists || index < steps.size())) {
      status.canary.currentBackgroundAnalysisRun = name;
    }
  }

  /**
   * An Inconclusive background analysis pauses the steps for a person; once promoted they go on without it. The
   * pause does not take controllerPause, which means "promote the step pause": the person's promote of this pause
   * must not also skip a later pause step. Returns what the rollout waits for, or null.
   */
  String inconclusiveBackgroundAnalysis() {
    String name = status.canary.currentBackgroundAnalysisRun;
    RunState analysis = run.run(name);
    if (analysis == null || analysis.phase() != AnalysisPhase.Inconclusive) {
      return null;
    }
    if (!name.equals(status.canary.inconclusiveBackgroundRun)) {
      status.canary.inconclusiveBackgroundRun = name;
      Boolean controllerPause = status.controllerPause;
      run.add(PauseCondition.Reason.InconclusiveAnalysis);
      status.controllerPause = controllerPause;
      draft.warning(Reasons.ANALYSIS_INCONCLUSIVE, "background analysis " + name + " is inconclusive: "
          + analysis.message() + "; promote to go on without it, or abort");
    } else if (run.find(PauseCondition.Reason.InconclusiveAnalysis) == null) {
      return null;
    }
    return "background analysis " + name + " is inconclusive; waiting for a person";
  }

  /** The step's parts as its StepCompleted Event names them, in the order they run. */
  static String describe(CanaryStep step) {
    List<String> parts = new ArrayList<>();
    if (step.setCanaryScale != null) {
      parts.add("setCanaryScale");
    }
    if (step.setHeaderRoute != null) {
      parts.add("setHeaderRoute " + step.setHeaderRoute.name);
    }
    if (step.setMirrorRoute != null) {
      parts.add("setMirrorRoute " + step.setMirrorRoute.name);
    }
    if (step.setWeight != null) {
      parts.add("setWeight " + step.setWeight);
    }
    if (step.pause != null) {
      parts.add(step.pause.duration == null ? "pause" : "pause " + step.pause.duration);
    }
    if (step.analysis != null) {
      parts.add("analysis");
    }
    return String.join(", ", parts);
  }
}
