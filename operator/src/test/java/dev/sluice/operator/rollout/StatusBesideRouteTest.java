package dev.sluice.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.CanaryStatus;
import dev.sluice.api.v1alpha1.RolloutStatus;
import dev.sluice.operator.plan.Action;
import dev.sluice.operator.plan.Plan;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class StatusBesideRouteTest {
  static RolloutStatus status(int weight, boolean verified) {
    RolloutStatus status = new RolloutStatus();
    status.stableRS = "old";
    status.currentStepIndex = 2;
    status.canary = new CanaryStatus();
    status.canary.weights = new CanaryStatus.TrafficWeights();
    status.canary.weights.canary = destination("web-canary", "new", weight);
    status.canary.weights.stable = destination("web-stable", "old", 100 - weight);
    status.canary.weights.verified = verified;
    return status;
  }

  static CanaryStatus.WeightDestination destination(String service, String hash, int weight) {
    CanaryStatus.WeightDestination d = new CanaryStatus.WeightDestination();
    d.serviceName = service;
    d.podTemplateHash = hash;
    d.weight = weight;
    return d;
  }

  static Plan step(List<Action> actions, Consumer<RolloutStatus> change) {
    RolloutStatus planned = status(30, false);
    planned.currentStepIndex = 3;
    change.accept(planned);
    return new Plan(actions, planned, List.of(), Optional.empty());
  }

  static final RolloutStatus OBSERVED = status(20, true);

  @Test
  void aStepThatOnlyMovesTheWeightWritesItsStatusBesideThePatch() {
    assertThat(StatusBesideRoute.allowed(OBSERVED, step(List.of(new Action.SetWeight(30)), s -> { }))).isTrue();
  }

  @Test
  void aStatusThatWouldClaimMoreThanAnUnverifiedWeightWaitsForThePatch() {
    assertThat(StatusBesideRoute.allowed(OBSERVED, step(List.of(new Action.SetWeight(30)), s -> s.canary.weights.verified = true)))
        .as("claims the weight verified").isFalse();
    assertThat(StatusBesideRoute.allowed(OBSERVED, step(List.of(new Action.SetWeight(30)), s -> s.canary.weights.canary.weight = 40)))
        .as("records another weight than it sets").isFalse();
    assertThat(StatusBesideRoute.allowed(OBSERVED, step(List.of(new Action.SetWeight(30)), s -> s.stableRS = "new")))
        .as("moves the stable").isFalse();
    assertThat(StatusBesideRoute.allowed(OBSERVED, step(List.of(new Action.SetWeight(30)), s -> s.canary.stablePingPong = "ping")))
        .as("flips the ping-pong roles").isFalse();
    assertThat(StatusBesideRoute.allowed(OBSERVED,
        step(List.of(new Action.SetWeight(30)), s -> s.canary.weights.canary.podTemplateHash = "newer")))
        .as("another canary revision").isFalse();
  }

  @Test
  void plansWithOtherActionsApplyThemBeforeTheStatus() {
    assertThat(StatusBesideRoute.allowed(OBSERVED,
        step(List.of(new Action.ScaleRevision("new", 2), new Action.SetWeight(30)), s -> { }))).isFalse();
    assertThat(StatusBesideRoute.allowed(OBSERVED, step(List.of(new Action.PointServices("old", "new")), s -> { }))).isFalse();
    assertThat(StatusBesideRoute.allowed(new RolloutStatus(), step(List.of(new Action.SetWeight(30)), s -> { })))
        .as("no weight recorded before").isFalse();
  }
}
