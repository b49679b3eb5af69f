package dev.sluice.operator.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import org.junit.jupiter.api.Test;

class PrunedCacheTest {
  private static Service applied() {
    return new ServiceBuilder()
        .withNewMetadata().withName("web-stable").withNamespace("shop").withResourceVersion("7")
        .addToAnnotations(PrunedCache.LAST_APPLIED, "{\"apiVersion\":\"v1\",\"kind\":\"Service\"}")
        .addToAnnotations("team", "checkout")
        .addToLabels("app", "web")
        .withManagedFields(new ManagedFieldsEntryBuilder().withManager("kubectl").withOperation("Apply").build())
        .endMetadata()
        .withNewSpec().addToSelector("app", "web").endSpec()
        .build();
  }

  @Test
  void theCachedCopyKeepsWhatSluiceReadsAndDropsTheWritersBookkeeping() {
    ItemStore<Service> store = PrunedCache.store();
    Service service = applied();
    String key = store.getKey(service);
    store.put(key, service);

    Service cached = store.get(key);
    assertThat(cached.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(cached.getMetadata().getAnnotations()).containsOnlyKeys("team");
    assertThat(cached.getMetadata().getLabels()).containsEntry("app", "web");
    assertThat(cached.getMetadata().getResourceVersion()).isEqualTo("7");
    assertThat(cached.getSpec().getSelector()).containsEntry("app", "web");
  }

  @Test
  void anObjectWithNothingToPruneIsCachedAsItIs() {
    Service plain = new ServiceBuilder().withNewMetadata().withName("web").withNamespace("shop").endMetadata().build();
    Service copy = new ServiceBuilder(plain).build();
    assertThat(PrunedCache.prune(plain)).isEqualTo(copy);
  }
}
