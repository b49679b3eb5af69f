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
import io.fabric8.kubernetes.client.KubernetesClientException;
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
 * Issue 13, part 2: an analysis whose answers are large never leaves a canary stuck. A real Prometheus scrapes a
 * target with 20,000 series; the AnalysisRun status stays storable, and a status the API server refuses all the same
 * ends the run as Error, so the canary aborts instead of holding traffic.
 */
@Tag("cluster")
@Tag("prometheus")
@ExtendWith(KubernetesExtension.class)
class AnalysisStatusLimitsTest {
  static final int SERIES = 20_000;
  static OperatorProcess operator;
  static MetricsEndpoint endpoint;
  static PrometheusServer prometheus;

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
            abortScaleDownDelaySeconds: 1
            scaleDownDelaySeconds: 1
            trafficRouting: {gatewayAPI: {httpRoute: web}}
            steps:
            - setWeight: 25
            - analysis: {templates: [{templateName: wide}]}
            - setWeight: 75
      """;

  @BeforeAll
  static void start() throws Exception {
    PrometheusServer.requireBinary();
    endpoint = MetricsEndpoint.start();
    // Long values, as real ratios and latencies have: 20,000 of them made one measurement about 380 KB.
    for (int i = 0; i < SERIES; i++) {
      endpoint.gauge("wide_gauge", Map.of("i", Integer.toString(i)), 1000.123456789012 + i);
    }
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

  /** 20,000 samples per measurement, six measurements: on main the fifth status write failed and the run hung. */
  @Test
  void twentyThousandSeriesGiveABoundedMeasurementAndTheCanaryIsPromoted(KubernetesClient client, TestNamespace ns) {
    CanaryFixture app = healthyV1(client, ns, """
        apiVersion: sluice.dev/v1alpha1
        kind: AnalysisTemplate
        metadata: {name: wide}
        spec:
          metrics:
          - name: wide
            initialDelay: 1s
            interval: 2s
            count: 6
            successCondition: "size(result) == 20000 && result.all(x, x > 1000.0)"
            provider:
              prometheus: {address: %s, query: wide_gauge, timeout: 20s}
        """.formatted(prometheus.url()));
    Object v1 = app.status().get("stableRS");
    app.applyRolloutYaml(ROLLOUT.formatted("2.0"));
    Eventually.until("v2 Healthy", Duration.ofMinutes(3),
        () -> "Healthy".equals(app.phase()) && !v1.equals(app.status().get("stableRS")));

    Map<String, Object> run = onlyRunStatus(client, ns);
    assertThat(run).containsEntry("phase", "Successful");
    List<Map<String, Object>> measurements = measurements(run);
    assertThat(measurements).hasSize(6).allSatisfy(m -> {
      assertThat(m).containsEntry("phase", "Successful");
      assertThat((String) m.get("value")).startsWith("[1000.123456789012,")
          .endsWith(",...] (20000 values, first 10 shown)").hasSizeLessThanOrEqualTo(1024);
    });
  }

  /**
   * A run whose status the API server refuses ends as Error, and the canary aborts. Here the template carries an
   * argument so large that the run object has only a few KB left under etcd's limit, and twenty metrics measured every
   * second fill them. On main the write failed on every retry and the run stayed Running, with 25% of traffic on the
   * canary.
   */
  @Test
  void aStatusTheApiServerRefusesEndsTheRunAsErrorAndTheCanaryAborts(KubernetesClient client, TestNamespace ns) {
    int largest = largestStorableTemplate(client, ns);
    System.out.println("largest storable template argument: " + largest + " bytes");
    assertThat(largest).as("etcd's default request limit (1.5 MiB) in force").isLessThan(1_690_000);
    CanaryFixture app = healthyV1(client, ns, fullTemplate("wide", largest - 10_000));
    app.applyRolloutYaml(ROLLOUT.formatted("2.0"));
    Eventually.until("the analysis running at 25%", Duration.ofMinutes(2), () -> "25/75".equals(app.routeWeights())
        && "Running".equals(onlyRunStatus(client, ns).get("phase")));

    Eventually.until("Degraded", Duration.ofMinutes(3), () -> "Degraded".equals(app.phase()));
    Map<String, Object> run = onlyRunStatus(client, ns);
    assertThat(run).containsEntry("phase", "Error");
    assertThat((String) run.get("message")).startsWith("the API server refused this run's status (HTTP ")
        .contains("too large");
    assertThat(app.routeWeights()).isEqualTo("0/100");
    assertThat(app.status()).containsEntry("abortReason", "Analysis");
    assertThat((String) app.status().get("message")).contains("refused this run's status");
  }

  /** A template of twenty metrics, each measured every second, and an argument of {@code padding} bytes. */
  private static String fullTemplate(String name, int padding) {
    StringBuilder template = new StringBuilder("""
        apiVersion: sluice.dev/v1alpha1
        kind: AnalysisTemplate
        metadata: {name: %s}
        spec:
          args:
          - name: notes
            value: "%s"
          measurementRetention:
          - {metricName: ".*", limit: 1000}
          metrics:
        """.formatted(name, "n".repeat(padding)));
    for (int i = 0; i < 20; i++) {
      template.append("""
            - name: top-%d
              interval: 1s
              successCondition: "size(result) == 10"
              provider:
                prometheus: {address: %s, query: "topk(10, wide_gauge)"}
          """.formatted(i, prometheus.url()));
    }
    return template.toString();
  }

  /** The largest padding the API server stores in such a template, to 4 KB: etcd's limit as this cluster has it. */
  private static int largestStorableTemplate(KubernetesClient client, TestNamespace ns) {
    int fits = 1_400_000;
    int refused = 1_700_000;
    while (refused - fits > 4096) {
      int middle = (fits + refused) / 2;
      GenericKubernetesResource probe = Serialization.unmarshal(fullTemplate("probe", middle), GenericKubernetesResource.class);
      try {
        client.resource(probe).inNamespace(ns.name()).create();
        client.resource(probe).inNamespace(ns.name()).withGracePeriod(0).delete();
        fits = middle;
      } catch (KubernetesClientException e) {
        refused = middle;
      }
    }
    Eventually.until("the probe template gone", Duration.ofSeconds(30), () -> client
        .genericKubernetesResources("sluice.dev/v1alpha1", "AnalysisTemplate").inNamespace(ns.name()).withName("probe")
        .get() == null);
    return fits;
  }

  private CanaryFixture healthyV1(KubernetesClient client, TestNamespace ns, String template) {
    CanaryFixture app = new CanaryFixture(client, ns.name());
    app.createAppAndRoute();
    client.resource(Serialization.unmarshal(template, GenericKubernetesResource.class)).inNamespace(ns.name()).create();
    app.applyRolloutYaml(ROLLOUT.formatted("1.0"));
    Eventually.until("v1 Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));
    return app;
  }

  /** The status of the namespace's one AnalysisRun; empty while there is none. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> onlyRunStatus(KubernetesClient client, TestNamespace ns) {
    List<GenericKubernetesResource> runs = client.genericKubernetesResources("sluice.dev/v1alpha1", "AnalysisRun")
        .inNamespace(ns.name()).list().getItems();
    if (runs.isEmpty()) {
      return Map.of();
    }
    if (runs.size() > 1) {
      throw new IllegalStateException(runs.size() + " AnalysisRuns, expected one");
    }
    Object status = runs.get(0).getAdditionalProperties().get("status");
    return status == null ? Map.of() : (Map<String, Object>) status;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> measurements(Map<String, Object> runStatus) {
    List<Map<String, Object>> results = (List<Map<String, Object>>) runStatus.get("metricResults");
    return (List<Map<String, Object>>) results.get(0).get("measurements");
  }
}
