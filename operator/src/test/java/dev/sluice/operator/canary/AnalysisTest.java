package dev.sluice.operator.canary;

import dev.sluice.operator.plan.Defaults;
import dev.sluice.operator.plan.Reasons;
import dev.sluice.operator.plan.Plan;
import dev.sluice.operator.plan.Action;
import static dev.sluice.operator.canary.Rollouts.analysisStep;
import static dev.sluice.operator.canary.Rollouts.pause;
import static dev.sluice.operator.canary.Rollouts.setWeight;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.AnalysisPhase;
import dev.sluice.api.v1alpha1.PauseCondition;
import dev.sluice.api.v1alpha1.RolloutPhase;
import dev.sluice.operator.status.Conditions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AnalysisTest {
  static final String STEP_RUN = "demo-c1-1";
  static final String BACKGROUND_RUN = "demo-c1-background";

  /** setWeight 20, analysis, setWeight 50, pause until promoted. */
  static CanaryWorld stepAnalysisWorld() {
    return CanaryWorld.stable(Rollouts.canary().replicas(10).routed()
        .steps(setWeight(20), analysisStep("smoke"), setWeight(50), pause()).build(), "s1");
  }

  @Test
  void runNamesAreDeterministic() {
    var rollout = Rollouts.canary().build();
    assertThat(CanaryPlanner.stepRunName(rollout, "abc", 0, 3)).isEqualTo("demo-abc-3");
    assertThat(CanaryPlanner.stepRunName(rollout, "abc", 2, 3)).isEqualTo("demo-abc-r2-3");
    assertThat(CanaryPlanner.backgroundRunName(rollout, "abc", 0)).isEqualTo("demo-abc-background");
    assertThat(CanaryPlanner.backgroundRunName(rollout, "abc", 1)).isEqualTo("demo-abc-r1-background");
  }

  @Test
  void aStepAnalysisStartsOnceAndASuccessfulRunCompletesTheStep() {
    CanaryWorld world = stepAnalysisWorld();
    world.deploy("c1").settle();
    assertThat(world.index()).isEqualTo(1);
    assertThat(world.startedRuns).containsExactly(STEP_RUN);
    Action.StartAnalysis start = world.allActions().stream().filter(a -> a instanceof Action.StartAnalysis)
        .map(a -> (Action.StartAnalysis) a).findFirst().orElseThrow();
    assertThat(start.revisionHash()).isEqualTo("c1");
    assertThat(start.analysis().templates).extracting(t -> t.templateName).containsExactly("smoke");
    assertThat(world.status().canary.currentStepAnalysisRun).isEqualTo(STEP_RUN);
    assertThat(world.phase()).isEqualTo(RolloutPhase.Progressing);
    assertThat(world.status().message).contains(STEP_RUN);
    assertThat(world.lastPlan().requeueAfter()).contains(Defaults.ANALYSIS_RECHECK);

    world.run(STEP_RUN, AnalysisPhase.Running, null);
    world.advanceSeconds(15).settle();
    world.advanceSeconds(15).settle();
    assertThat(world.index()).isEqualTo(1);
    assertThat(world.startedRuns).as("never started twice").containsExactly(STEP_RUN);

    world.run(STEP_RUN, AnalysisPhase.Successful, "error rate 0.01 <= 0.05").settle();
    assertThat(world.index()).isEqualTo(3);
    assertThat(world.weight()).isEqualTo(50);
    assertThat(world.status().canary.currentStepAnalysisRun).isNull();
    assertThat(world.terminatedRuns).as("a finished run is not terminated").isEmpty();
    assertThat(world.eventReasons()).containsSubsequence("StepCompleted", "StepCompleted", "StepCompleted", "RolloutPaused");
  }

  @ParameterizedTest
  @EnumSource(value = AnalysisPhase.class, names = {"Failed", "Error"})
  void aFailedOrErroredStepAnalysisAbortsInTheSamePlan(AnalysisPhase phase) {
    CanaryWorld world = stepAnalysisWorld();
    world.deploy("c1").settle();
    world.forgetHistory();
    world.run(STEP_RUN, phase, "error rate 0.2 > 0.05");
    Plan plan = world.reconcile();
    assertThat(world.status().abort).isTrue();
    assertThat(world.status().abortReason).isEqualTo(Reasons.ABORT_ANALYSIS);
    assertThat(world.status().abortedAt).isEqualTo(world.now.toString());
    assertThat(world.phase()).isEqualTo(RolloutPhase.Degraded);
    assertThat(world.status().message).contains(STEP_RUN).contains("error rate 0.2 > 0.05").contains(phase.name());
    assertThat(world.conditionReason(Conditions.STALLED)).isEqualTo("RolloutAborted");
    assertThat(world.condition(Conditions.STALLED).orElseThrow().getMessage()).contains(STEP_RUN);
    assertThat(plan.actions()).contains(new Action.SetWeight(0), new Action.ScheduleScaleDown("c1", world.now.plusSeconds(30)));
    assertThat(plan.actions()).noneMatch(a -> a instanceof Action.TerminateAnalysis);
    // The run's end (AnalysisRunFailed or AnalysisRunError, which notifications fire on), then the abort it causes.
    assertThat(plan.events()).extracting(Plan.Event::reason).containsExactly("AnalysisRun" + phase.name(), "RolloutAborted");
    assertThat(plan.events()).allSatisfy(e -> {
      assertThat(e.warning()).isTrue();
      assertThat(e.message()).contains(STEP_RUN).contains("error rate 0.2 > 0.05");
    });
    assertThat(world.routerWeight).isZero();
    world.settle();
    world.advanceSeconds(60).settle();
    assertThat(world.eventReasons()).containsExactly("AnalysisRun" + phase.name(), "RolloutAborted");
    assertThat(world.status().abortReason).isEqualTo(Reasons.ABORT_ANALYSIS);
    assertThat(world.phase()).isEqualTo(RolloutPhase.Degraded);
    assertThat(world.desired("c1")).isZero();
  }

  @Test
  void aRetryAfterAFailedAnalysisRunsItAgainUnderANewName() {
    CanaryWorld world = stepAnalysisWorld();
    world.deploy("c1").settle();
    world.run(STEP_RUN, AnalysisPhase.Failed, "error rate 0.2").settle();
    world.forgetHistory();
    world.retry().settle();
    assertThat(world.startedRuns).containsExactly("demo-c1-r1-1");
    assertThat(world.status().canary.currentStepAnalysisRun).isEqualTo("demo-c1-r1-1");
    assertThat(world.phase()).isEqualTo(RolloutPhase.Progressing);
    world.run("demo-c1-r1-1", AnalysisPhase.Successful, "ok").driveToHealthy();
    assertThat(world.eventReasons()).startsWith("RolloutRetried").doesNotContain("RolloutAborted");
  }

  @Test
  void anInconclusiveStepAnalysisPausesUntilPromoted() {
    CanaryWorld world = stepAnalysisWorld();
    world.deploy("c1").settle();
    world.forgetHistory();
    world.run(STEP_RUN, AnalysisPhase.Inconclusive, "latency 0.4 neither passed nor failed");
    Plan plan = world.reconcile();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Paused);
    assertThat(world.status().pauseConditions).extracting(p -> p.reason).containsExactly(PauseCondition.Reason.InconclusiveAnalysis);
    assertThat(world.conditionStatus(Conditions.PAUSED)).isEqualTo("True");
    assertThat(world.conditionReason(Conditions.PAUSED)).isEqualTo("InconclusiveAnalysis");
    assertThat(plan.events()).singleElement().satisfies(e -> {
      assertThat(e.reason()).isEqualTo("AnalysisInconclusive");
      assertThat(e.warning()).isTrue();
      assertThat(e.message()).contains(STEP_RUN).contains("latency 0.4");
    });
    world.settle();
    world.advance(Duration.ofHours(1)).settle();
    assertThat(world.index()).isEqualTo(1);
    assertThat(world.eventReasons()).containsExactly("AnalysisInconclusive");

    world.promote().settle();
    assertThat(world.index()).isEqualTo(3);
    assertThat(world.status().canary.currentStepAnalysisRun).isNull();
    assertThat(world.status().controllerPause).as("the next pause is a new one").isTrue();
    assertThat(world.status().pauseConditions).extracting(p -> p.reason).containsExactly(PauseCondition.Reason.CanaryPauseStep);
  }

  @Test
  void anInconclusiveAnalysisCanBeAborted() {
    CanaryWorld world = stepAnalysisWorld();
    world.deploy("c1").settle();
    world.run(STEP_RUN, AnalysisPhase.Inconclusive, "?").settle();
    world.abort().settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Degraded);
    assertThat(world.status().pauseConditions).isNull();
    assertThat(world.status().abortReason).isEqualTo(Reasons.ABORT_MANUAL);
  }

  // --- background analysis -------------------------------------------------------------------------------

  static CanaryWorld backgroundWorld(Integer startingStep) {
    return CanaryWorld.stable(Rollouts.canary().replicas(10).routed().background(startingStep, "bg")
        .steps(setWeight(20), pause(), setWeight(50), pause("1m")).build(), "s1");
  }

  @Test
  void backgroundAnalysisStartsWithTheFirstStepByDefault() {
    CanaryWorld world = backgroundWorld(null);
    world.deploy("c1");
    Plan first = world.reconcile();
    assertThat(first.actions()).contains(new Action.StartAnalysis(BACKGROUND_RUN,
        world.rollout.getSpec().strategy.canary.analysis, "c1"));
    assertThat(first.events()).extracting(Plan.Event::reason).contains("AnalysisRunStarted");
    world.settle();
    assertThat(world.startedRuns).containsExactly(BACKGROUND_RUN);
    assertThat(world.status().canary.currentBackgroundAnalysisRun).isEqualTo(BACKGROUND_RUN);
  }

  @Test
  void backgroundAnalysisStartsInThePlanThatReachesStartingStep() {
    CanaryWorld world = backgroundWorld(1);
    world.deploy("c1");
    world.reconcile();
    world.reconcile();
    assertThat(world.index()).isZero();
    assertThat(world.startedRuns).as("not before startingStep").isEmpty();
    Plan reaching = world.reconcile();
    assertThat(world.index()).isEqualTo(1);
    assertThat(reaching.actions()).as("the indefinite pause at startingStep is analysed from its first second")
        .contains(new Action.StartAnalysis(BACKGROUND_RUN, world.rollout.getSpec().strategy.canary.analysis, "c1"));
    world.settle();
    world.advance(Duration.ofMinutes(30)).settle();
    assertThat(world.startedRuns).containsExactly(BACKGROUND_RUN);
    assertThat(world.eventReasons()).filteredOn("AnalysisRunStarted"::equals).hasSize(1);
  }

  @ParameterizedTest
  @EnumSource(value = AnalysisPhase.class, names = {"Failed", "Error"})
  void aFailedBackgroundAnalysisAborts(AnalysisPhase phase) {
    CanaryWorld world = backgroundWorld(0);
    world.deploy("c1").settle();
    world.forgetHistory();
    world.run(BACKGROUND_RUN, phase, "5xx rate 0.3");
    world.reconcile();
    assertThat(world.status().abortReason).isEqualTo(Reasons.ABORT_ANALYSIS);
    assertThat(world.status().message).contains(BACKGROUND_RUN).contains("5xx rate 0.3");
    assertThat(world.phase()).isEqualTo(RolloutPhase.Degraded);
    assertThat(world.routerWeight).isZero();
    assertThat(world.terminatedRuns).isEmpty();
    world.settle();
    assertThat(world.eventReasons()).containsExactly("AnalysisRun" + phase.name(), "RolloutAborted");
  }

  @Test
  void aRunningBackgroundAnalysisIsTerminatedWhenTheRolloutCompletes() {
    CanaryWorld world = backgroundWorld(0);
    world.deploy("c1").settle();
    world.run(BACKGROUND_RUN, AnalysisPhase.Running, null).driveToHealthy();
    assertThat(world.terminatedRuns).containsExactly(BACKGROUND_RUN);
    assertThat(world.status().canary.currentBackgroundAnalysisRun).isNull();
  }

  @Test
  void aSuccessfulBackgroundAnalysisLetsTheRolloutGoOn() {
    CanaryWorld world = backgroundWorld(0);
    world.deploy("c1").settle();
    world.run(BACKGROUND_RUN, AnalysisPhase.Successful, "done").driveToHealthy();
    assertThat(world.startedRuns).containsExactly(BACKGROUND_RUN);
    assertThat(world.terminatedRuns).isEmpty();
  }

  /** setWeight 20, analysis, setWeight 50, pause until promoted; background analysis from the first step. */
  static CanaryWorld stepAndBackgroundWorld() {
    return CanaryWorld.stable(Rollouts.canary().replicas(10).routed().background(0, "bg")
        .steps(setWeight(20), analysisStep("smoke"), setWeight(50), pause()).build(), "s1");
  }

  @Test
  void anInconclusiveBackgroundAnalysisPausesTheStepsUntilPromoted() {
    CanaryWorld world = stepAndBackgroundWorld();
    world.deploy("c1").settle();
    world.run(STEP_RUN, AnalysisPhase.Running, null).run(BACKGROUND_RUN, AnalysisPhase.Running, null).settle();
    world.forgetHistory();
    world.run(BACKGROUND_RUN, AnalysisPhase.Inconclusive, "p99 latency 0.41 neither passed nor failed");
    Plan plan = world.reconcile();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Paused);
    assertThat(world.status().pauseConditions).extracting(p -> p.reason).containsExactly(PauseCondition.Reason.InconclusiveAnalysis);
    assertThat(world.conditionReason(Conditions.PAUSED)).isEqualTo("InconclusiveAnalysis");
    assertThat(world.status().message).contains(BACKGROUND_RUN).contains("inconclusive");
    assertThat(plan.events()).singleElement().satisfies(e -> {
      assertThat(e.warning()).isTrue();
      assertThat(e.reason()).isEqualTo("AnalysisInconclusive");
      assertThat(e.message()).contains(BACKGROUND_RUN).contains("p99 latency 0.41");
    });
    assertThat(world.weight()).as("traffic stays where it was").isEqualTo(20);

    // The step analysis succeeding does not move the rollout on while a person has to decide.
    world.run(STEP_RUN, AnalysisPhase.Successful, "ok").settle();
    world.advance(Duration.ofHours(1)).settle();
    assertThat(world.index()).isEqualTo(1);
    assertThat(world.weight()).isEqualTo(20);
    assertThat(world.phase()).isEqualTo(RolloutPhase.Paused);
    assertThat(world.eventReasons()).containsExactly("AnalysisInconclusive");

    world.promote().settle();
    assertThat(world.index()).as("promoting the inconclusive result must not also skip the later pause step").isEqualTo(3);
    assertThat(world.weight()).isEqualTo(50);
    assertThat(world.status().pauseConditions).extracting(p -> p.reason).containsExactly(PauseCondition.Reason.CanaryPauseStep);
    assertThat(world.eventReasons()).filteredOn("AnalysisInconclusive"::equals).hasSize(1);
    world.promote().settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
    assertThat(world.status().stableRS).isEqualTo("c1");
  }

  @Test
  void promotingAnInconclusiveBackgroundAnalysisDuringAPauseStepPromotesBoth() {
    CanaryWorld world = backgroundWorld(0);
    world.deploy("c1").settle();
    assertThat(world.status().pauseConditions).extracting(p -> p.reason).containsExactly(PauseCondition.Reason.CanaryPauseStep);
    world.run(BACKGROUND_RUN, AnalysisPhase.Inconclusive, "?").settle();
    assertThat(world.status().pauseConditions).extracting(p -> p.reason)
        .containsExactly(PauseCondition.Reason.CanaryPauseStep, PauseCondition.Reason.InconclusiveAnalysis);
    world.promote().settle();
    assertThat(world.index()).as("one promote clears both pauses, as in Argo Rollouts").isEqualTo(3);
    assertThat(world.phase()).isEqualTo(RolloutPhase.Paused);
    world.advance(Duration.ofMinutes(1)).settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
  }

  @Test
  void anInconclusiveBackgroundAnalysisCanBeAbortedAndARetryAnalysesAgain() {
    CanaryWorld world = stepAndBackgroundWorld();
    world.deploy("c1").settle();
    world.run(BACKGROUND_RUN, AnalysisPhase.Inconclusive, "?").settle();
    world.abort().settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Degraded);
    assertThat(world.status().pauseConditions).isNull();
    assertThat(world.routerWeight).isZero();
    world.forgetHistory();
    world.retry().settle();
    assertThat(world.startedRuns).contains("demo-c1-r1-background");
    world.run("demo-c1-r1-background", AnalysisPhase.Inconclusive, "again").settle();
    assertThat(world.phase()).as("the retry's own inconclusive result pauses again").isEqualTo(RolloutPhase.Paused);
    assertThat(world.eventReasons()).contains("AnalysisInconclusive");
  }

  @Test
  void runsAreTerminatedOnAbort() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(10).routed().background(0, "bg")
        .steps(setWeight(20), analysisStep("smoke"), pause()).build(), "s1");
    world.deploy("c1").settle();
    world.run(BACKGROUND_RUN, AnalysisPhase.Running, null).run(STEP_RUN, AnalysisPhase.Running, null);
    world.abort().settle();
    assertThat(world.terminatedRuns).containsExactlyInAnyOrder(BACKGROUND_RUN, STEP_RUN);
  }

  @Test
  void runsAreTerminatedWhenANewRevisionSupersedesTheCanary() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(10).routed().background(0, "bg")
        .steps(setWeight(20), analysisStep("smoke"), pause()).build(), "s1");
    world.deploy("c1").settle();
    world.run(BACKGROUND_RUN, AnalysisPhase.Running, null);
    world.deploy("c2");
    Plan plan = world.reconcile();
    assertThat(plan.actions()).contains(new Action.TerminateAnalysis(BACKGROUND_RUN), new Action.TerminateAnalysis(STEP_RUN));
    world.settle();
    assertThat(world.startedRuns).contains("demo-c2-background", "demo-c2-1");
  }

  @Test
  void promoteFullTerminatesTheStepAnalysis() {
    CanaryWorld world = stepAnalysisWorld();
    world.deploy("c1").settle();
    world.run(STEP_RUN, AnalysisPhase.Running, null);
    world.promoteFull().settle();
    assertThat(world.terminatedRuns).contains(STEP_RUN);
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
  }

  @Test
  void aRedeployedRevisionGetsFreshAnalysisRuns() {
    // c1's analysis failed; the spec goes back to s1, then someone re-applies c1 hoping for a better result.
    CanaryWorld world = stepAnalysisWorld();
    world.deploy("c1").settle();
    world.run(STEP_RUN, AnalysisPhase.Failed, "error rate 0.2").settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Degraded);
    world.deploy("s1").settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
    world.forgetHistory();

    world.deploy("c1").settle();
    assertThat(world.status().abort).as("the old Failed run must not decide the new canary").isNull();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Progressing);
    String fresh = world.status().canary.currentStepAnalysisRun;
    assertThat(fresh).isNotEqualTo(STEP_RUN);
    assertThat(world.runs.get(fresh).phase()).isEqualTo(AnalysisPhase.Pending);
    world.run(fresh, AnalysisPhase.Successful, "ok").driveToHealthy();
  }
}
