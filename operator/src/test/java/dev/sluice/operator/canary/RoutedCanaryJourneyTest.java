package dev.sluice.operator.canary;

import dev.sluice.operator.plan.Plan;
import dev.sluice.operator.plan.Action;
import static dev.sluice.operator.canary.Rollouts.pause;
import static dev.sluice.operator.canary.Rollouts.setWeight;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.PauseCondition;
import dev.sluice.api.v1alpha1.RolloutPhase;
import dev.sluice.operator.status.Conditions;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The canonical 4-step canary with traffic routing: setWeight 20, pause 30s, setWeight 50, pause until promoted. */
class RoutedCanaryJourneyTest {

  private static CanaryWorld world(CanaryWorld.Availability availability) {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(7).routed()
        .steps(setWeight(20), pause("30s"), setWeight(50), pause()).build(), "s1");
    world.availability = availability;
    return world;
  }

  @Test
  void stepByStepAsAUserSeesIt() {
    CanaryWorld world = world(CanaryWorld.Availability.MANUAL);
    world.deploy("c1");

    // The canary starts: pods for 20% first, no weight until they are available.
    Plan started = world.reconcile();
    assertThat(started.actions()).contains(new Action.ScaleRevision("c1", 2), new Action.ScaleRevision("s1", 7),
        new Action.PointServices("s1", "c1"));
    assertThat(started.actions()).doesNotContain(new Action.SetWeight(20));
    assertThat(started.events()).extracting(Plan.Event::reason).containsExactly("RolloutUpdated");
    assertThat(world.phase()).isEqualTo(RolloutPhase.Progressing);
    assertThat(world.index()).isZero();
    assertThat(world.weight()).isZero();
    assertThat(world.status().currentPodHash).isEqualTo("c1");
    assertThat(world.status().stableRS).isEqualTo("s1");
    assertThat(world.status().message).contains("step 1/4").contains("0/2 available");
    assertThat(world.conditionStatus(Conditions.RECONCILING)).isEqualTo("True");
    assertThat(world.conditionStatus(Conditions.READY)).isEqualTo("False");
    assertThat(started.requeueAfter()).as("the progress deadline").contains(Duration.ofSeconds(600));

    Plan stillWaiting = world.reconcile();
    assertThat(stillWaiting.actions()).doesNotContain(new Action.SetWeight(20));
    assertThat(stillWaiting.events()).isEmpty();

    // ceil(7 * 20 / 100) = 2 canary pods are available: the weight is set, the step waits for verification.
    world.makeAvailable("c1");
    Plan weighted = world.reconcile();
    assertThat(weighted.actions()).contains(new Action.SetWeight(20));
    assertThat(world.index()).isZero();
    assertThat(world.weight()).isEqualTo(20);
    assertThat(world.status().canary.weights.stable.weight).isEqualTo(80);
    assertThat(world.status().canary.weights.canary.podTemplateHash).isEqualTo("c1");
    assertThat(world.status().canary.weights.stable.podTemplateHash).isEqualTo("s1");
    assertThat(world.verified()).isFalse();
    assertThat(weighted.requeueAfter()).contains(CanaryPlanner.VERIFY_RETRY);
    assertThat(world.routerWeight).isEqualTo(20);

    // The router verified 20: step 1 completes and the 30s pause starts.
    Plan paused = world.reconcile();
    assertThat(world.verified()).isTrue();
    assertThat(world.index()).isEqualTo(1);
    assertThat(paused.events()).extracting(Plan.Event::reason).containsExactly("StepCompleted", "RolloutPaused");
    assertThat(world.phase()).isEqualTo(RolloutPhase.Paused);
    assertThat(world.status().pauseConditions).singleElement()
        .satisfies(p -> assertThat(p.reason).isEqualTo(PauseCondition.Reason.CanaryPauseStep))
        .satisfies(p -> assertThat(p.startTime).isEqualTo(world.now.toString()));
    assertThat(paused.requeueAfter()).contains(Duration.ofSeconds(30));
    assertThat(world.conditionStatus(Conditions.PAUSED)).isEqualTo("True");
    assertThat(world.conditionStatus(Conditions.RECONCILING)).isEqualTo("True");

    // Half-way through the pause the requeue is what is left of it.
    world.advanceSeconds(12);
    Plan halfway = world.reconcile();
    assertThat(halfway.requeueAfter()).contains(Duration.ofSeconds(18));
    assertThat(halfway.events()).isEmpty();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Paused);

    // The pause is over: on to setWeight 50, which first needs ceil(3.5) = 4 canary pods.
    world.advanceSeconds(18);
    Plan afterPause = world.reconcile();
    assertThat(world.index()).isEqualTo(2);
    assertThat(afterPause.actions()).contains(new Action.ScaleRevision("c1", 4)).doesNotContain(new Action.SetWeight(50));
    assertThat(world.phase()).isEqualTo(RolloutPhase.Progressing);
    assertThat(world.status().pauseConditions).isNull();
    assertThat(world.status().controllerPause).isNull();
    world.makeAvailable("c1");
    world.settle();

    // The indefinite pause waits for a person, without any requeue.
    assertThat(world.index()).isEqualTo(3);
    assertThat(world.weight()).isEqualTo(50);
    assertThat(world.phase()).isEqualTo(RolloutPhase.Paused);
    assertThat(world.lastPlan().requeueAfter()).isEmpty();
    world.advance(Duration.ofHours(5)).settle();
    assertThat(world.index()).isEqualTo(3);
    assertThat(world.phase()).isEqualTo(RolloutPhase.Paused);

    // Promoted: the canary goes to full size before it takes over.
    world.promote();
    Plan promoting = world.reconcile();
    assertThat(promoting.actions()).contains(new Action.ScaleRevision("c1", 7), new Action.ScaleRevision("s1", 7));
    assertThat(promoting.actions()).doesNotContain(new Action.PointServices("c1", "c1"));
    assertThat(world.phase()).isEqualTo(RolloutPhase.Progressing);
    assertThat(world.index()).isEqualTo(4);
    assertThat(world.weight()).isEqualTo(50);
    assertThat(world.status().stableRS).isEqualTo("s1");

    world.makeAvailable("c1");
    Plan completed = world.reconcile();
    assertThat(completed.actions()).containsSubsequence(new Action.PointServices("c1", "c1"), new Action.SetWeight(0));
    assertThat(completed.actions()).contains(new Action.ScheduleScaleDown("s1", world.now.plusSeconds(30)));
    assertThat(completed.events()).extracting(Plan.Event::reason).contains("RolloutCompleted");
    assertThat(completed.requeueAfter()).contains(Duration.ofSeconds(30));
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
    assertThat(world.status().stableRS).isEqualTo("c1");
    assertThat(world.weight()).isZero();
    assertThat(world.stableServiceHash).isEqualTo("c1");
    assertThat(world.canaryServiceHash).isEqualTo("c1");
    assertThat(world.desired("s1")).as("old stable waits for scaleDownDelaySeconds").isEqualTo(7);
    assertThat(world.conditionStatus(Conditions.READY)).isEqualTo("True");
    assertThat(world.conditionStatus(Conditions.COMPLETED)).isEqualTo("True");

    world.followRequeue();
    assertThat(world.desired("s1")).isZero();
    assertThat(world.desired("c1")).isEqualTo(7);
    assertThat(world.lastPlan().requeueAfter()).isEmpty();

    assertThat(world.routerWeights).as("router weights over the journey").containsExactly(20, 50, 0);
    assertThat(world.statusWeights).as("status weights over the journey").containsExactly(0, 20, 50, 0);
    assertThat(world.eventReasons()).containsExactly("RolloutUpdated", "StepCompleted", "RolloutPaused",
        "StepCompleted", "StepCompleted", "RolloutPaused", "Promoted", "StepCompleted", "RolloutCompleted");
  }

  @Test
  void withPodsAvailableAtOnceTheJourneyNeedsOnlyTheClockAndOnePromotion() {
    CanaryWorld world = world(CanaryWorld.Availability.INSTANT);
    world.deploy("c1").settle();
    assertThat(world.index()).isEqualTo(1);
    assertThat(world.desired("c1")).isEqualTo(2);
    assertThat(world.lastPlan().requeueAfter()).contains(Duration.ofSeconds(30));
    world.followRequeue();
    assertThat(world.index()).isEqualTo(3);
    assertThat(world.desired("c1")).isEqualTo(4);
    assertThat(world.desired("s1")).as("stable keeps 100% with traffic routing").isEqualTo(7);
    world.promote().settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
    world.followRequeue();
    assertThat(world.routerWeights).containsExactly(20, 50, 0);
    assertThat(world.revisions.keySet()).containsExactly("s1", "c1");
    assertThat(world.desired("s1")).isZero();
  }

  @Test
  void aStepWaitsWhileTheRouterDoesNotVerifyTheWeight() {
    CanaryWorld world = world(CanaryWorld.Availability.INSTANT);
    world.routerStuck = true;
    world.deploy("c1");
    world.reconcile();
    world.reconcile();
    Plan retry = world.reconcile();
    assertThat(retry.actions()).as("SetWeight is retried").contains(new Action.SetWeight(20));
    assertThat(retry.requeueAfter()).contains(CanaryPlanner.VERIFY_RETRY);
    assertThat(world.index()).isZero();
    assertThat(world.weight()).isEqualTo(20);
    assertThat(world.verified()).isFalse();
    assertThat(world.status().message).contains("verify weight 20");
    assertThat(world.phase()).isEqualTo(RolloutPhase.Progressing);
    int stepEvents = (int) world.eventReasons().stream().filter("StepCompleted"::equals).count();
    assertThat(stepEvents).isZero();

    world.routerStuck = false;
    world.settle();
    assertThat(world.index()).isEqualTo(1);
    assertThat(world.verified()).isTrue();
  }

  @Test
  void aTimedPauseIsCutShortByAPromotion() {
    CanaryWorld world = world(CanaryWorld.Availability.INSTANT);
    world.deploy("c1").settle();
    assertThat(world.index()).isEqualTo(1);
    world.advanceSeconds(5).promote().settle();
    assertThat(world.index()).isEqualTo(3);
    assertThat(world.eventReasons()).contains("Promoted");
  }

  @Test
  void theIndefinitePauseHasNoRequeueAndReplanningChangesNothing() {
    CanaryWorld world = world(CanaryWorld.Availability.INSTANT);
    world.deploy("c1").settle();
    world.followRequeue();
    Plan settled = world.lastPlan();
    Plan again = world.plan();
    assertThat(again.actions()).isEqualTo(settled.actions());
    assertThat(again.events()).isEmpty();
    assertThat(again.requeueAfter()).isEqualTo(Optional.empty());
    assertThat(again.actions()).noneMatch(a -> a instanceof Action.SetWeight s && s.canaryWeight() != 50);
  }
}
