package dev.sluice.traffic.istio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.traffic.Fixtures;
import dev.sluice.traffic.InvalidRouteException;
import dev.sluice.traffic.RoutingTarget;
import dev.sluice.traffic.patch.ObjectRef;
import io.fabric8.istio.api.networking.v1.VirtualService;
import java.util.List;
import org.junit.jupiter.api.Test;

class VirtualServiceWeightsTest {
  private static final ObjectRef<VirtualService> REF = ObjectRef.of(VirtualService.class, "shop", "web", "spec.x");
  private static final RoutingTarget HOST_LEVEL = Fixtures.target("shop", "istio: {virtualService: {name: web, routes: [primary]}}");
  private static final RoutingTarget SUBSET_LEVEL = Fixtures.target("shop",
      "istio: {virtualService: {name: web}, destinationRule: {name: web, canarySubsetName: canary, stableSubsetName: stable}}");

  @Test
  void hostLevelChangesTheNamedRoutesWeightsGuardedByNameAndHost() {
    VirtualService vs = IstioFixtures.virtualService("""
        http:
        - name: other
          route: [{destination: {host: web-stable}}]
        - name: primary
          route:
          - {destination: {host: web-stable.shop.svc.cluster.local}, weight: 100}
          - {destination: {host: web-canary.shop}}
        """);

    assertThat(VirtualServiceWeights.plan(vs, splits(vs, HOST_LEVEL), 30, 100).toJson()).isEqualTo("["
        + "{\"op\":\"test\",\"path\":\"/spec/http/1/route/0/destination/host\",\"value\":\"web-stable.shop.svc.cluster.local\"},"
        + "{\"op\":\"test\",\"path\":\"/spec/http/1/route/1/destination/host\",\"value\":\"web-canary.shop\"},"
        + "{\"op\":\"test\",\"path\":\"/spec/http/1/name\",\"value\":\"primary\"},"
        + "{\"op\":\"replace\",\"path\":\"/spec/http/1/route/0/weight\",\"value\":70},"
        + "{\"op\":\"add\",\"path\":\"/spec/http/1/route/1/weight\",\"value\":30}]");
  }

  @Test
  void subsetLevelFindsTheDestinationsBySubset() {
    VirtualService vs = IstioFixtures.virtualService("""
        http:
        - route:
          - {destination: {host: web, subset: stable}, weight: 70}
          - {destination: {host: web, subset: canary}, weight: 30}
        """);

    assertThat(VirtualServiceWeights.plan(vs, splits(vs, SUBSET_LEVEL), 30, 100).changesNothing()).isTrue();
    assertThat(VirtualServiceWeights.plan(vs, splits(vs, SUBSET_LEVEL), 0, 100).toJson())
        .contains("{\"op\":\"test\",\"path\":\"/spec/http/0/route/1/destination/subset\",\"value\":\"canary\"}");
    assertThat(VirtualServiceWeights.mismatches(REF, vs, splits(vs, SUBSET_LEVEL), 40, 100)).containsExactly(
        "VirtualService shop/web http route 0: destination web subset stable has weight 70, want 60",
        "VirtualService shop/web http route 0: destination web subset canary has weight 30, want 40");
  }

  @Test
  void anUnnamedRouteIsTakenOnlyWhenItIsTheOnlyOne() {
    VirtualService vs = IstioFixtures.virtualService("""
        http:
        - route: [{destination: {host: web-stable}}, {destination: {host: web-canary}}]
        - route: [{destination: {host: web-stable}}, {destination: {host: web-canary}}]
        """);
    RoutingTarget unnamed = Fixtures.target("shop", "istio: {virtualService: {name: web}}");

    assertThatThrownBy(() -> splits(vs, unnamed)).isInstanceOf(InvalidRouteException.class)
        .hasMessage("VirtualService shop/web: has 2 http routes; name the ones Sluice shifts in"
            + " spec.strategy.canary.trafficRouting.istio.virtualService.routes");
  }

  @Test
  void missingRoutesAndDestinationsNameTheField() {
    VirtualService vs = IstioFixtures.virtualService("""
        http:
        - name: primary
          route: [{destination: {host: web-stable}}]
        """);
    RoutingTarget missingRoute = Fixtures.target("shop", "istio: {virtualService: {name: web, routes: [primary, secondary]}}");

    assertThatThrownBy(() -> splits(vs, missingRoute)).isInstanceOf(InvalidRouteException.class)
        .hasMessage("VirtualService shop/web: has no http route named \"secondary\"")
        .extracting(e -> ((InvalidRouteException) e).specField())
        .isEqualTo("spec.strategy.canary.trafficRouting.istio.virtualService.routes[1]");
    assertThatThrownBy(() -> splits(vs, HOST_LEVEL)).isInstanceOf(InvalidRouteException.class)
        .hasMessageContaining("http route 0 (primary) has no destination for canary service \"web-canary\"");
    assertThatThrownBy(() -> splits(vs, SUBSET_LEVEL)).isInstanceOf(InvalidRouteException.class)
        .hasMessageContaining("has no destination for stable subset \"stable\"")
        .extracting(e -> ((InvalidRouteException) e).specField())
        .isEqualTo("spec.strategy.canary.trafficRouting.istio.destinationRule.stableSubsetName");
  }

  @Test
  void hostsOfOtherNamespacesAreOtherServices() {
    assertThat(DestinationMatcher.isService("web-stable.shop.svc.cluster.local", "web-stable", "shop")).isTrue();
    assertThat(DestinationMatcher.isService("web-stable.shop.svc", "web-stable", "shop")).isTrue();
    assertThat(DestinationMatcher.isService("web-stable.other", "web-stable", "shop")).isFalse();
    assertThat(DestinationMatcher.isService("web-stable.shopping.svc.cluster.local", "web-stable", "shop")).isFalse();
  }

  static List<SplitRoute> splits(VirtualService vs, RoutingTarget target) {
    return VirtualServiceSplits.find(vs, REF, target.trafficRouting().istio.virtualService, DestinationMatcher.of(target));
  }
}
