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
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A canary through Ambassador/Emissary Mappings (trafficRouting.ambassador): Sluice creates and owns the canary
 * Mapping. Driven by the packaged operator on the local control plane, whose Mapping CRD comes from Emissary's module
 * without its conversion webhook (hack/local-cluster.sh). No Emissary runs there: the weight is read back from the
 * canary Mapping ("0/100" when there is none, as between releases).
 */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class CanaryAmbassadorTest {
  static final String MAPPING = """
      apiVersion: getambassador.io/v2
      kind: Mapping
      metadata: {name: web}
      spec:
        prefix: /web/
        rewrite: /
        service: web-stable:80
      """;
  static final String ROUTING = "        ambassador: {mappings: [web]}";

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
  void theCanaryMappingCarriesEachStepsWeightAndIsDeletedAtTheEnd(KubernetesClient client, TestNamespace ns) throws Exception {
    CanaryFixture app = new CanaryFixture(client, ns.name());
    RouterWalk walk = start(client, ns, app);
    String[] spec = new String[1];
    Thread observer = new Thread(() -> Eventually.until("the canary Mapping", Duration.ofMinutes(2), () -> {
      GenericKubernetesResource canary = canary(client, ns);
      if (canary != null) {
        spec[0] = spec(canary).get("prefix") + " " + spec(canary).get("rewrite") + " " + spec(canary).get("service");
        assertThat(canary.getMetadata().getOwnerReferences()).singleElement()
            .satisfies(o -> assertThat(o.getUid()).isEqualTo(app.rollout().getMetadata().getUid()));
      }
      return canary != null;
    }));
    observer.start();

    assertThat(walk.release()).containsExactly("0/100", "25/75", "50/50", "100/0", "0/100");
    observer.join();
    assertThat(spec[0]).as("a copy of the Mapping on the canary Service, same port").isEqualTo("/web/ / web-canary:80");
    assertThat(canary(client, ns)).as("deleted when the release ends").isNull();
    assertThat(spec(client.genericKubernetesResources("getambassador.io/v2", "Mapping").inNamespace(ns.name())
        .withName("web").get())).as("the Mapping is left alone").doesNotContainKey("weight");
  }

  @Test
  void anAbortDeletesTheCanaryMapping(KubernetesClient client, TestNamespace ns) {
    start(client, ns, new CanaryFixture(client, ns.name())).abortAtQuarter();
    assertThat(canary(client, ns)).isNull();
  }

  @Test
  void aMappingWithAWeightStopsTheReleaseClearly(KubernetesClient client, TestNamespace ns) {
    CanaryFixture app = new CanaryFixture(client, ns.name());
    app.createServices();
    app.apply(MAPPING + "  weight: 10\n");
    app.applyRolloutYaml(RouterWalk.ROLLOUT.formatted("1.0", ROUTING));
    Eventually.until("v1 Healthy: no canary Mapping at rest, whatever the base", Duration.ofMinutes(2),
        () -> "Healthy".equals(app.phase()));
    app.applyRolloutYaml(RouterWalk.ROLLOUT.formatted("2.0", ROUTING));

    Eventually.until("a condition naming the Mapping and its weight", Duration.ofMinutes(1), () -> {
      String message = (String) app.status().get("message");
      return message != null && message.contains("TrafficRoutingError")
          && message.contains("Mapping " + ns.name() + "/web") && message.contains("spec.weight");
    });
    assertThat(canary(client, ns)).as("nothing created").isNull();
    assertThat(operator.log()).doesNotContain("Exception in thread");
  }

  private static RouterWalk start(KubernetesClient client, TestNamespace ns, CanaryFixture app) {
    app.createServices();
    app.apply(MAPPING);
    return new RouterWalk(app, client, ROUTING, () -> weights(client, ns)).start();
  }

  private static GenericKubernetesResource canary(KubernetesClient client, TestNamespace ns) {
    return client.genericKubernetesResources("getambassador.io/v2", "Mapping").inNamespace(ns.name())
        .withName("web-canary").get();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(GenericKubernetesResource mapping) {
    return (Map<String, Object>) mapping.getAdditionalProperties().get("spec");
  }

  /** The canary Mapping's weight and the rest as "canary/stable"; "0/100" without a canary Mapping. */
  private static String weights(KubernetesClient client, TestNamespace ns) {
    GenericKubernetesResource canary = canary(client, ns);
    if (canary == null) {
      return "0/100";
    }
    Object weight = spec(canary).get("weight");
    int w = weight == null ? 0 : ((Number) weight).intValue();
    return w + "/" + (100 - w);
  }
}
