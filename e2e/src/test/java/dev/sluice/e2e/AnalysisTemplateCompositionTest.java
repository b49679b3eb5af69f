package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.analysis.testing.MetricsEndpoint;
import dev.sluice.analysis.testing.PrometheusServer;
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
 * Argo's "Analysis Template referencing other Analysis Templates": a Rollout's analysis names one template that lists
 * two others in spec.templates; its run measures all their metrics against a real Prometheus, and a reference to a
 * template that does not exist stops the rollout with a message naming it.
 */
@Tag("cluster")
@Tag("prometheus")
@ExtendWith(KubernetesExtension.class)
class AnalysisTemplateCompositionTest {
  static final String TEMPLATES = """
      apiVersion: sluice.dev/v1alpha1
      kind: AnalysisTemplate
      metadata: {name: latency}
      spec:
        args: [{name: service}]
        metrics:
        - name: latency
          successCondition: "all(result, # < 0.5)"
          provider: {prometheus: {address: "%1$s", query: "latency_seconds{service!='{{args.service}}'}"}}
      ---
      apiVersion: sluice.dev/v1alpha1
      kind: AnalysisTemplate
      metadata: {name: error-rate}
      spec:
        args: [{name: service}]
        metrics:
        - name: error-rate
          successCondition: "result[0] < 0.05"
          provider: {prometheus: {address: "%1$s", query: error_ratio}}
        measurementRetention: [{metricName: error-rate, limit: 0}]
      ---
      apiVersion: sluice.dev/v1alpha1
      kind: AnalysisTemplate
      metadata: {name: rates}
      spec:
        args: [{name: service}]
        templates:
        - templateName: latency
        - templateName: error-rate
          clusterScope: false
      ---
      apiVersion: sluice.dev/v1alpha1
      kind: AnalysisTemplate
      metadata: {name: broken}
      spec:
        templates: [{templateName: latency}, {templateName: not-applied}]
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
                templates: [{templateName: %s}]
                args: [{name: service, value: web}]
      """;

  static MetricsEndpoint endpoint;
  static PrometheusServer prometheus;
  static OperatorProcess operator;

  @BeforeAll
  static void start() throws Exception {
    PrometheusServer.requireBinary();
    endpoint = MetricsEndpoint.start();
    endpoint.gauge("latency_seconds", Map.of("pod", "a"), 0.2);
    endpoint.gauge("error_ratio", Map.of(), 0.01);
    prometheus = PrometheusServer.start(List.of(endpoint.target()));
    operator = OperatorProcess.start(TestCluster.get());
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.close();
    }
    if (prometheus != null) {
      prometheus.close();
    }
    if (endpoint != null) {
      endpoint.close();
    }
  }

  @Test
  void aComposedTemplateMeasuresEveryReferencedMetricAndTheRolloutCompletes(KubernetesClient client, TestNamespace ns) {
    WebRollout app = new WebRollout(client, ns.name());
    for (String template : TEMPLATES.formatted(prometheus.url()).split("(?m)^---$")) {
      app.apply(template);
    }
    app.apply(ROLLOUT.formatted("1.0", "rates"));
    Eventually.until("v1 Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));
    String v1 = (String) app.status().get("stableRS");

    app.apply(ROLLOUT.formatted("2.0", "rates"));
    Eventually.until("v2 promoted after its analysis", Duration.ofMinutes(3),
        () -> "Healthy".equals(app.phase()) && !v1.equals(app.status().get("stableRS")));
    GenericKubernetesResource run = runs(client, ns).get(0);
    @SuppressWarnings("unchecked")
    var status = (Map<String, Object>) run.getAdditionalProperties().get("status");
    assertThat(status).containsEntry("phase", "Successful");
    @SuppressWarnings("unchecked")
    var results = (List<Map<String, Object>>) status.get("metricResults");
    assertThat(results).extracting(m -> m.get("name") + "=" + m.get("phase"))
        .containsExactlyInAnyOrder("latency=Successful", "error-rate=Successful");
  }

  @Test
  void aMissingReferencedTemplateStopsTheRolloutNamingIt(KubernetesClient client, TestNamespace ns) {
    WebRollout app = new WebRollout(client, ns.name());
    for (String template : TEMPLATES.formatted(prometheus.url()).split("(?m)^---$")) {
      app.apply(template);
    }
    app.apply(ROLLOUT.formatted("1.0", "broken"));
    Eventually.until("v1 Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));

    app.apply(ROLLOUT.formatted("2.0", "broken"));
    Eventually.until("the missing template in status", Duration.ofMinutes(2), () -> String.valueOf(app.status().get("message"))
        .contains("AnalysisTemplate \"not-applied\" not found (referenced by AnalysisTemplate \"broken\")"));
    Eventually.until("a Warning Event", Duration.ofSeconds(30), () -> client.v1().events().inNamespace(ns.name()).list().getItems()
        .stream().anyMatch(e -> "AnalysisTemplateNotFound".equals(e.getReason()) && "Warning".equals(e.getType())));
    assertThat(runs(client, ns)).as("no run of a template that cannot be composed").isEmpty();
  }

  /** A template that closes a cycle is InvalidSpec (condition and Event) as soon as it is applied. */
  @Test
  void aTemplateThatClosesACycleIsInvalidSpecWhenApplied(KubernetesClient client, TestNamespace ns) {
    WebRollout app = new WebRollout(client, ns.name());
    app.apply("""
        apiVersion: sluice.dev/v1alpha1
        kind: AnalysisTemplate
        metadata: {name: loop-a}
        spec:
          templates: [{templateName: loop-b}]
        """);
    app.apply("""
        apiVersion: sluice.dev/v1alpha1
        kind: AnalysisTemplate
        metadata: {name: loop-b}
        spec:
          templates: [{templateName: loop-a}]
        """);
    @SuppressWarnings("unchecked")
    Map<String, Object> invalid = Eventually.await("loop-b InvalidSpec=True", Duration.ofMinutes(1), () -> {
      GenericKubernetesResource template = client.genericKubernetesResources("sluice.dev/v1alpha1", "AnalysisTemplate")
          .inNamespace(ns.name()).withName("loop-b").get();
      var status = (Map<String, Object>) template.getAdditionalProperties().get("status");
      return status == null || status.get("conditions") == null ? null : ((List<Map<String, Object>>) status.get("conditions"))
          .stream().filter(c -> "InvalidSpec".equals(c.get("type")) && "True".equals(c.get("status"))).findFirst().orElse(null);
    });
    assertThat((String) invalid.get("message"))
        .contains("cycle: AnalysisTemplate \"loop-b\" -> AnalysisTemplate \"loop-a\" -> AnalysisTemplate \"loop-b\"");
  }

  private static List<GenericKubernetesResource> runs(KubernetesClient client, TestNamespace ns) {
    return client.genericKubernetesResources("sluice.dev/v1alpha1", "AnalysisRun").inNamespace(ns.name()).list().getItems();
  }
}
