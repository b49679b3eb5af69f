package dev.sluice.operator.canary;

import static dev.sluice.operator.canary.Rollouts.pause;
import static dev.sluice.operator.canary.Rollouts.setWeight;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.PauseCondition;
import dev.sluice.api.v1alpha1.RolloutPhase;
import dev.sluice.operator.status.Conditions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** spec.paused and the pause annotation: Paused, nothing advances; unpausing continues. */
class PauseTest {

  static CanaryWorld world() {
    return CanaryWorld.stable(Rollouts.canary().replicas(10).routed()
        .steps(setWeight(20), pause("1m"), setWeight(50), pause()).build(), "s1");
  }

  @Test
  void specPausedHoldsTheCanaryWhereItStands() {
    CanaryWorld world = world();
    world.pauseSpec(true).deploy("c1").settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Paused);
    assertThat(world.status().pauseConditions).extracting(p -> p.reason).containsExactly(PauseCondition.Reason.PausedBySpec);
    assertThat(world.status().controllerPause).as("a person's pause, not the controller's").isNull();
    assertThat(world.conditionReason(Conditions.PAUSED)).isEqualTo("PausedBySpec");
    assertThat(world.status().message).contains("spec.paused");
    assertThat(world.desired("c1")).as("the canary is created for the current step").isEqualTo(2);
    assertThat(world.routerWeights).as("but no traffic moves").isEmpty();
    world.advance(Duration.ofHours(3)).settle();
    assertThat(world.index()).isZero();
    assertThat(world.routerWeights).isEmpty();
    assertThat(world.lastPlan().requeueAfter()).isEmpty();

    world.pauseSpec(false).settle();
    assertThat(world.status().pauseConditions).extracting(p -> p.reason).containsExactly(PauseCondition.Reason.CanaryPauseStep);
    assertThat(world.index()).isEqualTo(1);
    assertThat(world.routerWeights).containsExactly(20);
  }

  @Test
  void thePauseAnnotationPausesLikeSpecPaused() {
    CanaryWorld world = world();
    world.deploy("c1").settle();
    world.followRequeue();
    assertThat(world.index()).isEqualTo(3);
    world.promote();
    world.pausedByAnnotation = true;
    world.settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Paused);
    assertThat(world.status().message).contains("kubectl sluice pause");
    assertThat(world.index()).as("a promotion does not pass a person's pause").isEqualTo(3);
    assertThat(world.status().stableRS).isEqualTo("s1");
    world.pausedByAnnotation = false;
    world.settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
    assertThat(world.status().stableRS).isEqualTo("c1");
  }

  @Test
  void aTimedPauseKeepsItsClockWhileSpecPausedAndGoesOnWhenUnpaused() {
    CanaryWorld world = world();
    world.deploy("c1").settle();
    assertThat(world.index()).isEqualTo(1);
    world.pauseSpec(true).settle();
    assertThat(world.status().pauseConditions).extracting(p -> p.reason)
        .containsExactlyInAnyOrder(PauseCondition.Reason.CanaryPauseStep, PauseCondition.Reason.PausedBySpec);
    world.advance(Duration.ofMinutes(5)).settle();
    assertThat(world.index()).as("spec.paused wins over the expired pause").isEqualTo(1);
    world.pauseSpec(false).settle();
    assertThat(world.index()).isEqualTo(3);
  }

  @Test
  void pausingDuringPromotionDoesNotShrinkTheCanary() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(10).routed().steps(setWeight(20)).build(), "s1");
    world.availability = CanaryWorld.Availability.MANUAL;
    world.deploy("c1").settle();
    world.makeAvailable("c1").settle();
    assertThat(world.index()).isEqualTo(1);
    assertThat(world.desired("c1")).as("promoting: full size").isEqualTo(10);
    world.pauseSpec(true).settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Paused);
    assertThat(world.desired("c1")).as("paused where it stands").isEqualTo(10);
    world.pauseSpec(false).makeAvailable("c1").settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
  }

  @Test
  void promoteClearsSpecPausedAndTheStepPause() {
    CanaryWorld world = world();
    world.deploy("c1").settle();
    world.followRequeue();
    world.pauseSpec(true).settle();
    assertThat(world.index()).isEqualTo(3);
    world.promote().settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
  }

  @Test
  void anAbortWinsOverAPause() {
    CanaryWorld world = world();
    world.deploy("c1").settle();
    world.pauseSpec(true).settle();
    world.abort().settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Degraded);
    assertThat(world.routerWeight).isZero();
    assertThat(world.status().pauseConditions).isNull();
  }

  @Test
  void pauseEventsOncePerPause() {
    CanaryWorld world = world();
    world.deploy("c1").settle();
    world.advanceSeconds(20).settle();
    world.advanceSeconds(20).settle();
    world.advanceSeconds(20).settle();
    world.settle();
    assertThat(world.eventReasons()).filteredOn("RolloutPaused"::equals).hasSize(2);
    world.promote().settle();
    world.settle();
    assertThat(world.eventReasons()).filteredOn("Promoted"::equals).hasSize(1);
  }
}
