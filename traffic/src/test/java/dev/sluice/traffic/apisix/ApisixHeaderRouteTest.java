package dev.sluice.traffic.apisix;

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

/** setHeaderRoute with apisix, as Argo Rollouts does it: an ApisixRoute of the managed route's name, owned by the Rollout. */
class ApisixHeaderRouteTest {
  static final OwnerReference OWNER = new OwnerReferenceBuilder().withApiVersion("sluice.dev/v1alpha1").withKind("Rollout")
      .withName("web").withUid("rollout-uid").withController(true).withBlockOwnerDeletion(true).build();
  static final String ROUTE = """
      apiVersion: apisix.apache.org/v2
      kind: ApisixRoute
      metadata:
        name: web
        namespace: ns
        annotations: {kubernetes.io/ingress.class: apisix, example.com/team: web}
      spec:
        ingressClassName: apisix
        http:
        - name: other
          match: {paths: [/other]}
          backends: [{serviceName: other, servicePort: 80}]
        - name: web
          priority: 3
          match:
            hosts: [web.example.com]
            paths: [/*]
          plugins: [{name: proxy-rewrite, enable: true}]
          backends:
          - {serviceName: web-stable, servicePort: 80, weight: 100}
          - {serviceName: web-canary, servicePort: 80, weight: 0}
      """;
  static final String ROUTING = "{apisix: {route: {name: web}}, managedRoutes: [{name: set-header}]}";
  static final ObjectRef<ApisixRoute> HEADER = ObjectRef.of(ApisixRoute.class, "ns", "set-header", "test");

  final MemoryAccess access = new MemoryAccess();

  @Test
  void aHeaderStepCreatesACopyOfTheRuleToTheCanaryMatchingTheHeaders() {
    access.put(Fixtures.yaml(ROUTE, GenericKubernetesResource.class));
    TrafficRouter router = router();

    router.setHeaderRoute(Fixtures.headerRoute("""
        name: set-header
        match:
        - {headerName: trace, headerValue: {exact: debug}}
        - {headerName: x-version, headerValue: {prefix: "2.1"}}
        - {headerName: agent, headerValue: {regex: "^curl/.*"}}
        """));

    var header = access.tree(HEADER);
    assertThat(header.at("/metadata/ownerReferences/0/uid").asText()).isEqualTo("rollout-uid");
    assertThat(header.at("/metadata/annotations/kubernetes.io~1ingress.class").asText()).isEqualTo("apisix");
    assertThat(header.at("/metadata/annotations/example.com~1team").isMissingNode()).isTrue();
    assertThat(header.at("/spec/ingressClassName").asText()).isEqualTo("apisix");
    assertThat(header.at("/spec/http").size()).as("only the named rule").isEqualTo(1);
    assertThat(header.at("/spec/http/0/name").asText()).isEqualTo("web");
    assertThat(header.at("/spec/http/0/priority").asInt()).as("above the rule it copies").isEqualTo(4);
    assertThat(header.at("/spec/http/0/plugins/0/name").asText()).isEqualTo("proxy-rewrite");
    assertThat(header.at("/spec/http/0/match/hosts/0").asText()).isEqualTo("web.example.com");
    assertThat(header.at("/spec/http/0/match/paths/0").asText()).isEqualTo("/*");
    assertThat(header.at("/spec/http/0/backends").toString())
        .isEqualTo("[{\"serviceName\":\"web-canary\",\"weight\":100,\"servicePort\":80}]");
    assertThat(header.at("/spec/http/0/match/exprs").toString()).isEqualTo("["
        + "{\"subject\":{\"scope\":\"Header\",\"name\":\"trace\"},\"op\":\"Equal\",\"value\":\"debug\"},"
        + "{\"subject\":{\"scope\":\"Header\",\"name\":\"x-version\"},\"op\":\"RegexMatch\",\"value\":\"^\\\\Q2.1\\\\E.*\"},"
        + "{\"subject\":{\"scope\":\"Header\",\"name\":\"agent\"},\"op\":\"RegexMatch\",\"value\":\"^curl/.*\"}]");
    assertThat(access.tree(ObjectRef.of(ApisixRoute.class, "ns", "web", "test")).at("/spec/http/1/backends/1/weight").asInt())
        .as("the user's route is not touched").isZero();

    int writes = access.writes.size();
    router.setHeaderRoute(Fixtures.headerRoute("""
        name: set-header
        match:
        - {headerName: trace, headerValue: {exact: debug}}
        - {headerName: x-version, headerValue: {prefix: "2.1"}}
        - {headerName: agent, headerValue: {regex: "^curl/.*"}}
        """));
    assertThat(access.writes).as("idempotent").hasSize(writes);
  }

  @Test
  void aStepWithoutMatchAndTheEndOfTheReleaseDeleteIt() {
    access.put(Fixtures.yaml(ROUTE, GenericKubernetesResource.class));
    TrafficRouter router = router();
    router.setHeaderRoute(Fixtures.headerRoute("{name: set-header, match: [{headerName: trace, headerValue: {exact: debug}}]}"));
    assertThat(access.get(HEADER)).isNotNull();

    router.setHeaderRoute(Fixtures.headerRoute("{name: set-header}"));
    assertThat(access.get(HEADER)).isNull();

    router.setHeaderRoute(Fixtures.headerRoute("{name: set-header, match: [{headerName: trace, headerValue: {exact: debug}}]}"));
    router.removeManagedRoutes();
    assertThat(access.get(HEADER)).isNull();
    router.removeManagedRoutes();
  }

  @Test
  void anApisixRouteOfThatNameTheRolloutDoesNotControlIsLeftAlone() {
    access.put(Fixtures.yaml(ROUTE, GenericKubernetesResource.class));
    access.put(Fixtures.yaml(ROUTE.replace("name: web\n  namespace", "name: set-header\n  namespace"),
        GenericKubernetesResource.class));
    TrafficRouter router = router();

    assertThatThrownBy(() -> router.setHeaderRoute(
        Fixtures.headerRoute("{name: set-header, match: [{headerName: trace, headerValue: {exact: debug}}]}")))
        .isInstanceOf(InvalidRouteException.class).hasMessageContaining("is not controlled by Rollout web");
    assertThatThrownBy(router::removeManagedRoutes).isInstanceOf(InvalidRouteException.class);
    assertThat(access.writes).isEmpty();
  }

  private TrafficRouter router() {
    return TrafficRouters.forRollout(access, new RoutingTarget("ns", "web-canary", "web-stable", "c1", "s1",
        Fixtures.yaml(ROUTING, TrafficRouting.class), OWNER, false));
  }
}
