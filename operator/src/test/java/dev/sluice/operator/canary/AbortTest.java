package dev.sluice.operator.canary;

import dev.sluice.operator.plan.Reasons;
import dev.sluice.operator.plan.Plan;
import dev.sluice.operator.plan.Action;
import static dev.sluice.operator.canary.Rollouts.analysisStep;
import static dev.sluice.operator.canary.Rollouts.canaryScaleReplicas;
import static dev.sluice.operator.canary.Rollouts.headerRoute;
import static dev.sluice.operator.canary.Rollouts.mirrorRoute;
import static dev.sluice.operator.canary.Rollouts.pause;
import static dev.sluice.operator.canary.Rollouts.setWeight;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.RolloutPhase;
import dev.sluice.operator.status.Conditions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** status.abort=true set by a person, at every step of a canary that uses every kind of step. */
class AbortTest {
  static final int STEPS = 8;

  /** Every step kind; background analysis from step 1. */
  static CanaryWorld world() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(10).routed().background(1, "bg").steps(
        setWeight(20),            // 0
        headerRoute("x-canary", "yes"), // 1
        pause("30s"),             // 2
        analysisStep("smoke"),    // 3
        canaryScaleReplicas(3),   // 4
        mirrorRoute(50),          // 5
        setWeight(50),            // 6
        pause()                   // 7
    ).build(), "s1");
    assertThat(world.rollout.getSpec().strategy.canary.steps).hasSize(STEPS);
    return world;
  }

  static IntStream stepIndices() {
    return IntStream.range(0, STEPS);
  }

  /** The index the status can be at when a person aborts: setHeaderRoute and setMirrorRoute complete at once. */
  static int observable(int index) {
    return index == 1 || index == 5 ? index + 1 : index;
  }

  @ParameterizedTest(name = "abort at step index {0}")
  @MethodSource("stepIndices")
  void abortAtEveryStep(int index) {
    CanaryWorld world = world();
    world.deploy("c1").driveToStep(index);
    assertThat(world.index()).isEqualTo(observable(index));
    if (index >= 1) {
      assertThat(world.headerRoutes).containsKey(Rollouts.HEADER_ROUTE);
    }
    if (index >= 5) {
      assertThat(world.mirrorRoutes).containsKey(Rollouts.MIRROR_ROUTE);
    }
    List<String> running = new ArrayList<>();
    if (world.status().canary.currentStepAnalysisRun != null) {
      running.add(world.status().canary.currentStepAnalysisRun);
    }
    if (world.status().canary.currentBackgroundAnalysisRun != null) {
      running.add(world.status().canary.currentBackgroundAnalysisRun);
    }
    assertThat(running).as("background analysis runs from step 1, step analysis at step 3")
        .hasSize(index == 0 ? 0 : index == 3 ? 2 : 1);
    String stepRun = world.status().canary.currentStepAnalysisRun;
    String backgroundRun = world.status().canary.currentBackgroundAnalysisRun;
    int canaryReplicas = world.desired("c1");
    world.forgetHistory();
    Instant abortedAt = world.now;

    world.abort();
    Plan plan = world.reconcile();

    // Traffic goes back to stable in this very plan.
    assertThat(plan.actions()).contains(new Action.SetWeight(0), new Action.RemoveManagedRoutes(),
        new Action.ScaleRevision("s1", 10), new Action.ScheduleScaleDown("c1", abortedAt.plusSeconds(30)));
    assertThat(plan.actions()).filteredOn(a -> a instanceof Action.TerminateAnalysis)
        .containsExactlyInAnyOrderElementsOf(running.stream().map(Action.TerminateAnalysis::new).toList());
    assertThat(plan.actions()).noneMatch(a -> a instanceof Action.StartAnalysis);
    assertThat(plan.actions()).noneMatch(a -> a instanceof Action.SetWeight w && w.canaryWeight() != 0);
    assertThat(world.routerWeight).isZero();
    assertThat(world.headerRoutes).isEmpty();
    assertThat(world.mirrorRoutes).isEmpty();
    assertThat(world.weight()).isZero();
    assertThat(world.status().canary.weights.stable.weight).isEqualTo(100);
    assertThat(world.desired("s1")).isEqualTo(10);
    assertThat(world.desired("c1")).as("the canary keeps its pods until the delay is over").isEqualTo(canaryReplicas);

    // What the user sees.
    assertThat(world.phase()).isEqualTo(RolloutPhase.Degraded);
    assertThat(world.status().abort).isTrue();
    assertThat(world.status().abortReason).isEqualTo(Reasons.ABORT_MANUAL);
    assertThat(world.status().abortedAt).isEqualTo(abortedAt.toString());
    assertThat(world.status().message).startsWith("RolloutAborted").contains("stable s1");
    assertThat(world.status().pauseConditions).isNull();
    assertThat(world.status().controllerPause).isNull();
    assertThat(world.status().canary.currentStepAnalysisRun).as("an abort keeps naming the runs it terminated, as Argo Rollouts does")
        .isEqualTo(stepRun);
    assertThat(world.status().canary.currentBackgroundAnalysisRun).isEqualTo(backgroundRun);
    assertThat(world.index()).as("currentStepIndex resets on abort, as in Argo Rollouts").isZero();
    assertThat(world.conditionStatus(Conditions.STALLED)).isEqualTo("True");
    assertThat(world.conditionReason(Conditions.STALLED)).isEqualTo("RolloutAborted");
    assertThat(world.conditionStatus(Conditions.READY)).isEqualTo("False");
    assertThat(world.conditionStatus(Conditions.RECONCILING)).isEqualTo("False");
    assertThat(world.conditionStatus(Conditions.PROGRESSING)).isEqualTo("False");
    assertThat(world.conditionReason(Conditions.PROGRESSING)).isEqualTo("RolloutAborted");
    assertThat(plan.events()).singleElement().satisfies(e -> {
      assertThat(e.warning()).isTrue();
      assertThat(e.reason()).isEqualTo("RolloutAborted");
    });
    assertThat(plan.requeueAfter()).as("looks again when the canary is due to scale down").contains(Duration.ofSeconds(30));

    // Later reconciles: still Degraded, nothing new.
    world.advanceSeconds(10).settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Degraded);
    assertThat(world.lastPlan().requeueAfter()).contains(Duration.ofSeconds(20));
    world.followRequeue();
    assertThat(world.desired("c1")).as("scaled down at abortedAt + 30s").isZero();
    assertThat(world.now).isEqualTo(abortedAt.plusSeconds(30));
    world.advance(Duration.ofHours(2)).settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Degraded);
    assertThat(world.conditionStatus(Conditions.STALLED)).isEqualTo("True");
    assertThat(world.lastPlan().requeueAfter()).isEmpty();
    assertThat(world.eventReasons()).containsExactly("RolloutAborted");
    assertThat(world.routerWeights).as("at most the one change back to 0").allMatch(w -> w == 0).hasSizeLessThanOrEqualTo(1);
    assertThat(world.startedRuns).isEmpty();

    // Retry: from step 0, with new AnalysisRun names.
    world.forgetHistory();
    world.retry();
    Plan retried = world.reconcile();
    assertThat(retried.events()).extracting(Plan.Event::reason).first().isEqualTo("RolloutRetried");
    assertThat(world.status().abort).isNull();
    assertThat(world.status().abortedAt).isNull();
    assertThat(world.status().abortReason).isNull();
    assertThat(world.status().canary.attempt).isEqualTo(1);
    assertThat(world.phase()).isEqualTo(RolloutPhase.Progressing);
    assertThat(world.conditionStatus(Conditions.STALLED)).isEqualTo("False");
    assertThat(world.index()).isZero();
    assertThat(retried.actions()).contains(new Action.ScaleRevision("c1", 2));
    world.driveToHealthy();
    assertThat(world.startedRuns).containsExactly("demo-c1-r1-background", "demo-c1-r1-3");
    assertThat(world.routerWeights).containsExactly(20, 50, 0);
    assertThat(world.eventReasons()).filteredOn("RolloutRetried"::equals).hasSize(1);
  }

  @Test
  void theAbortScaleDownDelayIsConfigurable() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(4).routed().abortScaleDownDelaySeconds(120)
        .steps(setWeight(50), pause()).build(), "s1");
    world.deploy("c1").settle();
    Instant abortedAt = world.now;
    Plan plan = world.abort().reconcile();
    assertThat(plan.actions()).contains(new Action.ScheduleScaleDown("c1", abortedAt.plusSeconds(120)));
    assertThat(plan.requeueAfter()).contains(Duration.ofSeconds(120));
    world.advanceSeconds(119).settle();
    assertThat(world.desired("c1")).isEqualTo(2);
    world.advanceSeconds(1).settle();
    assertThat(world.desired("c1")).isZero();
  }

  /** Argo Rollouts: abortScaleDownDelaySeconds 0 leaves the aborted canary up (no traffic reaches it) for good. */
  @Test
  void aZeroAbortScaleDownDelayKeepsTheCanaryUp() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(4).routed().abortScaleDownDelaySeconds(0)
        .steps(setWeight(50), pause()).build(), "s1");
    world.deploy("c1").settle();
    Plan plan = world.abort().reconcile();
    assertThat(plan.actions()).contains(new Action.SetWeight(0), new Action.ScaleRevision("s1", 4))
        .noneMatch(a -> a instanceof Action.ScheduleScaleDown || a.equals(new Action.ScaleRevision("c1", 0)));
    world.settle();
    assertThat(world.lastPlan().requeueAfter()).isEmpty();
    world.advance(Duration.ofHours(2)).settle();
    assertThat(world.desired("c1")).isEqualTo(2);
    assertThat(world.routerWeight).isZero();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Degraded);
  }

  @Test
  void anAbortWhileWaitingForCanaryPodsStopsWaiting() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(4).routed().steps(setWeight(50), pause()).build(), "s1");
    world.availability = CanaryWorld.Availability.MANUAL;
    world.deploy("c1").settle();
    assertThat(world.routerWeights).isEmpty();
    world.abort().settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Degraded);
    assertThat(world.routerWeight).isZero();
    world.makeAvailable("c1").settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Degraded);
    assertThat(world.allActions()).doesNotContain(new Action.SetWeight(50));
  }

  @Test
  void anAbortDuringPromotionKeepsTheOldStable() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(4).routed().steps(setWeight(50)).build(), "s1");
    world.availability = CanaryWorld.Availability.MANUAL;
    world.deploy("c1").settle();
    world.makeAvailable("c1").settle();
    assertThat(world.index()).isEqualTo(1);
    assertThat(world.desired("c1")).as("promoting").isEqualTo(4);
    world.abort().settle();
    assertThat(world.status().stableRS).isEqualTo("s1");
    assertThat(world.stableServiceHash).isEqualTo("s1");
    assertThat(world.routerWeight).isZero();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Degraded);
  }

  @Test
  void abortingTwiceOrAbortingAnAbortedRolloutEmitsOneEvent() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(4).routed().steps(setWeight(50), pause()).build(), "s1");
    world.deploy("c1").settle();
    world.forgetHistory();
    world.abort().settle();
    world.abort().settle();
    world.advanceSeconds(60).abort().settle();
    assertThat(world.eventReasons()).containsExactly("RolloutAborted");
  }

  @Test
  void anAbortOnAHealthyRolloutIsIgnored() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(4).routed().steps(setWeight(50)).build(), "s1");
    world.abort().settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
    assertThat(world.status().abort).isNull();
  }
}
