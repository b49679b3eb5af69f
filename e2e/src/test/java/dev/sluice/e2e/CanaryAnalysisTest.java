package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Analysis decides whether a canary goes on, with a real Prometheus scraping an endpoint whose error counter the
 * test controls.
 */
@Tag("cluster")
@Tag("prometheus")
@ExtendWith(KubernetesExtension.class)
class CanaryAnalysisTest {
  static OperatorProcess operator;
  AppTraffic traffic;

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
            - analysis: {templates: [{templateName: error-rate}]}
            - setWeight: 75
      """;

  static final String TEMPLATE = """
      apiVersion: sluice.dev/v1alpha1
      kind: AnalysisTemplate
      metadata: {name: error-rate}
      spec:
        metrics:
        - name: error-rate
          initialDelay: 3s
          interval: 2s
          count: %d
          consecutiveErrorLimit: 1
          successCondition: "result < 0.05"
          provider:
            prometheus:
              address: %s
              query: '%s'
      """;

  @BeforeAll
  static void startOperator() {
    PrometheusServer.requireBinary();
    operator = OperatorProcess.start(TestCluster.get());
  }

  @AfterAll
  static void stopOperator() {
    operator.close();
  }

  @BeforeEach
  void startPrometheus() throws Exception {
    traffic = AppTraffic.start(0);
  }

  @AfterEach
  void stopPrometheus() {
    traffic.close();
  }

  @Test
  void lowErrorRateLetsTheCanaryCompleteWithASuccessfulRun(KubernetesClient client, TestNamespace ns) {
    CanaryFixture app = start(client, ns, 3, AppTraffic.ERROR_RATE);
    Object v1 = app.status().get("stableRS");
    app.applyRolloutYaml(ROLLOUT.formatted("2.0"));
    Eventually.until("v2 Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()) && !v1.equals(app.status().get("stableRS")));
    assertThat(runPhases(client, ns)).containsExactly("Successful");
  }

  @Test
  void risingErrorRateFailsTheRunAbortsAndPutsTrafficBack(KubernetesClient client, TestNamespace ns) {
    CanaryFixture app = start(client, ns, 20, AppTraffic.ERROR_RATE);
    app.applyRolloutYaml(ROLLOUT.formatted("2.0"));
    Eventually.until("the analysis running at 25%", Duration.ofMinutes(2), () -> "25/75".equals(app.routeWeights())
        && runPhases(client, ns).contains("Running"));
    traffic.failing(50);
    Eventually.until("Degraded", Duration.ofMinutes(2), () -> "Degraded".equals(app.phase()));
    assertThat(app.routeWeights()).isEqualTo("0/100");
    assertThat(runPhases(client, ns)).containsExactly("Failed");
    assertThat(app.status()).containsEntry("abortReason", "Analysis");
    assertThat((String) app.status().get("message")).contains("error-rate").containsPattern("error-rate = \\[?0\\.[0-9]+");
  }

  @Test
  void prometheusDownEndsInErrorAndAbortsNeverSuccessful(KubernetesClient client, TestNamespace ns) {
    CanaryFixture app = start(client, ns, 20, AppTraffic.ERROR_RATE);
    app.applyRolloutYaml(ROLLOUT.formatted("2.0"));
    Eventually.until("the analysis running", Duration.ofMinutes(2), () -> runPhases(client, ns).contains("Running"));
    traffic.stopPrometheus();
    Eventually.until("Degraded", Duration.ofMinutes(2), () -> "Degraded".equals(app.phase()));
    assertThat(runPhases(client, ns)).containsExactly("Error");
    assertThat(app.routeWeights()).isEqualTo("0/100");
  }

  @Test
  void aQueryThatReturnsNothingSaysSoAndAborts(KubernetesClient client, TestNamespace ns) {
    CanaryFixture app = start(client, ns, 3, "sum(rate(no_such_metric_total[5s]))");
    app.applyRolloutYaml(ROLLOUT.formatted("2.0"));
    Eventually.until("Degraded", Duration.ofMinutes(2), () -> "Degraded".equals(app.phase()));
    assertThat(runPhases(client, ns)).containsExactly("Error");
    assertThat((String) app.status().get("message")).contains("no data");
  }

  /** App, route and template in place, v1 Healthy. */
  private CanaryFixture start(KubernetesClient client, TestNamespace ns, int count, String query) {
    CanaryFixture app = new CanaryFixture(client, ns.name());
    app.createAppAndRoute();
    client.resource(Serialization.unmarshal(TEMPLATE.formatted(count, traffic.prometheusUrl(), query), GenericKubernetesResource.class))
        .inNamespace(ns.name()).create();
    app.applyRolloutYaml(ROLLOUT.formatted("1.0"));
    Eventually.until("v1 Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));
    return app;
  }

  @SuppressWarnings("unchecked")
  private static List<String> runPhases(KubernetesClient client, TestNamespace ns) {
    return client.genericKubernetesResources("sluice.dev/v1alpha1", "AnalysisRun").inNamespace(ns.name()).list().getItems().stream()
        .map(r -> (Map<String, Object>) r.getAdditionalProperties().get("status"))
        .map(s -> s == null ? "Pending" : String.valueOf(s.get("phase"))).toList();
  }
}
