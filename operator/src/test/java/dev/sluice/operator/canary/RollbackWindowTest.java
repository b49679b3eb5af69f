package dev.sluice.operator.canary;

import static dev.sluice.operator.canary.Rollouts.analysis;
import static dev.sluice.operator.canary.Rollouts.pause;
import static dev.sluice.operator.canary.Rollouts.setWeight;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.RolloutPhase;
import dev.sluice.operator.plan.Reasons;
import org.junit.jupiter.api.Test;

/**
 * rollbackWindow: going back to a recent revision skips the steps, pauses and analyses; going back further, or going
 * forward, does not (revisions s1, c1, c2 released in that order, each promoted in full).
 */
class RollbackWindowTest {
  private static CanaryWorld threeReleases(int window) {
    Rollouts.Builder builder = Rollouts.canary().replicas(4).steps(setWeight(50), pause());
    builder.build().getSpec().strategy.canary.analysis = analysis("background");
    CanaryWorld world = CanaryWorld.stable(builder.rollbackWindow(window).build(), "s1");
    for (String hash : new String[] {"c1", "c2"}) {
      world.deploy(hash).settle();
      assertThat(world.phase()).isEqualTo(RolloutPhase.Paused);
      world.promoteFull().settle();
      assertThat(world.status().stableRS).isEqualTo(hash);
    }
    world.advanceSeconds(60).settle();
    world.forgetHistory();
    return world;
  }

  @Test
  void aRollbackToTheRevisionBeforeTheStableIsPromotedWithoutStepsOrAnalysis() {
    CanaryWorld world = threeReleases(1);
    world.deploy("c1").settle();
    assertThat(world.status().stableRS).isEqualTo("c1");
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
    assertThat(world.startedRuns).as("no background analysis").isEmpty();
    assertThat(world.eventReasons()).contains(Reasons.SKIP_STEPS).doesNotContain(Reasons.PAUSED);
  }

  @Test
  void aRollbackFurtherBackThanTheWindowGoesThroughTheSteps() {
    CanaryWorld world = threeReleases(1);
    world.deploy("s1").settle();
    assertThat(world.phase()).as("c1 lies between s1 and the stable c2").isEqualTo(RolloutPhase.Paused);
    assertThat(world.status().stableRS).isEqualTo("c2");
    assertThat(world.eventReasons()).doesNotContain(Reasons.SKIP_STEPS);
  }

  @Test
  void aWindowOfTwoReachesTwoRevisionsBack() {
    CanaryWorld world = threeReleases(2);
    world.deploy("s1").settle();
    assertThat(world.status().stableRS).isEqualTo("s1");
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
  }

  @Test
  void aNewRevisionIsNoRollback() {
    CanaryWorld world = threeReleases(2);
    world.deploy("c3").settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Paused);
    assertThat(world.status().stableRS).isEqualTo("c2");
  }

  @Test
  void withoutAWindowARollbackGoesThroughTheSteps() {
    CanaryWorld world = threeReleases(0);
    world.deploy("c1").settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Paused);
  }
}
