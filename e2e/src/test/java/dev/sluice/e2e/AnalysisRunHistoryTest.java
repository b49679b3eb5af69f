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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * spec.analysis.unsuccessfulRunHistoryLimit on the local control plane: the failed run of an aborted revision stays
 * while it is the current revision's record, and is deleted once a newer revision takes over (limit 0).
 */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class AnalysisRunHistoryTest {
  static final String TEMPLATE = """
      apiVersion: sluice.dev/v1alpha1
      kind: AnalysisTemplate
      metadata: {name: unreachable}
      spec:
        metrics:
        - name: up
          interval: 1s
          consecutiveErrorLimit: 0
          successCondition: "result[0] >= 1"
          provider:
            prometheus: {address: "http://127.0.0.1:9", query: up}
      """;

  static final String ROLLOUT = """
      apiVersion: sluice.dev/v1alpha1
      kind: Rollout
      metadata: {name: web}
      spec:
        replicas: 2
        analysis: {unsuccessfulRunHistoryLimit: 0}
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: web, image: "registry.example/web:%s"}]}
        strategy:
          canary:
            steps:
            - setWeight: 50
            - analysis: {templates: [{templateName: unreachable}]}
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
  void aFailedRunOfAPastRevisionIsDeletedBeyondTheLimit(KubernetesClient client, TestNamespace ns) {
    WebRollout app = new WebRollout(client, ns.name());
    app.apply(TEMPLATE);
    app.apply(ROLLOUT.formatted("1.0"));
    Eventually.until("v1 Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));
    app.apply(ROLLOUT.formatted("2.0"));
    Eventually.until("v2 aborted by its analysis", Duration.ofMinutes(2), () -> "Degraded".equals(app.phase()));
    String v2 = (String) app.status().get("currentPodHash");
    assertThat(runsOf(client, ns, v2)).as("kept while v2 is the current revision").hasSize(1);

    app.apply(ROLLOUT.formatted("3.0"));
    Eventually.until("v2's failed run deleted", Duration.ofMinutes(1), () -> runsOf(client, ns, v2).isEmpty());
  }

  private static List<GenericKubernetesResource> runsOf(KubernetesClient client, TestNamespace ns, String hash) {
    return client.genericKubernetesResources("sluice.dev/v1alpha1", "AnalysisRun").inNamespace(ns.name())
        .withLabel("sluice.dev/pod-template-hash", hash).list().getItems();
  }
}
