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
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An AnalysisRun written as Argo Rollouts writes it (issue 15): a condition in Argo's expression language, count and
 * failureLimit from {@code {{args.x}}}, an integer timeout, a range query from {@code now() - duration("...")}. The
 * API server takes it as it is, and the condition decides the run against a real Prometheus.
 */
@Tag("cluster")
@Tag("prometheus")
@ExtendWith(KubernetesExtension.class)
class ArgoAnalysisFormsTest {
  static MetricsEndpoint endpoint;
  static PrometheusServer prometheus;
  static OperatorProcess operator;

  static final String RUN = """
      apiVersion: sluice.dev/v1alpha1
      kind: AnalysisRun
      metadata: {name: %s}
      spec:
        args:
        - {name: runs, value: "%s"}
        - {name: failures, value: "0"}
        - {name: every, value: 1s}
        - {name: lookback, value: 1m}
        metrics:
        - name: latency
          interval: "{{args.every}}"
          count: "{{args.runs}}"
          failureLimit: "{{args.failures}}"
          successCondition: "%s"
          provider:
            prometheus:
              address: %s
              query: latency_seconds
              timeout: 20
        - name: latency-window
          successCondition: "len(result) > 0 && none(result, isNaN(#))"
          provider:
            prometheus:
              address: %4$s
              query: max(latency_seconds)
              timeout: 20
              rangeQuery: {start: 'now() - duration("{{args.lookback}}")', end: "now()", step: 5s}
      """;

  @BeforeAll
  static void start() throws Exception {
    PrometheusServer.requireBinary();
    endpoint = MetricsEndpoint.start();
    endpoint.gauge("latency_seconds", Map.of("pod", "a"), 0.2);
    endpoint.gauge("latency_seconds", Map.of("pod", "b"), 0.4);
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
  void anArgoConditionDecidesTheRun(KubernetesClient client, TestNamespace ns) {
    apply(client, ns, RUN.formatted("fast", "2", "len(result) == 2 and all(result, # < 0.5)", prometheus.url()));
    apply(client, ns, RUN.formatted("slow", "2", "all(result, {# < 0.3})", prometheus.url()));

    Map<String, Object> fast = completed(client, ns, "fast");
    assertThat(fast).containsEntry("phase", "Successful");
    assertThat(metric(fast, "latency")).containsEntry("phase", "Successful").containsEntry("count", 2);
    assertThat(metric(fast, "latency-window")).containsEntry("phase", "Successful");

    Map<String, Object> slow = completed(client, ns, "slow");
    assertThat(slow).containsEntry("phase", "Failed");
    assertThat(metric(slow, "latency")).containsEntry("phase", "Failed").containsEntry("failed", 1);
  }

  @Test
  void anArgumentThatIsNotANumberErrorsTheRunWithAMessage(KubernetesClient client, TestNamespace ns) {
    apply(client, ns, RUN.formatted("words", "two", "all(result, # < 0.5)", prometheus.url()));

    Map<String, Object> run = completed(client, ns, "words");
    assertThat(run).containsEntry("phase", "Error");
    assertThat((String) run.get("message"))
        .contains("metric \"latency\": count: \"two\" is not a whole number (from {{args.runs}})");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> completed(KubernetesClient client, TestNamespace ns, String name) {
    return Eventually.await(name + " completed", Duration.ofMinutes(2), () -> {
      GenericKubernetesResource run = client.genericKubernetesResources("sluice.dev/v1alpha1", "AnalysisRun")
          .inNamespace(ns.name()).withName(name).get();
      Map<String, Object> status = run == null ? null : (Map<String, Object>) run.getAdditionalProperties().get("status");
      Object phase = status == null ? null : status.get("phase");
      return phase != null && List.of("Successful", "Failed", "Error", "Inconclusive").contains(phase) ? status : null;
    });
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> metric(Map<String, Object> status, String name) {
    return ((List<Map<String, Object>>) status.get("metricResults")).stream()
        .filter(m -> name.equals(m.get("name"))).findFirst().orElseThrow();
  }

  private static void apply(KubernetesClient client, TestNamespace ns, String yaml) {
    client.resource(Serialization.unmarshal(yaml, GenericKubernetesResource.class)).inNamespace(ns.name())
        .fieldManager("gitops-agent").forceConflicts().serverSideApply();
  }
}
