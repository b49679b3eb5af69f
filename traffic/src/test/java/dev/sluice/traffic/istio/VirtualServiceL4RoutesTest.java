package dev.sluice.traffic.istio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.traffic.Fixtures;
import dev.sluice.traffic.InvalidRouteException;
import dev.sluice.traffic.RoutingTarget;
import dev.sluice.traffic.patch.JsonPatch;
import dev.sluice.traffic.patch.ObjectRef;
import io.fabric8.istio.api.networking.v1.VirtualService;
import java.util.List;
import org.junit.jupiter.api.Test;

class VirtualServiceL4RoutesTest {
  private static final ObjectRef<VirtualService> REF = ObjectRef.of(VirtualService.class, "shop", "web", "spec.x");

  // Argo's e2e istio-host-http-tls-split: an http route and a TLS passthrough route on port 3000, both split.
  private static final VirtualService VS = IstioFixtures.virtualService("""
      http:
      - name: primary
        route:
        - {destination: {host: web-stable}, weight: 100}
        - {destination: {host: web-canary}, weight: 0}
      tls:
      - match: [{port: 3001, sniHosts: [other]}]
        route: [{destination: {host: other}}]
      - match: [{port: 3000, sniHosts: [web, web.example.com]}]
        route:
        - {destination: {host: web-stable}, weight: 100}
        - {destination: {host: web-canary}, weight: 0}
      tcp:
      - match: [{port: 5432}]
        route:
        - {destination: {host: web-canary}}
        - {destination: {host: web-stable}, weight: 100}
      """);

  @Test
  void tlsRoutesAreFoundByPortAndSniHostsAndTcpRoutesByPort() {
    RoutingTarget target = Fixtures.target("shop",
        "istio: {virtualService: {name: web, routes: [primary], tlsRoutes: [{port: 3000, sniHosts: [web]}], tcpRoutes: [{port: 5432}]}}");

    List<L4Route> routes = find(VS, target);

    assertThat(routes).containsExactly(new L4Route("tls", 1, 0, 1), new L4Route("tcp", 0, 1, 0));
    JsonPatch patch = new JsonPatch();
    VirtualServiceL4Routes.plan(patch, VS, routes, 30, 100);
    assertThat(patch.toJson()).isEqualTo("["
        + "{\"op\":\"test\",\"path\":\"/spec/tls/1/route/0/destination/host\",\"value\":\"web-stable\"},"
        + "{\"op\":\"test\",\"path\":\"/spec/tls/1/route/1/destination/host\",\"value\":\"web-canary\"},"
        + "{\"op\":\"test\",\"path\":\"/spec/tcp/0/route/1/destination/host\",\"value\":\"web-stable\"},"
        + "{\"op\":\"test\",\"path\":\"/spec/tcp/0/route/0/destination/host\",\"value\":\"web-canary\"},"
        + "{\"op\":\"replace\",\"path\":\"/spec/tls/1/route/0/weight\",\"value\":70},"
        + "{\"op\":\"replace\",\"path\":\"/spec/tls/1/route/1/weight\",\"value\":30},"
        + "{\"op\":\"replace\",\"path\":\"/spec/tcp/0/route/1/weight\",\"value\":70},"
        + "{\"op\":\"add\",\"path\":\"/spec/tcp/0/route/0/weight\",\"value\":30}]");
    assertThat(VirtualServiceL4Routes.mismatches(REF, VS, routes, 0, 100)).isEmpty();
    assertThat(VirtualServiceL4Routes.mismatches(REF, VS, routes, 30, 100)).containsExactly(
        "VirtualService shop/web tls route 1: destination web-stable has weight 100, want 70",
        "VirtualService shop/web tls route 1: destination web-canary has weight 0, want 30",
        "VirtualService shop/web tcp route 0: destination web-stable has weight 100, want 70",
        "VirtualService shop/web tcp route 0: destination web-canary has weight 0, want 30");
  }

  @Test
  void withTlsRoutesAloneNoHttpRouteIsShifted() {
    RoutingTarget tlsOnly = Fixtures.target("shop", "istio: {virtualService: {name: web, tlsRoutes: [{sniHosts: [web.example.com]}]}}");

    assertThat(VirtualServiceSplits.find(VS, REF, tlsOnly.trafficRouting().istio.virtualService, DestinationMatcher.of(tlsOnly))).isEmpty();
    assertThat(find(VS, tlsOnly)).containsExactly(new L4Route("tls", 1, 0, 1));
  }

  @Test
  void aListedRouteThatMatchesNothingNamesTheField() {
    RoutingTarget wrongSni = Fixtures.target("shop", "istio: {virtualService: {name: web, tlsRoutes: [{port: 3000, sniHosts: [nope]}]}}");
    RoutingTarget wrongPort = Fixtures.target("shop", "istio: {virtualService: {name: web, tcpRoutes: [{port: 1}]}}");
    RoutingTarget noCanary = Fixtures.target("shop", "istio: {virtualService: {name: web, tlsRoutes: [{port: 3001}]}}");

    assertThatThrownBy(() -> find(VS, wrongSni)).isInstanceOf(InvalidRouteException.class)
        .hasMessage("VirtualService shop/web: has no tls route matching port 3000 and sniHosts [nope]")
        .extracting(e -> ((InvalidRouteException) e).specField())
        .isEqualTo("spec.strategy.canary.trafficRouting.istio.virtualService.tlsRoutes[0]");
    assertThatThrownBy(() -> find(VS, wrongPort)).isInstanceOf(InvalidRouteException.class)
        .hasMessage("VirtualService shop/web: has no tcp route matching port 1")
        .extracting(e -> ((InvalidRouteException) e).specField())
        .isEqualTo("spec.strategy.canary.trafficRouting.istio.virtualService.tcpRoutes[0]");
    assertThatThrownBy(() -> find(VS, noCanary)).isInstanceOf(InvalidRouteException.class)
        .hasMessageContaining("tls route 0 needs exactly one destination for stable service \"web-stable\", has 0");
  }

  private static List<L4Route> find(VirtualService vs, RoutingTarget target) {
    return VirtualServiceL4Routes.find(vs, REF, target.trafficRouting().istio.virtualService, DestinationMatcher.of(target));
  }
}
