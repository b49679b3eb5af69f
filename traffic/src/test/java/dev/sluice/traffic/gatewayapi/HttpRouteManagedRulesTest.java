package dev.sluice.traffic.gatewayapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.v1alpha1.RouteMatch;
import dev.sluice.traffic.Fixtures;
import dev.sluice.traffic.InvalidRouteException;
import dev.sluice.traffic.patch.Json;
import dev.sluice.traffic.patch.ObjectRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpRouteManagedRulesTest {
  private static final ObjectRef<HTTPRoute> REF = ObjectRef.of(HTTPRoute.class, "shop", "web", "spec.x");
  private static final HTTPRoute ROUTE = HttpRouteWeightsTest.route("""
      rules:
      - matches:
        - path: {type: PathPrefix, value: /api}
        - path: {type: Exact, value: /health}
        filters:
        - type: RequestHeaderModifier
          requestHeaderModifier: {set: [{name: x-env, value: prod}]}
        backendRefs:
        - {name: web-stable, port: 8080, weight: 90}
        - {name: web-canary, port: 8080, weight: 10}
      """);

  @Test
  void aHeaderRuleIsTheSplitRuleNarrowedByTheHeadersAndSendingAllToTheCanary() {
    List<HTTPRouteRule> rules = HttpRouteManagedRules.headerRules(REF, ROUTE, HttpRouteWeightsTest.splits(ROUTE), "beta",
        GatewayMatches.headers(Fixtures.headerRoute("{name: beta, match: [{headerName: x-beta, headerValue: {exact: 'on'}}]}").match, "f"), "f");

    assertThat(Json.write(rules)).isEqualTo("[{\"backendRefs\":[{\"name\":\"web-canary\",\"port\":8080,\"weight\":1}],"
        + "\"filters\":[{\"requestHeaderModifier\":{\"set\":[{\"name\":\"x-env\",\"value\":\"prod\"}]},\"type\":\"RequestHeaderModifier\"}],"
        + "\"matches\":["
        + "{\"headers\":[{\"name\":\"x-beta\",\"type\":\"Exact\",\"value\":\"on\"}],\"path\":{\"type\":\"PathPrefix\",\"value\":\"/api\"}},"
        + "{\"headers\":[{\"name\":\"x-beta\",\"type\":\"Exact\",\"value\":\"on\"}],\"path\":{\"type\":\"Exact\",\"value\":\"/health\"}}],"
        + "\"name\":\"sluice.beta.0\"}]");
  }

  @Test
  void aMirrorRuleKeepsTheWeightedBackendsAndMirrorsToTheCanary() {
    List<HTTPRouteMatch> matches = List.of(GatewayMatches.match(Fixtures.yaml("{path: {prefix: /api/v2}}", RouteMatch.class), "f"));
    HTTPRoute apiOnly = HttpRouteWeightsTest.route("""
        rules:
        - matches: [{path: {type: PathPrefix, value: /api}}]
          backendRefs:
          - {name: web-stable, port: 8080, weight: 90}
          - {name: web-canary, port: 8080, weight: 10}
        """);

    List<HTTPRouteRule> rules = HttpRouteManagedRules.mirrorRules(REF, apiOnly, HttpRouteWeightsTest.splits(apiOnly), "shadow", matches, 25, "f");

    assertThat(Json.write(rules)).isEqualTo("[{\"backendRefs\":[{\"name\":\"web-stable\",\"port\":8080,\"weight\":90},"
        + "{\"name\":\"web-canary\",\"port\":8080,\"weight\":10}],"
        + "\"filters\":[{\"requestMirror\":{\"backendRef\":{\"name\":\"web-canary\",\"port\":8080},\"percent\":25},\"type\":\"RequestMirror\"}],"
        + "\"matches\":[{\"path\":{\"type\":\"PathPrefix\",\"value\":\"/api/v2\"}}],\"name\":\"sluice.shadow.0\"}]");
  }

  @Test
  void aStepMatchOutsideTheRuleIsRefusedNamingBoth() {
    List<HTTPRouteMatch> matches = List.of(GatewayMatches.match(Fixtures.yaml("{path: {prefix: /web}}", RouteMatch.class), "f"));

    assertThatThrownBy(() -> HttpRouteManagedRules.mirrorRules(REF, ROUTE, HttpRouteWeightsTest.splits(ROUTE), "shadow", matches, 25,
        "spec.strategy.canary.steps[].setMirrorRoute"))
        .isInstanceOf(InvalidRouteException.class)
        .hasMessageContaining("cannot be combined with rule 0's match {\"path\":{\"type\":\"PathPrefix\",\"value\":\"/api\"}}")
        .extracting(e -> ((InvalidRouteException) e).specField()).isEqualTo("spec.strategy.canary.steps[].setMirrorRoute.match");
  }

  @Test
  void addingRulesIsGuardedByTheResourceVersion() {
    List<HTTPRouteRule> rules = HttpRouteManagedRules.headerRules(REF, ROUTE, HttpRouteWeightsTest.splits(ROUTE), "beta",
        GatewayMatches.headers(Fixtures.headerRoute("{name: beta, match: [{headerName: x-beta, headerValue: {exact: 'on'}}]}").match, "f"), "f");

    String patch = HttpRouteManagedRules.replace(ROUTE, "beta", rules, List.of("beta")).toJson();

    assertThat(patch).startsWith("[{\"op\":\"test\",\"path\":\"/metadata/resourceVersion\",\"value\":\"7\"},"
        + "{\"op\":\"add\",\"path\":\"/spec/rules/0\",");
  }
}
