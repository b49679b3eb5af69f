package dev.sluice.operator.notifications;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.jboss.logging.Logger;

/**
 * One ConfigMap, by name, kept current by a watch, so that reading it costs no request: every Event that can fire a
 * notification reads the notifications ConfigMap, ten or more per canary revision, and most clusters have none.
 * Until the watch has its first answer, or when it cannot start (no list/watch permission), it is read live.
 */
final class WatchedConfigMap implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(WatchedConfigMap.class);
  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  /** Started on first use, on the caller's thread (the notifications' own), so that constructing costs nothing. */
  private SharedIndexInformer<ConfigMap> informer;
  private boolean closed;

  WatchedConfigMap(KubernetesClient client, String namespace, String name) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
  }

  /** The ConfigMap as stored, or null when there is none. */
  ConfigMap get() {
    SharedIndexInformer<ConfigMap> watch = watch();
    if (watch != null && watch.isRunning() && watch.hasSynced()) {
      return watch.getStore().getByKey(namespace + "/" + name);
    }
    return client.configMaps().inNamespace(namespace).withName(name).get();
  }

  private synchronized SharedIndexInformer<ConfigMap> watch() {
    if (informer == null && !closed) {
      informer = client.configMaps().inNamespace(namespace).withName(name).runnableInformer(0);
      informer.start().whenComplete((ignored, failure) -> {
        if (failure != null) {
          LOG.infof("ConfigMap %s/%s is read on each use: its watch did not start (%s)", namespace, name,
              failure.getClass().getSimpleName());
        }
      });
    }
    return informer;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (informer != null) {
      informer.close();
    }
  }
}
