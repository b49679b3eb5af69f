package dev.sluice.traffic.ambassador;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.v1alpha1.TrafficRouting;
import dev.sluice.traffic.Fixtures;
import dev.sluice.traffic.InvalidRouteException;
import dev.sluice.traffic.MemoryAccess;
import dev.sluice.traffic.RoutingTarget;
import dev.sluice.traffic.TrafficRouter;
import dev.sluice.traffic.TrafficRouters;
import dev.sluice.traffic.patch.ObjectRef;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import org.junit.jupiter.api.Test;

class AmbassadorRouterTest {
  static final OwnerReference OWNER = new OwnerReferenceBuilder().withApiVersion("sluice.dev/v1alpha1").withKind("Rollout")
      .withName("web").withUid("rollout-uid").withController(true).withBlockOwnerDeletion(true).build();
  static final ObjectRef<Mapping> CANARY = ObjectRef.of(Mapping.class, "ns", "web-mapping-canary", "test");
  static final String MAPPING = """
      apiVersion: getambassador.io/v2
      kind: Mapping
      metadata: {name: web-mapping, namespace: ns, labels: {team: a}}
      spec:
        prefix: /web/
        host: web.example.com
        rewrite: /
        service: %s
      """;

  final MemoryAccess access = new MemoryAccess();

  @Test
  void keepsACanaryCopyOfTheMappingWithTheStepsWeightWhileTheReleaseRuns() {
    access.put(Fixtures.yaml(MAPPING.formatted("web-stable:8080"), GenericKubernetesResource.class));
    TrafficRouter router = router("ambassador: {mappings: [web-mapping]}", "c2");

    router.setWeight(0);
    assertThat(access.writes).as("no canary Mapping at weight 0").isEmpty();
    assertThat(router.verifyWeight(0).verified()).isTrue();

    router.setWeight(30);
    router.setWeight(30);

    assertThat(access.writes).containsExactly("create web-mapping-canary");
    Mapping canary = access.get(CANARY);
    assertThat(canary.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> assertThat(o.getUid()).isEqualTo("rollout-uid"));
    assertThat(access.tree(CANARY).get("spec").toString()).isEqualTo(
        "{\"prefix\":\"/web/\",\"host\":\"web.example.com\",\"rewrite\":\"/\",\"service\":\"web-canary:8080\",\"weight\":30}");
    assertThat(router.verifyWeight(30).verified()).isTrue();
    assertThat(router.verifyWeight(50).mismatches()).containsExactly("Mapping ns/web-mapping-canary has weight 30, want 50");

    router.setWeight(50);
    assertThat(access.tree(CANARY).at("/spec/weight").asInt()).isEqualTo(50);
    router.setWeight(0);
    assertThat(access.writes).containsExactly("create web-mapping-canary", "patch web-mapping-canary", "delete web-mapping-canary");
    assertThat(router.verifyWeight(0).verified()).isTrue();
  }

  @Test
  void outsideAReleaseTheCanaryMappingIsDeleted() {
    access.put(Fixtures.yaml(MAPPING.formatted("web-stable"), GenericKubernetesResource.class));
    router("ambassador: {mappings: [web-mapping]}", "c2").setWeight(20);
    assertThat(access.tree(CANARY).at("/spec/service").asText()).isEqualTo("web-canary");

    router("ambassador: {mappings: [web-mapping]}", "s1").setWeight(20);

    assertThat(access.get(CANARY)).isNull();
  }

  @Test
  void aMappingWithItsOwnWeightIsRefused() {
    access.put(Fixtures.yaml(MAPPING.formatted("web-stable") + "  weight: 10\n", GenericKubernetesResource.class));
    assertThatThrownBy(() -> router("ambassador: {mappings: [web-mapping]}", "c2").setWeight(20))
        .isInstanceOf(InvalidRouteException.class).hasMessageContaining("sets spec.weight 10");
    assertThat(access.writes).isEmpty();
  }

  @Test
  void aCanaryMappingTheRolloutDoesNotControlIsLeftAlone() {
    access.put(Fixtures.yaml(MAPPING.formatted("web-stable"), GenericKubernetesResource.class));
    access.put(Fixtures.yaml(MAPPING.formatted("someone-else").replace("name: web-mapping,", "name: web-mapping-canary,"),
        GenericKubernetesResource.class));
    assertThatThrownBy(() -> router("ambassador: {mappings: [web-mapping]}", "c2").setWeight(20))
        .isInstanceOf(InvalidRouteException.class).hasMessageContaining("is not controlled by Rollout web");
    assertThat(access.writes).isEmpty();
  }

  @Test
  void longNamesAreCutAsArgoRolloutsCutsThem() {
    assertThat(AmbassadorRouter.canaryName("m".repeat(250))).isEqualTo("m".repeat(246) + "-canary");
  }

  private TrafficRouter router(String yaml, String canaryHash) {
    return TrafficRouters.forRollout(access, new RoutingTarget("ns", "web-canary", "web-stable", canaryHash, "s1",
        Fixtures.yaml(yaml, TrafficRouting.class), OWNER, false));
  }
}
