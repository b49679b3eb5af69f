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

/** analysisRunMetadata: the AnalysisRun a step creates carries the labels and annotations asked for. */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class AnalysisRunMetadataTest {
  static final String TEMPLATE = """
      apiVersion: sluice.dev/v1alpha1
      kind: AnalysisTemplate
      metadata: {name: up}
      spec:
        metrics:
        - name: up
          interval: 30s
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
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: web, image: "registry.example/web:%s"}]}
        strategy:
          canary:
            steps:
            - setWeight: 50
            - analysis:
                templates: [{templateName: up}]
                analysisRunMetadata:
                  labels: {example.com/analysis-type: smoke-test, sluice.dev/rollout: not-this}
                  annotations: {example.com/link: "https://logs.example/run"}
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
  void theStepsRunCarriesTheMetadataAndKeepsSluicesOwnLabels(KubernetesClient client, TestNamespace ns) {
    WebRollout app = new WebRollout(client, ns.name());
    app.apply(TEMPLATE);
    app.apply(ROLLOUT.formatted("1.0"));
    Eventually.until("v1 Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));
    app.apply(ROLLOUT.formatted("2.0"));
    Eventually.until("the step's AnalysisRun created", Duration.ofMinutes(2), () -> !runs(client, ns).isEmpty());
    GenericKubernetesResource run = runs(client, ns).get(0);
    assertThat(run.getMetadata().getLabels()).containsEntry("example.com/analysis-type", "smoke-test")
        .as("the label Sluice finds its runs by is its own").containsEntry("sluice.dev/rollout", "web");
    assertThat(run.getMetadata().getAnnotations()).containsEntry("example.com/link", "https://logs.example/run");
  }

  private static List<GenericKubernetesResource> runs(KubernetesClient client, TestNamespace ns) {
    return client.genericKubernetesResources("sluice.dev/v1alpha1", "AnalysisRun").inNamespace(ns.name()).list()
        .getItems();
  }
}
