package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.testing.Eventually;
import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.OperatorProcess;
import dev.sluice.testing.TestCluster;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** antiAffinity on the local control plane: the canary's pods are scheduled with a term against the stable's. */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class AntiAffinityTest {
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
            antiAffinity: %s
            steps:
            - setWeight: 50
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
  void theCanarysPodsPreferOtherNodesThanTheStables(KubernetesClient client, TestNamespace ns) {
    WebRollout app = new WebRollout(client, ns.name());
    String preferred = "{preferredDuringSchedulingIgnoredDuringExecution: {weight: 50}}";
    assertThatThrownBy(() -> app.apply(ROLLOUT.formatted("1.0", "{}")))
        .isInstanceOf(KubernetesClientException.class).hasMessageContaining("exactly one of");
    app.apply(ROLLOUT.formatted("1.0", preferred));
    Eventually.until("v1 Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));
    String v1 = (String) app.status().get("stableRS");
    assertThat(app.replicaSet(v1).getSpec().getTemplate().getSpec().getAffinity()).as("the first revision has no stable to avoid").isNull();

    app.apply(ROLLOUT.formatted("2.0", preferred));
    Eventually.until("v2 paused at 50%", Duration.ofMinutes(2), () -> "Paused".equals(app.phase()));
    String v2 = (String) app.status().get("currentPodHash");
    var terms = app.replicaSet(v2).getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity()
        .getPreferredDuringSchedulingIgnoredDuringExecution();
    assertThat(terms).hasSize(1);
    assertThat(terms.get(0).getWeight()).isEqualTo(50);
    assertThat(terms.get(0).getPodAffinityTerm().getLabelSelector().getMatchExpressions().get(0).getValues())
        .containsExactly(v1);
    assertThat(app.pods(v2)).hasSize(1).allSatisfy(p -> {
      assertThat(p.getSpec().getNodeName()).as("scheduled").isNotNull();
      assertThat(p.getSpec().getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution()).hasSize(1);
    });
  }
}
