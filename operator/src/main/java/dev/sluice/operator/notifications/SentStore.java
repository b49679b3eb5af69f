package dev.sluice.operator.notifications;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The sent record ({@link SentRecord}) in a ConfigMap of the operator's namespace: read before each delivery, written
 * after it with optimistic locking. Only the leader writes it, so conflicts are rare; a write that keeps failing is
 * logged and the delivery stands (the risk is a duplicate if the same Event is recorded again, never a loss).
 */
final class SentStore {
  private static final Logger LOG = Logger.getLogger(SentStore.class);
  private static final int WRITE_ATTEMPTS = 5;
  private final KubernetesClient client;
  private final String namespace;
  private final String name;

  SentStore(KubernetesClient client, String namespace, String name) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
  }

  synchronized boolean contains(String key) {
    try {
      ConfigMap map = client.configMaps().inNamespace(namespace).withName(name).get();
      return map != null && map.getData() != null && map.getData().containsKey(key);
    } catch (KubernetesClientException e) {
      LOG.warnf("sent record %s/%s unreadable (HTTP %d): sending", namespace, name, e.getCode());
      return false;
    }
  }

  synchronized void add(String key, Instant now) {
    for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
      try {
        ConfigMap map = client.configMaps().inNamespace(namespace).withName(name).get();
        if (map == null) {
          client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata().withName(name)
              .withNamespace(namespace).endMetadata().withData(SentRecord.with(Map.of(), key, now)).build()).create();
        } else {
          map.setData(SentRecord.with(map.getData(), key, now));
          client.configMaps().inNamespace(namespace).resource(map).update();
        }
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          LOG.warnf("sent record %s/%s not written (HTTP %d)", namespace, name, e.getCode());
          return;
        }
      }
    }
  }
}
