package dev.sluice.traffic.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.traffic.Fixtures;
import dev.sluice.traffic.InvalidRoutingSpecException;
import dev.sluice.traffic.RoutingTarget;
import org.junit.jupiter.api.Test;

class ManagedRouteNamesTest {
  @Test
  void entryNamesCarryTheirOwner() {
    assertThat(ManagedRouteNames.entryName("beta-users", 2)).isEqualTo("sluice.beta-users.2");
    assertThat(ManagedRouteNames.owner("sluice.beta-users.2")).contains("beta-users");
    assertThat(ManagedRouteNames.owner("sluice.beta")).contains("beta");
    assertThat(ManagedRouteNames.owner("primary")).isEmpty();
    assertThat(ManagedRouteNames.owner(null)).isEmpty();
  }

  @Test
  void onlyListedRoutesMayBeManaged() {
    RoutingTarget target = Fixtures.target("ns", "gatewayAPI: {httpRoute: web}\nmanagedRoutes: [{name: beta}, {name: Not_A_Label}]");

    ManagedRouteNames.requireManaged(target, "beta", "steps[].setHeaderRoute");
    assertThatThrownBy(() -> ManagedRouteNames.requireManaged(target, "other", "steps[].setHeaderRoute"))
        .isInstanceOf(InvalidRoutingSpecException.class)
        .hasMessageContaining("\"other\" is not listed in spec.strategy.canary.trafficRouting.managedRoutes")
        .extracting(e -> ((InvalidRoutingSpecException) e).specField()).isEqualTo("steps[].setHeaderRoute.name");
    assertThatThrownBy(() -> ManagedRouteNames.requireManaged(target, "Not_A_Label", "steps[].setHeaderRoute"))
        .isInstanceOf(InvalidRoutingSpecException.class).hasMessageContaining("must be a DNS label");
  }
}
