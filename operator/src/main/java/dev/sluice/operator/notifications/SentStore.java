package dev.sluice.operator.notifications;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * The sent record ({@link SentRecord}) and outbox in a ConfigMap of the operator's namespace: read before each
 * delivery, written after it with optimistic locking; an event's outbox entry is written before its first delivery
 * and removed after its last. Only the leader writes it, so conflicts are rare; a write that keeps failing is logged
 * and the delivery stands (the risk is a duplicate if the same Event is recorded again, never a loss).
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
    update("sent", data -> SentRecord.with(data, key, now));
  }

  /** Records an event in the outbox before its first delivery: a new leader sends what this one could not. */
  synchronized void addPending(PendingEvent event) {
    update("outbox", data -> {
      Map<String, String> out = new LinkedHashMap<>(data);
      out.put(SentRecord.pendingKey(event.identity()), event.toJson());
      return out;
    });
  }

  /** Takes an event out of the outbox: each of its notifications was sent or failed for good. */
  synchronized void removePending(String identity) {
    update("outbox", data -> {
      Map<String, String> out = new LinkedHashMap<>(data);
      out.remove(SentRecord.pendingKey(identity));
      return out;
    });
  }

  /** The outbox: pending events by their key; what does not parse is named by key and left for removal. */
  synchronized Map<String, String> pending() {
    ConfigMap map = client.configMaps().inNamespace(namespace).withName(name).get();
    Map<String, String> out = new LinkedHashMap<>();
    if (map != null && map.getData() != null) {
      map.getData().forEach((k, v) -> {
        if (SentRecord.isPending(k)) {
          out.put(k, v);
        }
      });
    }
    return out;
  }

  private void update(String what, UnaryOperator<Map<String, String>> change) {
    for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
      try {
        ConfigMap map = client.configMaps().inNamespace(namespace).withName(name).get();
        if (map == null) {
          client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata().withName(name)
              .withNamespace(namespace).endMetadata().withData(change.apply(Map.of())).build()).create();
        } else {
          map.setData(change.apply(map.getData() == null ? Map.of() : map.getData()));
          client.configMaps().inNamespace(namespace).resource(map).update();
        }
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          LOG.warnf("%s record %s/%s not written (HTTP %d)", what, namespace, name, e.getCode());
          return;
        }
      }
    }
    LOG.warnf("%s record %s/%s not written: %d conflicts", what, namespace, name, WRITE_ATTEMPTS);
  }
}
