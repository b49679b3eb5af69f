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
}
