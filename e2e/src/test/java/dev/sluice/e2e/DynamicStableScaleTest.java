package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.Eventually;
import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.OperatorProcess;
import dev.sluice.testing.TestCluster;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * dynamicStableScale through an HTTPRoute, on the local control plane, with the steps of Argo Rollouts' own e2e test:
 * the stable ReplicaSet gives up pods as the route gives the canary weight, and gets them back on an abort while the
 * canary's go.
 */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class DynamicStableScaleTest {
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
            dynamicStableScale: true
            trafficRouting: {gatewayAPI: {httpRoute: web}}
            steps:
            - setWeight: 25
            - pause: {}
            - setWeight: 75
            - pause: {}
      """;

  static OperatorProcess operator;

  @BeforeAll
  static void startOperator() {
    operator = OperatorProcess.start(TestCluster.get());
  }

  @AfterAll
  static void stopOperator() {
    if (operator != null) {
      operator.close();
    }
  }

  @Test
  void theStableShrinksAsTheCanaryTakesTrafficAndComesBackOnAbort(KubernetesClient client, TestNamespace ns) {
    CanaryFixture app = new CanaryFixture(client, ns.name());
    WebRollout rollout = new WebRollout(client, ns.name());
    app.createAppAndRoute();
    app.applyRolloutYaml(ROLLOUT.formatted("1.0"));
    Eventually.until("v1 Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));
    String v1 = (String) app.status().get("stableRS");

    app.applyRolloutYaml(ROLLOUT.formatted("2.0"));
    Eventually.until("paused at 25%", Duration.ofMinutes(2), () -> "Paused".equals(app.phase()));
    String v2 = (String) app.status().get("currentPodHash");
    Eventually.until("the stable at 3 pods", Duration.ofSeconds(30), () -> rollout.replicas(v1) == 3);
    assertThat(rollout.replicas(v2)).isEqualTo(1);
    assertThat(app.routeWeights()).isEqualTo("25/75");

    app.patchStatus("{\"status\":{\"pauseConditions\":null}}");
    Eventually.until("paused at 75%", Duration.ofMinutes(2),
        () -> "Paused".equals(app.phase()) && Integer.valueOf(3).equals(app.status().get("currentStepIndex")));
    Eventually.until("the stable at 1 pod", Duration.ofSeconds(30), () -> rollout.replicas(v1) == 1);
    assertThat(rollout.replicas(v2)).isEqualTo(3);
    assertThat(app.routeWeights()).isEqualTo("75/25");

    app.patchStatus("{\"status\":{\"abort\":true}}");
    Eventually.until("all traffic and pods back on v1, the canary gone", Duration.ofMinutes(2),
        () -> rollout.replicas(v1) == 4 && rollout.replicas(v2) == 0 && "0/100".equals(app.routeWeights()));
    assertThat(app.phase()).isEqualTo("Degraded");
    assertThat(rollout.weight("stable")).isEqualTo(100);
  }
}
