package dev.sluice.traffic;

import static dev.sluice.traffic.LiveObjects.applyAsGitOps;
import static dev.sluice.traffic.LiveObjects.content;
import static dev.sluice.traffic.LiveObjects.resourceVersion;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.TestNamespace;
import dev.sluice.traffic.patch.JsonPatch;
import dev.sluice.traffic.patch.ObjectRef;
import dev.sluice.traffic.patch.ResourceAccess;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Gateway API router against a real API server with the Gateway API CRDs, on routes a GitOps agent applied. */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class GatewayApiRoutingClusterTest {
  static final String ROUTE = """
      apiVersion: gateway.networking.k8s.io/v1
      kind: HTTPRoute
      metadata:
        name: %s
        labels: {app.kubernetes.io/instance: shop}
        annotations: {argocd.argoproj.io/tracking-id: "shop:gateway.networking.k8s.io/HTTPRoute:shop/web"}
      spec:
        parentRefs: [{name: gw}]
        hostnames: [shop.example.com]
        rules:
        - matches: [{path: {type: PathPrefix, value: /static}}]
          backendRefs: [{name: cdn, port: 80}]
        - matches: [{path: {type: PathPrefix, value: /}}]
          filters:
          - type: RequestHeaderModifier
            requestHeaderModifier: {set: [{name: x-env, value: prod}]}
          backendRefs:
          - {name: web-stable, port: 80, weight: 100}
          - {name: web-canary, port: 80, weight: 0}
      """;
  static final String STABLE = "/spec/rules/1/backendRefs/0";
  static final String CANARY = "/spec/rules/1/backendRefs/1";

  @Test
  void setWeightChangesOnlyTheTwoWeightsUnderSluicesFieldManager(KubernetesClient client, TestNamespace ns) {
    applyAsGitOps(client, ns.name(), ROUTE.formatted("web"));
    ObjectNode before = route(client, ns, "web");

    router(client, ns, "gatewayAPI: {httpRoute: web}").setWeight(20);

    ObjectNode after = route(client, ns, "web");
    assertThat(after.at(STABLE + "/weight").asInt()).isEqualTo(80);
    assertThat(after.at(CANARY + "/weight").asInt()).isEqualTo(20);
    ObjectNode restored = content(after);
    ((ObjectNode) restored.at(STABLE)).put("weight", 100);
    ((ObjectNode) restored.at(CANARY)).put("weight", 0);
    assertThat(restored).isEqualTo(content(before));
    // spec.rules is an atomic list in the Gateway API CRDs: the API server records ownership of the list as a
    // whole, though Sluice's patch changed only the two weights. Nothing else (no label, no annotation) is Sluice's.
    assertThat(LiveObjects.fieldsOf(after, "sluice")).containsExactly(LiveObjects.json("{\"f:spec\":{\"f:rules\":{}}}"));
    assertThat(LiveObjects.fieldsOf(after, LiveObjects.GITOPS)).singleElement()
        .satisfies(f -> assertThat(f.at("/f:metadata/f:annotations").isObject()).isTrue());
  }

  @Test
  void setWeightIsIdempotentAndVerifyReadsTheRouteBack(KubernetesClient client, TestNamespace ns) {
    applyAsGitOps(client, ns.name(), ROUTE.formatted("web"));
    TrafficRouter router = router(client, ns, "gatewayAPI: {httpRoute: web}");

    router.setWeight(20);
    String version = resourceVersion(route(client, ns, "web"));
    router.setWeight(20);

    assertThat(resourceVersion(route(client, ns, "web"))).isEqualTo(version);
    assertThat(router.verifyWeight(20).verified()).isTrue();
    assertThat(router.verifyWeight(30).mismatches()).containsExactly(
        "HTTPRoute " + ns + "/web rule 1: backend web-stable has weight 80, want 70",
        "HTTPRoute " + ns + "/web rule 1: backend web-canary has weight 20, want 30");

    router.setWeight(0);

    assertThat(route(client, ns, "web").at(STABLE + "/weight").asInt()).isEqualTo(100);
    assertThat(route(client, ns, "web").at(CANARY + "/weight").asInt()).isZero();
    assertThat(router.verifyWeight(0).verified()).isTrue();
  }

  @Test
  void aHeaderRouteIsAddedInFrontLeftAloneByWeightsAndRemoved(KubernetesClient client, TestNamespace ns) {
    applyAsGitOps(client, ns.name(), ROUTE.formatted("web"));
    TrafficRouter router = router(client, ns, "{gatewayAPI: {httpRoute: web}, managedRoutes: [{name: beta}]}");
    router.setWeight(10);
    ObjectNode withoutHeaderRoute = content(route(client, ns, "web"));

    router.setHeaderRoute(Fixtures.headerRoute("{name: beta, match: [{headerName: X-Beta, headerValue: {exact: 'on'}}]}"));

    JsonNode rules = route(client, ns, "web").at("/spec/rules");
    assertThat(rules).hasSize(3);
    assertThat(rules.get(0).get("name").asText()).isEqualTo("sluice.beta.0");
    assertThat(rules.get(0).get("matches")).isEqualTo(LiveObjects.json(
        "[{\"headers\":[{\"name\":\"X-Beta\",\"type\":\"Exact\",\"value\":\"on\"}],\"path\":{\"type\":\"PathPrefix\",\"value\":\"/\"}}]"));
    assertThat(rules.get(0).get("backendRefs")).isEqualTo(LiveObjects.json(
        "[{\"group\":\"\",\"kind\":\"Service\",\"name\":\"web-canary\",\"port\":80,\"weight\":1}]"));
    assertThat(rules.get(0).get("filters")).isEqualTo(rules.get(2).get("filters"));
    assertThat(rules.get(1)).isEqualTo(withoutHeaderRoute.at("/spec/rules/0"));

    router.setWeight(30);
    String version = resourceVersion(route(client, ns, "web"));
    router.setHeaderRoute(Fixtures.headerRoute("{name: beta, match: [{headerName: X-Beta, headerValue: {exact: 'on'}}]}"));

    assertThat(resourceVersion(route(client, ns, "web"))).isEqualTo(version);
    assertThat(route(client, ns, "web").at("/spec/rules/0/backendRefs/0/weight").asInt()).isEqualTo(1);
    assertThat(router.verifyWeight(30).verified()).isTrue();

    router.setHeaderRoute(Fixtures.headerRoute("{name: beta}"));

    ObjectNode removed = content(route(client, ns, "web"));
    ((ObjectNode) removed.at(STABLE)).put("weight", 90);
    ((ObjectNode) removed.at(CANARY)).put("weight", 10);
    assertThat(removed).isEqualTo(withoutHeaderRoute);
  }

  @Test
  void aMirrorRouteMirrorsToTheCanaryAndFollowsTheWeights(KubernetesClient client, TestNamespace ns) {
    applyAsGitOps(client, ns.name(), ROUTE.formatted("web"));
    TrafficRouter router = router(client, ns, "{gatewayAPI: {httpRoute: web}, managedRoutes: [{name: beta}, {name: shadow}]}");

    router.setMirrorRoute(Fixtures.mirrorRoute("{name: shadow, percentage: 25, match: [{path: {prefix: /api}}]}"));
    router.setHeaderRoute(Fixtures.headerRoute("{name: beta, match: [{headerName: x-beta, headerValue: {prefix: 'v2'}}]}"));
    router.setWeight(40);

    JsonNode rules = route(client, ns, "web").at("/spec/rules");
    assertThat(rules).extracting(r -> r.path("name").asText()).containsExactly("sluice.beta.0", "sluice.shadow.0", "", "");
    JsonNode mirror = rules.get(1);
    assertThat(mirror.get("matches")).isEqualTo(LiveObjects.json("[{\"path\":{\"type\":\"PathPrefix\",\"value\":\"/api\"}}]"));
    assertThat(mirror.at("/filters/1")).isEqualTo(LiveObjects.json("{\"type\":\"RequestMirror\",\"requestMirror\":"
        + "{\"backendRef\":{\"group\":\"\",\"kind\":\"Service\",\"name\":\"web-canary\",\"port\":80},\"percent\":25}}"));
    assertThat(mirror.at("/backendRefs/0/weight").asInt()).isEqualTo(60);
    assertThat(mirror.at("/backendRefs/1/weight").asInt()).isEqualTo(40);
    assertThat(rules.get(0).at("/matches/0/headers/0/value").asText()).isEqualTo("^v2.*");
    assertThat(router.verifyWeight(40).verified()).isTrue();

    router.removeManagedRoutes();

    assertThat(route(client, ns, "web").at("/spec/rules")).hasSize(2)
        .allSatisfy(rule -> assertThat(rule.has("name")).isFalse());
  }

  @Test
  void aMissingRouteIsReportedByNameAndNothingIsWritten(KubernetesClient client, TestNamespace ns) {
    applyAsGitOps(client, ns.name(), ROUTE.formatted("web"));
    String version = resourceVersion(route(client, ns, "web"));
    TrafficRouter router = router(client, ns, "gatewayAPI: {httpRoutes: [{name: web}, {name: gone}]}");

    assertThatThrownBy(() -> router.setWeight(20)).isInstanceOfSatisfying(RouteNotFoundException.class, e -> {
      assertThat(e.kind()).isEqualTo("HTTPRoute");
      assertThat(e.namespace()).isEqualTo(ns.name());
      assertThat(e.name()).isEqualTo("gone");
      assertThat(e.specField()).isEqualTo("spec.strategy.canary.trafficRouting.gatewayAPI.httpRoutes[1].name");
      assertThat(e.getMessage()).isEqualTo("HTTPRoute " + ns + "/gone does not exist (named by " + e.specField() + ")");
    });
    assertThat(resourceVersion(route(client, ns, "web"))).isEqualTo(version);
  }

  @Test
  void aRouteDeletedUnderTheRouterIsNotFound(KubernetesClient client, TestNamespace ns) {
    applyAsGitOps(client, ns.name(), ROUTE.formatted("web"));
    TrafficRouter router = router(client, ns, "gatewayAPI: {httpRoute: web}");
    router.setWeight(20);

    client.genericKubernetesResources("gateway.networking.k8s.io/v1", "HTTPRoute").inNamespace(ns.name()).withName("web").delete();

    assertThatThrownBy(() -> router.verifyWeight(20)).isInstanceOf(RouteNotFoundException.class)
        .hasMessage("HTTPRoute " + ns + "/web does not exist (named by spec.strategy.canary.trafficRouting.gatewayAPI.httpRoute)");
    assertThatThrownBy(() -> router.setWeight(30)).isInstanceOf(RouteNotFoundException.class);
  }

  @Test
  void severalRoutesShiftTogetherAndHeaderRoutesGoOnlyWhereAsked(KubernetesClient client, TestNamespace ns) {
    applyAsGitOps(client, ns.name(), ROUTE.formatted("web"));
    applyAsGitOps(client, ns.name(), ROUTE.formatted("api"));
    TrafficRouter router = router(client, ns,
        "{gatewayAPI: {httpRoutes: [{name: web, useHeaderRoutes: true}, {name: api}]}, managedRoutes: [{name: beta}]}");

    router.setWeight(50);
    router.setHeaderRoute(Fixtures.headerRoute("{name: beta, match: [{headerName: x-beta, headerValue: {exact: 'on'}}]}"));

    JsonNode web = route(client, ns, "web").at("/spec/rules");
    JsonNode api = route(client, ns, "api").at("/spec/rules");
    assertThat(web).extracting(r -> r.path("name").asText()).containsExactly("sluice.beta.0", "", "");
    assertThat(web.at("/2/backendRefs/1/weight").asInt()).isEqualTo(50);
    assertThat(api).extracting(r -> r.path("name").asText()).containsExactly("", "");
    assertThat(api.at("/1/backendRefs/1/weight").asInt()).isEqualTo(50);
    assertThat(router.verifyWeight(50).verified()).isTrue();
  }

  @Test
  void aRuleWithoutTheCanaryBackendIsRefusedAndLeftAlone(KubernetesClient client, TestNamespace ns) {
    applyAsGitOps(client, ns.name(), ROUTE.formatted("web").replace("    - {name: web-canary, port: 80, weight: 0}\n", ""));
    String version = resourceVersion(route(client, ns, "web"));

    assertThatThrownBy(() -> router(client, ns, "gatewayAPI: {httpRoute: web}").setWeight(20))
        .isInstanceOf(InvalidRouteException.class)
        .hasMessageContaining("rule 1 sends traffic to stable service \"web-stable\" but has no backendRef to canary service");
    assertThat(resourceVersion(route(client, ns, "web"))).isEqualTo(version);
  }

  @Test
  void aFieldTheInstalledCrdDoesNotKnowFailsThePatchInsteadOfBeingDropped(KubernetesClient client, TestNamespace ns) {
    // What an older Gateway API (no rules[].name) would do to a header rule: without strict validation the API
    // server would prune the name and Sluice could never find the rule again.
    applyAsGitOps(client, ns.name(), ROUTE.formatted("web"));
    ObjectRef<HTTPRoute> ref = ObjectRef.of(HTTPRoute.class, ns.name(), "web", "spec.strategy.canary.trafficRouting.gatewayAPI.httpRoute");

    assertThatThrownBy(() -> ResourceAccess.of(client).patch(ref, new JsonPatch().add("/spec/rules/0/label", "x")))
        .isInstanceOf(InvalidRouteException.class)
        .hasMessageContaining("HTTPRoute " + ns + "/web: the API server rejected Sluice's change")
        .hasMessageContaining("unknown field \"spec.rules[0].label\"");
    assertThat(route(client, ns, "web").at("/spec/rules/0").has("label")).isFalse();
  }

  static ObjectNode route(KubernetesClient client, TestNamespace ns, String name) {
    return LiveObjects.json(client, ns.name(), "gateway.networking.k8s.io/v1", "HTTPRoute", name);
  }

  static TrafficRouter router(KubernetesClient client, TestNamespace ns, String trafficRouting) {
    return TrafficRouters.forRollout(client, Fixtures.target(ns.name(), trafficRouting));
  }
}
