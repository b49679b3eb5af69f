package dev.sluice.operator.canary;

import dev.sluice.operator.plan.Revision;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.SetCanaryScale;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplicaMathTest {
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  private static Revision rs(String hash, int desired, int available) {
    return new Revision(hash, desired, desired, available, available, T, null);
  }

  private static SetCanaryScale replicas(int n) {
    SetCanaryScale scale = new SetCanaryScale();
    scale.replicas = n;
    return scale;
  }

  private static SetCanaryScale weight(int w) {
    SetCanaryScale scale = new SetCanaryScale();
    scale.weight = w;
    return scale;
  }

  @ParameterizedTest(name = "{0} replicas at weight {1} -> {2} canary pods")
  @CsvSource({"10,20,2", "7,20,2", "7,50,4", "4,20,1", "5,20,1", "3,1,1", "10,0,0", "10,100,10", "1,1,1", "0,50,0",
      "100,33,33", "3,34,2"})
  void routedCanaryIsTheCeilingOfTheWeightShare(int replicas, int weight, int expected) {
    assertThat(ReplicaMath.canaryForWeight(replicas, weight, 100, null)).isEqualTo(expected);
  }

  @Test
  void setCanaryScaleReplicasWinsOverTheWeight() {
    assertThat(ReplicaMath.canaryForWeight(10, 50, 100, replicas(3))).isEqualTo(3);
    assertThat(ReplicaMath.canaryForWeight(10, 0, 100, replicas(0))).isZero();
  }

  @Test
  void setCanaryScaleWeightReplacesTheTrafficWeightForReplicas() {
    assertThat(ReplicaMath.canaryForWeight(10, 5, 100, weight(40))).isEqualTo(4);
    assertThat(ReplicaMath.canaryForWeight(7, 90, 100, weight(10))).isEqualTo(1);
  }

  @Test
  void aMatchTrafficWeightScaleFallsBackToTheWeight() {
    SetCanaryScale match = new SetCanaryScale();
    match.matchTrafficWeight = true;
    assertThat(ReplicaMath.canaryForWeight(10, 30, 100, match)).isEqualTo(3);
  }

  @ParameterizedTest(name = "{0} {1} of {2} replicas, round up {3} -> {4}")
  @CsvSource({
      "str,25%,10,true,3", "str,25%,10,false,2", "str,25%,4,true,1", "str,25%,4,false,1", "str,25%,3,true,1",
      "str,25%,3,false,0", "str,0%,10,true,0", "str,100%,10,false,10", "str,50%,5,true,3", "str,50%,5,false,2",
      "str,12.5%,8,true,1", "str,12.5%,9,true,2", "str,2,10,false,2", "str,' 2 ',10,true,2",
      "int,3,10,true,3", "int,3,10,false,3", "int,0,10,true,0", "int,15,10,true,15"})
  void resolvesNumbersAndPercentages(String kind, String value, int replicas, boolean roundUp, int expected) {
    IntOrString parsed = kind.equals("int") ? new IntOrString(Integer.parseInt(value)) : new IntOrString(value);
    assertThat(ReplicaMath.resolve(parsed, replicas, roundUp)).isEqualTo(expected);
  }

  @Test
  void defaultsTo25PercentAndNeverGoesNegative() {
    assertThat(ReplicaMath.resolve(null, 10, true)).isEqualTo(3);
    assertThat(ReplicaMath.resolve(null, 10, false)).isEqualTo(2);
    assertThat(ReplicaMath.resolve(new IntOrString(-2), 10, true)).isZero();
    assertThat(ReplicaMath.resolve(new IntOrString("-2"), 10, true)).isZero();
  }

  @Test
  void basicCanaryGrowsWithinMaxSurgeAndShrinksStableWithinMaxUnavailable() {
    // 10 replicas, surge 3, unavailable 2; target 5/5.
    ReplicaMath.Scale first = ReplicaMath.basicCanary(10, 50, null, null, null, rs("s", 10, 10));
    assertThat(first).isEqualTo(new ReplicaMath.Scale(3, 8));
    ReplicaMath.Scale second = ReplicaMath.basicCanary(10, 50, null, null, rs("c", 3, 3), rs("s", 8, 8));
    assertThat(second).isEqualTo(new ReplicaMath.Scale(5, 5));
    ReplicaMath.Scale settled = ReplicaMath.basicCanary(10, 50, null, null, rs("c", 5, 5), rs("s", 5, 5));
    assertThat(settled).isEqualTo(new ReplicaMath.Scale(5, 5));
  }

  @Test
  void basicCanaryDoesNotShrinkStableWhileCanaryPodsAreNotAvailable() {
    ReplicaMath.Scale waiting = ReplicaMath.basicCanary(10, 50, new IntOrString(3), new IntOrString(0), rs("c", 3, 0), rs("s", 10, 10));
    assertThat(waiting).isEqualTo(new ReplicaMath.Scale(3, 10));
    ReplicaMath.Scale partly = ReplicaMath.basicCanary(10, 50, new IntOrString(3), new IntOrString(0), rs("c", 3, 2), rs("s", 10, 10));
    assertThat(partly).isEqualTo(new ReplicaMath.Scale(3, 8));
  }

  @Test
  void basicCanaryWithNoSurgeAndNoUnavailabilityStillMovesOnePodAtATime() {
    ReplicaMath.Scale first = ReplicaMath.basicCanary(4, 50, new IntOrString(0), new IntOrString(0), null, rs("s", 4, 4));
    assertThat(first).isEqualTo(new ReplicaMath.Scale(1, 4));
    ReplicaMath.Scale second = ReplicaMath.basicCanary(4, 50, new IntOrString(0), new IntOrString(0), rs("c", 1, 1), rs("s", 4, 4));
    assertThat(second).isEqualTo(new ReplicaMath.Scale(1, 3));
  }

  @Test
  void basicCanaryRoundsTheWeightShareToTheNearestPod() {
    assertThat(ReplicaMath.basicCanary(3, 10, new IntOrString(3), new IntOrString(3), null, rs("s", 3, 3)))
        .isEqualTo(new ReplicaMath.Scale(0, 3));
    assertThat(ReplicaMath.basicCanary(3, 50, new IntOrString(3), new IntOrString(3), null, rs("s", 3, 3)))
        .isEqualTo(new ReplicaMath.Scale(2, 1));
  }

  @Test
  void basicCanaryWithoutStableOrCanaryRevisionsStartsFromZero() {
    assertThat(ReplicaMath.basicCanary(4, 100, new IntOrString(1), new IntOrString(1), null, null)).isEqualTo(new ReplicaMath.Scale(4, 0));
  }
}
