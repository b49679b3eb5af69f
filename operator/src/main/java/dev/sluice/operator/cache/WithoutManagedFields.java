package dev.sluice.operator.cache;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.quarkus.kubernetes.client.KubernetesClientObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * The controller's client reads no object's managedFields: every watch event, list page and answer of every kind
 * carries them (often more bytes than the rest of the metadata), and Sluice never reads them; the informer caches
 * ({@link PrunedCache}) used to drop them, but only after binding them. They are still written when set, and an
 * object the controller writes back whole (a ConfigMap update, a status update) is sent without them, which the API
 * server takes as "keep the stored ones".
 */
@Singleton
public class WithoutManagedFields implements KubernetesClientObjectMapperCustomizer {
  @Override
  public void customize(ObjectMapper mapper) {
    mapper.addMixIn(ObjectMeta.class, Unread.class);
  }

  @JsonIgnoreProperties(value = "managedFields", allowGetters = true)
  private abstract static class Unread {
  }
}
