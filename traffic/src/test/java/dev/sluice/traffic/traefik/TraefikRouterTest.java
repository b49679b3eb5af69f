package dev.sluice.traffic.traefik;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.v1alpha1.TrafficRouting;
import dev.sluice.traffic.Fixtures;
import dev.sluice.traffic.InvalidRouteException;
import dev.sluice.traffic.MemoryAccess;
import dev.sluice.traffic.RouteNotFoundException;
import dev.sluice.traffic.RoutingTarget;
import dev.sluice.traffic.TrafficRouter;
import dev.sluice.traffic.TrafficRouters;
import dev.sluice.traffic.patch.ObjectRef;
import dev.sluice.traffic.smi.TrafficSplitV1alpha3;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraefikRouterTest {
  static final OwnerReference OWNER = new OwnerReferenceBuilder().withApiVersion("sluice.dev/v1alpha1").withKind("Rollout")
      .withName("web").withUid("rollout-uid").withController(true).withBlockOwnerDeletion(true).build();
  static final String SERVICE = """
      apiVersion: traefik.io/v1alpha1
      kind: TraefikService
      metadata: {name: web-wrr, namespace: ns, uid: wrr-uid}
      spec:
        weighted:
          sticky: {cookie: {name: lb}}
          services:
          - {name: web-canary, kind: TraefikService}
          - {name: web-stable, port: 80}
          - {name: web-canary, port: 80, namespace: ns}
      """;

  static final ObjectRef<TraefikService> REF = ObjectRef.of(TraefikService.class, "ns", "web-wrr", "test");

  final MemoryAccess access = new MemoryAccess();

  @Test
  void setsTheWeightsOfTheCanaryAndStableServicesOnly() {
    access.put(Fixtures.yaml(SERVICE, GenericKubernetesResource.class));
    TrafficRouter router = router("traefik: {weightedTraefikServiceName: web-wrr}");

    router.setWeight(30);
    router.setWeight(30);

    assertThat(access.writes).containsExactly("patch web-wrr");
    assertThat(access.tree(REF).at("/spec/weighted/sticky/cookie/name").asText()).isEqualTo("lb");
    assertThat(access.tree(REF).at("/spec/weighted/services").toString()).isEqualTo(
        "[{\"name\":\"web-canary\",\"kind\":\"TraefikService\"},"
            + "{\"name\":\"web-stable\",\"port\":80,\"weight\":70},"
            + "{\"name\":\"web-canary\",\"port\":80,\"namespace\":\"ns\",\"weight\":30}]");
    assertThat(router.verifyWeight(30).verified()).isTrue();
    assertThat(router.verifyWeight(100).mismatches()).containsExactly(
        "TraefikService ns/web-wrr: service web-canary has weight 30, want 100",
        "TraefikService ns/web-wrr: service web-stable has weight 70, want 0");

    router.setWeight(0);
    assertThat(access.tree(REF).at("/spec/weighted/services/2/weight").asInt()).isZero();
    assertThat(access.tree(REF).at("/spec/weighted/services/1/weight").asInt()).isEqualTo(100);
  }

  @Test
  void aServiceWithoutWeightCountsAsOneAsTraefikWeighsIt() {
    access.put(Fixtures.yaml(SERVICE, GenericKubernetesResource.class));
    assertThat(router("traefik: {weightedTraefikServiceName: web-wrr}").verifyWeight(1).mismatches())
        .containsExactly("TraefikService ns/web-wrr: service web-stable has weight 1, want 99");
  }

  @Test
  void aRoundRobinWithoutTheStableServiceIsRefusedBeforeAnyWrite() {
    access.put(Fixtures.yaml("""
        apiVersion: traefik.io/v1alpha1
        kind: TraefikService
        metadata: {name: web-wrr, namespace: ns}
        spec:
          weighted:
            services: [{name: web-canary, port: 80}, {name: web-stable, namespace: other, port: 80}]
        """, GenericKubernetesResource.class));

    assertThatThrownBy(() -> router("traefik: {weightedTraefikServiceName: web-wrr}").setWeight(10))
        .isInstanceOf(InvalidRouteException.class)
        .hasMessageContaining("has no entry for Service web-stable in spec.weighted.services");
    assertThat(access.writes).isEmpty();
  }

  @Test
  void aMirroringTraefikServiceIsRefused() {
    access.put(Fixtures.yaml("""
        apiVersion: traefik.io/v1alpha1
        kind: TraefikService
        metadata: {name: web-wrr, namespace: ns}
        spec:
          mirroring: {name: web-stable, port: 80}
        """, GenericKubernetesResource.class));

    assertThatThrownBy(() -> router("traefik: {weightedTraefikServiceName: web-wrr}").setWeight(10))
        .isInstanceOf(InvalidRouteException.class).hasMessageContaining("has no spec.weighted.services");
  }

  @Test
  void aMissingTraefikServiceNamesTheField() {
    assertThatThrownBy(() -> router("traefik: {weightedTraefikServiceName: web-wrr}").setWeight(10))
        .isInstanceOf(RouteNotFoundException.class)
        .hasMessageContaining("spec.strategy.canary.trafficRouting.traefik.weightedTraefikServiceName");
  }

  @Test
  void nextToAnotherRouterNothingIsWrittenWhenEitherCannotBe() {
    access.served = List.of("v1alpha3");
    TrafficRouter router = router("{traefik: {weightedTraefikServiceName: web-wrr}, smi: {}}");

    assertThatThrownBy(() -> router.setWeight(10)).isInstanceOf(RouteNotFoundException.class);
    assertThat(access.writes).isEmpty();

    access.put(Fixtures.yaml(SERVICE, GenericKubernetesResource.class));
    router.setWeight(10);
    assertThat(access.writes).containsExactly("create web", "patch web-wrr");
    assertThat(access.get(ObjectRef.of(TrafficSplitV1alpha3.class, "ns", "web", "test")).getSpec().backends)
        .extracting(b -> b.weight).containsExactly(10, 90);
    assertThat(router.verifyWeight(10).verified()).isTrue();
  }

  private TrafficRouter router(String yaml) {
    return TrafficRouters.forRollout(access, new RoutingTarget("ns", "web-canary", "web-stable", "c1", "s1",
        Fixtures.yaml(yaml, TrafficRouting.class), OWNER, false));
  }
}
