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
 * A canary through an ApisixRoute (trafficRouting.apisix), driven by the packaged operator on the local control
 * plane, whose ApisixRoute CRD comes from apisix-ingress-controller's module (hack/local-cluster.sh). No APISIX runs
 * there: the weights are read back from the ApisixRoute.
 */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class CanaryApisixTest {
  static final String ROUTE = """
      apiVersion: apisix.apache.org/v2
      kind: ApisixRoute
      metadata: {name: web}
      spec:
        http:
        - name: web
          match: {hosts: [web.example.com], paths: [/*]}
          backends:
          - {serviceName: web-stable, servicePort: 80}
          - {serviceName: web-canary, servicePort: 80}
      """;
  static final String ROUTING = "        apisix: {route: {name: web, rules: [web]}}";

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
  void theRuleCarriesEachStepsWeightAndReturnsToStable(KubernetesClient client, TestNamespace ns) throws Exception {
    RouterWalk walk = start(client, ns);

    assertThat(walk.release()).containsExactly("0/100", "25/75", "50/50", "100/0", "0/100");
    assertThat(backends(client, ns)).as("the rest of the rule is left alone").extracting(b -> b.get("servicePort"))
        .containsExactly(80, 80);
  }

  @Test
  void anAbortPutsTheRuleBackOnStable(KubernetesClient client, TestNamespace ns) {
    start(client, ns).abortAtQuarter();
  }

  @Test
  void aRuleWithoutTheCanaryBackendStopsTheReleaseClearly(KubernetesClient client, TestNamespace ns) {
    CanaryFixture app = new CanaryFixture(client, ns.name());
    app.createServices();
    app.apply(ROUTE.replace("    - {serviceName: web-canary, servicePort: 80}\n", ""));
    app.applyRolloutYaml(RouterWalk.ROLLOUT.formatted("1.0", ROUTING));

    Eventually.until("a condition naming the ApisixRoute and the missing backend", Duration.ofMinutes(1), () -> {
      String message = (String) app.status().get("message");
      return message != null && message.contains("TrafficRoutingError")
          && message.contains("ApisixRoute " + ns.name() + "/web") && message.contains("web-canary");
    });
    assertThat(backends(client, ns)).as("nothing written").allSatisfy(b -> assertThat(b).doesNotContainKey("weight"));
    assertThat(operator.log()).doesNotContain("Exception in thread");
  }

  /** Argo Rollouts' apisix set-header e2e, walked: the managed route's own ApisixRoute comes and goes with the release. */
  @Test
  @SuppressWarnings("unchecked")
  void aHeaderStepRoutesMatchingRequestsToTheCanaryThroughAnApisixRouteOfItsOwn(KubernetesClient client, TestNamespace ns) {
    CanaryFixture app = new CanaryFixture(client, ns.name());
    app.createServices();
    app.apply(ROUTE);
    String rollout = RouterWalk.ROLLOUT.replace(
        "      - pause: {duration: 3s}\n      - setWeight: 50\n      - pause: {}\n      - setWeight: 100\n",
        "      - setHeaderRoute:\n          name: set-header\n          match: [{headerName: trace, headerValue: {exact: debug}}]\n"
            + "      - pause: {}\n      - setWeight: 50\n");
    assertThat(rollout).contains("set-header");
    String routing = ROUTING + "\n        managedRoutes: [{name: set-header}]";
    app.applyRolloutYaml(rollout.formatted("1.0", routing));
    Eventually.until("v1 Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));

    app.applyRolloutYaml(rollout.formatted("2.0", routing));
    Eventually.until("paused after the header step", Duration.ofMinutes(2),
        () -> "Paused".equals(app.phase()) && Integer.valueOf(2).equals(app.status().get("currentStepIndex")));
    GenericKubernetesResource header = client.genericKubernetesResources("apisix.apache.org/v2", "ApisixRoute")
        .inNamespace(ns.name()).withName("set-header").get();
    assertThat(header).as("the managed route's ApisixRoute").isNotNull();
    assertThat(header.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getName()).isEqualTo("web"));
    Map<String, Object> rule = ((List<Map<String, Object>>) ((Map<String, Object>) header.getAdditionalProperties()
        .get("spec")).get("http")).get(0);
    assertThat(rule.get("backends")).asList().singleElement()
        .satisfies(b -> assertThat((Map<String, Object>) b).containsEntry("serviceName", "web-canary").containsEntry("weight", 100));
    assertThat(((Map<String, Object>) rule.get("match")).get("exprs").toString())
        .contains("scope=Header", "name=trace", "op=Equal", "value=debug");
    assertThat(((Map<String, Object>) rule.get("match")).get("hosts")).asList().containsExactly("web.example.com");
    assertThat(weights(client, ns)).isEqualTo("25/75");

    app.patchStatus("{\"status\":{\"pauseConditions\":null}}");
    Eventually.until("v2 Healthy and the header route gone", Duration.ofMinutes(2),
        () -> "Healthy".equals(app.phase()) && client.genericKubernetesResources("apisix.apache.org/v2", "ApisixRoute")
            .inNamespace(ns.name()).withName("set-header").get() == null);
    assertThat(weights(client, ns)).isEqualTo("0/100");
  }

  private static RouterWalk start(KubernetesClient client, TestNamespace ns) {
    CanaryFixture app = new CanaryFixture(client, ns.name());
    app.createServices();
    app.apply(ROUTE);
    return new RouterWalk(app, client, ROUTING, () -> weights(client, ns)).start();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> backends(KubernetesClient client, TestNamespace ns) {
    GenericKubernetesResource route = client.genericKubernetesResources("apisix.apache.org/v2", "ApisixRoute")
        .inNamespace(ns.name()).withName("web").get();
    Map<String, Object> spec = (Map<String, Object>) route.getAdditionalProperties().get("spec");
    return (List<Map<String, Object>>) ((List<Map<String, Object>>) spec.get("http")).get(0).get("backends");
  }

  /** The canary and stable weights as "canary/stable" ("-" for a backend without one). */
  private static String weights(KubernetesClient client, TestNamespace ns) {
    String canary = "?";
    String stable = "?";
    for (Map<String, Object> backend : backends(client, ns)) {
      String weight = backend.get("weight") == null ? "-" : String.valueOf(((Number) backend.get("weight")).intValue());
      if ("web-canary".equals(backend.get("serviceName"))) {
        canary = weight;
      } else if ("web-stable".equals(backend.get("serviceName"))) {
        stable = weight;
      }
    }
    return canary + "/" + stable;
  }
}
