package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.analysis.testing.DatadogApiServer;
import dev.sluice.testing.Eventually;
import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.OperatorProcess;
import dev.sluice.testing.TestCluster;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The datadog provider decides whether a canary goes on, against a local server speaking Datadog's documented v2
 * scalar query API (no Datadog server can be installed): the template is Argo's formula form, the keys and address
 * come from a Secret of the run's namespace (secretRef namespaced), and the error rate the server computes from the
 * two queries is good or bad.
 */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class CanaryDatadogAnalysisTest {
  static final String API_KEY = "e2e-dd-api-5c3b";
  static final String APP_KEY = "e2e-dd-app-81fe";
  static final String ERRORS = "sum:requests.errors{service:web-canary}.as_count()";
  static final String REQUESTS = "sum:requests{service:web-canary}.as_count()";
  static OperatorProcess operator;
  DatadogApiServer server;

  static final String TEMPLATE = """
      apiVersion: sluice.dev/v1alpha1
      kind: AnalysisTemplate
      metadata: {name: error-rate}
      spec:
        args:
        - name: service
        metrics:
        - name: error-rate
          interval: 2s
          count: 2
          successCondition: default(result, 0) < 0.01
          provider:
            datadog:
              apiVersion: v2
              interval: 5m
              secretRef: {name: datadog, namespaced: true}
              queries:
                a: sum:requests.errors{service:{{args.service}}}.as_count()
                b: sum:requests{service:{{args.service}}}.as_count()
              formula: a / b
      """;

  /** Argo's first docs form, with API v1: no secretRef. */
  static final String ARGO_DEFAULT_V1_TEMPLATE = """
      apiVersion: sluice.dev/v1alpha1
      kind: AnalysisTemplate
      metadata: {name: error-rate}
      spec:
        args:
        - name: service
        metrics:
        - name: error-rate
          interval: 2s
          count: 2
          successCondition: result <= 5
          provider:
            datadog:
              apiVersion: v1
              interval: 5m
              query: "sum:requests.errors{service:{{args.service}}}.as_count()"
      """;

  @BeforeAll
  static void startOperator() {
    operator = OperatorProcess.start(TestCluster.get());
  }

  @AfterAll
  static void stopOperator() {
    operator.close();
  }

  @BeforeEach
  void startServer() throws IOException {
    server = new DatadogApiServer(API_KEY, APP_KEY);
    server.put(REQUESTS, 2000.0);
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void aLowErrorRateLetsTheCanaryComplete(KubernetesClient client, TestNamespace ns) {
    server.put(ERRORS, 4.0);
    CanaryFixture app = start(client, ns);
    Object v1 = app.status().get("stableRS");
    app.applyRolloutYaml(rollout("2.0"));
    Eventually.until("v2 Healthy", Duration.ofMinutes(2),
        () -> "Healthy".equals(app.phase()) && !v1.equals(app.status().get("stableRS")));
    assertThat(app.analysisRunPhases()).containsExactly("Successful");
    assertThat(measurementValues(app)).contains("0.002");
    assertThat(server.requests()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void aHighErrorRateFailsTheRunAndAborts(KubernetesClient client, TestNamespace ns) {
    server.put(ERRORS, 300.0);
    CanaryFixture app = start(client, ns);
    app.applyRolloutYaml(rollout("2.0"));
    Eventually.until("Degraded", Duration.ofMinutes(2), () -> "Degraded".equals(app.phase()));
    assertThat(app.routeWeights()).isEqualTo("0/100");
    assertThat(app.analysisRunPhases()).containsExactly("Failed");
    assertThat(app.status()).containsEntry("abortReason", "Analysis");
    assertThat(measurementValues(app)).contains("0.15");
    assertThat(Serialization.asJson(app.analysisRunStatuses())).doesNotContain(API_KEY, APP_KEY);
    assertThat(operator.log()).doesNotContain(API_KEY).doesNotContain(APP_KEY);
  }

  /**
   * Argo's default form: no secretRef, the keys in Secret "datadog" of the operator's namespace (POD_NAMESPACE, unset
   * for this local process: "default"), and API v1.
   */
  @Test
  void argosDefaultSecretInTheOperatorsNamespaceServesAV1Query(KubernetesClient client, TestNamespace ns) {
    server.put(ERRORS, 1.0);
    client.secrets().inNamespace("default").resource(new SecretBuilder().withNewMetadata().withName("datadog")
        .endMetadata().withStringData(Map.of("address", server.address(), "api-key", API_KEY, "app-key", APP_KEY))
        .build()).createOr(existing -> existing.update());
    try {
      CanaryFixture app = new CanaryFixture(client, ns.name());
      app.createAppAndRoute();
      client.resource(Serialization.unmarshal(ARGO_DEFAULT_V1_TEMPLATE, GenericKubernetesResource.class))
          .inNamespace(ns.name()).create();
      app.applyRolloutYaml(rollout("1.0"));
      Eventually.until("v1 Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));
      Object v1 = app.status().get("stableRS");
      app.applyRolloutYaml(rollout("2.0"));
      Eventually.until("v2 Healthy", Duration.ofMinutes(2),
          () -> "Healthy".equals(app.phase()) && !v1.equals(app.status().get("stableRS")));
      assertThat(app.analysisRunPhases()).containsExactly("Successful");
      assertThat(measurementValues(app)).contains("1");
      assertThat(server.requests()).isGreaterThanOrEqualTo(2);
    } finally {
      client.secrets().inNamespace("default").withName("datadog").delete();
    }
  }

  private static String rollout(String version) {
    return CanaryFixture.ANALYSIS_ROLLOUT.formatted(version, "error-rate", "service", "web-canary");
  }

  /** App, route, Secret and template in place, v1 Healthy. */
  private CanaryFixture start(KubernetesClient client, TestNamespace ns) {
    client.secrets().inNamespace(ns.name()).resource(new SecretBuilder().withNewMetadata().withName("datadog")
        .endMetadata().withStringData(Map.of("address", server.address(), "api-key", API_KEY, "app-key", APP_KEY))
        .build()).create();
    CanaryFixture app = new CanaryFixture(client, ns.name());
    app.createAppAndRoute();
    client.resource(Serialization.unmarshal(TEMPLATE, GenericKubernetesResource.class)).inNamespace(ns.name())
        .create();
    app.applyRolloutYaml(rollout("1.0"));
    Eventually.until("v1 Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));
    return app;
  }

  @SuppressWarnings("unchecked")
  static List<String> measurementValues(CanaryFixture app) {
    return app.analysisRunStatuses().stream()
        .flatMap(s -> ((List<Map<String, Object>>) s.getOrDefault("metricResults", List.of())).stream())
        .flatMap(r -> ((List<Map<String, Object>>) r.getOrDefault("measurements", List.of())).stream())
        .map(m -> String.valueOf(m.get("value"))).toList();
  }
}
