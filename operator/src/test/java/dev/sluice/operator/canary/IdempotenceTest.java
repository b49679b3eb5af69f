package dev.sluice.operator.canary;

import dev.sluice.operator.plan.Plan;
import static dev.sluice.operator.canary.Rollouts.analysisStep;
import static dev.sluice.operator.canary.Rollouts.headerRoute;
import static dev.sluice.operator.canary.Rollouts.pause;
import static dev.sluice.operator.canary.Rollouts.setWeight;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.AnalysisPhase;
import dev.sluice.api.v1alpha1.RolloutPhase;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Re-planning without a change in the world changes nothing: no new kinds of actions, no repeated Events, no new
 * AnalysisRuns. (Every settle() also checks this; here it is asserted at every rest point of a long journey.)
 */
class IdempotenceTest {

  /** Re-plans the settled world three times: same plan, no Events, nothing new started. */
  private static void replanChangesNothing(CanaryWorld world) {
    Plan settled = world.lastPlan();
    String status = CanaryWorld.json(settled.status());
    for (int i = 0; i < 3; i++) {
      Plan again = world.reconcile();
      assertThat(again.actions()).as("same actions at %s", world.summary()).isEqualTo(settled.actions());
      assertThat(again.events()).as("no Events at %s", world.summary()).isEmpty();
      assertThat(again.requeueAfter()).isEqualTo(settled.requeueAfter());
      assertThat(CanaryWorld.json(again.status())).isEqualTo(status);
      assertThat(world.changed()).isFalse();
    }
  }

  @Test
  void aLongJourneyThroughEveryPhase() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(6).routed().background(1, "bg").progressDeadline(120, false)
        .steps(setWeight(20), headerRoute("x", "y"), analysisStep("smoke"), pause("1m"), setWeight(50), pause()).build(), "s1");
    Set<RolloutPhase> seen = EnumSet.noneOf(RolloutPhase.class);
    Runnable check = () -> {
      replanChangesNothing(world);
      seen.add(world.phase());
    };
    world.settle();
    check.run();

    world.deploy("c1").settle();                                     // analysis step running
    check.run();
    world.run("demo-c1-2", AnalysisPhase.Inconclusive, "?").settle(); // Paused: inconclusive
    check.run();
    world.promote().settle();                                        // timed pause
    check.run();
    world.advance(Duration.ofSeconds(30)).settle();                  // half-way through the pause
    check.run();
    world.followRequeue();                                           // indefinite pause at 50%
    check.run();
    world.pauseSpec(true).settle();                                  // paused by spec too
    check.run();
    world.pauseSpec(false).abort().settle();                         // aborted
    check.run();
    world.advance(Duration.ofSeconds(30)).settle();                  // aborted canary scaled down
    check.run();
    world.retry().settle();                                          // retried: step 2 analysis again, new name
    check.run();
    world.availability = CanaryWorld.Availability.MANUAL;
    world.deploy("c2").settle();                                     // new revision waiting for pods
    check.run();
    world.advance(Duration.ofSeconds(120)).settle();                 // progress deadline exceeded
    check.run();
    world.deploy("s1").settle();                                     // rollback to stable
    check.run();

    assertThat(seen).containsExactlyInAnyOrder(RolloutPhase.values());
    assertThat(world.startedRuns).doesNotHaveDuplicates();
  }

  @Test
  void anAnalysisRunThatTheCacheShowsLateIsStartedAgainButAnnouncedOnce() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(4).routed().background(0, "bg")
        .steps(setWeight(25), analysisStep("smoke"), pause()).build(), "s1");
    world.runCreationLag = 2;
    world.deploy("c1");
    for (int i = 0; i < 6; i++) {
      world.reconcile();
    }
    assertThat(world.startedRuns).as("creation is idempotent, so repeating it is fine").contains("demo-c1-background");
    assertThat(world.eventReasons()).filteredOn("AnalysisRunStarted"::equals).as("but announced once").hasSize(1);
    world.settle();
    assertThat(world.runs).containsKeys("demo-c1-background", "demo-c1-1");
  }

  @Test
  void aStepAnalysisThatTheCacheShowsLateIsNotLost() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(4).routed()
        .steps(analysisStep("smoke"), pause()).build(), "s1");
    world.runCreationLag = 3;
    world.deploy("c1");
    for (int i = 0; i < 5; i++) {
      world.reconcile();
    }
    assertThat(world.runs).containsKey("demo-c1-0");
    world.run("demo-c1-0", AnalysisPhase.Successful, "ok").settle();
    assertThat(world.index()).isEqualTo(1);
  }
}
