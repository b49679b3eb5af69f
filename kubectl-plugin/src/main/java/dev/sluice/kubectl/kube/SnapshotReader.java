package dev.sluice.kubectl.kube;

import dev.sluice.api.v1alpha1.AnalysisRun;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.kubectl.view.RolloutSnapshot;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Reads a rollout and the objects around it once: the Rollout first (for the not-found message and its selector), then
 * its ReplicaSets, pods and AnalysisRuns in parallel, since on a remote cluster each request costs a round trip.
 */
public final class SnapshotReader {
  private SnapshotReader() {
  }

  public static RolloutSnapshot read(Cluster cluster, String name) {
    Rollout rollout = new Rollouts(cluster).get(name);
    ExecutorService pool = Executors.newFixedThreadPool(3, r -> {
      Thread thread = new Thread(r, "sluice-read");
      thread.setDaemon(true);
      return thread;
    });
    try {
      CompletableFuture<List<ReplicaSet>> replicaSets = CompletableFuture.supplyAsync(() -> Neighbours.replicaSets(cluster).list().getItems(), pool);
      CompletableFuture<List<Pod>> pods = CompletableFuture.supplyAsync(() -> Neighbours.pods(cluster, rollout).list().getItems(), pool);
      CompletableFuture<List<AnalysisRun>> runs = CompletableFuture.supplyAsync(() -> Neighbours.analysisRuns(cluster).list().getItems(), pool);
      return new RolloutSnapshot(rollout, join(replicaSets::join), join(pods::join), join(runs::join));
    } finally {
      pool.shutdownNow();
    }
  }

  private static <T> T join(Supplier<T> future) {
    try {
      return future.get();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }
}
