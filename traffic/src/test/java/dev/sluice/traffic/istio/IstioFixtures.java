package dev.sluice.traffic.istio;

import dev.sluice.traffic.Fixtures;
import io.fabric8.istio.api.networking.v1.DestinationRule;
import io.fabric8.istio.api.networking.v1.VirtualService;

final class IstioFixtures {
  private IstioFixtures() {
  }

  static VirtualService virtualService(String httpYaml) {
    return Fixtures.yaml("""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: web, namespace: shop, resourceVersion: "7"}
        spec:
          hosts: [web.example.com]
        """ + httpYaml.indent(2), VirtualService.class);
  }

  static DestinationRule destinationRule(String subsetsYaml) {
    return Fixtures.yaml("""
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: web, namespace: shop, resourceVersion: "3"}
        spec:
          host: web
        """ + subsetsYaml.indent(2), DestinationRule.class);
  }
}
