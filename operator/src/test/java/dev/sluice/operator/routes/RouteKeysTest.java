package dev.sluice.operator.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sluice.api.v1alpha1.Rollout;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which Rollouts an event on a router object reconciles: those that name it, and the one that owns it. */
class RouteKeysTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static Rollout rollout(String name, String trafficRouting) {
    try {
      return YAML.readValue("""
          apiVersion: sluice.dev/v1alpha1
          kind: Rollout
          metadata: {name: %s, namespace: shop}
          spec:
            strategy:
              canary:
                trafficRouting:
          %s
          """.formatted(name, trafficRouting.indent(8)), Rollout.class);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void eachRouterNamesItsObjectsInTheRolloutsNamespace() {
    assertThat(RouteKeys.of(rollout("web", "nginx: {stableIngresses: [a, b]}")))
        .containsExactly("INGRESS/shop/a", "INGRESS/shop/b");
    assertThat(RouteKeys.of(rollout("web", "alb: {ingress: edge}"))).containsExactly("INGRESS/shop/edge");
    assertThat(RouteKeys.of(rollout("web", "traefik: {weightedTraefikServiceName: wrr}")))
        .containsExactly("TRAEFIK_SERVICE/shop/wrr");
    assertThat(RouteKeys.of(rollout("web", "apisix: {route: {name: r}}"))).containsExactly("APISIX_ROUTE/shop/r");
    assertThat(RouteKeys.of(rollout("web", "ambassador: {mappings: [m1, m2]}")))
        .containsExactly("AMBASSADOR_MAPPING/shop/m1", "AMBASSADOR_MAPPING/shop/m2");
    assertThat(RouteKeys.of(rollout("web", """
        appMesh:
          virtualService: {name: vs}
          virtualNodeGroup: {canaryVirtualNodeRef: {name: c}, stableVirtualNodeRef: {name: s}}
        """))).containsExactly("APP_MESH_VIRTUAL_SERVICE/shop/vs", "APP_MESH_VIRTUAL_NODE/shop/c",
        "APP_MESH_VIRTUAL_NODE/shop/s");
    assertThat(RouteKeys.of(rollout("web", "istio: {virtualService: {name: vs}, destinationRule: {name: dr}}")))
        .containsExactly("VIRTUAL_SERVICE/shop/vs", "DESTINATION_RULE/shop/dr");
    assertThat(RouteKeys.of(rollout("web", "gatewayAPI: {namespace: edge, httpRoutes: [{name: a}]}")))
        .containsExactly("HTTP_ROUTE/edge/a");
  }

  @Test
  void anSmiRolloutNamesItsTrafficSplitOrItsOwnName() {
    assertThat(RouteKeys.of(rollout("web", "smi: {trafficSplitName: split}"))).containsExactly("TRAFFIC_SPLIT/shop/split");
    assertThat(RouteKeys.of(rollout("web", "smi: {rootService: root}"))).containsExactly("TRAFFIC_SPLIT/shop/web");
  }

  @Test
  void anAppMeshVirtualServiceIsNotAnIstioOne() {
    assertThat(RouteKeys.of(rollout("web", "appMesh: {virtualService: {name: vs}}")))
        .doesNotContain(RouteKind.VIRTUAL_SERVICE.key("shop", "vs"));
  }

  @Test
  void anIngressEventReconcilesTheRolloutsThatNameItAndTheOneThatOwnsIt() {
    Map<String, List<Rollout>> index = new HashMap<>();
    Rollout nginx = rollout("web", "nginx: {stableIngress: edge}");
    Rollout alb = rollout("api", "alb: {ingress: edge}");
    for (Rollout r : List.of(nginx, alb)) {
      RouteKeys.of(r).forEach(key -> index.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(r));
    }
    Ingress stable = new IngressBuilder().withNewMetadata().withNamespace("shop").withName("edge").endMetadata().build();
    Ingress canary = new IngressBuilder().withNewMetadata().withNamespace("shop").withName("web-edge-canary")
        .addNewOwnerReference().withApiVersion("sluice.dev/v1alpha1").withKind("Rollout").withName("web").withUid("u")
        .endOwnerReference()
        .addNewOwnerReference().withApiVersion("apps/v1").withKind("Deployment").withName("other").withUid("d")
        .endOwnerReference().endMetadata().build();
    Ingress elsewhere = new IngressBuilder().withNewMetadata().withNamespace("other").withName("edge").endMetadata().build();

    var lookup = (java.util.function.Function<String, List<Rollout>>) key -> index.getOrDefault(key, List.of());
    assertThat(RouteInformers.rollouts(RouteKind.INGRESS, stable, lookup))
        .containsExactlyInAnyOrder(new ResourceID("web", "shop"), new ResourceID("api", "shop"));
    assertThat(RouteInformers.rollouts(RouteKind.INGRESS, canary, lookup)).containsExactly(new ResourceID("web", "shop"));
    assertThat(RouteInformers.rollouts(RouteKind.INGRESS, elsewhere, lookup)).isEmpty();
  }
}
