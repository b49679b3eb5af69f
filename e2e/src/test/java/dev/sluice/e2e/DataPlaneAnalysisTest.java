package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.analysis.testing.PrometheusServer;
import dev.sluice.testing.Eventually;
import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.OperatorProcess;
import dev.sluice.testing.TestCluster;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An analysis that reads Traefik's own request counters from a real Prometheus aborts a canary of a version that fails
 * one request in three: the 500s are real answers to real requests through Traefik, and nothing in the test sets a
 * counter.
 */
@Tag("cluster")
@Tag("prometheus")
@ExtendWith(KubernetesExtension.class)
class DataPlaneAnalysisTest {
  static OperatorProcess operator;
  static String serviceCidr;
  final List<AutoCloseable> running = new ArrayList<>();

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
            canaryService: web-canary
            stableService: web-stable
            abortScaleDownDelaySeconds: 1
            scaleDownDelaySeconds: 1
            trafficRouting: {gatewayAPI: {httpRoute: web}}
            steps:
            - setWeight: 50
            - analysis: {templates: [{templateName: canary-5xx}]}
            - setWeight: 100
      """;

  /** formatted(prometheusUrl, query): the query is the canary's share of 5xx answers as Traefik counts them. */
  static final String TEMPLATE = """
      apiVersion: sluice.dev/v1alpha1
      kind: AnalysisTemplate
      metadata: {name: canary-5xx}
      spec:
        metrics:
        - name: canary-5xx
          initialDelay: 4s
          interval: 2s
          count: 4
          successCondition: "result < 0.05"
          provider:
            prometheus:
              address: %s
              query: '%s'
      """;

  @BeforeAll
  static void start() {
    PrometheusServer.requireBinary();
    operator = OperatorProcess.start(TestCluster.get());
    serviceCidr = LoopbackServices.addServiceCidr(TestCluster.get());
  }

  @AfterAll
  static void stop() {
    operator.close();
    LoopbackServices.removeServiceCidr(TestCluster.get(), serviceCidr);
  }

  @AfterEach
  void closeRunning() throws Exception {
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).close();
    }
  }

  @Test
  void realFiveHundredsThroughTraefikAbortTheCanary(KubernetesClient client, TestNamespace ns) throws Exception {
    DataPlaneTest.DataPlane plane = DataPlaneTest.DataPlane.start(client, ns.name(), running);
    CanaryFixture app = plane.app();
    app.apply(plane.traefik().gatewayYaml());
    app.apply("""
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: web}
        spec:
          parentRefs: [{name: gateway}]
          rules:
          - backendRefs:
            - {name: web-stable, port: %1$d, weight: 100}
            - {name: web-canary, port: %1$d, weight: 0}
        """.formatted(plane.port()));
    PrometheusServer prometheus = PrometheusServer.start(List.of(plane.traefik().metricsTarget()));
    running.add(prometheus);
    app.apply(TEMPLATE.formatted(prometheus.url(), TraefikProxy.fiveHundredsShareQuery(ns.name(), "web-canary")));
    app.applyRolloutYaml(ROLLOUT.formatted("1.0"));
    Eventually.until("v1 Healthy", Duration.ofMinutes(1), () -> "Healthy".equals(app.phase()));
    DataPlaneTest.expectShare(plane, 0, "1.0", null);

    // Traffic all along the release: 50 requests a second, at most 60 s (the abort comes long before).
    CompletableFuture<LoadGenerator.Tally> load = CompletableFuture.supplyAsync(
        () -> LoadGenerator.paced(plane.traefik().url(), 50, 3000, Duration.ofSeconds(60)));
    try {
      app.applyRolloutYaml(ROLLOUT.formatted(VersionedApp.BAD));
      Eventually.until("Degraded", Duration.ofMinutes(1), () -> "Degraded".equals(app.phase()));
    } finally {
      load.cancel(true);
    }
    assertThat(app.status()).containsEntry("abortReason", "Analysis");
    assertThat(app.analysisRunPhases()).containsExactly("Failed");
    assertThat((String) app.status().get("message")).contains("canary-5xx");
    assertThat(app.routeWeights()).isEqualTo("0/100");
    assertThat(prometheus.query("sum(traefik_service_requests_total{code=\"500\"})").toString())
        .as("Traefik counted the canary's 500s").containsPattern("\"[1-9][0-9]*\"");

    // Back on v1: what the client gets is all 200s from v1 again.
    DataPlaneTest.expectShare(plane, 0, "1.0", null);
  }
}
