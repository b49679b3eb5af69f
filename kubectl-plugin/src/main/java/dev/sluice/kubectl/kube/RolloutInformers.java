package dev.sluice.kubectl.kube;

import dev.sluice.api.v1alpha1.AnalysisRun;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.kubectl.view.RolloutSnapshot;
import dev.sluice.kubectl.watch.OnChange;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Watches a rollout and the objects around it (informers: one list, then a watch each, no polling) and signals every
 * change; {@link #snapshot()} reads the informers' caches.
 */
public final class RolloutInformers implements AutoCloseable {
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private SharedIndexInformer<Rollout> rollout;
  private SharedIndexInformer<ReplicaSet> replicaSets;
  private SharedIndexInformer<Pod> pods;
  private SharedIndexInformer<AnalysisRun> analysisRuns;

  private RolloutInformers() {
  }

  /** Starts watching (returns once every cache is filled); onChange runs on informer threads. */
  public static RolloutInformers start(Cluster cluster, Rollout initial, Runnable onChange) {
    RolloutInformers watch = new RolloutInformers();
    OnChange handler = new OnChange(onChange);
    try {
      String name = initial.getMetadata().getName();
      watch.rollout = watch.add(new Rollouts(cluster).api().inNamespace(cluster.namespace()).withName(name).inform(handler));
      watch.replicaSets = watch.add(Neighbours.replicaSets(cluster).inform(handler));
      watch.pods = watch.add(Neighbours.pods(cluster, initial).inform(handler));
      watch.analysisRuns = watch.add(Neighbours.analysisRuns(cluster).inform(handler));
      return watch;
    } catch (RuntimeException e) {
      watch.close();
      throw e;
    }
  }

  private <T> SharedIndexInformer<T> add(SharedIndexInformer<T> informer) {
    informers.add(informer);
    return informer;
  }

  /** The cached state now; empty once the rollout was deleted. */
  public Optional<RolloutSnapshot> snapshot() {
    List<Rollout> rollouts = rollout.getStore().list();
    if (rollouts.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new RolloutSnapshot(rollouts.get(0), replicaSets.getStore().list(), pods.getStore().list(),
        analysisRuns.getStore().list()));
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
  }
}
