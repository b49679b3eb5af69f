package dev.sluice.traffic.gatewayapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.v1alpha1.RouteMatch;
import dev.sluice.api.v1alpha1.SetHeaderRoute;
import dev.sluice.traffic.Fixtures;
import dev.sluice.traffic.InvalidRoutingSpecException;
import dev.sluice.traffic.patch.Json;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class GatewayMatchesTest {
  @Test
  void headerMatchesBecomeExactOrRegularExpressionMatches() {
    SetHeaderRoute step = Fixtures.headerRoute("""
        name: beta
        match:
        - {headerName: X-Beta, headerValue: {exact: "yes"}}
        - {headerName: X-Tier, headerValue: {prefix: "gold.v1"}}
        - {headerName: X-Id, headerValue: {regex: "[0-9]+"}}
        """);

    assertThat(Json.write(GatewayMatches.headers(step.match, "f"))).isEqualTo("["
        + "{\"name\":\"X-Beta\",\"type\":\"Exact\",\"value\":\"yes\"},"
        + "{\"name\":\"X-Tier\",\"type\":\"RegularExpression\",\"value\":\"^gold\\\\.v1.*\"},"
        + "{\"name\":\"X-Id\",\"type\":\"RegularExpression\",\"value\":\"[0-9]+\"}]");
  }

  @Test
  void theEscapedPrefixMatchesOnlyItself() {
    Pattern regex = Pattern.compile("^" + GatewayMatches.literalRegex("a.b*(c)[d]{e}|f?+^$\\") + ".*");

    assertThat(regex.matcher("a.b*(c)[d]{e}|f?+^$\\ and more").matches()).isTrue();
    assertThat(regex.matcher("aXb*(c)[d]{e}|f?+^$\\").matches()).isFalse();
  }

  @Test
  void methodsMatchExactlyOnly() {
    assertThat(GatewayMatches.match(routeMatch("method: {exact: post}"), "f").getMethod()).isEqualTo("POST");
    assertThatThrownBy(() -> GatewayMatches.match(routeMatch("method: {prefix: P}"), "steps[].setMirrorRoute.match[0]"))
        .isInstanceOf(InvalidRoutingSpecException.class)
        .hasMessageStartingWith("steps[].setMirrorRoute.match[0].method: Gateway API matches a method exactly");
  }

  @Test
  void anExtraMatchNarrowsTheRulesMatch() {
    HTTPRouteMatch rule = match("{path: {type: PathPrefix, value: /api}, headers: [{name: x-a, value: '1'}]}");

    assertThat(Json.write(GatewayMatches.and(rule, match("{path: {type: PathPrefix, value: /api/v2}, method: GET,"
        + " headers: [{name: X-B, type: Exact, value: '2'}]}")).orElseThrow())).isEqualTo(
        "{\"headers\":[{\"name\":\"x-a\",\"value\":\"1\"},{\"name\":\"X-B\",\"type\":\"Exact\",\"value\":\"2\"}],"
            + "\"method\":\"GET\",\"path\":{\"type\":\"PathPrefix\",\"value\":\"/api/v2\"}}");
    assertThat(GatewayMatches.and(rule, match("{path: {type: Exact, value: /api}}")).orElseThrow().getPath().getType()).isEqualTo("Exact");
    assertThat(GatewayMatches.and(match("{path: {type: PathPrefix, value: /}}"), match("{path: {type: RegularExpression, value: '/v[0-9]'}}")))
        .isPresent();
  }

  @Test
  void matchesThatCannotBothHoldAreRefused() {
    HTTPRouteMatch rule = match("{path: {type: PathPrefix, value: /api}, method: GET, headers: [{name: x-a, value: '1'}]}");

    assertThat(GatewayMatches.and(rule, match("{path: {type: PathPrefix, value: /apis}}"))).isEmpty();
    assertThat(GatewayMatches.and(rule, match("{path: {type: RegularExpression, value: /api/.*}}"))).isEmpty();
    assertThat(GatewayMatches.and(rule, match("{method: POST}"))).isEmpty();
    assertThat(GatewayMatches.and(rule, match("{headers: [{name: X-A, value: '2'}]}"))).isEmpty();
    assertThat(GatewayMatches.and(rule, match("{headers: [{name: X-A, type: Exact, value: '1'}]}"))).isPresent();
  }

  private static RouteMatch routeMatch(String yaml) {
    return Fixtures.yaml(yaml, RouteMatch.class);
  }

  private static HTTPRouteMatch match(String yaml) {
    return Fixtures.yaml(yaml, HTTPRouteMatch.class);
  }
}
