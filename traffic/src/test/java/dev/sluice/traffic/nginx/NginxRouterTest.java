package dev.sluice.traffic.nginx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.v1alpha1.TrafficRouting;
import dev.sluice.traffic.Fixtures;
import dev.sluice.traffic.InvalidRouteException;
import dev.sluice.traffic.InvalidRoutingSpecException;
import dev.sluice.traffic.MemoryAccess;
import dev.sluice.traffic.RouteNotFoundException;
import dev.sluice.traffic.RoutingTarget;
import dev.sluice.traffic.TrafficRouter;
import dev.sluice.traffic.TrafficRouters;
import dev.sluice.traffic.patch.ObjectRef;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NginxRouterTest {
  static final OwnerReference OWNER = new OwnerReferenceBuilder().withApiVersion("sluice.dev/v1alpha1").withKind("Rollout")
      .withName("web").withUid("rollout-uid").withController(true).withBlockOwnerDeletion(true).build();
  static final String STABLE_INGRESS = """
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata:
        name: web
        namespace: ns
        annotations:
          kubernetes.io/ingress.class: nginx
          nginx.ingress.kubernetes.io/rewrite-target: /
      spec:
        ingressClassName: nginx
        tls:
        - hosts: [web.example]
          secretName: web-tls
        rules:
        - host: web.example
          http:
            paths:
            - path: /
              pathType: Prefix
              backend: {service: {name: web-stable, port: {number: 80}}}
            - path: /admin
              pathType: Prefix
              backend: {service: {name: admin, port: {number: 80}}}
        - host: other.example
          http:
            paths:
            - path: /
              pathType: Prefix
              backend: {service: {name: other, port: {number: 80}}}
      """;
  static final String NGINX = """
      nginx:
        stableIngress: web
        additionalIngressAnnotations:
          canary-by-header: X-Canary
        canaryIngressAnnotations:
          example.com/team: web
      """;

  final MemoryAccess access = new MemoryAccess();

  @Test
  void aReleaseCreatesTheCanaryIngressOwnedByTheRollout() {
    access.put(Fixtures.yaml(STABLE_INGRESS, Ingress.class));

    router(NGINX, "c1", "s1", false).setWeight(25);

    Ingress canary = canary("web-web-canary");
    assertThat(canary.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
      assertThat(o.getUid()).isEqualTo("rollout-uid");
      assertThat(o.getController()).isTrue();
    });
    assertThat(canary.getMetadata().getAnnotations()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "kubernetes.io/ingress.class", "nginx",
        "nginx.ingress.kubernetes.io/canary", "true",
        "nginx.ingress.kubernetes.io/canary-weight", "25",
        "nginx.ingress.kubernetes.io/canary-by-header", "X-Canary",
        "example.com/team", "web",
        "sluice.dev/managed-annotations", "example.com/team,kubernetes.io/ingress.class,nginx.ingress.kubernetes.io/canary,"
            + "nginx.ingress.kubernetes.io/canary-by-header,nginx.ingress.kubernetes.io/canary-weight"));
    assertThat(canary.getSpec().getIngressClassName()).isEqualTo("nginx");
    assertThat(canary.getSpec().getTls()).singleElement().satisfies(t -> assertThat(t.getSecretName()).isEqualTo("web-tls"));
    // Only the stable Service's paths, on the canary Service: the other hosts and paths stay with the stable Ingress.
    assertThat(canary.getSpec().getRules()).singleElement().satisfies(rule -> {
      assertThat(rule.getHost()).isEqualTo("web.example");
      assertThat(rule.getHttp().getPaths()).singleElement().satisfies(p -> {
        assertThat(p.getPath()).isEqualTo("/");
        assertThat(p.getBackend().getService().getName()).isEqualTo("web-canary");
        assertThat(p.getBackend().getService().getPort().getNumber()).isEqualTo(80);
      });
    });
  }

  @Test
  void theNextStepPatchesTheWeightAndTheSameStepWritesNothing() {
    access.put(Fixtures.yaml(STABLE_INGRESS, Ingress.class));
    TrafficRouter router = router(NGINX, "c1", "s1", false);
    router.setWeight(25);
    router.setWeight(50);
    router.setWeight(50);

    assertThat(access.writes).containsExactly("create web-web-canary", "patch web-web-canary");
    assertThat(weight("web-web-canary")).isEqualTo("50");
    assertThat(router.verifyWeight(50).verified()).isTrue();
    assertThat(router.verifyWeight(25).mismatches()).singleElement().asString()
        .contains("web-web-canary has nginx.ingress.kubernetes.io/canary-weight \"50\", want 25");
  }

  @Test
  void promotionDeletesTheCanaryIngressAndAtRestNothingIsWritten() {
    access.put(Fixtures.yaml(STABLE_INGRESS, Ingress.class));
    router(NGINX, "c1", "s1", false).setWeight(100);

    TrafficRouter promoted = router(NGINX, "c1", "c1", false);
    promoted.setWeight(0);
    promoted.removeManagedRoutes();
    promoted.setWeight(0);

    assertThat(access.writes).containsExactly("create web-web-canary", "delete web-web-canary");
    assertThat(canary("web-web-canary")).isNull();
    assertThat(promoted.verifyWeight(0).verified()).isTrue();
  }

  @Test
  void anAbortDeletesTheCanaryIngress() {
    access.put(Fixtures.yaml(STABLE_INGRESS, Ingress.class));
    router(NGINX, "c1", "s1", false).setWeight(40);

    router(NGINX, "c1", "s1", true).setWeight(0);

    assertThat(canary("web-web-canary")).isNull();
    assertThat(router(NGINX, "c1", "s1", true).verifyWeight(40).mismatches()).singleElement().asString()
        .contains("does not exist, want canary weight 40");
  }

  @Test
  void aCanaryIngressCreatedMeanwhileIsPatchedInstead() {
    access.put(Fixtures.yaml(STABLE_INGRESS, Ingress.class));
    TrafficRouter earlier = router(NGINX, "c1", "s1", false);
    access.beforeCreate = () -> {
      access.beforeCreate = () -> { };
      earlier.setWeight(10);
    };

    router(NGINX, "c1", "s1", false).setWeight(30);

    assertThat(access.writes).containsExactly("create web-web-canary", "patch web-web-canary");
    assertThat(weight("web-web-canary")).isEqualTo("30");
  }

  @Test
  void anIngressOfThatNameSluiceDoesNotOwnIsLeftAlone() {
    access.put(Fixtures.yaml(STABLE_INGRESS, Ingress.class));
    access.put(Fixtures.yaml("""
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: web-web-canary, namespace: ns}
        spec: {rules: [{host: x.example}]}
        """, Ingress.class));

    assertThatThrownBy(() -> router(NGINX, "c1", "s1", false).setWeight(10)).isInstanceOf(InvalidRouteException.class)
        .hasMessageContaining("Ingress ns/web-web-canary: exists and is not controlled by Rollout web");
    assertThatThrownBy(() -> router(NGINX, "c1", "c1", false).setWeight(0)).isInstanceOf(InvalidRouteException.class);
    assertThat(access.writes).isEmpty();
  }

  @Test
  void aMissingStableIngressOrOneWithoutTheStableServiceIsNamed() {
    assertThatThrownBy(() -> router(NGINX, "c1", "s1", false).setWeight(10)).isInstanceOf(RouteNotFoundException.class)
        .hasMessage("Ingress ns/web does not exist (named by spec.strategy.canary.trafficRouting.nginx.stableIngress)");

    access.put(Fixtures.yaml(STABLE_INGRESS.replace("web-stable", "elsewhere"), Ingress.class));
    assertThatThrownBy(() -> router(NGINX, "c1", "s1", false).setWeight(10)).isInstanceOf(InvalidRouteException.class)
        .hasMessageContaining("has no rule with a backend on the stable Service web-stable");
    assertThat(access.writes).isEmpty();
  }

  @Test
  void eachStableIngressGetsItsCanaryAndOneMissingStopsAllWrites() {
    access.put(Fixtures.yaml(STABLE_INGRESS, Ingress.class));
    String two = """
        nginx:
          stableIngresses: [web, internal]
          annotationPrefix: custom.nginx.org
        """;
    assertThatThrownBy(() -> router(two, "c1", "s1", false).setWeight(10)).isInstanceOf(RouteNotFoundException.class)
        .hasMessageContaining("stableIngresses[1]");
    assertThat(access.writes).isEmpty();

    access.put(Fixtures.yaml(STABLE_INGRESS.replace("name: web\n", "name: internal\n"), Ingress.class));
    router(two, "c1", "s1", false).setWeight(10);

    assertThat(access.writes).containsExactly("create web-web-canary", "create web-internal-canary");
    assertThat(canary("web-internal-canary").getMetadata().getAnnotations())
        .containsEntry("custom.nginx.org/canary", "true").containsEntry("custom.nginx.org/canary-weight", "10");
  }

  @Test
  void annotationsOfOtherControllersStayAndThoseTheSpecDroppedGo() {
    access.put(Fixtures.yaml(STABLE_INGRESS, Ingress.class));
    router(NGINX, "c1", "s1", false).setWeight(10);
    Ingress canary = canary("web-web-canary");
    canary.getMetadata().getAnnotations().put("other.io/stamp", "1");
    access.put(canary);

    router("""
        nginx:
          stableIngress: web
        """, "c1", "s1", false).setWeight(10);

    assertThat(canary("web-web-canary").getMetadata().getAnnotations()).containsOnlyKeys("other.io/stamp", "sluice.dev/managed-annotations",
        "kubernetes.io/ingress.class", "nginx.ingress.kubernetes.io/canary", "nginx.ingress.kubernetes.io/canary-weight");
  }

  @Test
  void theCanaryNameIsCutToFitAnObjectName() {
    String name = CanaryIngress.name("r".repeat(200), "s".repeat(100));
    assertThat(name).hasSize(253).endsWith("s-canary").startsWith("r".repeat(200) + "-");
    assertThat(CanaryIngress.name("web", "web")).isEqualTo("web-web-canary");
  }

  @Test
  void aSpecWithoutStableIngressIsRefused() {
    assertThatThrownBy(() -> router("nginx: {}", "c1", "s1", false)).isInstanceOf(InvalidRoutingSpecException.class)
        .hasMessage("spec.strategy.canary.trafficRouting.nginx: set stableIngress or stableIngresses");
  }

  private TrafficRouter router(String yaml, String canaryHash, String stableHash, boolean aborted) {
    RoutingTarget target = new RoutingTarget("ns", "web-canary", "web-stable", canaryHash, stableHash,
        Fixtures.yaml(yaml, TrafficRouting.class), OWNER, aborted);
    return TrafficRouters.forRollout(access, target);
  }

  private Ingress canary(String name) {
    return access.get(ObjectRef.of(Ingress.class, "ns", name, "test"));
  }

  private String weight(String name) {
    return canary(name).getMetadata().getAnnotations().get("nginx.ingress.kubernetes.io/canary-weight");
  }
}
