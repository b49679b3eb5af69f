package dev.sluice.operator.restart;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Decides the next move of a restart (kubectl sluice restart): replace every pod created before the requested time,
 * at most maxUnavailable at a time (one by default; blue-green's maxUnavailable, as in Argo Rollouts), deleting pods
 * only while no more than that many pods of the rollout are missing or not ready. Pure: pods in, a decision out.
 */
public final class PodRestartPlanner {
  private PodRestartPlanner() {
  }

  /** A pod of one of the rollout's ReplicaSets, as far as the restart cares. */
  public record PodView(String name, Instant createdAt, boolean ready, boolean terminating) {
  }

  public sealed interface Decision {
    /** Every pod was created at or after the requested time and every ReplicaSet is available: the restart is complete. */
    record Done() implements Decision {
    }

    /** Nothing to do yet: the requested time is in the future, or a pod is not ready or still terminating. */
    record Wait(String reason) implements Decision {
    }

    /** Deletes these pods (oldest first); remaining old pods are left for later moves. */
    record Delete(List<String> podNames, int remaining) implements Decision {
      public Delete(String podName, int remaining) {
        this(List.of(podName), remaining);
      }

      /** The first (oldest) of them. */
      public String podName() {
        return podNames.get(0);
      }
    }
  }

  /**
   * @param restartAt pods created before this time are replaced
   * @param pods the pods of the rollout's ReplicaSets
   * @param desiredPods the sum of the ReplicaSets' desired replicas
   * @param maxUnavailable how many pods may be missing or not ready at once; below 1 counts as 1
   * @param replicaSetsAvailable whether every ReplicaSet has as many available pods as it wants (their status)
   */
  public static Decision decide(Instant restartAt, Instant now, List<PodView> pods, int desiredPods, int maxUnavailable,
      boolean replicaSetsAvailable) {
    if (now.isBefore(restartAt)) {
      return new Decision.Wait("the restart is requested for " + restartAt);
    }
    List<PodView> old = pods.stream().filter(p -> p.createdAt().isBefore(restartAt) && !p.terminating())
        .sorted(Comparator.comparing(PodView::createdAt).thenComparing(PodView::name)).toList();
    boolean terminating = pods.stream().anyMatch(PodView::terminating);
    if (old.isEmpty() && terminating) {
      return new Decision.Wait("waiting for the last replaced pod to terminate");
    }
    if (old.isEmpty()) {
      // As in Argo Rollouts, the restart is recorded only once every ReplicaSet is fully available: status.restartedAt
      // then means the rollout is back at full capacity (and its phase, read from those ReplicaSets, says so).
      return replicaSetsAvailable ? new Decision.Done() : new Decision.Wait("waiting for the replaced pods to be available");
    }
    long ready = pods.stream().filter(p -> p.ready() && !p.terminating()).count();
    // A terminating pod counts as unavailable: it is one this restart already took down.
    long unavailable = Math.max(pods.size(), desiredPods) - ready;
    long allowed = Math.max(1, maxUnavailable) - unavailable;
    if (allowed <= 0) {
      return new Decision.Wait(maxUnavailable <= 1
          ? "waiting for every pod to be ready before replacing the next (" + old.size() + " left)"
          : "waiting for pods to be ready: " + unavailable + " unavailable, at most " + maxUnavailable + " (" + old.size() + " left)");
    }
    List<String> names = old.stream().limit(allowed).map(PodView::name).toList();
    return new Decision.Delete(names, old.size() - names.size());
  }
}
