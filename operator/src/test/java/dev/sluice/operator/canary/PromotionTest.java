package dev.sluice.operator.canary;

import dev.sluice.operator.plan.Plan;
import dev.sluice.operator.plan.Action;
import static dev.sluice.operator.canary.Rollouts.analysisStep;
import static dev.sluice.operator.canary.Rollouts.pause;
import static dev.sluice.operator.canary.Rollouts.setWeight;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.RolloutPhase;
import dev.sluice.operator.status.Conditions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** promote (one pause) and promote --full (all remaining steps). */
class PromotionTest {

  static CanaryWorld world() {
    return CanaryWorld.stable(Rollouts.canary().replicas(10).routed()
        .steps(setWeight(10), pause(), analysisStep("smoke"), setWeight(40), pause("1h"), setWeight(70), pause()).build(), "s1");
  }

  @ParameterizedTest(name = "promote --full at step {0}")
  @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6})
  void promoteFullSkipsTheRemainingStepsAndCompletes(int index) {
    CanaryWorld world = world();
    world.deploy("c1").driveToStep(index);
    world.settle();
    int at = world.index();
    world.forgetHistory();
    world.promoteFull();
    Plan plan = world.reconcile();
    assertThat(plan.events()).extracting(Plan.Event::reason).first().isEqualTo("PromotedFull");
    assertThat(plan.events().get(0).message()).contains("skipping steps " + (at + 1) + ".." + 7);
    assertThat(world.index()).isEqualTo(7);
    assertThat(world.status().pauseConditions).isNull();
    assertThat(plan.actions()).contains(new Action.ScaleRevision("c1", 10));
    world.settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
    assertThat(world.status().stableRS).isEqualTo("c1");
    assertThat(world.status().promoteFull).isNull();
    assertThat(world.routerWeight).isZero();
    assertThat(world.routerWeights).as("no step weight after promote --full").containsOnly(0);
    assertThat(world.eventReasons()).containsExactly("PromotedFull", "RolloutCompleted");
    assertThat(world.conditionStatus(Conditions.READY)).isEqualTo("True");
    world.followRequeue();
    assertThat(world.desired("s1")).isZero();
  }

  @Test
  void promoteFullWaitsForTheCanaryAtFullSize() {
    CanaryWorld world = world();
    world.availability = CanaryWorld.Availability.MANUAL;
    world.deploy("c1").settle();
    world.promoteFull().settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Progressing);
    assertThat(world.status().message).contains("promoting c1");
    assertThat(world.desired("c1")).isEqualTo(10);
    assertThat(world.stableServiceHash).isEqualTo("s1");
    world.makeAvailable("c1").settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
    assertThat(world.eventReasons()).filteredOn("PromotedFull"::equals).hasSize(1);
  }

  @Test
  void promoteFullDuringAbortIsIgnoredUntilRetried() {
    CanaryWorld world = world();
    world.deploy("c1").settle();
    world.abort().settle();
    world.promoteFull().settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Degraded);
    assertThat(world.status().stableRS).isEqualTo("s1");
  }

  @Test
  void promoteAdvancesOnePauseAtATime() {
    CanaryWorld world = world();
    world.deploy("c1").settle();
    assertThat(world.index()).isEqualTo(1);
    world.promote().settle();
    assertThat(world.index()).isEqualTo(2);
    world.unblock().settle();
    assertThat(world.index()).isEqualTo(4);
    assertThat(world.lastPlan().requeueAfter()).contains(Duration.ofHours(1));
    world.promote().settle();
    assertThat(world.index()).isEqualTo(6);
    world.promote().settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
    assertThat(world.eventReasons()).filteredOn("Promoted"::equals).hasSize(3);
    assertThat(world.routerWeights).containsExactly(10, 40, 70, 0);
  }

  @Test
  void theOldStableScalesDownAfterScaleDownDelaySeconds() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(3).routed().scaleDownDelaySeconds(90)
        .steps(setWeight(50)).build(), "s1");
    world.deploy("c1").settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
    java.time.Instant completedAt = world.now;
    assertThat(world.scaleDownAt("s1")).isEqualTo(completedAt.plusSeconds(90));
    assertThat(world.lastPlan().requeueAfter()).contains(Duration.ofSeconds(90));
    world.advanceSeconds(89).settle();
    assertThat(world.desired("s1")).isEqualTo(3);
    world.advanceSeconds(1).settle();
    assertThat(world.desired("s1")).isZero();
  }
}
