package dev.sluice.traffic.istio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.v1alpha1.IstioTrafficRouting;
import dev.sluice.traffic.Fixtures;
import dev.sluice.traffic.InvalidRouteException;
import dev.sluice.traffic.patch.ObjectRef;
import io.fabric8.istio.api.networking.v1.DestinationRule;
import org.junit.jupiter.api.Test;

class DestinationRuleSubsetsTest {
  private static final ObjectRef<DestinationRule> REF = ObjectRef.of(DestinationRule.class, "shop", "web", "spec.x");
  private static final IstioTrafficRouting.DestinationRule SPEC = Fixtures.yaml("{name: web, canarySubsetName: canary, stableSubsetName: stable}",
      IstioTrafficRouting.DestinationRule.class);

  @Test
  void onlyTheHashLabelOfTheTwoSubsetsIsWritten() {
    DestinationRule dr = IstioFixtures.destinationRule("""
        subsets:
        - name: stable
          labels: {app: web, sluice.dev/pod-template-hash: old}
        - name: canary
        """);

    assertThat(DestinationRuleSubsets.plan(dr, REF, SPEC, "new", "old").toJson()).isEqualTo("["
        + "{\"op\":\"test\",\"path\":\"/spec/subsets/1/name\",\"value\":\"canary\"},"
        + "{\"op\":\"test\",\"path\":\"/metadata/resourceVersion\",\"value\":\"3\"},"
        + "{\"op\":\"add\",\"path\":\"/spec/subsets/1/labels\",\"value\":{\"sluice.dev/pod-template-hash\":\"new\"}}]");
    assertThat(DestinationRuleSubsets.plan(dr, REF, SPEC, "new", "newer").toJson()).contains(
        "{\"op\":\"replace\",\"path\":\"/spec/subsets/0/labels/sluice.dev~1pod-template-hash\",\"value\":\"newer\"}");
  }

  @Test
  void aNullHashLeavesItsSubsetAlone() {
    DestinationRule dr = IstioFixtures.destinationRule("""
        subsets:
        - {name: stable, labels: {sluice.dev/pod-template-hash: s}}
        - {name: canary, labels: {sluice.dev/pod-template-hash: s}}
        """);

    assertThat(DestinationRuleSubsets.plan(dr, REF, SPEC, null, "s").changesNothing()).isTrue();
    assertThat(DestinationRuleSubsets.mismatches(dr, REF, SPEC, "c", "s"))
        .containsExactly("DestinationRule shop/web subset canary: label sluice.dev/pod-template-hash is s, want c");
  }

  @Test
  void aMissingSubsetIsAnErrorEvenWithoutAHash() {
    DestinationRule dr = IstioFixtures.destinationRule("subsets: [{name: stable}]");

    assertThatThrownBy(() -> DestinationRuleSubsets.plan(dr, REF, SPEC, null, null)).isInstanceOf(InvalidRouteException.class)
        .hasMessage("DestinationRule shop/web: has no subset named \"canary\"")
        .extracting(e -> ((InvalidRouteException) e).specField())
        .isEqualTo("spec.strategy.canary.trafficRouting.istio.destinationRule.canarySubsetName");
  }
}
