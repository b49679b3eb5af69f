package dev.sluice.operator.canary;

import dev.sluice.operator.plan.Action;
import dev.sluice.operator.plan.Plan;
import static dev.sluice.operator.canary.Rollouts.pause;
import static dev.sluice.operator.canary.Rollouts.setWeight;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.RolloutPhase;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Without trafficRouting the weight is the share of pods, reached within maxSurge and maxUnavailable. */
class BasicCanaryTest {

  /** Parses "25%" as a percentage and "2" as a number. */
  private static Object value(String text) {
    return text.endsWith("%") ? text : Integer.valueOf(text);
  }

  @ParameterizedTest(name = "replicas {0}, maxSurge {1}, maxUnavailable {2}")
  @CsvSource({
      "10, 25%, 25%, 3, 2",
      "10, 1, 0, 1, 0",
      "10, 0, 1, 0, 1",
      "10, 2, 1, 2, 1",
      "10, 50%, 0, 5, 0",
      "10, 0%, 30%, 0, 3",
      "10, 0, 0, 1, 0",
      "4, 25%, 25%, 1, 1",
      "5, 1, 1, 1, 1",
      "3, 25%, 25%, 1, 0"})
  void theWholeJourneyStaysWithinSurgeAndUnavailability(int replicas, String maxSurge, String maxUnavailable,
      int surge, int unavailable) {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(replicas)
        .maxSurge(value(maxSurge)).maxUnavailable(value(maxUnavailable))
        .steps(setWeight(20), pause("1m"), setWeight(50), pause(), setWeight(80), pause("30s")).build(), "s1");
    world.availability = CanaryWorld.Availability.NEXT_RECONCILE;
    world.trackInvariants = true;

    world.deploy("c1");
    List<int[]> atSteps = new ArrayList<>();
    for (int i = 0; i < 200 && !(world.phase() == RolloutPhase.Healthy && "c1".equals(world.status().stableRS)); i++) {
      int before = world.index();
      world.reconcile();
      if (world.index() != before && world.index() % 2 == 1) {
        atSteps.add(new int[] {world.index(), world.weight(), world.desired("c1"), world.desired("s1")});
      }
      if (!world.changed()) {
        world.unblock();
      }
    }
    assertThat(world.phase()).as(world.summary()).isEqualTo(RolloutPhase.Healthy);
    if (world.lastPlan().requeueAfter().isPresent()) {
      world.followRequeue();
    }

    assertThat(world.maxTotal).as("pods never above replicas + maxSurge").isLessThanOrEqualTo(replicas + surge);
    assertThat(world.minAvailable).as("available never below replicas - maxUnavailable")
        .isGreaterThanOrEqualTo(replicas - unavailable);
    assertThat(world.desired("c1")).isEqualTo(replicas);
    assertThat(world.desired("s1")).isZero();
    assertThat(world.stableServiceHash).isEqualTo("c1");
    assertThat(world.allActions()).noneMatch(a -> a instanceof Action.SetWeight || a instanceof Action.RemoveManagedRoutes);

    // When each weight step completed, the canary had round(replicas * weight / 100) pods and the rest were stable.
    int[] weights = {20, 50, 80};
    assertThat(atSteps).hasSize(3);
    for (int i = 0; i < 3; i++) {
      int canary = (int) Math.round(replicas * weights[i] / 100.0);
      assertThat(atSteps.get(i)[2]).as("canary pods at weight %d", weights[i]).isEqualTo(canary);
      assertThat(atSteps.get(i)[3]).as("stable pods at weight %d", weights[i]).isEqualTo(replicas - canary);
      assertThat(atSteps.get(i)[1]).as("reported weight at %d", weights[i])
          .isEqualTo(Math.round(canary * 100f / replicas));
    }
  }

  @Test
  void tenReplicasMoveInStepsOfSurgeAndUnavailability() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(10).maxSurge(2).maxUnavailable(0)
        .steps(setWeight(50), pause()).build(), "s1");
    world.availability = CanaryWorld.Availability.MANUAL;
    world.deploy("c1").settle();
    assertThat(world.desired("c1")).as("within maxSurge 2").isEqualTo(2);
    assertThat(world.desired("s1")).as("no pod may be unavailable").isEqualTo(10);
    assertThat(world.index()).isZero();
    world.makeAvailable("c1").settle();
    assertThat(world.desired("s1")).isEqualTo(8);
    assertThat(world.desired("c1")).isEqualTo(4);
    world.makeAvailable("c1").settle();
    world.makeAvailable("c1").settle();
    assertThat(world.desired("c1")).isEqualTo(5);
    assertThat(world.desired("s1")).isEqualTo(5);
    assertThat(world.index()).isEqualTo(1);
    assertThat(world.weight()).isEqualTo(50);
    assertThat(world.status().canary.weights.verified).as("without a router: the pods reached the weight").isTrue();
  }

  @Test
  void theReportedWeightIsTheShareOfAvailablePods() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(3).maxSurge(3).maxUnavailable(3)
        .steps(setWeight(50), pause()).build(), "s1");
    world.deploy("c1").settle();
    assertThat(world.desired("c1")).isEqualTo(2);
    assertThat(world.desired("s1")).isEqualTo(1);
    assertThat(world.weight()).isEqualTo(67);
    assertThat(world.status().canary.weights.stable.weight).isEqualTo(33);
  }

  @Test
  void promotionOfABasicCanaryReplacesTheStableWithinSurge() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(10).maxSurge(1).maxUnavailable(0)
        .steps(setWeight(80), pause()).build(), "s1");
    world.availability = CanaryWorld.Availability.NEXT_RECONCILE;
    world.deploy("c1").driveToStep(1).settle();
    assertThat(world.desired("s1")).isEqualTo(2);
    world.trackInvariants = true;
    world.promote().driveToHealthy();
    List<Integer> stable = world.scaleHistory.get("s1");
    for (int i = 1; i < stable.size(); i++) {
      assertThat(stable.get(i)).as("the old stable only shrinks: %s", stable).isLessThanOrEqualTo(stable.get(i - 1));
    }
    assertThat(stable).last().isEqualTo(0);
    assertThat(world.maxTotal).isLessThanOrEqualTo(11);
    assertThat(world.minAvailable).isGreaterThanOrEqualTo(10);
  }

  /**
   * Argo Rollouts: without a router the abort is a rolling update back to stable, and abortScaleDownDelaySeconds
   * does not apply: the canary's pods are its traffic, so none of them may keep serving while the status says
   * traffic is back on stable.
   */
  @ParameterizedTest(name = "abortScaleDownDelaySeconds {0}")
  @CsvSource({"-1", "0", "600"})
  void anAbortedBasicCanaryScalesDownAtOnce(int delay) {
    Rollouts.Builder builder = Rollouts.canary().replicas(5).steps(setWeight(20), pause());
    if (delay >= 0) {
      builder.abortScaleDownDelaySeconds(delay);
    }
    CanaryWorld world = CanaryWorld.stable(builder.build(), "s1");
    world.deploy("c1").settle();
    assertThat(world.desired("c1")).isEqualTo(1);
    assertThat(world.desired("s1")).isEqualTo(4);
    assertThat(world.weight()).isEqualTo(20);

    world.forgetHistory();
    world.abort();
    Plan plan = world.reconcile();
    assertThat(plan.actions()).as("maxUnavailable 25%% of 5 lets the canary pod go with the stable's 4 available")
        .contains(new Action.ScaleRevision("c1", 0), new Action.ScaleRevision("s1", 5))
        .noneMatch(a -> a instanceof Action.ScheduleScaleDown);
    assertThat(world.status().message).contains("traffic is back on stable s1");
    assertThat(world.phase()).isEqualTo(RolloutPhase.Degraded);
    world.settle();
    assertThat(world.weight()).as("the status follows the pods: none of the canary's is left").isZero();
    assertThat(world.status().canary.weights.stable.weight).isEqualTo(100);
    assertThat(world.lastPlan().requeueAfter()).as("nothing is left to wait for").isEmpty();
    assertThat(world.desired("c1")).isZero();
    assertThat(world.desired("s1")).isEqualTo(5);
  }

  @Test
  void anAbortedBasicCanaryRollsBackWithinMaxUnavailable() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(4).maxSurge(1).maxUnavailable(0)
        .steps(setWeight(50), pause()).build(), "s1");
    world.availability = CanaryWorld.Availability.MANUAL;
    world.deploy("c1");
    for (int i = 0; i < 10 && world.phase() != RolloutPhase.Paused; i++) {
      world.settle();
      world.makeAvailable("c1").makeAvailable("s1");
    }
    world.settle();
    assertThat(world.desired("c1")).isEqualTo(2);
    assertThat(world.desired("s1")).isEqualTo(2);

    world.trackInvariants = true;
    world.abort().settle();
    assertThat(world.desired("s1")).as("the stable grows within maxSurge 1").isEqualTo(3);
    assertThat(world.desired("c1")).as("no canary pod goes before a stable one replaces it").isEqualTo(2);
    assertThat(world.weight()).isEqualTo(50);
    world.makeAvailable("s1").settle();
    assertThat(world.desired("c1")).isEqualTo(1);
    world.makeAvailable("s1").settle();
    assertThat(world.desired("c1")).isZero();
    assertThat(world.desired("s1")).isEqualTo(4);
    world.makeAvailable("s1").settle();
    assertThat(world.weight()).isZero();
    assertThat(world.minAvailable).as("never below replicas - maxUnavailable").isGreaterThanOrEqualTo(4);
    assertThat(world.maxTotal).as("never above replicas + maxSurge").isLessThanOrEqualTo(5);
  }

  /**
   * The stable's pods that a scale-down removes keep serving until the ReplicaSet controller deleted them: 1 canary
   * and 5 stable pods is 17%, not 20%. The step completes only when they are gone, so the status shows 20% in the
   * pause that follows, as the pods are then.
   */
  @Test
  void aWeightStepCompletesOnlyWhenTheStablesLeavingPodsAreGone() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(5).steps(setWeight(20), pause()).build(), "s1");
    world.podsLeaveLate = true;
    world.deploy("c1").settle();
    assertThat(world.desired("c1")).isEqualTo(1);
    assertThat(world.desired("s1")).isEqualTo(4);
    assertThat(world.revisions.get("s1").available).as("one stable pod is still leaving").isEqualTo(5);
    assertThat(world.index()).as("setWeight 20 is not reached while 5 stable pods serve").isZero();
    assertThat(world.weight()).as("1 canary of 6 serving pods").isEqualTo(17);
    assertThat(world.verified()).isFalse();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Progressing);

    world.letPodsLeave().settle();
    assertThat(world.index()).isEqualTo(1);
    assertThat(world.phase()).isEqualTo(RolloutPhase.Paused);
    assertThat(world.weight()).as("1 canary of 5 pods").isEqualTo(20);
    assertThat(world.status().canary.weights.stable.weight).isEqualTo(80);
    assertThat(world.verified()).isTrue();
    world.advanceSeconds(3600).settle();
    assertThat(world.weight()).isEqualTo(20);
  }

  /** Every status weight the journey shows is the share of the pods serving at that moment. */
  @Test
  void theStatusWeightIsAlwaysTheShareOfServingPods() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(5)
        .steps(setWeight(20), pause("1m"), setWeight(40), pause("1m"), setWeight(60), pause("1m")).build(), "s1");
    world.podsLeaveLate = true;
    world.availability = CanaryWorld.Availability.NEXT_RECONCILE;
    world.deploy("c1");
    Set<Integer> pausedAt = new TreeSet<>();
    for (int i = 0; i < 300 && !(world.phase() == RolloutPhase.Healthy && "c1".equals(world.status().stableRS)); i++) {
      world.reconcile();
      int canary = world.revisions.get("c1").available;
      int serving = world.revisions.values().stream().mapToInt(p -> p.available).sum();
      if (!"c1".equals(world.status().stableRS) && world.weight() != null) {
        assertThat(world.weight()).as("weight with %s", world.summary()).isEqualTo(Math.round(canary * 100f / serving));
      }
      if (world.phase() == RolloutPhase.Paused) {
        pausedAt.add(world.weight());
      }
      if (!world.changed()) {
        world.letPodsLeave().unblock();
      }
    }
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
    assertThat(pausedAt).as("the weights shown in the pauses").containsExactly(20, 40, 60);
  }
}
