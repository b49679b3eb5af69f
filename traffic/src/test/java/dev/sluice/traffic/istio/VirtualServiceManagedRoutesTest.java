package dev.sluice.traffic.istio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.v1alpha1.RouteMatch;
import dev.sluice.traffic.Fixtures;
import dev.sluice.traffic.InvalidRouteException;
import dev.sluice.traffic.RoutingTarget;
import dev.sluice.traffic.patch.Json;
import dev.sluice.traffic.patch.ObjectRef;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRoute;
import io.fabric8.istio.api.networking.v1.VirtualService;
import java.util.List;
import org.junit.jupiter.api.Test;

class VirtualServiceManagedRoutesTest {
  private static final ObjectRef<VirtualService> REF = ObjectRef.of(VirtualService.class, "shop", "web", "spec.x");
  private static final RoutingTarget TARGET = Fixtures.target("shop", "istio: {virtualService: {name: web, routes: [primary]}}");
  private static final VirtualService VS = IstioFixtures.virtualService("""
      http:
      - name: primary
        match: [{uri: {prefix: /}}]
        timeout: 5s
        route:
        - {destination: {host: web-stable, port: {number: 80}}, weight: 90}
        - {destination: {host: web-canary, port: {number: 80}}, weight: 10}
      """);

  @Test
  void aHeaderRouteIsTheSplitRouteNarrowedByTheHeadersSendingAllToTheCanary() {
    List<HTTPRoute> routes = VirtualServiceManagedRoutes.headerRoutes(REF, VS, sources(), "beta",
        IstioMatches.headers(Fixtures.headerRoute("{name: beta, match: [{headerName: X-Beta, headerValue: {exact: 'on'}}]}").match, "f"), "f");

    assertThat(Json.write(routes)).isEqualTo("[{\"match\":[{\"headers\":{\"x-beta\":{\"exact\":\"on\"}},\"uri\":{\"prefix\":\"/\"}}],"
        + "\"name\":\"sluice.beta.0\",\"route\":[{\"destination\":{\"host\":\"web-canary\",\"port\":{\"number\":80}}}],\"timeout\":\"5s\"}]");
  }

  @Test
  void aMirrorRouteKeepsTheWeightsAndMirrorsToTheCanary() {
    List<HTTPRoute> routes = VirtualServiceManagedRoutes.mirrorRoutes(REF, VS, sources(), "shadow",
        List.of(IstioMatches.match(Fixtures.yaml("{method: {exact: GET}}", RouteMatch.class), "f")), 20, "f");

    assertThat(Json.write(routes)).isEqualTo("[{\"match\":[{\"method\":{\"exact\":\"GET\"},\"uri\":{\"prefix\":\"/\"}}],"
        + "\"mirror\":{\"host\":\"web-canary\",\"port\":{\"number\":80}},\"mirrorPercentage\":{\"value\":20.0},\"name\":\"sluice.shadow.0\","
        + "\"route\":[{\"destination\":{\"host\":\"web-stable\",\"port\":{\"number\":80}},\"weight\":90},"
        + "{\"destination\":{\"host\":\"web-canary\",\"port\":{\"number\":80}},\"weight\":10}],\"timeout\":\"5s\"}]");
  }

  @Test
  void aRouteThatAlreadyMirrorsIsNotSilentlyChanged() {
    VirtualService mirroring = IstioFixtures.virtualService("""
        http:
        - name: primary
          mirror: {host: audit}
          route: [{destination: {host: web-stable}, weight: 100}, {destination: {host: web-canary}, weight: 0}]
        """);

    assertThatThrownBy(() -> VirtualServiceManagedRoutes.mirrorRoutes(REF, mirroring, VirtualServiceSplits.sources(
        VirtualServiceWeightsTest.splits(mirroring, TARGET)), "shadow", List.of(IstioMatches.match(new RouteMatch(), "f")), 20, "f"))
        .isInstanceOf(InvalidRouteException.class).hasMessageContaining("http route 0 (primary) already mirrors traffic");
  }

  private static List<SplitRoute> sources() {
    return VirtualServiceSplits.sources(VirtualServiceWeightsTest.splits(VS, TARGET));
  }
}
