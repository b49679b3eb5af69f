package dev.sluice.operator.canary;

import dev.sluice.operator.plan.Plan;
import dev.sluice.operator.plan.Action;
import static dev.sluice.operator.canary.Rollouts.canaryScaleReplicas;
import static dev.sluice.operator.canary.Rollouts.canaryScaleWeight;
import static dev.sluice.operator.canary.Rollouts.headerRoute;
import static dev.sluice.operator.canary.Rollouts.matchTrafficWeight;
import static dev.sluice.operator.canary.Rollouts.mirrorRoute;
import static dev.sluice.operator.canary.Rollouts.pause;
import static dev.sluice.operator.canary.Rollouts.setWeight;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.RolloutPhase;
import java.util.List;
import org.junit.jupiter.api.Test;

/** setCanaryScale, setHeaderRoute and setMirrorRoute, with traffic routing. */
class StepKindsTest {

  @Test
  void setCanaryScaleDecidesTheCanaryPodsUntilMatchTrafficWeight() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(10).routed().steps(
        canaryScaleReplicas(1),   // 0: one pod, no traffic
        setWeight(20),            // 1: 20% of traffic on that one pod
        canaryScaleWeight(50),    // 2: 5 pods, still 20% of traffic
        pause(),                  // 3
        matchTrafficWeight(),     // 4: back to the traffic weight
        setWeight(40),            // 5: ceil(10 * 40%) = 4 pods
        pause()                   // 6
    ).build(), "s1");
    world.deploy("c1").settle();
    assertThat(world.index()).isEqualTo(3);
    assertThat(world.desired("c1")).isEqualTo(5);
    assertThat(world.weight()).isEqualTo(20);
    assertThat(world.desired("s1")).isEqualTo(10);
    world.promote().settle();
    assertThat(world.index()).isEqualTo(6);
    assertThat(world.desired("c1")).isEqualTo(4);
    assertThat(world.scaleHistory.get("c1")).as("matchTrafficWeight and setWeight 40 complete in one plan")
        .containsExactly(1, 5, 4);
    assertThat(world.routerWeights).containsExactly(20, 40);
    assertThat(world.scaleHistory.get("s1")).as("the stable keeps 100% throughout").containsExactly(10);
    world.promote().settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
    assertThat(world.scaleHistory.get("c1")).containsExactly(1, 5, 4, 10);
  }

  @Test
  void matchTrafficWeightScalesTheCanaryBackToTheTrafficWeight() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(10).routed()
        .steps(setWeight(20), canaryScaleReplicas(6), pause(), matchTrafficWeight(), pause()).build(), "s1");
    world.deploy("c1").settle();
    assertThat(world.desired("c1")).isEqualTo(6);
    world.promote().settle();
    assertThat(world.index()).isEqualTo(4);
    assertThat(world.desired("c1")).isEqualTo(2);
    assertThat(world.weight()).isEqualTo(20);
  }

  @Test
  void aSetCanaryScaleStepCompletesOnlyWhenItsPodsAreAvailable() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(10).routed()
        .steps(canaryScaleReplicas(3), pause()).build(), "s1");
    world.availability = CanaryWorld.Availability.MANUAL;
    world.deploy("c1").settle();
    assertThat(world.index()).isZero();
    assertThat(world.desired("c1")).isEqualTo(3);
    assertThat(world.status().message).contains("0/3 available");
    assertThat(world.allActions()).noneMatch(a -> a instanceof Action.SetWeight w && w.canaryWeight() > 0);
    world.makeAvailable("c1").settle();
    assertThat(world.index()).isEqualTo(1);
    assertThat(world.weight()).as("setCanaryScale moves no traffic").isZero();
  }

  @Test
  void headerAndMirrorRoutesAreSetByTheirStepsAndRemovedAtTheEnd() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(4).routed().steps(
        setWeight(0),                       // 0
        headerRoute("x-canary", "always"),  // 1
        mirrorRoute(35),                    // 2
        pause(),                            // 3
        headerRoute(null, null),            // 4: no match removes the header route
        setWeight(50),                      // 5
        pause()                             // 6
    ).build(), "s1");
    var steps = world.rollout.getSpec().strategy.canary.steps;
    world.deploy("c1").settle();
    assertThat(world.index()).isEqualTo(3);
    assertThat(world.allActions()).containsSubsequence(new Action.SetHeaderRoute(steps.get(1).setHeaderRoute),
        new Action.SetMirrorRoute(steps.get(2).setMirrorRoute));
    assertThat(world.headerRoutes).containsOnlyKeys(Rollouts.HEADER_ROUTE);
    assertThat(world.mirrorRoutes).containsOnlyKeys(Rollouts.MIRROR_ROUTE);
    assertThat(world.eventReasons()).filteredOn("StepCompleted"::equals).hasSize(3);
    assertThat(world.events).extracting(Plan.Event::message)
        .anyMatch(m -> m.contains("setHeaderRoute header")).anyMatch(m -> m.contains("setMirrorRoute mirror"));

    world.promote().settle();
    assertThat(world.index()).isEqualTo(6);
    assertThat(world.headerRoutes).isEmpty();
    assertThat(world.mirrorRoutes).containsOnlyKeys(Rollouts.MIRROR_ROUTE);
    assertThat(world.allActions()).filteredOn(a -> a instanceof Action.SetHeaderRoute).hasSize(2);
    assertThat(world.allActions()).filteredOn(a -> a instanceof Action.SetMirrorRoute).hasSize(1);

    world.promote().settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
    assertThat(world.mirrorRoutes).isEmpty();
    assertThat(world.headerRoutes).isEmpty();
  }

  @Test
  void routesFromAnAbandonedCanaryAreRemovedBeforeTheNextOne() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(4).routed()
        .steps(headerRoute("x-canary", "1"), pause()).build(), "s1");
    world.deploy("c1").settle();
    assertThat(world.headerRoutes).isNotEmpty();
    world.deploy("c2");
    Plan plan = world.reconcile();
    assertThat(plan.actions()).containsSubsequence(new Action.RemoveManagedRoutes(),
        new Action.SetHeaderRoute(world.rollout.getSpec().strategy.canary.steps.get(0).setHeaderRoute));
    assertThat(world.headerRoutes).as("set again for c2").isNotEmpty();
  }

  @Test
  void aRolloutWithoutStepsPromotesAtOnce() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(4).routed().build(), "s1");
    world.deploy("c1").settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
    assertThat(world.status().stableRS).isEqualTo("c1");
    assertThat(world.scaleHistory.get("c1")).containsExactly(4);
    assertThat(world.routerWeights).isEmpty();
    assertThat(world.eventReasons()).containsExactly("RolloutUpdated", "RolloutCompleted");
  }

  @Test
  void stepsCompletedEventsNameEachStep() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(4).routed()
        .steps(setWeight(25), pause("10s"), canaryScaleReplicas(2)).build(), "s1");
    world.deploy("c1").settle();
    world.followRequeue();
    assertThat(world.events).filteredOn(e -> e.reason().equals("StepCompleted")).extracting(Plan.Event::message)
        .containsExactly("step 1/3 completed: setWeight 25", "step 2/3 completed: pause 10s",
            "step 3/3 completed: setCanaryScale");
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
    assertThat(List.copyOf(world.routerWeights)).containsExactly(25, 0);
  }
}
