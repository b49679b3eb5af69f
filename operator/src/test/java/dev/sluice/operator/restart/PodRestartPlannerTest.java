package dev.sluice.operator.restart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.operator.restart.PodRestartPlanner.Decision;
import dev.sluice.operator.restart.PodRestartPlanner.PodView;
import java.time.Instant;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodRestartPlannerTest {
  static final Instant T = Instant.parse("2026-11-30T10:00:00Z");

  static PodView pod(String name, long secondsFromT, boolean ready) {
    return new PodView(name, T.plusSeconds(secondsFromT), ready, false);
  }

  static Decision decide(Instant now, List<PodView> pods, int desired) {
    return decide(now, pods, desired, 1);
  }

  /** The ReplicaSets count as available when as many of their pods are ready as they want, as their status says. */
  static Decision decide(Instant now, List<PodView> pods, int desired, int maxUnavailable) {
    boolean available = pods.stream().filter(p -> p.ready() && !p.terminating()).count() >= desired;
    return PodRestartPlanner.decide(T, now, pods, desired, maxUnavailable, available);
  }

  @Test
  void deletesTheOldestPodCreatedBeforeTheRequestedTime() {
    Decision d = decide(T.plusSeconds(1),
        List.of(pod("b", -50, true), pod("a", -100, true), pod("c", -10, true)), 3);
    assertThat(d).isEqualTo(new Decision.Delete("a", 2));
  }

  @Test
  void waitsWhileAnyPodIsNotReadySoCapacityDropsByOnePodAtMost() {
    Decision d = decide(T.plusSeconds(1), List.of(pod("a", -100, true), pod("new", 1, false)), 2);
    assertThat(d).isInstanceOf(Decision.Wait.class);
  }

  @Test
  void waitsWhileFewerPodsExistThanDesired() {
    Decision d = decide(T.plusSeconds(1), List.of(pod("a", -100, true)), 2);
    assertThat(d).isInstanceOf(Decision.Wait.class);
  }

  @Test
  void waitsForATerminatingPodAndDoesNotCountItAsOld() {
    List<PodView> pods = List.of(new PodView("gone", T.minusSeconds(100), true, true), pod("b", -50, true), pod("n", 2, true));
    assertThat(decide(T.plusSeconds(3), pods, 2)).isInstanceOf(Decision.Wait.class);
    List<PodView> lastOne = List.of(new PodView("gone", T.minusSeconds(100), true, true), pod("n", 2, true), pod("m", 3, true));
    assertThat(decide(T.plusSeconds(3), lastOne, 2)).as("done only once it is gone")
        .isInstanceOf(Decision.Wait.class);
  }

  @Test
  void isDoneWhenEveryPodIsNewerThanTheRequest() {
    assertThat(decide(T.plusSeconds(9), List.of(pod("a", 0, true), pod("b", 5, true)), 2))
        .isInstanceOf(Decision.Done.class);
  }

  @Test
  void isNotDoneWhileAReplacementIsNotReadyYet() {
    assertThat(decide(T.plusSeconds(9), List.of(pod("a", 0, true), pod("b", 5, false)), 2))
        .isInstanceOf(Decision.Wait.class);
    assertThat(decide(T.plusSeconds(9), List.of(pod("a", 0, true)), 2)).as("one still missing")
        .isInstanceOf(Decision.Wait.class);
    assertThat(PodRestartPlanner.decide(T, T.plusSeconds(9), List.of(pod("a", 0, true), pod("b", 5, true)), 2, 1, false))
        .as("the pods are ready but the ReplicaSets' status has not caught up").isInstanceOf(Decision.Wait.class);
  }

  @Test
  void aRequestInTheFutureWaitsForItsTime() {
    assertThat(decide(T.minusSeconds(5), List.of(pod("a", -100, true)), 1)).isInstanceOf(Decision.Wait.class);
  }

  @Test
  void replacingPodsOneByOneEndsWithEveryPodReplacedAndNeverTwoDown() {
    List<PodView> pods = new ArrayList<>(List.of(pod("p0", -30, true), pod("p1", -20, true), pod("p2", -10, true)));
    Instant now = T;
    int deletions = 0;
    for (int i = 0; i < 20; i++) {
      now = now.plusSeconds(1);
      Decision d = decide(now, pods, 3);
      if (d instanceof Decision.Done) {
        break;
      }
      if (d instanceof Decision.Delete delete) {
        deletions++;
        pods.removeIf(p -> p.name().equals(delete.podName()));
        pods.add(new PodView("new" + deletions, now, false, false)); // the ReplicaSet replaces it, not ready yet
      } else {
        pods.replaceAll(p -> new PodView(p.name(), p.createdAt(), true, false)); // it becomes ready
      }
      assertThat(pods.stream().filter(PodView::ready).count()).isGreaterThanOrEqualTo(2);
    }
    assertThat(deletions).isEqualTo(3);
    assertThat(pods).allMatch(p -> !p.createdAt().isBefore(T));
    assertThat(decide(now, pods, 3)).isInstanceOf(Decision.Done.class);
  }

  /** Blue-green maxUnavailable 2 (Argo's restart pace): two old pods go at once, never more than two down. */
  @Test
  void maxUnavailableReplacesThatManyPodsAtOnceAndNeverMoreAreDown() {
    List<PodView> pods = new ArrayList<>(List.of(pod("p0", -40, true), pod("p1", -30, true), pod("p2", -20, true),
        pod("p3", -10, true)));
    Decision first = decide(T.plusSeconds(1), pods, 4, 2);
    assertThat(first).isEqualTo(new Decision.Delete(List.of("p0", "p1"), 2));

    pods.removeIf(p -> p.name().equals("p0"));
    pods.add(new PodView("new0", T.plusSeconds(1), false, false));
    pods.replaceAll(p -> p.name().equals("p1") ? new PodView("p1", p.createdAt(), true, true) : p);
    assertThat(decide(T.plusSeconds(2), pods, 4, 2)).as("two down already").isInstanceOf(Decision.Wait.class);

    pods.removeIf(p -> p.name().equals("p1"));
    pods.add(new PodView("new1", T.plusSeconds(2), true, false));
    assertThat(decide(T.plusSeconds(3), pods, 4, 2)).as("one not ready: one more may go")
        .isEqualTo(new Decision.Delete(List.of("p2"), 1));
  }

  @Test
  void blueGreenMaxUnavailableIsANumberOrAPercentageRoundedDownAndAtLeastOne() {
    assertThat(PodRestarter.maxUnavailable(blueGreen(8, null))).as("default: one at a time").isEqualTo(1);
    assertThat(PodRestarter.maxUnavailable(blueGreen(8, new IntOrString(3)))).isEqualTo(3);
    assertThat(PodRestarter.maxUnavailable(blueGreen(8, new IntOrString("30%")))).isEqualTo(2);
    assertThat(PodRestarter.maxUnavailable(blueGreen(2, new IntOrString("25%")))).as("at least one").isEqualTo(1);
    assertThat(PodRestarter.maxUnavailable(blueGreen(3, new IntOrString(10)))).as("at most replicas").isEqualTo(3);
    assertThat(PodRestarter.maxUnavailable(blueGreen(8, new IntOrString("lots")))).isEqualTo(1);
  }

  /** Argo restarts up to the canary's maxUnavailable at once too. */
  @Test
  void canaryMaxUnavailableSetsThePaceToo() {
    dev.sluice.api.v1alpha1.Rollout rollout = blueGreen(8, null);
    rollout.getSpec().strategy.blueGreen = null;
    rollout.getSpec().strategy.canary = new dev.sluice.api.v1alpha1.CanaryStrategy();
    assertThat(PodRestarter.maxUnavailable(rollout)).as("unset: one at a time").isEqualTo(1);
    rollout.getSpec().strategy.canary.maxUnavailable = new IntOrString("25%");
    assertThat(PodRestarter.maxUnavailable(rollout)).isEqualTo(2);
  }

  private static dev.sluice.api.v1alpha1.Rollout blueGreen(int replicas, IntOrString maxUnavailable) {
    dev.sluice.api.v1alpha1.Rollout rollout = new dev.sluice.api.v1alpha1.Rollout();
    rollout.setSpec(new dev.sluice.api.v1alpha1.RolloutSpec());
    rollout.getSpec().replicas = replicas;
    rollout.getSpec().strategy = new dev.sluice.api.v1alpha1.RolloutStrategy();
    rollout.getSpec().strategy.blueGreen = new dev.sluice.api.v1alpha1.BlueGreenStrategy();
    rollout.getSpec().strategy.blueGreen.maxUnavailable = maxUnavailable;
    return rollout;
  }
}
