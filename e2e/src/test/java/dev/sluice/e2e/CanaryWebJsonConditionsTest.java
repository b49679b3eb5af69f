package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.sluice.testing.Eventually;
import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.OperatorProcess;
import dev.sluice.testing.TestCluster;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A web metric whose answer is not a number, with the conditions Argo Rollouts' docs write for one: a health endpoint
 * answering {@code {"ok": true, ...}} lets the canary complete, {@code {"ok": false, ...}} aborts it. One metric reads
 * the boolean at jsonPath ({@code result == true}), the other the object's fields ({@code result.ok && ...}).
 */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class CanaryWebJsonConditionsTest {
  static OperatorProcess operator;
  HttpServer server;
  ExecutorService answering;
  volatile String health;
  /** How much later the {@code ok} metric's answer comes back than the other's. */
  volatile Duration okAnswersLater = Duration.ZERO;

  static final String TEMPLATE = """
      apiVersion: sluice.dev/v1alpha1
      kind: AnalysisTemplate
      metadata: {name: health}
      spec:
        args:
        - name: service
        metrics:
        - name: ok
          interval: 2s
          count: 2
          successCondition: result == true
          provider:
            web:
              url: "%1$s/health?service={{args.service}}&metric=ok"
              jsonPath: "{$.ok}"
        - name: ok-and-rate
          interval: 2s
          count: 2
          successCondition: result.ok && result.successPercent >= 0.90
          provider:
            web:
              url: "%1$s/health?service={{args.service}}"
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
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/health", exchange -> {
      try (exchange) {
        if (String.valueOf(exchange.getRequestURI().getQuery()).contains("metric=ok")) {
          sleep(okAnswersLater);
        }
        byte[] bytes = health.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    });
    // A thread per request, so a late answer does not hold the other back.
    answering = Executors.newCachedThreadPool();
    server.setExecutor(answering);
    server.start();
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
    answering.shutdownNow();
  }

  @Test
  void okTrueLetsTheCanaryComplete(KubernetesClient client, TestNamespace ns) {
    health = "{\"ok\": true, \"successPercent\": 0.97}";
    CanaryFixture app = start(client, ns);
    Object v1 = app.status().get("stableRS");
    app.applyRolloutYaml(rollout("2.0"));
    Eventually.until("v2 Healthy", Duration.ofMinutes(2),
        () -> "Healthy".equals(app.phase()) && !v1.equals(app.status().get("stableRS")));
    assertThat(app.analysisRunPhases()).containsExactly("Successful");
    assertThat(measurementValues(app, "ok")).isNotEmpty().containsOnly("true");
    assertThat(measurementValues(app, "ok-and-rate")).isNotEmpty()
        .containsOnly("{\"ok\":true,\"successPercent\":0.97}");
  }

  /**
   * Both metrics fail; the one answering a second later is recorded too, as when Argo Rollouts measures every due
   * metric in one reconcile: the failed run shows each metric's measurement, not whichever answer came first.
   */
  @Test
  void okFalseAbortsTheCanary(KubernetesClient client, TestNamespace ns) {
    health = "{\"ok\": false, \"successPercent\": 0.97}";
    okAnswersLater = Duration.ofSeconds(1);
    CanaryFixture app = start(client, ns);
    app.applyRolloutYaml(rollout("2.0"));
    Eventually.until("Degraded", Duration.ofMinutes(2), () -> "Degraded".equals(app.phase()));
    assertThat(app.routeWeights()).isEqualTo("0/100");
    assertThat(app.analysisRunPhases()).containsExactly("Failed");
    assertThat(app.status()).containsEntry("abortReason", "Analysis");
    assertThat(measurementPhases(app, "ok")).isNotEmpty().containsOnly("Failed");
    assertThat(measurementValues(app, "ok")).containsOnly("false");
    assertThat(measurementPhases(app, "ok-and-rate")).isNotEmpty().containsOnly("Failed");
  }

  private static String rollout(String version) {
    return CanaryFixture.ANALYSIS_ROLLOUT.formatted(version, "health", "service", "web-canary");
  }

  /** App, route and template in place, v1 Healthy. */
  private CanaryFixture start(KubernetesClient client, TestNamespace ns) {
    CanaryFixture app = new CanaryFixture(client, ns.name());
    app.createAppAndRoute();
    String url = "http://127.0.0.1:" + server.getAddress().getPort();
    client.resource(Serialization.unmarshal(TEMPLATE.formatted(url), GenericKubernetesResource.class))
        .inNamespace(ns.name()).create();
    app.applyRolloutYaml(rollout("1.0"));
    Eventually.until("v1 Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));
    return app;
  }

  private static List<String> measurementValues(CanaryFixture app, String metric) {
    return measurements(app, metric).stream().map(m -> String.valueOf(m.get("value"))).toList();
  }

  private static List<String> measurementPhases(CanaryFixture app, String metric) {
    return measurements(app, metric).stream().map(m -> String.valueOf(m.get("phase"))).toList();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> measurements(CanaryFixture app, String metric) {
    return app.analysisRunStatuses().stream()
        .flatMap(s -> ((List<Map<String, Object>>) s.getOrDefault("metricResults", List.of())).stream())
        .filter(r -> metric.equals(r.get("name")))
        .flatMap(r -> ((List<Map<String, Object>>) r.getOrDefault("measurements", List.of())).stream())
        .toList();
  }
}
