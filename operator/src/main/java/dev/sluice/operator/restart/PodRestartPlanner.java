package dev.sluice.operator.restart;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Decides the next move of a restart (kubectl sluice restart): replace every pod created before the requested time,
 * one at a time, deleting a pod only while every other pod of the rollout is ready, so capacity never drops by more
 * than one pod. Pure: pods in, a decision out.
 */
public final class PodRestartPlanner {
  private PodRestartPlanner() {
  }

  /** A pod of one of the rollout's ReplicaSets, as far as the restart cares. */
  public record PodView(String name, Instant createdAt, boolean ready, boolean terminating) {
  }

  public sealed interface Decision {
    /** Every pod was created at or after the requested time: the restart is complete. */
    record Done() implements Decision {
    }

    /** Nothing to do yet: the requested time is in the future, or a pod is not ready or still terminating. */
    record Wait(String reason) implements Decision {
    }

    record Delete(String podName, int remaining) implements Decision {
    }
  }

  /**
   * @param restartAt pods created before this time are replaced
   * @param pods the pods of the rollout's ReplicaSets
   * @param desiredPods the sum of the ReplicaSets' desired replicas
   */
  public static Decision decide(Instant restartAt, Instant now, List<PodView> pods, int desiredPods) {
    if (now.isBefore(restartAt)) {
      return new Decision.Wait("the restart is requested for " + restartAt);
    }
    List<PodView> old = pods.stream().filter(p -> p.createdAt().isBefore(restartAt) && !p.terminating())
        .sorted(Comparator.comparing(PodView::createdAt).thenComparing(PodView::name)).toList();
    boolean terminating = pods.stream().anyMatch(PodView::terminating);
    if (old.isEmpty() && !terminating) {
      return new Decision.Done();
    }
    if (old.isEmpty()) {
      return new Decision.Wait("waiting for the last replaced pod to terminate");
    }
    long ready = pods.stream().filter(p -> p.ready() && !p.terminating()).count();
    if (terminating || ready < pods.size() || ready < desiredPods) {
      return new Decision.Wait("waiting for every pod to be ready before replacing the next (" + old.size() + " left)");
    }
    return new Decision.Delete(old.get(0).name(), old.size() - 1);
  }
}
