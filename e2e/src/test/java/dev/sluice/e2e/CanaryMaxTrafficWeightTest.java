package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.Eventually;
import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.OperatorProcess;
import dev.sluice.testing.TestCluster;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * trafficRouting.maxTrafficWeight 1000 through a Gateway API HTTPRoute on the local control plane: the route's weights
 * are parts of 1000 at every step, the canary's pods follow ceil(replicas * weight / 1000), and an abort puts all
 * 1000 back on the stable.
 */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class CanaryMaxTrafficWeightTest {
  static final String ROLLOUT = """
      apiVersion: sluice.dev/v1alpha1
      kind: Rollout
      metadata: {name: web}
      spec:
        replicas: 4
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: web, image: "registry.example/web:%s"}]}
        strategy:
          canary:
            canaryService: web-canary
            stableService: web-stable
            abortScaleDownDelaySeconds: 2
            scaleDownDelaySeconds: 2
            trafficRouting:
              maxTrafficWeight: 1000
              gatewayAPI: {httpRoute: web}
            steps:
            - setWeight: 5
            - pause: {duration: 3s}
            - setWeight: 500
            - pause: {}
      """;

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
  void aCanaryWalksTheStepsInThousandthsAndAnAbortPutsAllOfThemBackOnStable(KubernetesClient client, TestNamespace ns) {
    CanaryFixture app = new CanaryFixture(client, ns.name());
    app.createAppAndRoute();
    app.applyRolloutYaml(ROLLOUT.formatted("1.0"));
    Eventually.until("v1 Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));
    String v1 = (String) app.status().get("stableRS");

    app.applyRolloutYaml(ROLLOUT.formatted("2.0"));
    Eventually.until("the indefinite pause at 500 of 1000", Duration.ofMinutes(2),
        () -> "Paused".equals(app.phase()) && Integer.valueOf(3).equals(app.status().get("currentStepIndex")));
    assertThat(app.routeWeights()).isEqualTo("500/500");
    assertThat(weight("canary", app)).isEqualTo(500);
    assertThat(weight("stable", app)).isEqualTo(500);
    String v2 = (String) app.status().get("currentPodHash");
    assertThat(replicas(client, ns, "web-" + v2)).as("ceil(4 * 500 / 1000)").isEqualTo(2);

    app.patchStatus("{\"status\":{\"abort\":true}}");

    Eventually.until("Degraded with all 1000 on stable", Duration.ofMinutes(1),
        () -> "Degraded".equals(app.phase()) && "0/1000".equals(app.routeWeights()));
    assertThat(weight("stable", app)).isEqualTo(1000);
    assertThat(app.serviceHash("web-stable")).isEqualTo(v1);
    Eventually.until("the canary scaled down", Duration.ofMinutes(1), () -> replicas(client, ns, "web-" + v2) == 0);
  }

  @Test
  void theApiServerRefusesASetWeightAboveTheTotal(KubernetesClient client, TestNamespace ns) {
    CanaryFixture app = new CanaryFixture(client, ns.name());
    String tooHeavy = ROLLOUT.formatted("1.0").replace("setWeight: 500", "setWeight: 1001");

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> app.applyRolloutYaml(tooHeavy))
        .hasMessageContaining("setWeight and setCanaryScale.weight need to be between 0 and trafficRouting.maxTrafficWeight");
  }

  @SuppressWarnings("unchecked")
  private static int weight(String side, CanaryFixture app) {
    Map<String, Object> weights = (Map<String, Object>) ((Map<String, Object>) app.status().get("canary")).get("weights");
    return ((Number) ((Map<String, Object>) weights.get(side)).get("weight")).intValue();
  }

  private static int replicas(KubernetesClient client, TestNamespace ns, String name) {
    ReplicaSet replicaSet = client.apps().replicaSets().inNamespace(ns.name()).withName(name).get();
    return replicaSet == null ? -1 : replicaSet.getSpec().getReplicas();
  }
}
