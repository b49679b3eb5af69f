package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.Eventually;
import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.OperatorProcess;
import dev.sluice.testing.TestCluster;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A canary through a Traefik weighted round robin (trafficRouting.traefik), driven by the packaged operator on the
 * local control plane, whose TraefikService CRD comes from Traefik's own module (hack/local-cluster.sh). No Traefik
 * runs there: the weights are read back from the TraefikService.
 */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class CanaryTraefikTest {
  static final String TRAEFIK_SERVICE = """
      apiVersion: traefik.io/v1alpha1
      kind: TraefikService
      metadata: {name: web-wrr}
      spec:
        weighted:
          sticky: {cookie: {name: web-lb}}
          services:
          - {name: web-stable, port: 80}
          - {name: web-canary, port: 80}
      """;
  static final String ROUTING = "        traefik: {weightedTraefikServiceName: web-wrr}";

  static OperatorProcess operator;

  @BeforeAll
  static void startOperator() {
    operator = OperatorProcess.start(TestCluster.get());
  }

  @AfterAll
  static void stopOperator() {
    operator.close();
  }

  @Test
  void theRoundRobinCarriesEachStepsWeightAndReturnsToStable(KubernetesClient client, TestNamespace ns) throws Exception {
    RouterWalk walk = start(client, ns);

    assertThat(walk.release()).containsExactly("0/100", "25/75", "50/50", "100/0", "0/100");
    Map<String, Object> weighted = weighted(client, ns);
    assertThat(weighted).as("the rest of the TraefikService is left alone").containsKey("sticky");
    assertThat(services(weighted)).extracting(s -> s.get("port")).containsExactly(80, 80);
  }

  @Test
  void anAbortPutsTheRoundRobinBackOnStable(KubernetesClient client, TestNamespace ns) {
    start(client, ns).abortAtQuarter();
  }

  @Test
  void aRoundRobinWithoutTheCanaryServiceStopsTheReleaseClearly(KubernetesClient client, TestNamespace ns) {
    CanaryFixture app = new CanaryFixture(client, ns.name());
    app.createServices();
    app.apply(TRAEFIK_SERVICE.replace("    - {name: web-canary, port: 80}\n", ""));
    app.applyRolloutYaml(RouterWalk.ROLLOUT.formatted("1.0", ROUTING));

    Eventually.until("a condition naming the TraefikService and the missing entry", Duration.ofMinutes(1), () -> {
      String message = (String) app.status().get("message");
      return message != null && message.contains("TrafficRoutingError")
          && message.contains("TraefikService " + ns.name() + "/web-wrr") && message.contains("web-canary");
    });
    assertThat(services(weighted(client, ns))).as("nothing written").allSatisfy(s -> assertThat(s).doesNotContainKey("weight"));
    assertThat(operator.log()).doesNotContain("Exception in thread");
  }

  private static RouterWalk start(KubernetesClient client, TestNamespace ns) {
    CanaryFixture app = new CanaryFixture(client, ns.name());
    app.createServices();
    app.apply(TRAEFIK_SERVICE);
    return new RouterWalk(app, client, ROUTING, () -> weights(client, ns)).start();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> weighted(KubernetesClient client, TestNamespace ns) {
    GenericKubernetesResource service = client.genericKubernetesResources("traefik.io/v1alpha1", "TraefikService")
        .inNamespace(ns.name()).withName("web-wrr").get();
    return (Map<String, Object>) ((Map<String, Object>) service.getAdditionalProperties().get("spec")).get("weighted");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> services(Map<String, Object> weighted) {
    return (List<Map<String, Object>>) weighted.get("services");
  }

  /** The canary and stable weights as "canary/stable" ("-" for an entry without one). */
  private static String weights(KubernetesClient client, TestNamespace ns) {
    String canary = "?";
    String stable = "?";
    for (Map<String, Object> service : services(weighted(client, ns))) {
      String weight = service.get("weight") == null ? "-" : String.valueOf(((Number) service.get("weight")).intValue());
      if ("web-canary".equals(service.get("name"))) {
        canary = weight;
      } else if ("web-stable".equals(service.get("name"))) {
        stable = weight;
      }
    }
    return canary + "/" + stable;
  }
}
