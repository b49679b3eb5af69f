package dev.sluice.operator.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import org.junit.jupiter.api.Test;

class PrunedCacheTest {
  private static Service applied() {
    return new ServiceBuilder()
        .withNewMetadata().withName("web-stable").withNamespace("shop").withResourceVersion("7")
        .addToAnnotations(PrunedCache.LAST_APPLIED, "{\"apiVersion\":\"v1\",\"kind\":\"Service\"}")
        .addToAnnotations("team", "checkout")
        .addToLabels("app", "web")
        .endMetadata()
        .withNewSpec().addToSelector("app", "web").endSpec()
        .build();
  }

  @Test
  void theCachedCopyKeepsWhatSluiceReadsAndDropsKubectlsLastApplied() {
    ItemStore<Service> store = PrunedCache.store();
    Service service = applied();
    String key = store.getKey(service);
    store.put(key, service);

    Service cached = store.get(key);
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

  @Test
  void aCachedReplicaSetKeepsWhatThePlannerReadsButNotItsPodSpec() {
    ItemStore<ReplicaSet> store = PrunedCache.replicaSetStore();
    ReplicaSet replicaSet = new ReplicaSetBuilder()
        .withNewMetadata().withName("web-6d4f9").withNamespace("shop").addToLabels("rollouts-pod-template-hash", "6d4f9").endMetadata()
        .withNewSpec().withReplicas(3).withNewSelector().addToMatchLabels("app", "web").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("role", "canary").endMetadata()
        .withNewSpec().addNewContainer().withName("app").withImage("web:2").endContainer().endSpec()
        .endTemplate().endSpec()
        .withNewStatus().withReplicas(3).withReadyReplicas(2).endStatus()
        .build();
    String key = store.getKey(replicaSet);
    store.put(key, replicaSet);

    ReplicaSet cached = store.get(key);
    assertThat(cached.getMetadata().getLabels()).containsEntry("rollouts-pod-template-hash", "6d4f9");
    assertThat(cached.getSpec().getReplicas()).isEqualTo(3);
    assertThat(cached.getSpec().getSelector().getMatchLabels()).containsEntry("app", "web");
    assertThat(cached.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("role", "canary");
    assertThat(cached.getSpec().getTemplate().getSpec()).isNull();
    assertThat(cached.getStatus().getReadyReplicas()).isEqualTo(2);
  }

  @Test
  void aCachedServiceKeepsItsNameAndSelectorOnly() {
    ItemStore<Service> store = PrunedCache.serviceStore();
    Service service = new ServiceBuilder(applied()).editSpec().withClusterIP("None")
        .addNewPort().withName("http").withPort(80).endPort().endSpec().build();
    String key = store.getKey(service);
    store.put(key, service);

    Service cached = store.get(key);
    assertThat(cached.getMetadata().getName()).isEqualTo("web-stable");
    assertThat(cached.getMetadata().getAnnotations()).containsOnlyKeys("team");
    assertThat(cached.getSpec().getSelector()).containsEntry("app", "web");
    assertThat(cached.getSpec().getClusterIP()).isNull();
    assertThat(cached.getSpec().getPorts()).isNullOrEmpty();
  }
}
