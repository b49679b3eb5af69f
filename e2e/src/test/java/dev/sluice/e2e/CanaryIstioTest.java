package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.Eventually;
import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.OperatorProcess;
import dev.sluice.testing.TestCluster;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A canary through an Istio VirtualService: host-level (two Services) and subset-level (DestinationRule subsets, with
 * or without the two Services).
 */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class CanaryIstioTest {
  static OperatorProcess operator;

  static final String ROLLOUT = """
      apiVersion: sluice.dev/v1alpha1
      kind: Rollout
      metadata: {name: web}
      spec:
        replicas: 2
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: web, image: "registry.example/web:%s"}]}
        strategy:
          canary:
            canaryService: web-canary
            stableService: web-stable
            scaleDownDelaySeconds: 1
            trafficRouting:
              istio: %s
            steps:
            - setWeight: 30
            - pause: {}
      """;

  @BeforeAll
  static void startOperator() {
    operator = OperatorProcess.start(TestCluster.get());
  }

  @AfterAll
  static void stopOperator() {
    operator.close();
  }

  @Test
  void hostLevelCanaryShiftsTheVirtualServiceDestinations(KubernetesClient client, TestNamespace ns) {
    services(client, ns);
    apply(client, ns, """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: web}
        spec:
          hosts: [web.example]
          http:
          - name: primary
            route:
            - {destination: {host: web-stable}, weight: 100}
            - {destination: {host: web-canary}, weight: 0}
        """);
    String routing = "{virtualService: {name: web, routes: [primary]}}";
    release(client, ns, routing, () -> weights(client, ns, "host"));
  }

  /** Argo's istio-host-http-tls-split: the http route and the TLS passthrough route on port 3000 move together. */
  @Test
  void tlsAndTcpRoutesAreShiftedWithTheHttpRoute(KubernetesClient client, TestNamespace ns) {
    services(client, ns);
    apply(client, ns, """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: web}
        spec:
          hosts: [web.example]
          http:
          - name: primary
            route:
            - {destination: {host: web-stable}, weight: 100}
            - {destination: {host: web-canary}, weight: 0}
          tls:
          - match: [{port: 3000, sniHosts: [web.example]}]
            route:
            - {destination: {host: web-stable}, weight: 100}
            - {destination: {host: web-canary}, weight: 0}
          tcp:
          - match: [{port: 5432}]
            route:
            - {destination: {host: web-stable}, weight: 100}
            - {destination: {host: web-canary}, weight: 0}
        """);
    String routing = "{virtualService: {name: web, routes: [primary], tlsRoutes: [{port: 3000, sniHosts: [web.example]}], tcpRoutes: [{port: 5432}]}}";
    release(client, ns, routing, () -> {
      String http = weights(client, ns, "host", "http");
      String tls = weights(client, ns, "host", "tls");
      String tcp = weights(client, ns, "host", "tcp");
      return http.equals(tls) && http.equals(tcp) ? http : "http " + http + ", tls " + tls + ", tcp " + tcp;
    });
  }

  @Test
  void subsetLevelCanaryShiftsSubsetsAndKeepsTheirLabelsOnTheHashes(KubernetesClient client, TestNamespace ns) {
    services(client, ns);
    apply(client, ns, """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: web}
        spec:
          host: web
          subsets:
          - {name: stable, labels: {app: web}}
          - {name: canary, labels: {app: web}}
        """);
    apply(client, ns, """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: web}
        spec:
          hosts: [web]
          http:
          - name: primary
            route:
            - {destination: {host: web, subset: stable}, weight: 100}
            - {destination: {host: web, subset: canary}, weight: 0}
        """);
    String routing = "{virtualService: {name: web, routes: [primary]}, destinationRule: {name: web, canarySubsetName: canary, stableSubsetName: stable}}";
    Map<String, Object> hashes = release(client, ns, routing, () -> weights(client, ns, "subset"));
    assertThat(subsetHash(client, ns, "stable")).isEqualTo(hashes.get("stableRS"));
    assertThat(subsetHash(client, ns, "canary")).isEqualTo(hashes.get("stableRS"));
  }

  /**
   * Argo's subset-level form: no canaryService/stableService, the DestinationRule's subsets alone tell the revisions
   * apart. A release walks to 30%, is aborted (all traffic back on the stable subset), and a later release is promoted.
   */
  @Test
  void subsetLevelCanaryWithoutServicesWalksAndAborts(KubernetesClient client, TestNamespace ns) {
    subsetRouting(client, ns);
    CanaryFixture app = new CanaryFixture(client, ns.name());
    String rollout = ROLLOUT.replace("      canaryService: web-canary\n      stableService: web-stable\n", "");
    assertThat(rollout).doesNotContain("Service:");
    String routing = "{virtualService: {name: web}, destinationRule: {name: web, canarySubsetName: canary, stableSubsetName: stable}}";
    apply(client, ns, rollout.formatted("1.0", routing));
    Eventually.until("v1 Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));
    String v1 = (String) app.status().get("stableRS");
    assertThat(weights(client, ns, "subset")).isEqualTo("0/100");
    assertThat(subsetHash(client, ns, "stable")).isEqualTo(v1);

    apply(client, ns, rollout.formatted("2.0", routing));
    Eventually.until("the pause at 30%", Duration.ofMinutes(2), () -> "Paused".equals(app.phase()));
    String v2 = (String) app.status().get("currentPodHash");
    assertThat(weights(client, ns, "subset")).isEqualTo("30/70");
    assertThat(subsetHash(client, ns, "canary")).isEqualTo(v2);
    assertThat(subsetHash(client, ns, "stable")).isEqualTo(v1);

    app.patchStatus("{\"status\":{\"abort\":true}}");
    Eventually.until("Degraded", Duration.ofMinutes(1), () -> "Degraded".equals(app.phase()));
    Eventually.until("traffic back on stable", Duration.ofMinutes(1), () -> "0/100".equals(weights(client, ns, "subset")));
    assertThat(subsetHash(client, ns, "stable")).isEqualTo(v1);

    apply(client, ns, rollout.formatted("3.0", routing));
    Eventually.until("the pause at 30% for v3", Duration.ofMinutes(2),
        () -> "Paused".equals(app.phase()) && !v2.equals(app.status().get("currentPodHash")));
    String v3 = (String) app.status().get("currentPodHash");
    assertThat(subsetHash(client, ns, "canary")).isEqualTo(v3);
    assertThat(weights(client, ns, "subset")).isEqualTo("30/70");
    app.patchStatus("{\"status\":{\"pauseConditions\":null}}");
    Eventually.until("v3 Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()) && v3.equals(app.status().get("stableRS")));
    assertThat(weights(client, ns, "subset")).isEqualTo("0/100");
    assertThat(subsetHash(client, ns, "stable")).isEqualTo(v3);
    assertThat(client.services().inNamespace(ns.name()).list().getItems()).as("no Service was needed or made").isEmpty();
  }

  private static void subsetRouting(KubernetesClient client, TestNamespace ns) {
    apply(client, ns, """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: web}
        spec:
          host: web
          subsets:
          - {name: stable, labels: {app: web}}
          - {name: canary, labels: {app: web}}
        """);
    apply(client, ns, """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: web}
        spec:
          hosts: [web]
          http:
          - route:
            - {destination: {host: web, subset: stable}, weight: 100}
            - {destination: {host: web, subset: canary}, weight: 0}
        """);
  }

  /** v1, then v2 to the pause at 30%, then promote; returns the final status. */
  private Map<String, Object> release(KubernetesClient client, TestNamespace ns, String routing, java.util.function.Supplier<String> weights) {
    CanaryFixture app = new CanaryFixture(client, ns.name());
    rollout(client, ns, "1.0", routing);
    Eventually.until("v1 Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));
    assertThat(weights.get()).isEqualTo("0/100");
    rollout(client, ns, "2.0", routing);
    Eventually.until("the pause at 30%", Duration.ofMinutes(2), () -> "Paused".equals(app.phase()));
    assertThat(weights.get()).isEqualTo("30/70");
    String canaryHash = (String) app.status().get("currentPodHash");
    if (routing.contains("destinationRule")) {
      assertThat(subsetHash(client, ns, "canary")).isEqualTo(canaryHash);
    }
    app.patchStatus("{\"status\":{\"pauseConditions\":null}}");
    Eventually.until("v2 Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()) && canaryHash.equals(app.status().get("stableRS")));
    assertThat(weights.get()).isEqualTo("0/100");
    return app.status();
  }

  @SuppressWarnings("unchecked")
  private static String weights(KubernetesClient client, TestNamespace ns, String level) {
    return weights(client, ns, level, "http");
  }

  @SuppressWarnings("unchecked")
  private static String weights(KubernetesClient client, TestNamespace ns, String level, String section) {
    GenericKubernetesResource vs = client.genericKubernetesResources("networking.istio.io/v1", "VirtualService").inNamespace(ns.name()).withName("web").get();
    var http = (List<Map<String, Object>>) ((Map<String, Object>) vs.getAdditionalProperties().get("spec")).get(section);
    var route = (List<Map<String, Object>>) http.get(0).get("route");
    int canary = -1;
    int stable = -1;
    for (Map<String, Object> destination : route) {
      var dest = (Map<String, Object>) destination.get("destination");
      String who = level.equals("host") ? (String) dest.get("host") : (String) dest.get("subset");
      int weight = destination.get("weight") == null ? 0 : ((Number) destination.get("weight")).intValue();
      if (who.contains("canary")) {
        canary = weight;
      } else {
        stable = weight;
      }
    }
    return canary + "/" + stable;
  }

  @SuppressWarnings("unchecked")
  private static String subsetHash(KubernetesClient client, TestNamespace ns, String subset) {
    GenericKubernetesResource dr = client.genericKubernetesResources("networking.istio.io/v1", "DestinationRule").inNamespace(ns.name()).withName("web").get();
    var subsets = (List<Map<String, Object>>) ((Map<String, Object>) dr.getAdditionalProperties().get("spec")).get("subsets");
    return subsets.stream().filter(s -> subset.equals(s.get("name")))
        .map(s -> ((Map<String, String>) s.get("labels")).get("sluice.dev/pod-template-hash")).findFirst().orElse(null);
  }

  private static void services(KubernetesClient client, TestNamespace ns) {
    for (String name : List.of("web-stable", "web-canary")) {
      apply(client, ns, "apiVersion: v1\nkind: Service\nmetadata: {name: " + name + "}\nspec: {selector: {app: web}, ports: [{port: 80}]}\n");
    }
  }

  private static void rollout(KubernetesClient client, TestNamespace ns, String version, String routing) {
    apply(client, ns, ROLLOUT.formatted(version, routing));
  }

  private static void apply(KubernetesClient client, TestNamespace ns, String yaml) {
    client.resource(Serialization.unmarshal(yaml, GenericKubernetesResource.class)).inNamespace(ns.name())
        .fieldManager("gitops-agent").forceConflicts().serverSideApply();
  }
}
