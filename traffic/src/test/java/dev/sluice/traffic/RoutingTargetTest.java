package dev.sluice.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.v1alpha1.Rollout;
import org.junit.jupiter.api.Test;

class RoutingTargetTest {
  @Test
  void takesServicesAndTrafficRoutingFromTheRollout() {
    Rollout rollout = Fixtures.yaml("""
        apiVersion: sluice.dev/v1alpha1
        kind: Rollout
        metadata: {name: web, namespace: shop}
        spec:
          strategy:
            canary:
              canaryService: web-canary
              stableService: web-stable
              trafficRouting:
                gatewayAPI: {httpRoute: web}
                managedRoutes: [{name: beta}, {name: shadow}]
        """, Rollout.class);

    RoutingTarget target = RoutingTarget.of(rollout, "c1", "s1");

    assertThat(target.namespace()).isEqualTo("shop");
    assertThat(target.canaryService()).isEqualTo("web-canary");
    assertThat(target.stableService()).isEqualTo("web-stable");
    assertThat(target.canaryHash()).isEqualTo("c1");
    assertThat(target.trafficRouting().gatewayAPI.httpRoute).isEqualTo("web");
    assertThat(target.managedRoutes()).containsExactly("beta", "shadow");
  }

  @Test
  void theRolloutOwnsWhatRoutersCreateAndAReleaseIsInProgressUntilPromotedOrAborted() {
    String yaml = """
        apiVersion: sluice.dev/v1alpha1
        kind: Rollout
        metadata: {name: web, namespace: shop, uid: u-1}
        spec:
          strategy:
            canary:
              canaryService: web-canary
              stableService: web-stable
              trafficRouting: {nginx: {stableIngress: web}}
        status: {abort: %s}
        """;
    Rollout rollout = Fixtures.yaml(yaml.formatted("false"), Rollout.class);

    RoutingTarget target = RoutingTarget.of(rollout, "c1", "s1");

    assertThat(target.owner().getUid()).isEqualTo("u-1");
    assertThat(target.owner().getKind()).isEqualTo("Rollout");
    assertThat(target.owner().getApiVersion()).isEqualTo("sluice.dev/v1alpha1");
    assertThat(target.owner().getController()).isTrue();
    assertThat(target.releaseInProgress()).isTrue();
    assertThat(RoutingTarget.of(rollout, "s1", "s1").releaseInProgress()).as("promoted: canary is stable").isFalse();
    assertThat(RoutingTarget.of(Fixtures.yaml(yaml.formatted("true"), Rollout.class), "c1", "s1").releaseInProgress())
        .as("aborted").isFalse();
  }

  @Test
  void aRolloutWithoutTrafficRoutingHasNoTarget() {
    Rollout rollout = Fixtures.yaml("""
        apiVersion: sluice.dev/v1alpha1
        kind: Rollout
        metadata: {name: web, namespace: shop}
        spec: {strategy: {canary: {canaryService: a, stableService: b}}}
        """, Rollout.class);

    assertThatThrownBy(() -> RoutingTarget.of(rollout, null, null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Rollout web has no canary trafficRouting");
  }

  @Test
  void istioSubsetsAloneNeedNoServicesButEveryOtherRouterNeedsBoth() {
    String yaml = """
        apiVersion: sluice.dev/v1alpha1
        kind: Rollout
        metadata: {name: web, namespace: shop}
        spec:
          strategy:
            canary:
              trafficRouting:
                istio:
                  virtualService: {name: web}
                  destinationRule: {name: web, canarySubsetName: canary, stableSubsetName: stable}
                %s
        """;

    RoutingTarget target = RoutingTarget.of(Fixtures.yaml(yaml.formatted(""), Rollout.class), "c1", "s1");
    assertThat(target.canaryService()).isNull();
    assertThat(target.stableService()).isNull();

    assertThatThrownBy(() -> RoutingTarget.of(Fixtures.yaml(yaml.formatted("nginx: {stableIngress: web}"), Rollout.class), "c1", "s1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both required");
    assertThatThrownBy(() -> RoutingTarget.of(Fixtures.yaml(yaml.replace("destinationRule", "#").formatted(""), Rollout.class), "c1", "s1"))
        .as("host-level Istio").isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both required");
  }

  /** Argo's rule: alb prefers the ping-pong Services; istio takes them only without canaryService and stableService. */
  @Test
  void pingPongServicesInTheirRolesForAlbAlwaysAndForIstioWithoutTheOtherServices() {
    String yaml = """
        apiVersion: sluice.dev/v1alpha1
        kind: Rollout
        metadata: {name: web, namespace: shop}
        spec:
          strategy:
            canary:
              %s
              pingPong: {pingService: ping, pongService: pong}
              trafficRouting:
                istio: {virtualService: {name: web}}
        status: {canary: {stablePingPong: %s}}
        """;

    RoutingTarget alone = RoutingTarget.of(Fixtures.yaml(yaml.formatted("", "ping"), Rollout.class), "c1", "s1");
    assertThat(alone.canaryService()).isEqualTo("pong");
    assertThat(alone.stableService()).isEqualTo("ping");
    RoutingTarget flipped = RoutingTarget.of(Fixtures.yaml(yaml.formatted("", "ping"), Rollout.class), "c1", "c1", "pong");
    assertThat(flipped.canaryService()).isEqualTo("ping");
    assertThat(flipped.stableService()).isEqualTo("pong");

    RoutingTarget both = RoutingTarget.of(Fixtures.yaml(yaml.formatted("canaryService: web-canary\n      stableService: web-stable", "ping"), Rollout.class), "c1", "s1");
    assertThat(both.canaryService()).isEqualTo("web-canary");
    assertThat(both.preferringPingPong().canaryService()).isEqualTo("pong");
    assertThat(both.preferringPingPong().stableService()).isEqualTo("ping");
  }
}
