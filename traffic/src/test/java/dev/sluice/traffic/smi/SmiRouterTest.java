package dev.sluice.traffic.smi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.v1alpha1.TrafficRouting;
import dev.sluice.traffic.Fixtures;
import dev.sluice.traffic.InvalidRouteException;
import dev.sluice.traffic.InvalidRoutingSpecException;
import dev.sluice.traffic.MemoryAccess;
import dev.sluice.traffic.RoutingTarget;
import dev.sluice.traffic.TrafficRouter;
import dev.sluice.traffic.TrafficRouters;
import dev.sluice.traffic.patch.ObjectRef;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmiRouterTest {
  static final OwnerReference OWNER = new OwnerReferenceBuilder().withApiVersion("sluice.dev/v1alpha1").withKind("Rollout")
      .withName("web").withUid("rollout-uid").withController(true).withBlockOwnerDeletion(true).build();

  final MemoryAccess access = new MemoryAccess();

  @Test
  void createsTheTrafficSplitOwnedByTheRolloutAndKeepsItsWeights() {
    access.served = List.of("v1alpha3", "v1alpha2");
    TrafficRouter router = router("smi: {rootService: web, trafficSplitName: web-split}");

    router.setWeight(0);
    router.setWeight(30);
    router.setWeight(30);

    assertThat(access.writes).containsExactly("create web-split", "patch web-split");
    TrafficSplitV1alpha3 split = access.get(ObjectRef.of(TrafficSplitV1alpha3.class, "ns", "web-split", "test"));
    assertThat(split.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> assertThat(o.getUid()).isEqualTo("rollout-uid"));
    assertThat(split.getSpec().service).isEqualTo("web");
    assertThat(split.getSpec().backends).extracting(b -> b.service + "=" + b.weight)
        .containsExactly("web-canary=30", "web-stable=70");
    assertThat(router.verifyWeight(30).verified()).isTrue();
    assertThat(router.verifyWeight(50).mismatches()).containsExactly(
        "TrafficSplit ns/web-split: backend web-canary has weight 30, want 50",
        "TrafficSplit ns/web-split: backend web-stable has weight 70, want 50");
  }

  @Test
  void defaultsToTheRolloutsNameAndTheStableServiceAndSpeaksV1alpha1WithQuantities() {
    access.served = List.of("v1alpha1");
    TrafficRouter router = router("smi: {}");

    router.setWeight(25);

    TrafficSplitV1alpha1 split = access.get(ObjectRef.of(TrafficSplitV1alpha1.class, "ns", "web", "test"));
    assertThat(split.getSpec().service).isEqualTo("web-stable");
    assertThat(split.getSpec().backends).extracting(b -> b.weight).containsExactly("25", "75");
    assertThat(router.verifyWeight(25).verified()).isTrue();
  }

  @Test
  void thePreferredVersionWinsWhenSluiceSpeaksIt() {
    assertThat(TrafficSplits.choose(List.of("v1alpha2", "v1alpha3"))).contains("v1alpha2");
    assertThat(TrafficSplits.choose(List.of("v1alpha4", "v1alpha1", "v1alpha3"))).contains("v1alpha3");
    assertThat(TrafficSplits.choose(List.of("v1alpha4"))).isEmpty();
  }

  @Test
  void withoutAServedVersionTheRolloutIsToldToInstallTheCrd() {
    access.served = List.of("v1alpha4");
    assertThatThrownBy(() -> router("smi: {}")).isInstanceOf(InvalidRoutingSpecException.class)
        .hasMessageContaining("the API server serves no TrafficSplit (split.smi-spec.io v1alpha3, v1alpha2, v1alpha1)");
  }

  @Test
  void aTrafficSplitTheRolloutDoesNotControlIsLeftAlone() {
    access.served = List.of("v1alpha3");
    access.put(Fixtures.yaml("""
        apiVersion: split.smi-spec.io/v1alpha3
        kind: TrafficSplit
        metadata: {name: web, namespace: ns}
        spec: {service: web, backends: [{service: web-stable, weight: 100}]}
        """, TrafficSplitV1alpha3.class));

    assertThatThrownBy(() -> router("smi: {}").setWeight(10)).isInstanceOf(InvalidRouteException.class)
        .hasMessageContaining("TrafficSplit ns/web: exists and is not controlled by Rollout web");
    assertThat(access.writes).isEmpty();
  }

  private TrafficRouter router(String yaml) {
    return TrafficRouters.forRollout(access, new RoutingTarget("ns", "web-canary", "web-stable", "c1", "s1",
        Fixtures.yaml(yaml, TrafficRouting.class), OWNER, false));
  }
}
