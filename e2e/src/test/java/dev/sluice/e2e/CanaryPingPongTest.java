package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.Eventually;
import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.OperatorProcess;
import dev.sluice.testing.TestCluster;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * canary.pingPong with Istio host-level routing and no canaryService/stableService (Argo's istio-host-split-ping-pong):
 * two releases, each walked to its pause and promoted. The VirtualService's weights are read back from the API server
 * on every change: the new revision's Service takes all traffic, then becomes the stable one; no Service's selector
 * is moved while it carries traffic.
 */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class CanaryPingPongTest {
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
            pingPong: {pingService: web-ping, pongService: web-pong}
            scaleDownDelaySeconds: 1
            trafficRouting:
              istio: {virtualService: {name: web, routes: [primary]}}
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
  void twoReleasesAlternateTheStableServiceBetweenPingAndPong(KubernetesClient client, TestNamespace ns) {
    for (String name : List.of("web-ping", "web-pong")) {
      apply(client, ns, "apiVersion: v1\nkind: Service\nmetadata: {name: " + name + "}\nspec: {selector: {app: web}, ports: [{port: 80}]}\n");
    }
    apply(client, ns, """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: web}
        spec:
          hosts: [web.example]
          http:
          - name: primary
            route:
            - {destination: {host: web-ping}, weight: 100}
            - {destination: {host: web-pong}, weight: 0}
        """);
    CanaryFixture app = new CanaryFixture(client, ns.name());
    List<String> seen = new ArrayList<>();
    try (Watch watch = watchWeights(client, ns, seen)) {
      apply(client, ns, ROLLOUT.formatted("1.0"));
      Eventually.until("v1 Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));
      String v1 = (String) app.status().get("stableRS");
      assertThat(stablePingPong(app)).isEqualTo("ping");
      assertThat(selectorHash(client, ns, "web-ping")).isEqualTo(v1);
      assertThat(weights(client, ns)).isEqualTo("ping=100 pong=0");

      // Release 2: pong takes v2 and 30%, then all traffic, then is the stable Service.
      apply(client, ns, ROLLOUT.formatted("2.0"));
      Eventually.until("v2 paused at 30%", Duration.ofMinutes(2), () -> "Paused".equals(app.phase()));
      String v2 = (String) app.status().get("currentPodHash");
      assertThat(weights(client, ns)).isEqualTo("ping=70 pong=30");
      assertThat(selectorHash(client, ns, "web-pong")).isEqualTo(v2);
      assertThat(selectorHash(client, ns, "web-ping")).isEqualTo(v1);
      app.patchStatus("{\"status\":{\"pauseConditions\":null}}");
      Eventually.until("v2 Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()) && v2.equals(app.status().get("stableRS")));
      assertThat(stablePingPong(app)).isEqualTo("pong");
      assertThat(weights(client, ns)).isEqualTo("ping=0 pong=100");
      assertThat(selectorHash(client, ns, "web-ping")).as("ping was not re-pointed: it carries nothing now").isEqualTo(v1);
      assertThat(selectorHash(client, ns, "web-pong")).isEqualTo(v2);

      // Release 3: ping takes v3; pong keeps v2 until ping has all traffic.
      apply(client, ns, ROLLOUT.formatted("3.0"));
      Eventually.until("v3 paused at 30%", Duration.ofMinutes(2),
          () -> "Paused".equals(app.phase()) && !v2.equals(app.status().get("currentPodHash")));
      String v3 = (String) app.status().get("currentPodHash");
      assertThat(weights(client, ns)).isEqualTo("ping=30 pong=70");
      assertThat(selectorHash(client, ns, "web-ping")).isEqualTo(v3);
      assertThat(selectorHash(client, ns, "web-pong")).isEqualTo(v2);
      app.patchStatus("{\"status\":{\"pauseConditions\":null}}");
      Eventually.until("v3 Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()) && v3.equals(app.status().get("stableRS")));
      assertThat(stablePingPong(app)).isEqualTo("ping");
      assertThat(weights(client, ns)).isEqualTo("ping=100 pong=0");
      assertThat(selectorHash(client, ns, "web-pong")).isEqualTo(v2);
    }
    synchronized (seen) {
      assertThat(seen).as("every weight the VirtualService carried, in order").containsExactly(
          "ping=100 pong=0", "ping=70 pong=30", "ping=0 pong=100", "ping=30 pong=70", "ping=100 pong=0");
    }
  }

  /** Records each distinct weight pair the API server sends for the VirtualService. */
  private static Watch watchWeights(KubernetesClient client, TestNamespace ns, List<String> seen) {
    return client.genericKubernetesResources("networking.istio.io/v1", "VirtualService").inNamespace(ns.name())
        .withName("web").watch(new Watcher<>() {
          @Override
          public void eventReceived(Action action, GenericKubernetesResource resource) {
            String weights = weights(resource);
            synchronized (seen) {
              if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(weights)) {
                seen.add(weights);
              }
            }
          }

          @Override
          public void onClose(WatcherException cause) {
          }
        });
  }

  private static String weights(KubernetesClient client, TestNamespace ns) {
    return weights(client.genericKubernetesResources("networking.istio.io/v1", "VirtualService").inNamespace(ns.name())
        .withName("web").get());
  }

  @SuppressWarnings("unchecked")
  private static String weights(GenericKubernetesResource vs) {
    var http = (List<Map<String, Object>>) ((Map<String, Object>) vs.getAdditionalProperties().get("spec")).get("http");
    Map<String, Integer> byHost = new java.util.TreeMap<>();
    for (Map<String, Object> destination : (List<Map<String, Object>>) http.get(0).get("route")) {
      String host = (String) ((Map<String, Object>) destination.get("destination")).get("host");
      byHost.put(host.replace("web-", ""), destination.get("weight") == null ? 0 : ((Number) destination.get("weight")).intValue());
    }
    return "ping=" + byHost.get("ping") + " pong=" + byHost.get("pong");
  }

  @SuppressWarnings("unchecked")
  private static String stablePingPong(CanaryFixture app) {
    return (String) ((Map<String, Object>) app.status().get("canary")).get("stablePingPong");
  }

  private static String selectorHash(KubernetesClient client, TestNamespace ns, String service) {
    return client.services().inNamespace(ns.name()).withName(service).get().getSpec().getSelector().get("sluice.dev/pod-template-hash");
  }

  private static void apply(KubernetesClient client, TestNamespace ns, String yaml) {
    client.resource(Serialization.unmarshal(yaml, GenericKubernetesResource.class)).inNamespace(ns.name())
        .fieldManager("gitops-agent").forceConflicts().serverSideApply();
  }
}
