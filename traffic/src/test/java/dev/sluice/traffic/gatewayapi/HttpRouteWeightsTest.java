package dev.sluice.traffic.gatewayapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.traffic.Fixtures;
import dev.sluice.traffic.InvalidRouteException;
import dev.sluice.traffic.RoutingTarget;
import dev.sluice.traffic.patch.ObjectRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpRouteWeightsTest {
  private static final RoutingTarget TARGET = Fixtures.target("shop", "gatewayAPI: {httpRoute: web}");
  private static final ObjectRef<HTTPRoute> REF = ObjectRef.of(HTTPRoute.class, "shop", "web", "spec.x");

  @Test
  void changesOnlyTheWeightsOfTheSplitRulesEachGuardedByTheBackendName() {
    HTTPRoute route = route("""
        rules:
        - backendRefs:
          - {name: other, port: 80}
        - backendRefs:
          - {name: web-stable, port: 80, weight: 100}
          - {name: web-canary, port: 80}
        """);

    assertThat(HttpRouteWeights.plan(route, HttpRouteSplits.find(route, REF, TARGET), 20, 100).toJson()).isEqualTo("["
        + "{\"op\":\"test\",\"path\":\"/spec/rules/1/backendRefs/0/name\",\"value\":\"web-stable\"},"
        + "{\"op\":\"test\",\"path\":\"/spec/rules/1/backendRefs/1/name\",\"value\":\"web-canary\"},"
        + "{\"op\":\"replace\",\"path\":\"/spec/rules/1/backendRefs/0/weight\",\"value\":80},"
        + "{\"op\":\"add\",\"path\":\"/spec/rules/1/backendRefs/1/weight\",\"value\":20}]");
  }

  @Test
  void weightsAlreadyRightAreNoPatch() {
    HTTPRoute route = route("""
        rules:
        - backendRefs:
          - {name: web-canary, port: 80, weight: 20}
          - {name: web-stable, port: 80, weight: 80}
        """);

    assertThat(HttpRouteWeights.plan(route, HttpRouteSplits.find(route, REF, TARGET), 20, 100).changesNothing()).isTrue();
  }

  @Test
  void verificationListsEveryWrongWeightCountingAMissingWeightAsOne() {
    HTTPRoute route = route("""
        rules:
        - name: main
          backendRefs:
          - {name: web-stable, port: 80, weight: 80}
          - {name: web-canary, port: 80}
        """);

    assertThat(HttpRouteWeights.mismatches(REF, route, HttpRouteSplits.find(route, REF, TARGET), 20, 100))
        .containsExactly("HTTPRoute shop/web rule 0 (main): backend web-canary has weight 1, want 20");
    assertThat(HttpRouteWeights.mismatches(REF, route, HttpRouteSplits.find(route, REF, TARGET), 99, 100)).hasSize(2);
  }

  @Test
  void backendsInOtherNamespacesOrOfOtherKindsAreNotTheServices() {
    HTTPRoute route = route("""
        rules:
        - backendRefs:
          - {name: web-stable, namespace: elsewhere, port: 80}
          - {name: web-stable, kind: ServiceImport, group: multicluster.x-k8s.io, port: 80}
        - backendRefs:
          - {name: web-stable, namespace: shop, port: 80}
          - {name: web-canary, port: 80, weight: 0}
        """);

    assertThat(HttpRouteSplits.find(route, REF, TARGET)).containsExactly(new SplitRule(1, 0, 1, false));
  }

  @Test
  void aRuleWithoutTheCanaryIsAnErrorNotAnAddedBackend() {
    HTTPRoute route = route("""
        rules:
        - backendRefs:
          - {name: web-stable, port: 80}
        """);

    assertThatThrownBy(() -> HttpRouteSplits.find(route, REF, TARGET)).isInstanceOf(InvalidRouteException.class)
        .hasMessage("HTTPRoute shop/web: rule 0 sends traffic to stable service \"web-stable\" but has no backendRef to canary"
            + " service \"web-canary\"; add one with weight: 0 (Sluice changes weights only, never the list of backends)")
        .extracting(e -> ((InvalidRouteException) e).specField()).isEqualTo("spec.strategy.canary.canaryService");
  }

  @Test
  void aThirdBackendWithWeightWouldSkewTheSplit() {
    HTTPRoute withWeight = route("""
        rules:
        - backendRefs:
          - {name: web-stable, port: 80}
          - {name: web-canary, port: 80}
          - {name: legacy, port: 80, weight: 10}
        """);
    HTTPRoute withZero = route("""
        rules:
        - backendRefs:
          - {name: web-stable, port: 80}
          - {name: web-canary, port: 80}
          - {name: legacy, port: 80, weight: 0}
        """);

    assertThatThrownBy(() -> HttpRouteSplits.find(withWeight, REF, TARGET)).isInstanceOf(InvalidRouteException.class)
        .hasMessageContaining("also sends traffic to backend \"legacy\"");
    assertThat(HttpRouteSplits.find(withZero, REF, TARGET)).hasSize(1);
  }

  @Test
  void aRouteWithoutTheStableServiceIsAnError() {
    HTTPRoute route = route("""
        rules:
        - backendRefs:
          - {name: web-canary, port: 80}
        """);

    assertThatThrownBy(() -> HttpRouteSplits.find(route, REF, TARGET)).isInstanceOf(InvalidRouteException.class)
        .hasMessage("HTTPRoute shop/web: no rule has a backendRef to stable service \"web-stable\" in namespace shop");
  }

  static HTTPRoute route(String rulesYaml) {
    return Fixtures.yaml("""
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: web, namespace: shop, resourceVersion: "7"}
        spec:
          parentRefs: [{name: gw}]
        """ + rulesYaml.indent(2), HTTPRoute.class);
  }

  static List<SplitRule> splits(HTTPRoute route) {
    return HttpRouteSplits.find(route, REF, TARGET);
  }
}
