package dev.sluice.operator.canary;

import static dev.sluice.operator.canary.Rollouts.analysis;
import static dev.sluice.operator.canary.Rollouts.canaryScaleReplicas;
import static dev.sluice.operator.canary.Rollouts.headerRoute;
import static dev.sluice.operator.canary.Rollouts.mirrorRoute;
import static dev.sluice.operator.canary.Rollouts.pause;
import static dev.sluice.operator.canary.Rollouts.setWeight;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.AnalysisPhase;
import dev.sluice.api.v1alpha1.CanaryStep;
import dev.sluice.api.v1alpha1.RolloutPhase;
import dev.sluice.operator.plan.Action;
import dev.sluice.operator.plan.Plan;
import org.junit.jupiter.api.Test;

/**
 * setCanaryScale, setHeaderRoute and setMirrorRoute beside setWeight, pause or analysis in one step, as Argo Rollouts
 * allows (its apisix example): the scale and routes come first, then the step's own action once the pods are there.
 */
class CombinedStepsTest {

  /** One step: setCanaryScale replicas, a header route and a weight. */
  private static CanaryStep scaleRouteAndWeight(int replicas, int weight) {
    CanaryStep step = canaryScaleReplicas(replicas);
    step.setHeaderRoute = headerRoute("x-canary", "always").setHeaderRoute;
    step.setWeight = weight;
    return step;
  }

  @Test
  void aStepWithScaleHeaderRouteAndWeightDoesAllThreeAndCompletesOnce() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(10).routed()
        .steps(scaleRouteAndWeight(2, 30), pause()).build(), "s1");
    world.availability = CanaryWorld.Availability.MANUAL;
    world.deploy("c1").settle();
    assertThat(world.index()).as("waits for the two canary pods").isZero();
    assertThat(world.desired("c1")).as("setCanaryScale, not ceil(10 * 30%)").isEqualTo(2);
    assertThat(world.headerRoutes).as("the route is set with the scale, as Argo does").containsOnlyKeys(Rollouts.HEADER_ROUTE);
    assertThat(world.routerWeights).as("no weight before the pods").isEmpty();

    world.makeAvailable("c1").settle();
    assertThat(world.index()).isEqualTo(1);
    assertThat(world.routerWeights).containsExactly(30);
    assertThat(world.events).filteredOn(e -> e.reason().equals("StepCompleted")).extracting(Plan.Event::message)
        .containsExactly("step 1/2 completed: setCanaryScale, setHeaderRoute header, setWeight 30");
  }

  @Test
  void aPauseBesideAScaleStartsOnceTheCanaryPodsAreAvailable() {
    CanaryStep step = canaryScaleReplicas(3);
    step.pause = pause("30s").pause;
    step.setMirrorRoute = mirrorRoute(20).setMirrorRoute;
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(10).routed().steps(setWeight(10), step, pause())
        .build(), "s1");
    world.availability = CanaryWorld.Availability.MANUAL;
    world.deploy("c1").settle();
    world.makeAvailable("c1").settle();
    assertThat(world.index()).isEqualTo(1);
    assertThat(world.desired("c1")).isEqualTo(3);
    assertThat(world.mirrorRoutes).containsOnlyKeys(Rollouts.MIRROR_ROUTE);
    assertThat(world.pauses()).as("no pause while the pods come").isEmpty();

    world.advanceSeconds(60).settle();
    assertThat(world.index()).as("time without the pods does not count").isEqualTo(1);
    world.makeAvailable("c1").settle();
    assertThat(world.pauses()).isNotEmpty();
    assertThat(world.index()).isEqualTo(1);
    world.advanceSeconds(30).settle();
    assertThat(world.index()).isEqualTo(2);
    assertThat(world.routerWeights).as("setCanaryScale moves no traffic").containsExactly(10);
  }

  @Test
  void anAnalysisBesideAHeaderRouteGatesTheStep() {
    CanaryStep step = headerRoute("x-canary", "always");
    step.analysis = analysis("smoke");
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(4).routed().steps(setWeight(25), step, pause())
        .build(), "s1");
    world.deploy("c1").settle();
    assertThat(world.index()).isEqualTo(1);
    assertThat(world.headerRoutes).containsOnlyKeys(Rollouts.HEADER_ROUTE);
    assertThat(world.startedRuns).containsExactly("demo-c1-1");

    world.run("demo-c1-1", AnalysisPhase.Successful, "ok").settle();
    assertThat(world.index()).isEqualTo(2);
    assertThat(world.headerRoutes).as("kept until a step or the end removes it").containsOnlyKeys(Rollouts.HEADER_ROUTE);
    world.promote().settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
    assertThat(world.headerRoutes).isEmpty();
    assertThat(world.allActions()).filteredOn(a -> a instanceof Action.SetHeaderRoute)
        .allMatch(a -> ((Action.SetHeaderRoute) a).route() == step.setHeaderRoute);
  }
}
