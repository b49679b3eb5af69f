package dev.sluice.traffic.istio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.RouteMatch;
import dev.sluice.traffic.Fixtures;
import dev.sluice.traffic.patch.Json;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPMatchRequest;
import org.junit.jupiter.api.Test;

class IstioMatchesTest {
  @Test
  void stepMatchesBecomeIstioMatchesWithLowercaseHeaderNames() {
    RouteMatch step = Fixtures.yaml("{path: {prefix: /api}, method: {exact: GET}, headers: {X-Beta: {regex: 'on|yes'}}}", RouteMatch.class);

    assertThat(Json.write(IstioMatches.match(step, "f")))
        .isEqualTo("{\"headers\":{\"x-beta\":{\"regex\":\"on|yes\"}},\"method\":{\"exact\":\"GET\"},\"uri\":{\"prefix\":\"/api\"}}");
  }

  @Test
  void anExtraMatchNarrowsTheRoutesMatch() {
    HTTPMatchRequest route = match("{uri: {prefix: /api}, headers: {x-a: {exact: '1'}}, ignoreUriCase: true}");

    assertThat(Json.write(IstioMatches.and(route, match("{uri: {exact: /api/v2}, headers: {x-b: {prefix: b}}}")).orElseThrow()))
        .isEqualTo("{\"headers\":{\"x-a\":{\"exact\":\"1\"},\"x-b\":{\"prefix\":\"b\"}},\"ignoreUriCase\":true,\"uri\":{\"exact\":\"/api/v2\"}}");
    assertThat(IstioMatches.and(match("{}"), match("{uri: {regex: '/v[0-9]'}}")).orElseThrow().getUri()).isNotNull();
  }

  @Test
  void matchesThatCannotBothHoldAreRefused() {
    HTTPMatchRequest route = match("{uri: {prefix: /api}, method: {exact: GET}, headers: {x-a: {exact: '1'}}}");

    assertThat(IstioMatches.and(route, match("{uri: {prefix: /web}}"))).isEmpty();
    assertThat(IstioMatches.and(route, match("{uri: {regex: /api.*}}"))).isEmpty();
    assertThat(IstioMatches.and(route, match("{method: {exact: POST}}"))).isEmpty();
    assertThat(IstioMatches.and(route, match("{headers: {x-a: {exact: '2'}}}"))).isEmpty();
    assertThat(IstioMatches.and(route, match("{headers: {x-a: {exact: '1'}}}"))).isPresent();
  }

  private static HTTPMatchRequest match(String yaml) {
    return Fixtures.yaml(yaml, HTTPMatchRequest.class);
  }
}
